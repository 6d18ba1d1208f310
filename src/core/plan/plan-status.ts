import { formatDayFr } from '../timeline/as-of-date.ts';
import type { PlanAction, PlanFacts, PlanRow, PlanSeed, PlanStatus, PlanTarget } from './plan-types.ts';

type Facts = PlanFacts;
type Network = NonNullable<Facts['franceServices']>;
type Measure = Pick<PlanRow, 'measured' | 'unit' | 'source' | 'asOf' | 'note'> & { target?: number };

const NOT_IN_BUNDLE = (layer: string) => `la couche « ${layer} » n'est pas dans les données construites pour ce département`;

/** Deadline of a target as an ISO day: `2021` → 2021-12-31, `2020-10` → 2020-10-31, `2018/2019` → 2019-12-31. */
export function deadlineDay(by: string): string | null {
  const end = by.includes('/') ? by.slice(by.lastIndexOf('/') + 1) : by;
  if (/^\d{4}$/.test(end)) return `${end}-12-31`;
  const month = /^(\d{4})-(\d{2})$/.exec(end);
  if (month) return `${end}-${String(new Date(Date.UTC(Number(month[1]), Number(month[2]), 0)).getUTCDate()).padStart(2, '0')}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(end) ? end : null;
}

/** The network on a day: the last point on or before it; before the first labelling, nothing open. */
function networkOn(fs: Network, day: string) {
  let point = null;
  for (const p of fs.series) if (p.date <= day) point = p;
  return point ?? { date: day, sites: 0, buses: 0, counted: fs.cantons.map(() => 0), cantonsMet: 0 };
}

function lowerBoundNote(fs: Network, day: string): string {
  if (day >= fs.listDate) return '';
  const snap = fs.snapshot2020;
  return (
    `borne basse : la liste du ${formatDayFr(fs.listDate)} ne contient pas les sites fermés avant cette date` +
    (snap ? ` (des ${snap.sites} sites de l'instantané d'octobre 2020, ${snap.missing} manquent à la liste)` : '')
  );
}

/** France Services measures of a target indicator on a day, or null when the indicator is not one of them. */
function franceServicesMeasure(fs: Network, indicator: string, value: number, day: string): Measure | null {
  const on = networkOn(fs, day);
  const base = { source: fs.source, asOf: day > fs.listDate ? fs.listDate : day, note: lowerBoundNote(fs, day) };
  const priority = fs.cantons.map((c) => c.priority);
  switch (indicator) {
    case 'france_services_total':
      return { ...base, measured: on.sites + on.buses, unit: 'France Services (sites fixes et bus)' };
    case 'france_services_buses':
      return { ...base, measured: on.buses, unit: 'France Services itinérantes (bus)' };
    case 'france_services_per_canton':
      return {
        ...base,
        target: fs.cantons.length,
        measured: on.counted.filter((n) => n >= value).length,
        unit: `cantons (sur ${fs.cantons.length})`,
      };
    case 'france_services_per_priority_canton':
      return {
        ...base,
        target: priority.filter(Boolean).length,
        measured: on.counted.filter((n, i) => priority[i] && n >= value).length,
        unit: `cantons prioritaires (sur ${priority.filter(Boolean).length}, selon la règle du département)`,
      };
    case 'cantons_meeting_rule':
      return { ...base, target: fs.cantons.length, measured: on.cantonsMet, unit: `cantons (sur ${fs.cantons.length})` };
    default:
      return null;
  }
}

const FS_INDICATORS = new Set([
  'france_services_total',
  'france_services_buses',
  'france_services_per_canton',
  'france_services_per_priority_canton',
  'cantons_meeting_rule',
]);

/** French label of an indicator; the seed's id for indicators the project does not measure. */
export function indicatorLabel(indicator: string, value?: number): string {
  const labels: Record<string, string> = {
    france_services_total: 'France Services du département (sites fixes et bus)',
    france_services_buses: 'France Services itinérantes (bus)',
    france_services_per_canton: `Cantons ayant au moins ${value ?? 1} France Services`,
    france_services_per_priority_canton: `Cantons prioritaires ayant au moins ${value ?? 2} France Services`,
    cantons_meeting_rule: 'Cantons qui atteignent la cible du département (France Services par canton et par canton prioritaire)',
    france_services_with_video_assistance_share: 'Part des France Services proposant la visio-assistance',
    france_services_in_qpv: 'France Services situées dans un QPV',
    msap_labelled: 'MSAP labellisées',
    digital_inclusion_places: 'Lieux de médiation numérique (fiches de plusieurs sources fusionnées par lieu)',
    digital_inclusion_cantons: 'Cantons ayant au moins un lieu de médiation numérique',
    siilab_places: "Lieux d'accès et d'aide au numérique de l'enquête SIILAB",
    conseillers_numeriques_2021: 'Conseillers numériques de la première vague',
    conseillers_numeriques_2021_structures: 'Structures accueillant des conseillers numériques (première vague)',
    conseillers_numeriques_2023_attributed: 'Conseillers numériques attribués (état 2023)',
    conseillers_numeriques_2023_recruited: 'Conseillers numériques recrutés (état 2023)',
    conseillers_numeriques_2023_structures: 'Structures accueillant des conseillers numériques (état 2023)',
    adultes_relais_posts: 'Postes adultes-relais financés (tous thèmes)',
    additional_arms_bassin_minier: 'Conventions ARMS supplémentaires dans le Bassin minier',
    arms_agreements: 'Conventions adultes-relais médiateurs santé (ARMS)',
    msp_in_qpv_multiplier: 'Maisons de santé pluriprofessionnelles en QPV (multiplicateur)',
    pial_additional_posts: 'Postes PIAL supplémentaires',
  };
  return labels[indicator] ?? indicator.replace(/_/g, ' ');
}

/** Measures shown for an action whatever its targets: what the data say about digital inclusion and adultes-relais. */
function measuredIndicators(slug: string, facts: Facts): { indicator: string; m: Measure }[] {
  const out: { indicator: string; m: Measure }[] = [];
  if (slug === 'digital-inclusion') {
    const s = facts.siilab;
    if (s)
      out.push({
        indicator: 'siilab_places',
        m: {
          measured: s.places,
          unit: 'lieux',
          source: s.source,
          asOf: s.asOf,
          note: 'enquête déclarative, partielle : seules les structures qui ont répondu ; pas comparable au recensement de 2023 (autres sources, autre méthode)',
        },
      });
    const d = facts.digitalInclusion;
    if (d) {
      out.push({
        indicator: 'digital_inclusion_places',
        m: {
          measured: d.places,
          unit: 'lieux',
          source: d.source,
          asOf: d.asOf,
          note: `${d.records} fiches de plusieurs sources, fusionnées quand elles désignent le même lieu`,
        },
      });
      out.push({
        indicator: 'digital_inclusion_cantons',
        m: { measured: d.cantonsWithPlace, unit: `cantons (sur ${d.cantons})`, source: d.source, asOf: d.asOf, note: '' },
      });
    }
    const c21 = facts.conseillers2021;
    if (c21) {
      out.push({
        indicator: 'conseillers_numeriques_2021',
        m: {
          measured: c21.advisors,
          unit: 'conseillers',
          source: c21.source,
          asOf: c21.asOf,
          note: 'postes validés en comité de sélection',
        },
      });
      out.push({
        indicator: 'conseillers_numeriques_2021_structures',
        m: { measured: c21.structures, unit: 'structures', source: c21.source, asOf: c21.asOf, note: '' },
      });
    }
    const c23 = facts.conseillers2023;
    if (c23) {
      const change = c21
        ? ` ; ${c23.attributed - c21.advisors >= 0 ? '+' : ''}${c23.attributed - c21.advisors} par rapport à la première vague`
        : '';
      out.push({
        indicator: 'conseillers_numeriques_2023_attributed',
        m: { measured: c23.attributed, unit: 'conseillers', source: c23.source, asOf: c23.asOf, note: `postes attribués${change}` },
      });
      out.push({
        indicator: 'conseillers_numeriques_2023_recruited',
        m: { measured: c23.recruited, unit: 'conseillers', source: c23.source, asOf: c23.asOf, note: '' },
      });
      out.push({
        indicator: 'conseillers_numeriques_2023_structures',
        m: { measured: c23.structures, unit: 'structures', source: c23.source, asOf: c23.asOf, note: '' },
      });
    }
  }
  if (slug === 'health-mediator-adultes-relais') {
    for (const y of facts.adultesRelais ?? []) {
      out.push({
        indicator: 'adultes_relais_posts',
        m: {
          measured: y.posts,
          unit: 'postes',
          source: y.source,
          asOf: y.year,
          note: [
            'tous les postes adultes-relais financés : les données ne distinguent pas les médiateurs santé',
            y.rejected
              ? `${y.rejected} ligne(s) de la source, sans contrat de ville, écartée(s) à la construction sur ses années (voir report.json)`
              : '',
          ]
            .filter(Boolean)
            .join(' ; '),
        },
      });
    }
  }
  return out;
}

/** Slugs of the actions whose measures the project knows, in the order rows are listed without a plan. */
const MEASURED_SLUGS = ['shared-reception-sites', 'digital-inclusion', 'health-mediator-adultes-relais'] as const;

function statusOf(target: number, measured: number): PlanStatus {
  return measured >= target ? 'reached' : 'not reached';
}

function targetRows(action: PlanAction, t: PlanTarget, facts: Facts): PlanRow[] {
  const by = deadlineDay(t.by);
  const head = {
    action: action.id,
    actionTitle: action.titleFr ?? action.title,
    indicator: t.indicator,
    label: indicatorLabel(t.indicator, t.value),
  };
  const fs = facts.franceServices;
  if (FS_INDICATORS.has(t.indicator) && by) {
    if (!fs) {
      return [
        {
          ...head,
          target: t.value,
          targetBy: by,
          measured: null,
          unit: t.unitFr ?? t.unit,
          source: '',
          asOf: null,
          status: 'not measurable',
          note: NOT_IN_BUNDLE('france-services'),
        },
      ];
    }
    const days = t.kind === 'objective' && by < fs.listDate ? [by, fs.listDate] : [by];
    return days.map((day) => {
      const m = franceServicesMeasure(fs, t.indicator, t.value, day)!;
      const target = m.target ?? t.value;
      const when = day === by ? '' : `mesuré à la date de la liste, après l'échéance du ${formatDayFr(by)}`;
      return {
        ...head,
        target,
        targetBy: by,
        measured: m.measured,
        unit: m.unit,
        source: m.source,
        asOf: m.asOf,
        status: statusOf(target, m.measured!),
        note: [when, m.note].filter(Boolean).join(' ; '),
      };
    });
  }
  return [
    {
      ...head,
      target: t.value,
      targetBy: by,
      measured: null,
      unit: t.unitFr ?? t.unit,
      source: '',
      asOf: null,
      status: 'not measurable',
      note: t.openDataNeeded ?? action.openData?.needed ?? 'aucune donnée ouverte disponible ici ne mesure cet indicateur',
    },
  ];
}

