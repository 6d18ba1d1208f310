import { createAreaIndex, type AreaFeature, type AreaIndex } from '../index/area-index.ts';

export interface PointsInAreas {
  /** Points per area, in input order of the areas. */
  counts: Int32Array;
  /** For each point, the index of the area it was counted in, or -1 when it lies in none. */
  areaOfPoint: Int32Array;
  /** Points lying in more than one area (overlapping areas): counted in the first, by input order. */
  ambiguous: number[];
}

/**
 * Counts `[lng, lat]` points per area through a spatial index built once
 * (Flatbush over the areas' boxes, exact point-in-polygon on the candidates only):
 * never a loop over every area per point. A point on a shared border is counted
 * once, in the first area by input order. Inputs are not modified.
 */
export function countPointsInAreas(
  areas: readonly AreaFeature<unknown>[],
  points: readonly (readonly [number, number])[],
  index: AreaIndex = createAreaIndex(areas),
): PointsInAreas {
  const counts = new Int32Array(areas.length);
  const areaOfPoint = new Int32Array(points.length).fill(-1);
  const ambiguous: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const found = index.findAreas(points[i]);
    if (found.length === 0) continue;
    if (found.length > 1) ambiguous.push(i);
    areaOfPoint[i] = found[0];
    counts[found[0]]++;
  }
  return { counts, areaOfPoint, ambiguous };
}
