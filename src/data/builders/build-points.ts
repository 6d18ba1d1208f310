import type { Feature, Point } from 'geojson';
import type { FranceServicesProperties } from '../../layers/france-services.ts';
import { FRANCE_SERVICES_NEARBY } from '../../layers/france-services-nearby.ts';
import { FRANCE_SERVICES } from '../../layers/france-services.ts';
import { MSP } from '../../layers/msp.ts';
import { layerHead } from './build-types.ts';
import { parseDayHours, type DayHours } from '../../core/hours/parse-day-hours.ts';
import { expandBBoxKm, isInBBox } from '../../core/geo/lng-lat.ts';
import { parseFrenchNumber } from '../parse/parse-csv.ts';
import type { Reporter } from '../report.ts';
import { columnsOf, readCsv, str } from './read-raw.ts';
import { placePoint, pointFeature } from './place-point.ts';
import { sourceUse, type BuildInputs, type BuiltLayer, type RawFile, type SourceUse } from './build-types.ts';
import type { Frame } from './build-frame.ts';
import type { SourceDescription } from '../sources/source-description.ts';

type PointFeature = Feature<Point, Record<string, unknown>>;
const DAY_FIELDS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

export function need(inputs: BuildInputs, id: string): { desc: SourceDescription; files: RawFile[] } {
  const desc = inputs.sources.get(id);
  if (!desc) throw new Error(`missing source mapping "${id}" (data/sources/${id}.json)`);
  return { desc, files: inputs.files.get(id) ?? [] };
}

/** "Espace labellisé 01/02/2020" → "2020-02-01"; "… 01/2020" → "2020-01". */
export function parseLabellingDate(text: string): string | null {
  const full = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text);
  if (full) {
    const [d, m, y] = [Number(full[1]), Number(full[2]), Number(full[3])];
    if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  const month = /(?:^|\D)(\d{1,2})\/(\d{4})/.exec(text);
  if (month && Number(month[1]) >= 1 && Number(month[1]) <= 12) return `${month[2]}-${month[1].padStart(2, '0')}`;
  return null;
}

/** Parses the six day columns of a France Services row; unparseable days are reported, their text kept. */
function weeklyHours(values: Record<string, unknown>, cols: Record<string, string>, rep: Reporter, file: string, row: number) {
  const hours: Record<string, DayHours> = {};
  for (const day of DAY_FIELDS) {
    const parsed = parseDayHours(str(values[cols[day]]));
    if (parsed.status === 'unknown') rep.add(file, row, cols[day], 'corrected', `hours kept as text only: ${parsed.reason}`, parsed.text);
    else if (parsed.notes?.length) rep.add(file, row, cols[day], 'corrected', `hours normalised: ${parsed.notes.join('; ')}`, parsed.text);
    hours[day] = parsed;
  }
  return hours;
}

