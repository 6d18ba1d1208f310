import type { DriveTimeAggregate } from '../roads/aggregate-drive-times-by-area.ts';
import type { CoverageBase, CantonFigures } from './coverage-base.ts';
import type { CoverageRow, CoverageRule, CoverageTable, PriorityReason } from './coverage-types.ts';
import { validateCoverageRule } from './coverage-rule.ts';

export { validateCoverageRule };

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The drive-time columns of a row: shares within 10 / 20 / 30 minutes (%), mean and maximum minutes; empty without a road graph. */
function driveTimeColumns(d: DriveTimeAggregate | null | undefined) {
  const ok = !!d && d.population > 0;
  const pct = (i: number) => (ok ? round((100 * d.populationWithin[i]) / d.population, 1) : null);
  const minutes = (m: number | undefined) => (ok && m !== undefined && Number.isFinite(m) ? round(m, 1) : null);
  return {
    populationWithin10MinPct: pct(0),
    populationWithin20MinPct: pct(1),
    populationWithin30MinPct: pct(2),
    meanDriveMinutes: minutes(d?.meanMinutes),
    maxDriveMinutes: minutes(d?.maxMinutes),
  };
}

function rowOf(
  f: CantonFigures,
  base: CoverageBase,
  rowType: CoverageRow['rowType'],
): Omit<CoverageRow, 'priority' | 'priorityReasons' | 'target' | 'status' | 'gap' | 'inhabitantsPerFranceServices'> {
  const a = f.access;
  const pct = (i: number) => (a && a.weight > 0 ? round((100 * a.within[i]) / a.weight, 1) : null);
  return {
    rowType,
    cantonCode: f.code,
    cantonName: f.name,
    communes: f.communes,
    splitCommunes: [...f.splitCommunes],
    population: f.population,
    franceServices: f.franceServices,
    franceServicesBuses: f.franceServicesBuses,
    qpvCount: f.qpv.size,
    communesWithQpv: f.qpvCommunes,
    ruralPopulationShare: f.population > 0 ? round(f.ruralPopulation / f.population, 4) : 0,
    priorityTerritories: base.territories.filter((t) => (f.territoryPopulation.get(t.id) ?? 0) * 2 > f.population).map((t) => t.name),
    meanDistanceKm: a && a.weight > 0 ? round(a.weightedDistanceKm / a.weight, 2) : null,
    maxDistanceKm: a && a.weight > 0 ? round(a.maxDistanceKm, 2) : null,
    populationWithin5KmPct: pct(0),
    populationWithin10KmPct: pct(1),
    populationWithin15KmPct: pct(2),
    ...driveTimeColumns(f.driveTime),
    healthMediatorPosts: f.healthMediatorPosts,
    layerCounts: { ...f.layerCounts },
  };
}

/**
 * Applies the target rule to the prepared figures: priority and why, target, status,
 * gap and inhabitants per France Services, plus the département total row. Cheap
 * (no geometry): run it on every change of the rule. The base is not modified.
 */
export function applyCoverageRule(base: CoverageBase, rule: CoverageRule): CoverageTable {
  validateCoverageRule(rule);
  const rows: CoverageRow[] = base.cantons.map((f) => {
    const row = rowOf(f, base, 'canton');
    const reasons: PriorityReason[] = [];
    if (rule.priority.qpv && row.qpvCount > 0) reasons.push('qpv');
    if (
      rule.priority.ruralPopulationShareMin !== null &&
      f.population > 0 &&
      f.ruralPopulation / f.population >= rule.priority.ruralPopulationShareMin
    )
      reasons.push('rural');
    if (rule.priority.territories && row.priorityTerritories.length > 0) reasons.push('territory');
    const priority = reasons.length > 0;
    const target = priority ? rule.priorityTarget : rule.target;
    const counted = row.franceServices + (rule.countBuses ? row.franceServicesBuses : 0);
    const gap = Math.max(0, target - counted);
    return {
      ...row,
      priority,
      priorityReasons: reasons,
      target,
      status: gap > 0 ? 'gap' : 'met',
      gap,
      inhabitantsPerFranceServices: counted > 0 ? Math.round(row.population / counted) : null,
    };
  });
  rows.sort((a, b) => a.cantonCode.localeCompare(b.cantonCode));
  const t = rowOf(base.total, base, 'total');
  const counted = t.franceServices + (rule.countBuses ? t.franceServicesBuses : 0);
  const gap = rows.reduce((s, r) => s + r.gap, 0);
  const total: CoverageRow = {
    ...t,
    cantonCode: base.departement.code,
    splitCommunes: [],
    priorityTerritories: [],
    priority: null,
    priorityReasons: [],
    target: rows.reduce((s, r) => s + r.target, 0),
    status: gap > 0 ? 'gap' : 'met',
    gap,
    inhabitantsPerFranceServices: counted > 0 ? Math.round(t.population / counted) : null,
  };
  return {
    departement: base.departement,
    rule: structuredClone(rule),
    rows,
    total,
    countedLayers: base.countedLayers.map((l) => ({ ...l })),
    healthMediatorYear: base.healthMediatorYear,
    method: base.method,
    sources: base.sources,
  };
}
