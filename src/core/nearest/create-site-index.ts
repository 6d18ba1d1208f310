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

export interface NearestOptions<P = Record<string, unknown>> {
  maxDistanceKm?: number;
  filter?: (site: Site<P>) => boolean;
}

/** The geodesic index of one layer's sites, built once. */
export interface SiteIndex<P = Record<string, unknown>> {
  readonly layer: string;
  readonly size: number;
  /**
   * The `k` sites nearest to `[lng, lat]`, nearest first (ties by input order), optionally within
   * `maxDistanceKm` and among the sites passing `filter` (asked during the tree walk: no site is skipped after the fact).
   */
  nearest(point: readonly [number, number], k: number, options?: NearestOptions<P>): NearestSite<P>[];
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
      const filter = options.filter;
      return index
        .nearest(point, k, { maxDistanceKm: options.maxDistanceKm, filter: filter ? (i) => filter(sites[i]) : undefined })
        .map((r) => ({ site: sites[r.index], distanceKm: r.distanceKm }));
    },
  };
}
