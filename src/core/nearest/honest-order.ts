import type { LocationPrecision } from './location-precision.ts';

/**
 * Upper bounds of the distance bands, km: under 500 m, 0.5–1 km, 1–2 km, 2–5 km, 5–10 km,
 * 10–20 km, 20–50 km, then 50 km and more. A site known only by its commune is compared with
 * the others only through its band: its distance is to the commune's centre, not to it.
 */
export const DISTANCE_BANDS_KM = [0.5, 1, 2, 5, 10, 20, 50] as const;

/** The band of a straight-line distance: 0 below 500 m … 7 from 50 km. */
export function distanceBandOf(distanceKm: number): number {
  const i = DISTANCE_BANDS_KM.findIndex((limit) => distanceKm < limit);
  return i < 0 ? DISTANCE_BANDS_KM.length : i;
}

export interface HonestCandidate {
  /** Straight-line km to the site's point (for a commune-precision site: to its commune's centre). */
  distanceKm: number;
  precision: LocationPrecision;
  /** INSEE code of the site's commune, when known. */
  communeCode?: string | null;
}

export interface HonestOrderOptions {
  /** INSEE code of the commune searched from, when known: its commune-only sites are in the first band. */
  originCommuneCode?: string | null;
}

/** The band an item is listed in (see {@link orderHonestly}). */
export function honestBandOf(item: HonestCandidate, options: HonestOrderOptions = {}): number {
  if (item.precision === 'commune' && options.originCommuneCode && item.communeCode === options.originCommuneCode) return 0;
  return distanceBandOf(item.distanceKm);
}

/**
 * Sites in the order a resident should read them: by distance band (see
 * {@link DISTANCE_BANDS_KM}); within a band, the sites placed at their address first, nearest
 * first, then those known only by their commune (nearest commune centre first); ties keep the
 * input order. A commune-only site of the commune searched from (`originCommuneCode`) is in the
 * first band. Returns a new array; items are not modified.
 */
export function orderHonestly<T extends HonestCandidate>(items: readonly T[], options: HonestOrderOptions = {}): T[] {
  return items
    .map((item, i) => ({ item, i, band: honestBandOf(item, options) }))
    .sort(
      (a, b) =>
        a.band - b.band ||
        (a.item.precision === 'exact' ? 0 : 1) - (b.item.precision === 'exact' ? 0 : 1) ||
        a.item.distanceKm - b.item.distanceKm ||
        a.i - b.i,
    )
    .map((x) => x.item);
}

/**
 * What a summary may quote: the nearest site placed at its address (null when none), and how
 * many sites known only by their commune come before it in the list. A summary never quotes the
 * distance of a commune-only site.
 */
export function honestSummary<T extends HonestCandidate>(ordered: readonly T[]): { nearestExact: T | null; communeOnlyBefore: number } {
  const i = ordered.findIndex((x) => x.precision === 'exact');
  return { nearestExact: i < 0 ? null : ordered[i], communeOnlyBefore: i < 0 ? ordered.length : i };
}
