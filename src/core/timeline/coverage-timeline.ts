import { createCantonAssigner } from '../coverage/assign-canton.ts';
import { ACCESS_THRESHOLDS_KM, applyCoverageRule, prepareCoverage } from '../coverage/compute-coverage.ts';
import type { Access, CantonFigures, CoverageBase } from '../coverage/coverage-base.ts';
import type { CoverageInput, CoverageRule, CoverageTable, Position } from '../coverage/coverage-types.ts';
import { distanceKm } from '../geo/distance-km.ts';
import { createPointIndex } from '../index/point-index.ts';
import { openingDay, sourcesAsOf, type DatedNetwork } from './coverage-as-of.ts';

/** One date of the growth series: the network and what it covers that day. */
export interface GrowthPoint {
  /** `YYYY-MM-DD`: a day the network changed (a labelling), or the list's date. */
  date: string;
  /** France Services of the département open that day: fixed sites, and buses / itinerant services. */
  franceServices: number;
  franceServicesBuses: number;
  /** Sites labelled that very day: in the département, and fixed sites of the neighbouring départements. */
  added: number;
  addedNearby: number;
  cantons: number;
  /** Cantons that meet the rule that day. */
  cantonsMet: number;
  /** France Services missing, summed over the cantons in gap. */
  gap: number;
  /** Inhabitants within 10 km (straight line) of a fixed France Services, and their share (%, 1 decimal) of the population. */
  populationWithin10Km: number | null;
  populationWithin10KmPct: number | null;
}

/** The coverage of the network at any date, computed once; every date then costs no geometry. */
export interface CoverageTimeline {
  listDate: string;
  /** Days the network changes (a site of the département or a fixed site nearby is labelled), ascending; the list's date last. */
  dates: readonly string[];
  /** The rule-independent figures as of a day: equal to `prepareCoverage(coverageInputAsOf(input, network, at))`. */
  baseAt(at: string): CoverageBase;
  /** The table as of a day under a rule. */
  tableAt(at: string, rule: CoverageRule): CoverageTable;
  /** The growth series under a rule, one point per date of {@link dates}. */
  series(rule: CoverageRule): GrowthPoint[];
}

/** Where people live, in the engine's order: a populated grid cell (or a commune part) and its canton. */
interface DemandPoint {
  lngLat: Position;
  weight: number;
  canton: number;
}

