/**
 * One coordinate order everywhere: `[lng, lat]` in WGS84 degrees.
 * A `LngLat` is only built by {@link toLngLat}, which checks ranges.
 */
export type LngLat = readonly [lng: number, lat: number] & { readonly __lngLat: true };

/** Bounding box `[minLng, minLat, maxLng, maxLat]` in WGS84 degrees. */
export type BBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/**
 * Builds a checked `[lng, lat]` pair. Throws a RangeError naming the bad value.
 * @param lng longitude in degrees, -180..180
 * @param lat latitude in degrees, -90..90
 */
export function toLngLat(lng: number, lat: number): LngLat {
  if (!Number.isFinite(lng) || lng < -180 || lng > 180) throw new RangeError(`longitude out of range: ${lng}`);
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new RangeError(`latitude out of range: ${lat}`);
  return [lng, lat] as unknown as LngLat;
}

/** True when the point lies inside the box (edges included). */
export function isInBBox(point: readonly [number, number], bbox: BBox): boolean {
  return point[0] >= bbox[0] && point[0] <= bbox[2] && point[1] >= bbox[1] && point[1] <= bbox[3];
}

/**
 * Grows a box by a distance in km on every side (latitude-aware, approximate
 * on a sphere of radius 6371 km, which is what the box is used for: candidate filtering).
 */
export function expandBBoxKm(bbox: BBox, distanceKm: number): BBox {
  const dLat = (distanceKm / 6371) * (180 / Math.PI);
  const maxAbsLat = Math.min(89, Math.max(Math.abs(bbox[1]), Math.abs(bbox[3])) + dLat);
  const dLng = dLat / Math.cos((maxAbsLat * Math.PI) / 180);
  return [bbox[0] - dLng, bbox[1] - dLat, bbox[2] + dLng, bbox[3] + dLat];
}
