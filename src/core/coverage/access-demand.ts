import type { AreaIndex } from '../index/area-index.ts';
import { createPointIndex } from '../index/point-index.ts';
import { addAccess } from './canton-figures.ts';
import type { CantonFigures } from './coverage-base.ts';
import type { CoverageInput, FranceServicesSite, Position } from './coverage-types.ts';
import type { CommunePart } from './split-commune.ts';

/**
 * Where people live, for the access columns: demand points (populated grid cells, or
 * commune centroids when no grid is loaded) and, in the order the figures are summed,
 * the entries (point, canton, people). Independent of the sites: built once, then any
 * set of sites only changes the distance of each point.
 */
export interface AccessDemand {
  from: 'population-grid' | 'commune-centroids';
  /** `[lng, lat]` of each demand point. */
  points: Position[];
  entryPoint: Int32Array;
  entryCanton: Int32Array;
  entryWeight: Float64Array;
  /** Populated cells outside every canton polygon, placed in the canton of the nearest commune. */
  cellsAssignedByNearestCommune: number;
}

function gridDemand(input: CoverageInput, cantonIndex: AreaIndex, pieces: ReadonlyMap<string, readonly CommunePart[]>) {
  const placed = input.communes.filter((c) => pieces.has(c.code));
  let centroidIndex: ReturnType<typeof createPointIndex> | null = null;
  const points: Position[] = [];
  const entries: [number, number, number][] = [];
  let byNearestCommune = 0;
  for (const cell of input.populationGrid ?? []) {
    if (!(cell.population > 0)) continue;
    let canton = cantonIndex.findArea(cell.lngLat);
    if (canton < 0) {
      // a border cell whose centre misses the simplified canton polygons: the nearest commune's canton
      centroidIndex ??= createPointIndex(placed.map((c) => c.centroid));
      const near = centroidIndex.nearest(cell.lngLat, 1)[0];
      if (!near) continue;
      const parts = pieces.get(placed[near.index].code)!;
      canton = parts.reduce((best, p) => (p.population > best.population ? p : best), parts[0]).canton;
      byNearestCommune++;
    }
    entries.push([points.length, canton, cell.population]);
    points.push(cell.lngLat);
  }
  return { points, entries, byNearestCommune };
}

function centroidDemand(input: CoverageInput, pieces: ReadonlyMap<string, readonly CommunePart[]>) {
  const points: Position[] = [];
  const entries: [number, number, number][] = [];
  for (const commune of input.communes) {
    const parts = (pieces.get(commune.code) ?? []).filter((p) => p.population > 0);
    if (parts.length === 0) continue;
    for (const part of parts) entries.push([points.length, part.canton, part.population]);
    points.push(commune.centroid);
  }
  return { points, entries, byNearestCommune: 0 };
}

/** Builds the demand points and entries of the access columns (see {@link AccessDemand}). */
export function buildAccessDemand(
  input: CoverageInput,
  cantonIndex: AreaIndex,
  pieces: ReadonlyMap<string, readonly CommunePart[]>,
): AccessDemand {
  const { points, entries, byNearestCommune } = input.populationGrid
    ? gridDemand(input, cantonIndex, pieces)
    : centroidDemand(input, pieces);
  return {
    from: input.populationGrid ? 'population-grid' : 'commune-centroids',
    points,
    entryPoint: Int32Array.from(entries, (e) => e[0]),
    entryCanton: Int32Array.from(entries, (e) => e[1]),
    entryWeight: Float64Array.from(entries, (e) => e[2]),
    cellsAssignedByNearestCommune: byNearestCommune,
  };
}

/** The fixed France Services that count for distances, département first then across the border (buses never do). */
export function fixedSitesForDistance(
  franceServices: readonly FranceServicesSite[],
  nearby: readonly FranceServicesSite[],
): FranceServicesSite[] {
  return [...franceServices, ...nearby].filter((s) => s.kind === 'fixed');
}

/** Distance (km, great circle) from each demand point to its nearest site, and that site's index (ties: lowest index); Infinity and -1 with no site. */
export function nearestDistances(
  points: readonly Position[],
  sites: readonly Position[],
): { distanceKm: Float64Array; nearest: Int32Array } {
  const distanceKm = new Float64Array(points.length).fill(Infinity);
  const nearest = new Int32Array(points.length).fill(-1);
  if (sites.length === 0) return { distanceKm, nearest };
  const index = createPointIndex(sites);
  points.forEach((p, i) => {
    const n = index.nearest(p, 1)[0];
    distanceKm[i] = n.distanceKm;
    nearest[i] = n.index;
  });
  return { distanceKm, nearest };
}

/** Adds every demand entry, at its point's distance, to its canton's and the total's access figures, in entry order. */
export function accumulateAccess(figures: CantonFigures[], total: CantonFigures, demand: AccessDemand, distanceKm: Float64Array): void {
  for (let e = 0; e < demand.entryPoint.length; e++) {
    const d = distanceKm[demand.entryPoint[e]];
    addAccess(figures[demand.entryCanton[e]], demand.entryWeight[e], d);
    addAccess(total, demand.entryWeight[e], d);
  }
}
