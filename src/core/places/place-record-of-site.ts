import { locationPrecisionOf } from '../nearest/location-precision.ts';
import type { PlaceRecord } from './merge-same-places.ts';

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/**
 * A bundle site (a point feature's properties and `[lng, lat]`) as a record for
 * `mergeSamePlaces`: `name`, `address`, `commune_code`, `siret`, `source`, `updated`, the
 * precision (`approximate`: placed at its commune's centre) and whether it has hours (`hours`
 * or `opening_hours_osm`). `communeName` names the commune when the caller knows it (the
 * communes layer); otherwise the site's own `commune_name` is used.
 */
export function placeRecordOfSite(
  properties: Readonly<Record<string, unknown>>,
  lngLat: readonly [number, number],
  communeName?: string | null,
): PlaceRecord {
  return {
    source: text(properties.source) ?? text(properties.layer) ?? 'unknown',
    name: text(properties.name) ?? '',
    address: text(properties.address),
    communeCode: text(properties.commune_code),
    communeName: communeName ?? text(properties.commune_name),
    lngLat,
    precision: locationPrecisionOf(properties),
    siret: text(properties.siret),
    updated: text(properties.updated),
    hasHours: (typeof properties.hours === 'object' && properties.hours !== null) || text(properties.opening_hours_osm) !== null,
  };
}
