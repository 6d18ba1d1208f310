import { createSiteIndex, type NearestSite, type Site, type SiteIndex } from '../../core/nearest/create-site-index.ts';
import { findNearestSites } from '../../core/nearest/find-nearest-sites.ts';
import { estimateTravel, type TravelEstimate } from '../../core/nearest/estimate-travel.ts';
import { honestBandOf, orderHonestly } from '../../core/nearest/honest-order.ts';
import { itinerantServiceOf, type ItinerantService } from '../../core/nearest/itinerant.ts';
import { locationPrecisionOf, type LocationPrecision } from '../../core/nearest/location-precision.ts';
import { sitesFromLayer } from './sites-from-layer.ts';
import type { ServiceGroup } from './service-groups.ts';

export interface NearestResult extends NearestSite {
  /** 1 = first of its list. */
  rank: number;
  /**
   * From the straight-line distance. For a `commune`-precision site it is the time to its
   * commune's centre: never show it (nor `distanceKm`) as the way to the place.
   */
  travel: TravelEstimate;
  /** `exact`: placed at its address; `commune`: at its commune's centre, only the commune is known. */
  precision: LocationPrecision;
  /** Distance band (`DISTANCE_BANDS_KM`) it is listed in. */
  band: number;
  /** Set for a France Services itinérante (a bus base or a bus stop). */
  itinerant: ItinerantService | null;
}

export interface GroupNearest {
  group: ServiceGroup;
  /** The group's layers that had data and were searched. */
  layers: string[];
  /** The k nearest sites of any kind by straight-line distance, as before (the CLI's list). */
  results: NearestResult[];
  /**
   * The k places one can walk into, in honest order (`orderHonestly`): by distance band, placed
   * sites before commune-only ones within a band. No bus base or stop.
   */
  places: NearestResult[];
  /** The k nearest France Services itinérantes (bus bases by the distance of their base, bus stops), apart. */
  itinerant: NearestResult[];
}

export interface NearestByGroupOptions {
  /** INSEE code of the commune searched from, when known (commune-only sites there are in the first band). */
  originCommuneCode?: string | null;
}

const indexCache = new WeakMap<object, SiteIndex>();

interface SiteKind {
  precision: LocationPrecision;
  itinerant: ItinerantService | null;
}
const kindCache = new WeakMap<object, SiteKind>();
/** A site's precision and bus status, read once per properties object. */
function kindOf(site: Site): SiteKind {
  let kind = kindCache.get(site.properties);
  if (!kind) {
    kind = { precision: locationPrecisionOf(site.properties), itinerant: itinerantServiceOf(site.properties, site.layer) };
    kindCache.set(site.properties, kind);
  }
  return kind;
}

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
  options: NearestByGroupOptions = {},
): GroupNearest[] {
  const result = (r: NearestSite, rank: number): NearestResult => {
    const kind = kindOf(r.site);
    const communeCode = typeof r.site.properties.commune_code === 'string' ? r.site.properties.commune_code : null;
    return {
      ...r,
      rank,
      travel: estimateTravel(r.distanceKm),
      precision: kind.precision,
      band: honestBandOf({ distanceKm: r.distanceKm, precision: kind.precision, communeCode }, options),
      itinerant: kind.itinerant,
    };
  };
  return groups.map((group) => {
    const layers = group.layers.filter((l) => dataOf(l));
    const indexes = layers.map((l) => siteIndexFor(l, dataOf(l)!));
    const results = findNearestSites(indexes, point, k).map((r, i) => result(r, i + 1));
    // placed and commune-only sites are searched apart, so that k records at a commune's centre
    // cannot hide the placed ones; the honest order of their union then keeps the first k
    const walkIn = (precision: LocationPrecision) => (s: Site) => kindOf(s).itinerant === null && kindOf(s).precision === precision;
    const candidates = [
      ...findNearestSites(indexes, point, k, { filter: walkIn('exact') }),
      ...findNearestSites(indexes, point, k, { filter: walkIn('commune') }),
    ].map((r) => result(r, 0));
    const places = orderHonestly(
      candidates.map((c) => ({
        ...c,
        communeCode: typeof c.site.properties.commune_code === 'string' ? c.site.properties.commune_code : null,
      })),
      options,
    )
      .slice(0, k)
      .map(({ communeCode: _, ...c }, i) => ({ ...c, rank: i + 1 }));
    const itinerant = findNearestSites(indexes, point, k, { filter: (s) => kindOf(s).itinerant !== null }).map((r, i) => result(r, i + 1));
    return { group, layers, results, places, itinerant };
  });
}
