import type { CantonAssigner } from './assign-canton.ts';
import type { CoverageSite, FranceServicesSite } from './coverage-types.ts';

/** Where the sites of one layer fall: counts per canton and how they were placed. */
export interface SitePlacement {
  /** Canton index of each site (input order), -1 when outside every canton. */
  cantonOf: Int32Array;
  /** Sites per canton (canton input order). */
  counts: Int32Array;
  /** Bus / itinerant France Services per canton (zero for other layers). */
  buses: Int32Array;
  /** Sites placed by point-in-polygon (commune split or unknown). */
  byPolygon: number;
  /** Sites outside every canton, not counted. */
  outside: { layer: string; id: string }[];
}

/**
 * Places the sites of a layer in cantons by the COG-then-polygon rule of the table
 * (see createCantonAssigner); France Services buses are counted apart.
 */
export function placeSites(
  layer: string,
  sites: readonly (CoverageSite | FranceServicesSite)[],
  assigner: CantonAssigner,
  cantonCount: number,
): SitePlacement {
  const placement: SitePlacement = {
    cantonOf: new Int32Array(sites.length),
    counts: new Int32Array(cantonCount),
    buses: new Int32Array(cantonCount),
    byPolygon: 0,
    outside: [],
  };
  sites.forEach((site, i) => {
    const a = assigner.assign(site.lngLat, site.communeCode);
    if (a.method === 'polygon') placement.byPolygon++;
    placement.cantonOf[i] = a.canton;
    if (a.canton < 0) {
      placement.outside.push({ layer, id: site.id });
      return;
    }
    if ('kind' in site && site.kind === 'bus') placement.buses[a.canton]++;
    else placement.counts[a.canton]++;
  });
  return placement;
}
