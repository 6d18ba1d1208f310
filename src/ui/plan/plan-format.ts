import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import { PLAN_STATUS_FR, type PlanRow, type PlanStatus } from '../../core/plan/plan-types.ts';
import { formatCountFr, formatNumberFr } from '../../layers/french-format.ts';

/** Each status: its French label, and a symbol so that the colour of the badge is never the only cue. */
export const STATUS_BADGE: Record<PlanStatus, { label: string; symbol: string; className: string }> = {
  reached: { label: PLAN_STATUS_FR.reached, symbol: '✓', className: 'plan-status--reached' },
  'not reached': { label: PLAN_STATUS_FR['not reached'], symbol: '✗', className: 'plan-status--not-reached' },
  'no target': { label: PLAN_STATUS_FR['no target'], symbol: '–', className: 'plan-status--no-target' },
  'not measurable': { label: PLAN_STATUS_FR['not measurable'], symbol: '?', className: 'plan-status--not-measurable' },
  'no plan loaded': { label: PLAN_STATUS_FR['no plan loaded'], symbol: '–', className: 'plan-status--no-plan' },
};

/** The date a measure describes, in French: a day, a month, a year or a span (`2018-2020` → « 2018–2020 »). */
export function formatAsOfFr(asOf: string | null): string {
  if (asOf === null) return '–';
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(asOf)) return formatDayFr(asOf);
  const span = /^(\d{4})[-/](\d{4})$/.exec(asOf);
  return span ? `${span[1]}–${span[2]}` : asOf;
}

/** A period of the plan's milestones: `2021/2023` → « 2021–2023 », `2021-07-01` → « 1er juillet 2021 ». */
export function formatPeriodFr(period: string): string {
  if (/^\d{4}-\d{2}(-\d{2})?$/.test(period)) return formatDayFr(period);
  return period.replace('/', '–');
}

/** A share target (`part des France Services`, value 0–1) reads as a percentage. */
const isShare = (unit: string) => /^part\b/i.test(unit) || /^share\b/i.test(unit);

/** The target of a row in French: « 41 », « 100 % (échéance : 31 décembre 2021) », with its deadline; « – » without a target. */
export function formatTargetFr(row: PlanRow): string {
  if (row.target === null) return '–';
  const value = isShare(row.unit) ? `${formatNumberFr(row.target * 100, 1)} %` : formatCountFr(row.target);
  return row.targetBy ? `${value} (échéance : ${formatDayFr(row.targetBy)})` : value;
}

/** What the data measure, with its unit: « 34 cantons (sur 41) »; « – » when nothing here measures it. */
export function formatMeasuredFr(row: PlanRow): string {
  if (row.measured === null) return '–';
  return `${formatCountFr(row.measured)}${row.unit ? ` ${row.unit}` : ''}`;
}

/**
 * A stable key per row: one indicator can have two rows (on its deadline and on the list's date),
 * so the key is made of what tells them apart, with a counter only for exact repeats.
 */
export function rowKeys(rows: readonly PlanRow[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((r) => {
    const base = `${r.action}|${r.indicator}|${r.targetBy}|${r.asOf}|${r.target}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}#${n}`;
  });
}

/** Rows grouped by action id, in the rows' order (`null`: the measures shown without a plan). */
export function rowsByAction(rows: readonly PlanRow[]): Map<string | null, PlanRow[]> {
  const groups = new Map<string | null, PlanRow[]>();
  for (const r of rows) {
    const list = groups.get(r.action);
    if (list) list.push(r);
    else groups.set(r.action, [r]);
  }
  return groups;
}

/** How many rows have each status, in French, for the view's summary: « 4 atteints, 8 non atteints… ». */
export function statusSummaryFr(rows: readonly PlanRow[]): string {
  const n = (s: PlanStatus) => rows.filter((r) => r.status === s).length;
  const plural = (k: number, one: string, many: string) => `${k} ${k > 1 ? many : one}`;
  return [
    plural(n('reached'), 'atteint', 'atteints'),
    plural(n('not reached'), 'non atteint', 'non atteints'),
    plural(n('no target'), 'mesuré sans cible chiffrée', 'mesurés sans cible chiffrée'),
    plural(n('not measurable'), 'non mesurable avec les données ouvertes', 'non mesurables avec les données ouvertes'),
  ].join(', ');
}
