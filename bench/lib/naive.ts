import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import type { AreaFeature } from '../../src/core/index/area-index.ts';
import type { NearestResult } from '../../src/core/index/point-index.ts';

/**
 * The naive point-in-polygon baseline (Turf's `tag` loop): every area in input
 * order until one contains the point, boundary included. Index of that area, or -1.
 */
export function naiveAreaOfPoint(areas: readonly AreaFeature[], point: readonly [number, number]): number {
  for (let i = 0; i < areas.length; i++) {
    if (booleanPointInPolygon(point as [number, number], areas[i])) return i;
  }
  return -1;
}

/**
 * The naive nearest baseline: haversine to every point, keeping the `k` smallest
 * by insertion into a short sorted list (partial sort), ties by input order.
 */
export function linearNearest(
  points: readonly (readonly [number, number])[],
  query: readonly [number, number],
  k: number,
): NearestResult[] {
  const best: NearestResult[] = [];
  for (let i = 0; i < points.length; i++) {
    const d = distanceKm(query, points[i]);
    if (best.length === k && d >= best[k - 1].distanceKm) continue;
    let j = best.length;
    while (j > 0 && best[j - 1].distanceKm > d) j--;
    best.splice(j, 0, { index: i, distanceKm: d });
    if (best.length > k) best.pop();
  }
  return best;
}
