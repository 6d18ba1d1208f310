import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { distanceKm } from '../geo/distance-km.ts';

export interface NearestResult {
  /** Index into the array the index was built from. */
  index: number;
  distanceKm: number;
}

export interface PointIndex {
  readonly size: number;
  /**
   * The `k` points nearest to `[lng, lat]`, nearest first (ties by input order),
   * optionally within `maxDistanceKm` and passing `filter`.
   */
  nearest(
    point: readonly [number, number],
    k: number,
    options?: { maxDistanceKm?: number; filter?: (index: number) => boolean },
  ): NearestResult[];
}

/**
 * Builds a geodesic point index once (kdbush + geokdbush), for nearest queries
 * that never sort every point. Input is `[lng, lat]` pairs; not modified.
 */
export function createPointIndex(points: readonly (readonly [number, number])[]): PointIndex {
  const tree = new KDBush(Math.max(1, points.length));
  if (points.length === 0) tree.add(0, 0);
  for (const p of points) tree.add(p[0], p[1]);
  tree.finish();
  return {
    size: points.length,
    nearest(point, k, options = {}) {
      if (points.length === 0 || k <= 0) return [];
      const maxKm = options.maxDistanceKm ?? Infinity;
      let ids = around(tree, point[0], point[1], k, maxKm, options.filter);
      if (ids.length === k) {
        // points tied with the k-th are cut arbitrarily by around(): fetch every point up to that
        // distance so that ties are broken by input order, as documented
        const kthKm = distanceKm(point, points[ids[k - 1]]);
        ids = around(tree, point[0], point[1], Infinity, Math.min(maxKm, kthKm + 1e-9), options.filter);
      }
      return ids
        .map((index) => ({ index, distanceKm: distanceKm(point, points[index]) }))
        .sort((a, b) => a.distanceKm - b.distanceKm || a.index - b.index)
        .slice(0, k);
    },
  };
}
