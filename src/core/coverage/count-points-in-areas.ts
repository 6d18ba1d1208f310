import { createAreaIndex, type AreaFeature, type AreaIndex } from '../index/area-index.ts';

export interface PointsInAreas {
  /** Points per area, in input order of the areas. */
  counts: Int32Array;
  /** For each point, the index of the area it was counted in, or -1 when it lies in none. */
  areaOfPoint: Int32Array;
  /** Points lying in more than one area (overlapping areas): counted in the first, by input order. */
  ambiguous: number[];
}

/** Counts points one at a time (a stream of points never held in memory), by the rule of {@link countPointsInAreas}. */
export interface PointCounter {
  /** Counts one `[lng, lat]` point; returns the index of the area it was counted in, or -1. */
  add(lng: number, lat: number): number;
  /** Points per area so far, in input order of the areas (the counter's own array). */
  readonly counts: Int32Array;
  /** Points counted so far (inside an area or not). */
  readonly points: number;
  /** Points so far lying in more than one area (counted in the first). */
  readonly ambiguous: number;
}

/**
 * A point counter over the areas of `index`, a spatial index built once (`createAreaIndex` or
 * `createFlatAreaIndex`: Flatbush over the areas' boxes, exact point-in-polygon on the candidates
 * only): never a loop over every area per point. A point on a shared border is counted once, in
 * the first area by input order.
 */
export function createPointCounter(index: AreaIndex): PointCounter {
  const counts = new Int32Array(index.size);
  let points = 0;
  let ambiguous = 0;
  const hits = new Int32Array(1);
  return {
    add(lng, lat) {
      points++;
      const first = index.firstAreaAt(lng, lat, hits);
      if (first < 0) return -1;
      if (hits[0] > 1) ambiguous++;
      counts[first]++;
      return first;
    },
    counts,
    get points() {
      return points;
    },
    get ambiguous() {
      return ambiguous;
    },
  };
}

/**
 * Counts `[lng, lat]` points per area through a spatial index built once (see
 * {@link createPointCounter}). A point on a shared border is counted once, in the first area by
 * input order. Inputs are not modified.
 */
export function countPointsInAreas(
  areas: readonly AreaFeature<unknown>[],
  points: readonly (readonly [number, number])[],
  index: AreaIndex = createAreaIndex(areas),
): PointsInAreas {
  const counter = createPointCounter(index);
  const areaOfPoint = new Int32Array(points.length).fill(-1);
  const ambiguous: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const before = counter.ambiguous;
    areaOfPoint[i] = counter.add(points[i][0], points[i][1]);
    if (counter.ambiguous > before) ambiguous.push(i);
  }
  return { counts: counter.counts, areaOfPoint, ambiguous };
}