function measuredRows(action: PlanAction | null, slug: string, facts: Facts, status: PlanStatus, extra = ''): PlanRow[] {
  return measuredIndicators(slug, facts).map(({ indicator, m }) => ({
    action: action?.id ?? null,
    actionTitle: action ? (action.titleFr ?? action.title) : null,
    indicator,
    label: indicatorLabel(indicator),
    target: null,
    targetBy: null,
    measured: m.measured,
    unit: m.unit,
    source: m.source,
    asOf: m.asOf,
    status,
    note: [m.note, extra].filter(Boolean).join(' ; '),
  }));
}

/** The département's headline: cantons meeting its rule, on a day and on the list's date. */
function ruleRows(action: PlanAction | null, facts: Facts, status: PlanStatus | null, deadline: string | null): PlanRow[] {
  const fs = facts.franceServices;
  if (!fs) return [];
  const days = deadline && deadline < fs.listDate ? [deadline, fs.listDate] : [fs.listDate];
  const rule = fs.rule;
  return days.map((day) => {
    const m = franceServicesMeasure(fs, 'cantons_meeting_rule', 0, day)!;
    return {
      action: action?.id ?? null,
      actionTitle: action ? (action.titleFr ?? action.title) : null,
      indicator: 'cantons_meeting_rule',
      label: `Cantons qui atteignent la cible du département (${rule.target} France Services par canton, ${rule.priorityTarget} par canton prioritaire${rule.countBuses ? ', bus compris' : ''})`,
      target: status ? null : m.target!,
      targetBy: status ? null : deadline,
      measured: m.measured,
      unit: m.unit,
      source: m.source,
      asOf: m.asOf,
      status: status ?? statusOf(m.target!, m.measured!),
      note: [
        'combine les deux objectifs par canton ci-dessus',
        day === deadline || !deadline ? '' : "mesuré à la date de la liste, après l'échéance",
        m.note,
      ]
        .filter(Boolean)
        .join(' ; '),
    };
  });
}

