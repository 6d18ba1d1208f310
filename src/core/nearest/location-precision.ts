/**
 * How well a site's point says where the place is:
 * - `exact`: the place's own address or coordinates (geocoded by its source or given by it);
 * - `commune`: only the commune is known, and the point is the commune's centre. Such a point
 *   must never be read as the place: no distance, no walking time, no directions as if exact.
 */
export type LocationPrecision = 'exact' | 'commune';

/**
 * The precision of a bundle site from its properties. The build (`placePoint`,
 * src/data/builders/place-point.ts) sets `approximate: true` on a service point that it placed
 * at its commune's centroid because the row had no usable coordinates; on the service layers
 * (france-services, msap, first-reception, digital-inclusion) that flag means exactly
 * "commune only". A site without the flag (imported files, other départements' France
 * Services) keeps the coordinates its source gave: exact. An explicit `location_precision`
 * property, when a later build writes one, wins.
 */
export function locationPrecisionOf(properties: Readonly<Record<string, unknown>> | null | undefined): LocationPrecision {
  const explicit = properties?.location_precision;
  if (explicit === 'exact' || explicit === 'commune') return explicit;
  return properties?.approximate === true ? 'commune' : 'exact';
}
