import { createSiteIndex, type NearestSite, type Site, type SiteIndex } from '../../core/nearest/create-site-index.ts';
import { findNearestSites } from '../../core/nearest/find-nearest-sites.ts';
import { estimateTravel, type TravelEstimate } from '../../core/nearest/estimate-travel.ts';
import { sitesFromLayer } from './sites-from-layer.ts';
import type { ServiceGroup } from './service-groups.ts';

export interface NearestResult extends NearestSite {
  /** 1 = nearest of its group. */
  rank: number;
  travel: TravelEstimate;
}

export interface GroupNearest {
  group: ServiceGroup;
  /** The group's layers that had data and were searched. */
  layers: string[];
  results: NearestResult[];
}

const indexCache = new WeakMap<object, SiteIndex>();

/**
 * The index of one layer's data, built on first use and kept as long as that data object lives
 * (the browser store replaces the object when the layer changes; the CLI builds it once).
 */
export function siteIndexFor(layer: string, data: { features: readonly unknown[] }): SiteIndex {
  let index = indexCache.get(data);
  if (!index || index.layer !== layer) {
    const { sites } = sitesFromLayer(layer, data);
    index = createSiteIndex<Site['properties']>(layer, sites);
    indexCache.set(data, index);
  }
  return index;
}

/**
 * For each group, the `k` sites nearest to `point` (`[lng, lat]`) over the group's layers that
 * have data (`dataOf(layer)` returns the layer's FeatureCollection, or null), with a travel
 * estimate. Used unchanged by the CLI (`nearest`) and the browser store.
 */
export function findNearestByGroup(
  groups: readonly ServiceGroup[],
  dataOf: (layer: string) => { features: readonly unknown[] } | null | undefined,
  point: readonly [number, number],
  k: number,
): GroupNearest[] {
  return groups.map((group) => {
    const layers = group.layers.filter((l) => dataOf(l));
    const indexes = layers.map((l) => siteIndexFor(l, dataOf(l)!));
    const results = findNearestSites(indexes, point, k).map((r, i) => ({ ...r, rank: i + 1, travel: estimateTravel(r.distanceKm) }));
    return { group, layers, results };
  });
}
