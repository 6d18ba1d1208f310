import { createPointIndex } from '../index/point-index.ts';

/** A service site of one layer: its stable id from the official dataset, its point and its properties. */
export interface Site<P = Record<string, unknown>> {
  /** Data layer id (`france-services`, `france-services-nearby`, …). */
  layer: string;
  /** The source's own identifier (`id_fs` for France Services). */
  id: string;
  /** `[lng, lat]` in WGS84 degrees. */
  lngLat: readonly [number, number];
  properties: P;
}

/** A site and its great-circle distance from the query point. */
export interface NearestSite<P = Record<string, unknown>> {
  site: Site<P>;
  /** Haversine distance on the 6371 km sphere (the index's own model), in km. */
  distanceKm: number;
}

/** The geodesic index of one layer's sites, built once. */
export interface SiteIndex<P = Record<string, unknown>> {
  readonly layer: string;
  readonly size: number;
  /** The `k` sites nearest to `[lng, lat]`, nearest first (ties by input order), optionally within `maxDistanceKm`. */
  nearest(point: readonly [number, number], k: number, options?: { maxDistanceKm?: number }): NearestSite<P>[];
}

/**
 * Builds the geodesic index (kdbush + geokdbush, see `createPointIndex`) of one layer's sites,
 * once; each query then visits only the tree nodes near the point and never sorts every site.
 * Sites are kept by reference, not copied or modified.
 */
export function createSiteIndex<P>(layer: string, sites: readonly Site<P>[]): SiteIndex<P> {
  const index = createPointIndex(sites.map((s) => s.lngLat));
  return {
    layer,
    size: sites.length,
    nearest(point, k, options = {}) {
      return index
        .nearest(point, k, { maxDistanceKm: options.maxDistanceKm })
        .map((r) => ({ site: sites[r.index], distanceKm: r.distanceKm }));
    },
  };
}
