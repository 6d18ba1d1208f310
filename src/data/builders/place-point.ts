import type { Feature, Point } from 'geojson';
import { parseFrenchNumber } from '../parse/parse-csv.ts';
import type { Reporter } from '../report.ts';
import { normalizeText } from '../../core/text/normalize-text.ts';
import { str } from './read-raw.ts';
import type { Frame } from './build-frame.ts';

/** Metropolitan France and its neighbours, for sanity checks of coordinates. */
const METRO_EXTENT = { minLng: -5.8, maxLng: 10.0, minLat: 41.0, maxLat: 51.6 };

export interface PlaceInput {
  file: string;
  row: number;
  lng: unknown;
  lat: unknown;
  lngField: string;
  latField: string;
  communeCode?: string;
  communeCodeField?: string;
  postcode?: string;
  communeName?: string;
}

export interface Placement {
  coordinates: [number, number];
  approximate: boolean;
  communeCode: string | null;
  cantonCode: string | null;
  cantonMethod: 'cog' | 'polygon' | null;
  epciCode: string | null;
}

/**
 * Places one source row: its own coordinates when valid (swapped lat/lng is
 * corrected and reported), otherwise its commune's centroid, flagged
 * approximate. Assigns commune and canton: the COG table decides for communes
 * wholly in one canton; point-in-polygon decides for split communes and rows
 * without a commune. Every disagreement between a row's commune and its
 * coordinates is reported. Returns null (and reports why) when the row cannot
 * be placed at all.
 */