/**
 * One row per indicator of every action of the plan: each numeric target of the seed
 * next to what the open data measure on its deadline (and, for an objective whose deadline
 * has passed, on the list's date too), with the source, the date and a status; the measures
 * the project knows for an action without a target (digital inclusion, adultes-relais); and
 * one "not measurable" row for an action nothing here measures, saying which data would.
 * Nothing is guessed: a target the data cannot measure is `not measurable`. Without a seed
 * (`null`), every measure is listed with the status `no plan loaded`.
 */
export function planStatusRows(seed: PlanSeed | null, facts: PlanFacts): PlanRow[] {
  if (!seed) {
    const none = 'aucun SDAASP chargé pour ce département';
    const fs = facts.franceServices;
    const network: PlanRow[] = fs
      ? (['france_services_total', 'france_services_buses', 'france_services_per_canton'] as const).map((indicator) => {
          const m = franceServicesMeasure(fs, indicator, 1, fs.listDate)!;
          return {
            action: null,
            actionTitle: null,
            indicator,
            label: indicatorLabel(indicator, 1),
            target: null,
            targetBy: null,
            measured: m.measured,
            unit: m.unit,
            source: m.source,
            asOf: m.asOf,
            status: 'no plan loaded',
            note: none,
          };
        })
      : [];
    return [
      ...network,
      ...ruleRows(null, facts, 'no plan loaded', null).map((r) => ({ ...r, note: none })),
      ...MEASURED_SLUGS.flatMap((slug) => measuredRows(null, slug, facts, 'no plan loaded', none)),
    ];
  }
  const rows: PlanRow[] = [];
  for (const action of seed.actions) {
    const own: PlanRow[] = action.targets.flatMap((t) => targetRows(action, t, facts));
    if (action.slug === 'shared-reception-sites') {
      const deadlines = action.targets
        .filter((t) => t.indicator === 'france_services_per_canton' || t.indicator === 'france_services_per_priority_canton')
        .map((t) => deadlineDay(t.by))
        .filter((d): d is string => d !== null)
        .sort();
      own.push(...ruleRows(action, facts, null, deadlines.at(-1) ?? null));
    }
    own.push(...measuredRows(action, action.slug, facts, 'no target', action.targetsNote ? 'le plan ne fixe pas de cible chiffrée' : ''));
    if (own.length === 0) {
      own.push({
        action: action.id,
        actionTitle: action.titleFr ?? action.title,
        indicator: '',
        label: 'Aucun indicateur chiffré mesurable avec les données ouvertes',
        target: null,
        targetBy: null,
        measured: null,
        unit: '',
        source: '',
        asOf: null,
        status: 'not measurable',
        note: action.openData?.needed ?? 'aucune donnée ouverte disponible ici ne mesure cette action',
      });
    }
    rows.push(...own);
  }
  return rows;
}

/** Column names of the plan status table (CLI CSV and JSON keys). */
export const PLAN_COLUMNS = [
  'action',
  'action_title',
  'indicator',
  'label',
  'target',
  'target_by',
  'measured',
  'unit',
  'source',
  'as_of',
  'status',
  'note',
] as const;

/** A row with the snake_case keys of {@link PLAN_COLUMNS}. */
export function planRowRecord(r: PlanRow): Record<(typeof PLAN_COLUMNS)[number], string | number | null> {
  return {
    action: r.action,
    action_title: r.actionTitle,
    indicator: r.indicator,
    label: r.label,
    target: r.target,
    target_by: r.targetBy,
    measured: r.measured,
    unit: r.unit,
    source: r.source,
    as_of: r.asOf,
    status: r.status,
    note: r.note,
  };
}
