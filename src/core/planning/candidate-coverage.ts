import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { distanceKm } from '../geo/distance-km.ts';
import type { Position } from '../coverage/coverage-types.ts';

/**
 * Which demand cells each candidate site would cover, and which are covered already:
 * the only input of the placement objectives, whatever "covered" means (within D km in
 * a straight line here; within T minutes of driving from a road-graph engine later, by
 * building the same structure). Cells of candidate `k` are `cells[offsets[k] .. offsets[k + 1])`,
 * ascending. Plain typed arrays: transferable to and from a worker.
 */
export interface CandidateCoverage {
  cellCount: number;
  candidateCount: number;
  offsets: Int32Array;
  cells: Int32Array;
  /** 1 for a cell already covered by an existing site (which stays open). */
  coveredBefore: Uint8Array;
}

function pointTree(points: readonly Position[]): KDBush {
  const tree = new KDBush(Math.max(1, points.length));
  if (points.length === 0) tree.add(0, 0);
  for (const p of points) tree.add(p[0], p[1]);
  tree.finish();
  return tree;
}

/** Indexes of `points` within `maxKm` (great circle, boundary included, the access columns' `<=`) of `at`, ascending. */
function within(tree: KDBush, points: readonly Position[], at: Position, maxKm: number): number[] {
  if (points.length === 0) return [];
  // geokdbush's own distance may differ from distanceKm in the last digits: widen, then decide with distanceKm
  const ids = around(tree, at[0], at[1], Infinity, maxKm * (1 + 1e-9) + 1e-9) as number[];
  return ids.filter((i) => distanceKm(points[i], at) <= maxKm).sort((a, b) => a - b);
}

/**
 * Straight-line coverage: a cell is covered by a site when its centre lies within `maxKm`
 * of it (great-circle distance, as the access columns measure). Every query goes through
 * a point index over the cells built once.
 *
 * @param cells demand points `[lng, lat]` (grid cell centres or commune centroids)
 * @param candidates candidate sites `[lng, lat]`
 * @param existing sites that stay open (the département's fixed France Services and those across the border)
 */
export function coverageWithinKm(
  cells: readonly Position[],
  candidates: readonly Position[],
  existing: readonly Position[],
  maxKm: number,
): CandidateCoverage {
  if (!(maxKm > 0) || !Number.isFinite(maxKm)) throw new RangeError(`maxKm must be a positive number of km, got ${maxKm}`);
  const tree = pointTree(cells);
  const coveredBefore = new Uint8Array(cells.length);
  for (const s of existing) for (const i of within(tree, cells, s, maxKm)) coveredBefore[i] = 1;
  const offsets = new Int32Array(candidates.length + 1);
  const lists = candidates.map((c) => within(tree, cells, c, maxKm));
  lists.forEach((l, k) => {
    offsets[k + 1] = offsets[k] + l.length;
  });
  const flat = new Int32Array(offsets[candidates.length]);
  lists.forEach((l, k) => {
    flat.set(l, offsets[k]);
  });
  return { cellCount: cells.length, candidateCount: candidates.length, offsets, cells: flat, coveredBefore };
}
