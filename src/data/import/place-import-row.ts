import proj4 from 'proj4';
import { expandBBoxKm, isInBBox, type BBox } from '../../core/geo/lng-lat.ts';
import { normalizeText } from '../../core/text/normalize-text.ts';
import { parseFrenchNumber } from '../parse/parse-csv.ts';
import type { ImportCommune } from './import-types.ts';

/** proj4 definition of Lambert-93 (EPSG:2154), mainland France. */
export const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
let toWgs84: proj4.Converter | null = null;

/** Lambert-93 metres → `[lng, lat]` WGS84 degrees. */
export function lambert93ToLngLat(x: number, y: number): [number, number] {
  toWgs84 ??= proj4(LAMBERT_93, 'WGS84');
  const [lng, lat] = toWgs84.forward([x, y]);
  return [lng, lat];
}

/** Metropolitan France and its neighbours, in degrees. */
const METRO = { minLng: -5.8, maxLng: 10.0, minLat: 41.0, maxLat: 51.6 };
/** Lambert-93 coordinates of mainland France, in metres. */
const L93 = { minX: 50_000, maxX: 1_300_000, minY: 6_000_000, maxY: 7_200_000 };

const inMetro = (lng: number, lat: number) => lng >= METRO.minLng && lng <= METRO.maxLng && lat >= METRO.minLat && lat <= METRO.maxLat;
const inL93 = (x: number, y: number) => x >= L93.minX && x <= L93.maxX && y >= L93.minY && y <= L93.maxY;

export type CoordinateReading =
  | { kind: 'none' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'ok'; lngLat: [number, number]; system: 'wgs84' | 'lambert93'; swapped: boolean };

/**
 * Reads a coordinate pair as the file gives it (`a` in the longitude/X column, `b` in the
 * latitude/Y column): WGS84 degrees or Lambert-93 metres, told apart by their magnitude,
 * either order (a swapped pair is detected and put right), decimal comma accepted.
 * `0, 0` counts as no coordinates (a common placeholder).
 */
export function readCoordinates(a: unknown, b: unknown): CoordinateReading {
  const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
  if (blank(a) && blank(b)) return { kind: 'none' };
  const x = typeof a === 'number' ? a : parseFrenchNumber(String(a ?? ''));
  const y = typeof b === 'number' ? b : parseFrenchNumber(String(b ?? ''));
  if (x === null || y === null || !Number.isFinite(x) || !Number.isFinite(y)) {
    return {
      kind: 'unreadable',
      reason: blank(a) || blank(b) ? 'une seule des deux coordonnées est remplie' : 'coordonnées qui ne sont pas des nombres',
    };
  }
  if (x === 0 && y === 0) return { kind: 'none' };
  if (inMetro(x, y)) return { kind: 'ok', lngLat: [x, y], system: 'wgs84', swapped: false };
  if (inMetro(y, x)) return { kind: 'ok', lngLat: [y, x], system: 'wgs84', swapped: true };
  if (inL93(x, y)) return { kind: 'ok', lngLat: lambert93ToLngLat(x, y), system: 'lambert93', swapped: false };
  if (inL93(y, x)) return { kind: 'ok', lngLat: lambert93ToLngLat(y, x), system: 'lambert93', swapped: true };
  return { kind: 'unreadable', reason: 'coordonnées hors de France métropolitaine (ni WGS84 en degrés, ni Lambert-93 en mètres)' };
}

/** Finds communes by INSEE code (current or former), postcode and name. */
export interface CommuneLookup {
  byCode(code: string): ImportCommune | null;
  /** The one commune matching a postcode and/or a name, or null (none, or ambiguous). */
  byPostcodeOrName(postcode: string | null, name: string | null): ImportCommune | null;
}

export function createCommuneLookup(communes: readonly ImportCommune[]): CommuneLookup {
  const codes = new Map<string, ImportCommune>();
  const postcodes = new Map<string, ImportCommune[]>();
  const names = new Map<string, ImportCommune[]>();
  for (const c of communes) {
    codes.set(c.code, c);
    for (const former of c.formerCodes ?? []) if (!codes.has(former)) codes.set(former, c);
    for (const p of c.postcodes) postcodes.set(p, [...(postcodes.get(p) ?? []), c]);
    const n = normalizeText(c.name);
    names.set(n, [...(names.get(n) ?? []), c]);
  }
  return {
    byCode(code) {
      const c = code.trim().toUpperCase();
      return codes.get(/^\d{4}$/.test(c) ? `0${c}` : c) ?? null;
    },
    byPostcodeOrName(postcode, name) {
      const p = postcode?.trim().replace(/\s/g, '') ?? '';
      const byPostcode = p ? (postcodes.get(/^\d{4}$/.test(p) ? `0${p}` : p) ?? []) : null;
      const n = name ? normalizeText(name.replace(/\bcedex\b.*$/i, '')) : '';
      const byName = n ? (names.get(n) ?? []) : null;
      let candidates: ImportCommune[];
      if (byPostcode && byName) {
        const both = byPostcode.filter((c) => byName.includes(c));
        candidates = both.length ? both : byPostcode.length === 1 ? byPostcode : [];
      } else candidates = byPostcode ?? byName ?? [];
      return candidates.length === 1 ? candidates[0] : null;
    },
  };
}

/** The département's extent grown by `marginKm`, or null when there is no extent to check. */
export function acceptedArea(extent: readonly [number, number, number, number] | null | undefined, marginKm: number): BBox | null {
  return extent ? expandBBoxKm([extent[0], extent[1], extent[2], extent[3]], marginKm) : null;
}

export function isInArea(lngLat: readonly [number, number], area: BBox | null): boolean {
  return area === null || isInBBox(lngLat, area);
}
