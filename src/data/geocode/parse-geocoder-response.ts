import { toLngLat, type LngLat } from '../../core/geo/lng-lat.ts';

/** One answer of the IGN Géoplateforme geocoder (`data.geopf.fr/geocodage/search`), checked. */
export interface GeocodedAddress {
  /** Full label, e.g. "12 Rue de la Croix 59600 Maubeuge". */
  label: string;
  /** Relevance 0..1 given by the service. */
  score: number;
  lngLat: LngLat;
  /** housenumber, street, locality or municipality. */
  type: string | null;
  postcode: string | null;
  city: string | null;
  /** INSEE code of the commune. */
  citycode: string | null;
  /** "59, Nord, Hauts-de-France". */
  context: string | null;
}

/** The response was not the GeoJSON FeatureCollection the service documents. */
export class GeocoderResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeocoderResponseError';
  }
}

function optionalString(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
}

/**
 * Reads the JSON body of a Géoplateforme `search` answer: a FeatureCollection of Point features
 * with `properties.label` and `properties.score`. Throws GeocoderResponseError when the body
 * is not such a collection; skips (and counts) single features without a label or with
 * coordinates out of range, rather than placing someone in the wrong spot. Best score first.
 */
export function parseGeocoderResponse(json: unknown): { addresses: GeocodedAddress[]; skipped: number } {
  const fc = json as { type?: unknown; features?: unknown } | null;
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new GeocoderResponseError('not a GeoJSON FeatureCollection');
  }
  const addresses: GeocodedAddress[] = [];
  let skipped = 0;
  for (const f of fc.features as unknown[]) {
    const feature = f as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: Record<string, unknown> } | null;
    const coords = feature?.geometry?.type === 'Point' ? feature.geometry.coordinates : null;
    const p = feature?.properties ?? {};
    const label = optionalString(p.label);
    if (!Array.isArray(coords) || coords.length < 2 || !label) {
      skipped++;
      continue;
    }
    let lngLat: LngLat;
    try {
      lngLat = toLngLat(Number(coords[0]), Number(coords[1]));
    } catch {
      skipped++;
      continue;
    }
    const score = typeof p.score === 'number' && Number.isFinite(p.score) ? p.score : 0;
    addresses.push({
      label,
      score,
      lngLat,
      type: optionalString(p.type),
      postcode: optionalString(p.postcode),
      city: optionalString(p.city),
      citycode: optionalString(p.citycode),
      context: optionalString(p.context),
    });
  }
  addresses.sort((a, b) => b.score - a.score);
  return { addresses, skipped };
}