/** France Services (ANCT list): the département's sites, plus nearby sites of other départements. */
export function buildFranceServices(inputs: BuildInputs, frame: Frame): BuiltLayer[] {
  const { desc, files } = need(inputs, 'anct-france-services-2024');
  const file = files[0];
  const c = columnsOf(
    desc,
    'id',
    'dept',
    'name',
    'address',
    'addressComplement',
    'communeCode',
    'postcode',
    'communeName',
    'lat',
    'lng',
    'mail',
    'phone',
    ...DAY_FIELDS,
    'appointment',
    'comment',
    'siteType',
    'format',
    'group',
    'labelling',
  );
  const csv = readCsv(file, desc, Object.values(c));
  const rep = inputs.reporter(FRANCE_SERVICES.id, desc.id);
  for (const m of csv.malformed) rep.add(file.path, m.row, null, 'rejected', `malformed CSV record: ${m.reason}`);
  const features: PointFeature[] = [];
  const nearby: PointFeature[] = [];
  const near = expandBBoxKm(frame.departementBBox, inputs.dept.neighbourBufferKm);
  let read = 0;
  const byFormat: Record<string, number> = {};
  for (const r of csv.records) {
    const v = r.values;
    const props = () => {
      const format = v[c.format];
      const labelledOn = parseLabellingDate(v[c.labelling]);
      if (!labelledOn && v[c.labelling])
        rep.add(file.path, r.row, c.labelling, 'corrected', 'labelling date not recognised; text kept', v[c.labelling]);
      return {
        id: v[c.id],
        layer: FRANCE_SERVICES.id,
        name: v[c.name],
        kind: /bus|itin/i.test(format) ? 'bus' : 'fixed',
        format,
        site_type: v[c.siteType],
        group: v[c.group] || null,
        address: [v[c.address], v[c.addressComplement]].filter(Boolean).join(', '),
        postcode: v[c.postcode],
        commune_name: v[c.communeName],
        phone: v[c.phone] || null,
        mail: v[c.mail] || null,
        appointment: v[c.appointment] === 'Oui' ? true : v[c.appointment] === 'Non' ? false : null,
        comment: v[c.comment] || null,
        labelled_on: labelledOn,
        labelling_text: v[c.labelling],
        source: desc.id,
      } satisfies Omit<FranceServicesProperties, 'hours' | 'location_precision'>;
    };
    if (v[c.dept] !== inputs.dept.code) {
      const lng = parseFrenchNumber(v[c.lng]);
      const lat = parseFrenchNumber(v[c.lat]);
      if (lng !== null && lat !== null && isInBBox([lng, lat], near)) {
        nearby.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [lng, lat] },
          properties: {
            ...props(),
            dept: v[c.dept],
            commune_code: v[c.communeCode],
            hours: weeklyHours(v, c, rep, file.path, r.row),
            approximate: false,
            location_precision: 'exact',
          },
        });
      }
      continue;
    }
    read++;
    const placement = placePoint(frame, rep, {
      file: file.path,
      row: r.row,
      lng: v[c.lng],
      lat: v[c.lat],
      lngField: c.lng,
      latField: c.lat,
      communeCode: v[c.communeCode],
      communeCodeField: c.communeCode,
      postcode: v[c.postcode],
      communeName: v[c.communeName],
    });
    if (!placement) continue;
    const p = props();
    byFormat[p.format] = (byFormat[p.format] ?? 0) + 1;
    features.push(pointFeature(placement, { ...p, hours: weeklyHours(v, c, rep, file.path, r.row) }));
  }
  // malformed records cannot be attributed to a département: counted as read and rejected, never dropped
  read += csv.malformed.length;
  const counts = { read, kept: features.length, rejected: read - features.length };
  return [
    franceServicesLayer(sourceUse(desc, [file], counts), desc.caveats ?? [], features, byFormat),
    nearbyLayer(
      sourceUse(desc, [file], { read: nearby.length, kept: nearby.length, rejected: 0 }, [
        `sites hors département à moins de ~${inputs.dept.neighbourBufferKm} km de son emprise`,
      ]),
      nearby,
    ),
  ];
}

/** The département's France Services layer, with its fixed sites, buses and formats counted. */
function franceServicesLayer(use: SourceUse, caveats: string[], features: PointFeature[], byFormat: Record<string, number>): BuiltLayer {
  const fixed = features.filter((f) => f.properties.kind === 'fixed').length;
  return {
    manifest: {
      ...layerHead(FRANCE_SERVICES),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [use],
      caveats,
      stats: { fixed, bus: features.length - fixed, by_format: byFormat },
    },
    data: { type: 'FeatureCollection', features },
  };
}

/** The neighbouring départements' France Services near the border. */
function nearbyLayer(use: SourceUse, nearby: PointFeature[]): BuiltLayer {
  return {
    manifest: {
      ...layerHead(FRANCE_SERVICES_NEARBY),
      status: nearby.length ? 'ok' : 'no-data',
      features: nearby.length,
      sources: [use],
      caveats: ['Sites des départements voisins, pour les distances et la recherche du plus proche près des limites.'],
    },
    data: { type: 'FeatureCollection', features: nearby },
  };
}

/** MSP: no open file is available; the layer exists, empty, and says what it accepts. */
export function buildEmptyMsp(): BuiltLayer {
  return {
    manifest: {
      ...layerHead(MSP),
      status: 'no-data',
      features: 0,
      sources: [],
      caveats: ["Aucune donnée chargée: le fichier FINESS des MSP (catégorie 603) n'est pas dans les données ouvertes disponibles ici."],
      accepts: [...(MSP.import?.accepts ?? [])],
    },
    data: { type: 'FeatureCollection', features: [] },
  };
}