/** Index of the last element of a sorted array that is ≤ `value` (-1: none). */
function lastAtOrBefore(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function addAccess(figures: { access: Access | null }, weight: number, d: number): void {
  const a = (figures.access ??= { weight: 0, weightedDistanceKm: 0, maxDistanceKm: 0, within: [0, 0, 0] });
  a.weight += weight;
  a.weightedDistanceKm += weight * d;
  if (weight > 0 && d > a.maxDistanceKm) a.maxDistanceKm = d;
  ACCESS_THRESHOLDS_KM.forEach((km, i) => {
    if (d <= km) a.within[i] += weight;
  });
}

/**
 * The network over time, computed once. The network only grows in this view (a site
 * counts from its labelling day), so the distance from where people live to the nearest
 * fixed France Services only decreases: each distance from a populated place to a site is
 * computed once, in labelling order, keeping the running minimum per place and date,
 * instead of recomputing the whole table for every date. Counts per canton come from one
 * placement of each site by the engine's own rule ({@link createCantonAssigner}).
 *
 * `baseAt(at)` equals `prepareCoverage(coverageInputAsOf(input, network, at))` (tested on
 * fixtures, seeded random data and the real Nord), so the table, the map and the totals
 * as of any day are an instant `applyCoverageRule` away. The input is not modified.
 */
export function createCoverageTimeline(input: CoverageInput, network: DatedNetwork): CoverageTimeline {
  const { listDate } = network;
  // the series is straight-line only: drive times are not measured over time (their columns stay empty)
  const full = prepareCoverage({ ...input, driveTime: null });
  const dayOfId = (dated: DatedNetwork['franceServices'], layer: string) => {
    const m = new Map(dated.map((s) => [s.id, openingDay(s, listDate)]));
    return (id: string) => {
      const day = m.get(id);
      if (day === undefined) throw new Error(`${layer}: France Services ${id} has no labelling entry in the dated network`);
      return day;
    };
  };
  const deptDay = dayOfId(network.franceServices, 'france-services');
  const nearbyDay = dayOfId(network.nearby, 'france-services-nearby');

  // --- sites of the département, placed once by the engine's rule -------------------------------
  const { cantons } = input;
  const communeCanton = new Map(input.communes.map((c) => [c.code, c.cantonCode]));
  const assigner = createCantonAssigner(cantons, communeCanton);
  const deptSites = input.franceServices.map((s) => ({ site: s, day: deptDay(s.id), placed: assigner.assign(s.lngLat, s.communeCode) }));

  // --- fixed sites for distances (département then neighbours, as the engine), by labelling day --
  const fixed = [
    ...deptSites.filter((s) => s.site.kind === 'fixed').map((s) => ({ lngLat: s.site.lngLat, day: s.day, nearby: false })),
    ...input.nearbyFranceServices.filter((s) => s.kind === 'fixed').map((s) => ({ lngLat: s.lngLat, day: nearbyDay(s.id), nearby: true })),
  ];
  const dates = [...new Set([...deptSites.map((s) => s.day), ...fixed.map((s) => s.day), listDate])].sort();

  // --- where people live, in the engine's order, with their canton -------------------------------
  const byCode = new Map(cantons.map((c, i) => [c.properties.code, i]));
  const split = new Map(
    full.method.splitCommunes.map((s) => [
      s.code,
      s.shares.map((sh) => ({ canton: byCode.get(sh.cantonCode)!, population: sh.population })),
    ]),
  );
  const piecesOf = (c: CoverageInput['communes'][number]): { canton: number; population: number }[] => {
    const cog = c.cantonCode ? byCode.get(c.cantonCode) : undefined;
    if (cog !== undefined) return [{ canton: cog, population: c.population }];
    const parts = split.get(c.code);
    if (parts) return parts;
    const at = assigner.index.findArea(c.centroid);
    return at >= 0 ? [{ canton: at, population: c.population }] : [];
  };
  const pieces = new Map(input.communes.map((c) => [c.code, piecesOf(c)]));
  const demand: DemandPoint[] = [];
  /** Demand points sharing one distance (a commune's parts): index of the first point of each place. */
  const placeOfPoint: number[] = [];
  const places: Position[] = [];
  let cellsAssignedByNearestCommune = 0;
  if (input.populationGrid) {
    const placedCommunes = input.communes.filter((c) => pieces.get(c.code)!.length > 0);
    const centroidIndex = createPointIndex(placedCommunes.map((c) => c.centroid));
    for (const cell of input.populationGrid) {
      if (!(cell.population > 0)) continue;
      let canton = assigner.index.findArea(cell.lngLat);
      if (canton < 0) {
        const near = centroidIndex.nearest(cell.lngLat, 1)[0];
        if (!near) continue;
        const parts = pieces.get(placedCommunes[near.index].code)!;
        canton = parts.reduce((best, p) => (p.population > best.population ? p : best), parts[0]).canton;
        cellsAssignedByNearestCommune++;
      }
      placeOfPoint.push(places.length);
      places.push(cell.lngLat);
      demand.push({ lngLat: cell.lngLat, weight: cell.population, canton });
    }
  } else {
    for (const commune of input.communes) {
      const parts = pieces.get(commune.code)!.filter((p) => p.population > 0);
      if (parts.length === 0) continue;
      for (const part of parts) {
        placeOfPoint.push(places.length);
        demand.push({ lngLat: commune.centroid, weight: part.population, canton: part.canton });
      }
      places.push(commune.centroid);
    }
  }

  // --- nearest fixed site per place and date: running minimum, each distance computed once ------
  const byDay = [...fixed].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const current = new Float64Array(places.length).fill(Infinity);
  /** Row k: distance (km) from each place to the nearest fixed site open on dates[k]; null while none is open. */
  const distances: (Float64Array | null)[] = [];
  let next = 0;
  for (const date of dates) {
    while (next < byDay.length && byDay[next].day <= date) {
      const site = byDay[next++].lngLat;
      for (let p = 0; p < places.length; p++) {
        const d = distanceKm(places[p], site);
        if (d < current[p]) current[p] = d;
      }
    }
    distances.push(next > 0 ? current.slice() : null);
  }

  const polygonPlaced = (s: (typeof deptSites)[number]) => s.placed.method === 'polygon';

  function baseAt(at: string): CoverageBase {
    const open = deptSites.filter((s) => s.day <= at);
    const closedIds = new Set(deptSites.filter((s) => s.day > at).map((s) => s.site.id));
    const franceServices = new Array<number>(cantons.length).fill(0);
    const buses = new Array<number>(cantons.length).fill(0);
    for (const s of open) {
      if (s.placed.canton < 0) continue;
      if (s.site.kind === 'bus') buses[s.placed.canton]++;
      else franceServices[s.placed.canton]++;
    }
    const k = lastAtOrBefore(dates, at);
    const row = k >= 0 ? distances[k] : null;
    const figures: CantonFigures[] = full.cantons.map((f, i) => ({
      ...f,
      franceServices: franceServices[i],
      franceServicesBuses: buses[i],
      access: null,
    }));
    const total: CantonFigures = {
      ...full.total,
      franceServices: franceServices.reduce((a, b) => a + b, 0),
      franceServicesBuses: buses.reduce((a, b) => a + b, 0),
      access: null,
    };
    if (row) {
      demand.forEach((point, i) => {
        const d = row[placeOfPoint[i]];
        addAccess(figures[point.canton], point.weight, d);
        addAccess(total, point.weight, d);
      });
    }
    const openFixed = fixed.filter((s) => s.day <= at);
    return {
      ...full,
      cantons: figures,
      total,
      method: {
        ...full.method,
        cellsAssignedByNearestCommune: row && input.populationGrid ? cellsAssignedByNearestCommune : 0,
        sitesByPolygon: full.method.sitesByPolygon - deptSites.filter((s) => s.day > at && polygonPlaced(s)).length,
        sitesOutside: full.method.sitesOutside.filter((o) => !(o.layer === 'france-services' && closedIds.has(o.id))),
        fixedFranceServicesForDistance: openFixed.filter((s) => !s.nearby).length,
        nearbyFranceServicesForDistance: openFixed.filter((s) => s.nearby).length,
      },
      sources: sourcesAsOf(full.sources, at),
    };
  }

  const addedOn = (date: string) => deptSites.filter((s) => s.day === date).length;
  const addedNearbyOn = (date: string) => fixed.filter((s) => s.nearby && s.day === date).length;

  return {
    listDate,
    dates,
    baseAt,
    tableAt: (at, rule) => applyCoverageRule(baseAt(at), rule),
    series(rule) {
      return dates.map((date) => {
        const base = baseAt(date);
        const table = applyCoverageRule(base, rule);
        const a = base.total.access;
        return {
          date,
          franceServices: table.total.franceServices,
          franceServicesBuses: table.total.franceServicesBuses,
          added: addedOn(date),
          addedNearby: addedNearbyOn(date),
          cantons: table.rows.length,
          cantonsMet: table.rows.filter((r) => r.status === 'met').length,
          gap: table.total.gap,
          populationWithin10Km: a && a.weight > 0 ? Math.round(a.within[ACCESS_THRESHOLDS_KM.indexOf(10)]) : null,
          populationWithin10KmPct: table.total.populationWithin10KmPct,
        };
      });
    },
  };
}