export function placePoint(frame: Frame, rep: Reporter, input: PlaceInput): Placement | null {
  let lng = parseFrenchNumber(input.lng as string);
  let lat = parseFrenchNumber(input.lat as string);
  let approximate = false;
  const declared = input.communeCode ? frame.resolveCommune(input.communeCode) : null;
  if (input.communeCode && !declared) {
    rep.add(
      input.file,
      input.row,
      input.communeCodeField ?? 'insee',
      'disagreement',
      "commune code not in the département's current commune list",
      input.communeCode,
    );
  } else if (declared && input.communeCode && declared !== input.communeCode.padStart(5, '0')) {
    rep.add(
      input.file,
      input.row,
      input.communeCodeField ?? 'insee',
      'corrected',
      `former commune code replaced by ${declared}`,
      input.communeCode,
    );
  }
  if (lng !== null && lat !== null) {
    if (!inExtent(lng, lat) && inExtent(lat, lng)) {
      rep.add(
        input.file,
        input.row,
        `${input.latField}/${input.lngField}`,
        'corrected',
        'latitude and longitude were swapped',
        `${lat},${lng}`,
      );
      [lng, lat] = [lat, lng];
    } else if (!inExtent(lng, lat)) {
      rep.add(
        input.file,
        input.row,
        `${input.latField}/${input.lngField}`,
        'corrected',
        'coordinates outside metropolitan France: ignored',
        `${lat},${lng}`,
      );
      lng = lat = null;
    }
  } else if (str(input.lng) !== '' || str(input.lat) !== '') {
    rep.add(
      input.file,
      input.row,
      `${input.latField}/${input.lngField}`,
      'corrected',
      'coordinates are not numbers: ignored',
      `${str(input.lat)},${str(input.lng)}`,
    );
  }
  let communeCode: string | null = declared;
  if (lng === null || lat === null) {
    let fallback = declared;
    if (!fallback && input.postcode) {
      const candidates = frame.communesByPostcode(input.postcode);
      const byName = input.communeName ? candidates.filter((c) => sameName(frame.communes.get(c)!.name, input.communeName!)) : [];
      fallback = byName.length === 1 ? byName[0] : candidates.length === 1 ? candidates[0] : null;
    }
    if (!fallback) {
      rep.add(
        input.file,
        input.row,
        `${input.latField}/${input.lngField}`,
        'rejected',
        'no usable coordinates and no commune (INSEE code, or postcode + commune name) to place the row',
      );
      return null;
    }
    const c = frame.communes.get(fallback)!;
    [lng, lat] = c.centroid;
    approximate = true;
    communeCode = fallback;
    rep.add(
      input.file,
      input.row,
      `${input.latField}/${input.lngField}`,
      'approximate',
      `placed at the centroid of commune ${c.code} ${c.name}`,
    );
  }
  const point: [number, number] = [lng, lat];
  const hit = approximate ? -1 : frame.communeIndex.findArea(point);
  const pipCommune = hit >= 0 ? frame.communeFeatures[hit].properties.code : null;
  if (!approximate) {
    if (communeCode && pipCommune && pipCommune !== communeCode) {
      rep.add(
        input.file,
        input.row,
        input.communeCodeField ?? 'insee',
        'disagreement',
        `declared commune ${communeCode} but the coordinates fall in ${pipCommune} ${frame.communes.get(pipCommune)?.name}`,
        communeCode,
      );
    } else if (communeCode && !pipCommune) {
      rep.add(
        input.file,
        input.row,
        `${input.latField}/${input.lngField}`,
        'disagreement',
        `declared commune ${communeCode} but the coordinates fall outside the département's communes`,
        `${lat},${lng}`,
      );
    }
    if (!communeCode && pipCommune && input.postcode && !frame.communes.get(pipCommune)!.postcodes.includes(input.postcode.trim())) {
      rep.add(
        input.file,
        input.row,
        'postcode',
        'disagreement',
        `postcode ${input.postcode} is not one of commune ${pipCommune}'s postcodes`,
        input.postcode,
      );
    }
    communeCode = communeCode ?? pipCommune;
  }
  const commune = communeCode ? (frame.communes.get(communeCode) ?? null) : null;
  // the same rule as the coverage table (src/core/coverage/assign-canton.ts)
  const assigned = frame.cantonAssigner.assign(point, commune?.code ?? null);
  const cantonCode = assigned.canton >= 0 ? frame.cantonFeatures[assigned.canton].properties.code : null;
  const cantonMethod: Placement['cantonMethod'] = assigned.method;
  const pipCanton = assigned.pointCanton >= 0 ? frame.cantonFeatures[assigned.pointCanton].properties.code : null;
  if (assigned.method === 'cog' && commune && !approximate && pipCanton && pipCanton !== cantonCode) {
    rep.add(
      input.file,
      input.row,
      'canton',
      'disagreement',
      `commune ${commune.code} lies in canton ${cantonCode} (COG) but the coordinates fall in canton ${pipCanton}`,
      cantonCode,
    );
  }
  return {
    coordinates: [round6(lng), round6(lat)],
    approximate,
    communeCode,
    cantonCode,
    cantonMethod,
    epciCode: commune?.epciCode ?? null,
  };
}

/**
 * Standard properties every service point carries: its commune, canton and EPCI, and how well
 * its point says where it is (`approximate` and `location_precision`: `commune` when the row had
 * no usable coordinates and the point is its commune's centroid, else `exact`).
 */
export function pointFeature(placement: Placement, properties: Record<string, unknown>): Feature<Point, Record<string, unknown>> {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: placement.coordinates },
    properties: {
      ...properties,
      commune_code: placement.communeCode,
      canton_code: placement.cantonCode,
      canton_method: placement.cantonMethod,
      epci_code: placement.epciCode,
      approximate: placement.approximate,
      location_precision: placement.approximate ? 'commune' : 'exact',
    },
  };
}

function inExtent(lng: number, lat: number): boolean {
  return lng >= METRO_EXTENT.minLng && lng <= METRO_EXTENT.maxLng && lat >= METRO_EXTENT.minLat && lat <= METRO_EXTENT.maxLat;
}
function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
function sameName(a: string, b: string): boolean {
  return normalizeText(a) === normalizeText(b);
}
