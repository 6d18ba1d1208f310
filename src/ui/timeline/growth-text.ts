import type { SnapshotComparison, SnapshotMatch } from '../../core/timeline/compare-snapshots.ts';
import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import type { GrowthPoint } from '../../core/timeline/coverage-timeline.ts';
import { formatCountFr, formatNumberFr } from '../../layers/french-format.ts';

/** The growth series as the chart and its table receive it (what `GrowthResult` carries). */
export interface GrowthFigures {
  listDate: string;
  cantons: number;
  series: readonly GrowthPoint[];
  snapshot: SnapshotComparison | null;
  undated: readonly unknown[];
}

/** A share in %, French style with one decimal (« 96,1 % »); « – » when unknown. */
export function formatPctFr(v: number | null): string {
  return v === null ? '–' : `${formatNumberFr(v, 1)} %`;
}

/** France Services open at a point: « 52 (45 sites fixes + 7 bus) ». */
export function franceServicesFr(p: GrowthPoint): string {
  const total = p.franceServices + p.franceServicesBuses;
  return p.franceServicesBuses > 0
    ? `${formatCountFr(total)} (${p.franceServices} sites fixes + ${p.franceServicesBuses} bus)`
    : formatCountFr(total);
}

/** The point in force on `day`: the last one on or before it (null before the first). */
export function pointOn(series: readonly GrowthPoint[], day: string): GrowthPoint | null {
  let found: GrowthPoint | null = null;
  for (const p of series) if (p.date <= day) found = p;
  return found;
}

/**
 * The chart's text alternative, in French: the span, and each series from its first to its last
 * value (and the figures on the selected day when there is one).
 */
export function growthSummaryFr(g: GrowthFigures, departement: string, selectedDay: string | null = null): string {
  const first = g.series[0];
  const last = g.series.at(-1);
  if (!first || !last) return `Aucune France Services datée pour ${departement}.`;
  const pct = (p: GrowthPoint) => formatPctFr(p.populationWithin10KmPct);
  const parts = [
    `Évolution du réseau France Services, ${departement}, du ${formatDayFr(first.date)} au ${formatDayFr(last.date)} (date de la liste)`,
    `France Services ouvertes : de ${first.franceServices + first.franceServicesBuses} à ${franceServicesFr(last)}`,
    `cantons qui atteignent la cible : de ${first.cantonsMet} à ${last.cantonsMet} sur ${g.cantons}`,
    `population à moins de 10 km d’une France Services fixe : de ${pct(first)} à ${pct(last)}`,
  ];
  const at = selectedDay ? pointOn(g.series, selectedDay) : null;
  if (selectedDay && at)
    parts.push(
      `au ${formatDayFr(selectedDay)} (date choisie) : ${franceServicesFr(at)} France Services, ${at.cantonsMet} cantons sur ${g.cantons}, ${pct(at)}`,
    );
  return `${parts.join(' ; ')}.`;
}

const km = (d: number) => `${formatNumberFr(d, 2)} km`;

/** One sentence per 2020 site that is not simply kept (moved, renamed, missing). */
function changeFr(s: SnapshotMatch): string {
  const was = `« ${s.name} » (n° ${s.id})`;
  switch (s.status) {
    case 'moved':
      return `${was} a été déplacé de ${km(s.newer!.distanceKm)}.`;
    case 'renamed':
      return `${was} s’appelle désormais « ${s.newer!.name} ».`;
    case 'moved-renamed':
      return `${was} a été déplacé de ${km(s.newer!.distanceKm)} et s’appelle désormais « ${s.newer!.name} ».`;
    case 'missing':
      return s.candidate
        ? `${was} manque à la liste ; le site le plus proche, à ${km(s.candidate.distanceKm)}, est « ${s.candidate.name} » (n° ${s.candidate.id}) : fermé, ou relabellisé sous un autre numéro.`
        : `${was} manque à la liste, sans autre France Services à moins de 1 km : fermé, ou déplacé plus loin.`;
    default:
      return `${was} est inchangé.`;
  }
}

/**
 * What the October 2020 snapshot says about the list (matched by ANCT id, `compareSnapshots`):
 * a headline and one line per site that changed. Null without a snapshot.
 */
export function snapshotTextFr(snapshot: SnapshotComparison | null, listDate: string): { headline: string; changes: string[] } | null {
  if (!snapshot || snapshot.older === 0) return null;
  const c = snapshot.counts;
  const counts = [
    `${c.kept} inchangé${c.kept > 1 ? 's' : ''}`,
    c.moved ? `${c.moved} déplacé${c.moved > 1 ? 's' : ''}` : null,
    c.renamed ? `${c.renamed} renommé${c.renamed > 1 ? 's' : ''}` : null,
    c['moved-renamed']
      ? `${c['moved-renamed']} déplacé${c['moved-renamed'] > 1 ? 's' : ''} et renommé${c['moved-renamed'] > 1 ? 's' : ''}`
      : null,
  ].filter(Boolean);
  const missing =
    c.missing === 0
      ? `aucun ne manque à la liste du ${formatDayFr(listDate)}`
      : `${c.missing} manque${c.missing > 1 ? 'nt' : ''} à la liste du ${formatDayFr(listDate)} (fermé${c.missing > 1 ? 's' : ''}, ou relabellisé${c.missing > 1 ? 's' : ''} sous un autre numéro)`;
  return {
    headline: `Instantané d’octobre 2020 : ${snapshot.older} France Services ; ${missing} ; ${counts.join(', ')} (comparaison par numéro ANCT ; déplacé : à plus de ${formatNumberFr(snapshot.thresholds.movedKm, 2)} km).`,
    changes: snapshot.sites.filter((s) => s.status !== 'kept').map(changeFr),
  };
}
