import { distance } from 'geokdbush';

/**
 * Great-circle (haversine) distance in km between two `[lng, lat]` points, on a 6371 km
 * sphere. It is geokdbush's own `distance`, the one its `around()` ranks by, so "nearest"
 * and "distance to nearest" never disagree; this wrapper only takes `[lng, lat]` pairs.
 */
export function distanceKm(a: readonly [number, number], b: readonly [number, number]): number {
  return distance(a[0], a[1], b[0], b[1]);
}
