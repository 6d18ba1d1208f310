import type { PlanAction, PlanMilestone, PlanSeed, PlanTarget } from '../../core/plan/plan-types.ts';

/** A seed file that does not fit: names the file and the JSON path of the bad field. */
export class PlanSeedError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    reason: string,
  ) {
    super(`${file}: ${path}: ${reason}`);
    this.name = 'PlanSeedError';
  }
}

type Json = Record<string, unknown>;

function object(file: string, path: string, v: unknown): Json {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new PlanSeedError(file, path, `expected an object, got ${JSON.stringify(v)}`);
  return v as Json;
}
function list(file: string, path: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new PlanSeedError(file, path, `expected a list, got ${JSON.stringify(v)}`);
  return v;
}
function text(file: string, path: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw new PlanSeedError(file, path, `expected a non-empty text, got ${JSON.stringify(v)}`);
  return v;
}
function optText(file: string, path: string, v: unknown): string | null {
  return v === undefined || v === null ? null : text(file, path, v);
}

function target(file: string, path: string, v: unknown): PlanTarget {
  const t = object(file, path, v);
  if (typeof t.value !== 'number' || !Number.isFinite(t.value))
    throw new PlanSeedError(file, `${path}.value`, `expected a number, got ${JSON.stringify(t.value)}`);
  const by = text(file, `${path}.by`, t.by);
  if (!/^\d{4}(-\d{2}(-\d{2})?)?(\/\d{4}(-\d{2}(-\d{2})?)?)?$/.test(by))
    throw new PlanSeedError(file, `${path}.by`, `expected YYYY, YYYY-MM-DD or a range YYYY/YYYY, got ${JSON.stringify(by)}`);
  const kind = t.kind ?? 'objective';
  if (kind !== 'objective' && kind !== 'milestone')
    throw new PlanSeedError(file, `${path}.kind`, `expected "objective" or "milestone", got ${JSON.stringify(kind)}`);
  const indicator = text(file, `${path}.indicator`, t.indicator);
  if (!/^[a-z0-9_]+$/.test(indicator))
    throw new PlanSeedError(file, `${path}.indicator`, `expected a snake_case id, got ${JSON.stringify(indicator)}`);
  return {
    indicator,
    value: t.value,
    unit: text(file, `${path}.unit`, t.unit),
    unitFr: optText(file, `${path}.unit_fr`, t.unit_fr),
    by,
    kind,
    scope: optText(file, `${path}.scope`, t.scope),
    sourceRef: optText(file, `${path}.source_ref`, t.source_ref),
    openDataNeeded: optText(file, `${path}.open_data_needed`, t.open_data_needed),
  };
}

function milestone(file: string, path: string, v: unknown): PlanMilestone {
  const m = object(file, path, v);
  return {
    period: text(file, `${path}.period`, m.period),
    text: text(file, `${path}.milestone`, m.milestone),
    textFr: optText(file, `${path}.milestone_fr`, m.milestone_fr),
  };
}

function action(file: string, path: string, v: unknown): PlanAction {
  const a = object(file, path, v);
  const id = text(file, `${path}.id`, a.id);
  if (!/^A\d\d$/.test(id)) throw new PlanSeedError(file, `${path}.id`, `expected an action id like A01, got ${JSON.stringify(id)}`);
  let openData: PlanAction['openData'] = null;
  if (a.open_data !== undefined) {
    const o = object(file, `${path}.open_data`, a.open_data);
    if (o.measurable !== 'partly' && o.measurable !== 'no')
      throw new PlanSeedError(file, `${path}.open_data.measurable`, `expected "partly" or "no", got ${JSON.stringify(o.measurable)}`);
    openData = {
      measurable: o.measurable,
      needed: optText(file, `${path}.open_data.needed`, o.needed),
      note: optText(file, `${path}.open_data.note`, o.note),
    };
    if (o.measurable === 'no' && !openData.needed)
      throw new PlanSeedError(
        file,
        `${path}.open_data.needed`,
        'an action not measurable with open data must say which data would be needed',
      );
  }
  return {
    id,
    slug: text(file, `${path}.slug`, a.slug),
    title: text(file, `${path}.title`, a.title),
    titleFr: optText(file, `${path}.title_fr`, a.title_fr),
    pilots: list(file, `${path}.pilots`, a.pilots).map((p, i) => text(file, `${path}.pilots[${i}]`, p)),
    targets: list(file, `${path}.targets`, a.targets ?? []).map((t, i) => target(file, `${path}.targets[${i}]`, t)),
    milestones: list(file, `${path}.milestones_2021_2023`, a.milestones_2021_2023 ?? []).map((m, i) =>
      milestone(file, `${path}.milestones_2021_2023[${i}]`, m),
    ),
    openData,
    targetsNote: optText(file, `${path}.targets_note`, a.targets_note),
  };
}

/**
 * Checks an SDAASP seed (`seeds/sdaasp-NN-actions.json`, parsed JSON) and returns the
 * plan: actions with their numeric targets. A bad field throws a {@link PlanSeedError}
 * naming the file and the JSON path (`actions[2].targets[0].value`).
 */
export function parsePlanSeed(json: unknown, file: string): PlanSeed {
  const root = object(file, '$', json);
  const doc = object(file, 'document', root.document);
  const actions = list(file, 'actions', root.actions).map((a, i) => action(file, `actions[${i}]`, a));
  const ids = new Set<string>();
  actions.forEach((a, i) => {
    if (ids.has(a.id)) throw new PlanSeedError(file, `actions[${i}].id`, `duplicate action id ${a.id}`);
    ids.add(a.id);
  });
  return {
    departement: text(file, 'document.departement', doc.departement),
    title: text(file, 'document.title', doc.title),
    period: text(file, 'document.period', doc.period),
    actions,
  };
}
