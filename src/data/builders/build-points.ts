import type { Feature, Point } from 'geojson';
import type { FranceServicesProperties } from '../../layers/france-services.ts';
import { FIRST_RECEPTION } from '../../layers/first-reception.ts';
import { FRANCE_SERVICES_NEARBY } from '../../layers/france-services-nearby.ts';
import { FRANCE_SERVICES } from '../../layers/france-services.ts';
import { MSAP } from '../../layers/msap.ts';
import { MSP } from '../../layers/msp.ts';
import { layerHead } from './build-types.ts';
import { parseDayHours, type DayHours } from '../../core/hours/parse-day-hours.ts';
import { expandBBoxKm, isInBBox } from '../../core/geo/lng-lat.ts';
import { normalizeText } from '../../core/text/normalize-text.ts';
import { parseFrenchNumber } from '../parse/parse-csv.ts';
import type { Reporter } from '../report.ts';
import { columnsOf, readCsv, readGeoJson, str } from './read-raw.ts';
import { placePoint, pointFeature } from './place-point.ts';
import { sourceUse, type BuildInputs, type BuiltLayer, type RawFile, type SourceUse } from './build-types.ts';
import type { Frame } from './build-frame.ts';
import type { SourceDescription } from '../sources/source-description.ts';

type PointFeature = Feature<Point, Record<string, unknown>>;
const DAY_FIELDS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

function need(inputs: BuildInputs, id: string): { desc: SourceDescription; files: RawFile[] } {
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
      } satisfies Omit<FranceServicesProperties, 'hours'>;
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

interface SiilabRow {
  row: number;
  values: Record<string, string>;
}

/** SIILAB rows of the département (by postcode), read once for the MSAP and first-reception layers. */
function siilabRows(inputs: BuildInputs) {
  const { desc, files } = need(inputs, 'siilab-hdf-2020');
  const c = columnsOf(
    desc,
    'id',
    'timestamp',
    'name',
    'status',
    'nature',
    'mail',
    'address',
    'postcode',
    'communeName',
    'phone',
    'website',
    'procedures',
    'mediation',
    'publics',
    'lat',
    'lng',
  );
  const csv = readCsv(files[0], desc, Object.values(c));
  const rows: SiilabRow[] = csv.records.filter((r) => r.values[c.postcode].trim().startsWith(inputs.dept.code));
  return { desc, file: files[0], c, rows, malformed: csv.malformed };
}

function siilabFeature(
  frame: Frame,
  rep: Reporter,
  s: ReturnType<typeof siilabRows>,
  r: SiilabRow,
  layer: string,
  kind: string,
): PointFeature | null {
  const v = r.values;
  const c = s.c;
  const placement = placePoint(frame, rep, {
    file: s.file.path,
    row: r.row,
    lng: v[c.lng],
    lat: v[c.lat],
    lngField: c.lng,
    latField: c.lat,
    postcode: v[c.postcode],
    communeName: v[c.communeName],
  });
  if (!placement) return null;
  const year = /(\d{4})/.exec(v[c.timestamp])?.[1] ?? null;
  return pointFeature(placement, {
    id: `siilab-${v[c.id]}`,
    layer,
    name: v[c.name].trim(),
    kind,
    nature: v[c.nature],
    status: v[c.status] || null,
    address: v[c.address].replace(/\s+/g, ' ').trim(),
    postcode: v[c.postcode].trim(),
    commune_name: v[c.communeName].trim(),
    phone: v[c.phone] || null,
    mail: v[c.mail] || null,
    website: v[c.website] || null,
    procedures_help: v[c.procedures] || null,
    digital_mediation: v[c.mediation] || null,
    surveyed_year: year,
    self_declared: true,
    source: s.desc.id,
  });
}

const MSAP_NATURE = /Maison de Services? au Public/i;

/** First-reception types, from the SIILAB `Nature` values. */
export function firstReceptionKind(nature: string): string {
  const n = normalizeText(nature);
  if (n.includes('securite sociale') || /\b(caf|cpam|carsat|msa)\b/.test(n)) return 'securite-sociale';
  if (n.includes('centre social')) return 'centre-social';
  if (n.startsWith('commune') || n.includes('ccas')) return 'mairie-ccas';
  if (n.includes('maison de quartier')) return 'maison-de-quartier';
  if (n.includes('pole emploi') || n.includes('france travail')) return 'france-travail';
  if (n.includes('bibliotheque') || n.includes('mediatheque')) return 'mediatheque';
  if (n.includes('intercommunalite')) return 'intercommunalite';
  if (n.includes('administration') || n.includes('collectivite')) return 'administration';
  if (n.includes('tiers lieu')) return 'tiers-lieu';
  if (n.includes('association')) return 'association';
  if (n.includes('formation')) return 'organisme-formation';
  return 'autre';
}

/** MSAP (history): SIILAB MSAP rows, and the October 2020 France Services snapshot (first labelling wave). */
export function buildMsap(inputs: BuildInputs, frame: Frame, siilab = siilabRows(inputs)): BuiltLayer {
  const rep = inputs.reporter(MSAP.id, siilab.desc.id);
  const features: PointFeature[] = [];
  const msapRows = siilab.rows.filter((r) => MSAP_NATURE.test(r.values[siilab.c.nature]));
  for (const r of msapRows) {
    const f = siilabFeature(frame, rep, siilab, r, 'msap', 'msap-2018-2020');
    if (f) features.push(f);
  }
  const siilabKept = features.length;
  const { desc, files } = need(inputs, 'anct-france-services-2020');
  const c = columnsOf(
    desc,
    'id',
    'dept',
    'name',
    'address',
    'communeCode',
    'postcode',
    'communeName',
    'itinerant',
    'labelling',
    'category',
  );
  const rep20 = inputs.reporter(MSAP.id, desc.id);
  const fc = readGeoJson(files[0], desc);
  let read20 = 0;
  fc.features.forEach((f, i) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    if (str(p[c.dept]) !== inputs.dept.code) return;
    read20++;
    const coords = f.geometry?.type === 'Point' ? f.geometry.coordinates : [null, null];
    const placement = placePoint(frame, rep20, {
      file: files[0].path,
      row: i + 1,
      lng: coords[0],
      lat: coords[1],
      lngField: 'geometry',
      latField: 'geometry',
      communeCode: str(p[c.communeCode]),
      communeCodeField: c.communeCode,
      postcode: str(p[c.postcode]),
      communeName: str(p[c.communeName]),
    });
    if (!placement) return;
    features.push(
      pointFeature(placement, {
        id: `fs2020-${str(p[c.id])}`,
        id_fs: str(p[c.id]),
        layer: MSAP.id,
        name: str(p[c.name]),
        kind: 'france-services-2020',
        itinerant: str(p[c.itinerant]) === 'Oui',
        category: str(p[c.category]),
        address: str(p[c.address]),
        postcode: str(p[c.postcode]),
        commune_name: str(p[c.communeName]),
        labelled_on: parseLabellingDate(str(p[c.labelling])),
        labelling_text: str(p[c.labelling]),
        source: desc.id,
      }),
    );
  });
  return {
    manifest: {
      ...layerHead(MSAP),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [
        sourceUse(siilab.desc, [siilab.file], { read: msapRows.length, kept: siilabKept, rejected: msapRows.length - siilabKept }, [
          "lignes « Maison de Service au Public (MSAP) » de l'enquête",
        ]),
        sourceUse(desc, files, { read: read20, kept: features.length - siilabKept, rejected: read20 - (features.length - siilabKept) }, [
          'première vague de labellisation France Services',
        ]),
      ],
      caveats: [
        "Liste partielle des MSAP: seules celles qui ont répondu à l'enquête SIILAB 2018–2020 (déclaratif).",
        "France Services d'octobre 2020: première vague de labellisation.",
      ],
      stats: { msap_2018_2020: siilabKept, france_services_2020: features.length - siilabKept },
    },
    data: { type: 'FeatureCollection', features },
  };
}

/** First reception: SIILAB help points by nature, and the MEL tiers-lieux. UTPAS: no open data. */
export function buildFirstReception(inputs: BuildInputs, frame: Frame, siilab = siilabRows(inputs)): BuiltLayer {
  const rep = inputs.reporter(FIRST_RECEPTION.id, siilab.desc.id);
  for (const m of siilab.malformed) rep.add(siilab.file.path, m.row, null, 'rejected', `malformed CSV record: ${m.reason}`);
  const features: PointFeature[] = [];
  const rows = siilab.rows.filter((r) => !MSAP_NATURE.test(r.values[siilab.c.nature]));
  for (const r of rows) {
    const f = siilabFeature(frame, rep, siilab, r, 'first-reception', firstReceptionKind(r.values[siilab.c.nature]));
    if (f) features.push(f);
  }
  const siilabKept = features.length;
  const { desc, files } = need(inputs, 'mel-tiers-lieux-2020');
  const c = columnsOf(desc, 'id', 'name', 'mail', 'lat', 'lng', 'communeName', 'communeCode', 'postcode', 'address', 'tags', 'url');
  const csv = readCsv(files[0], desc, Object.values(c));
  const repTl = inputs.reporter(FIRST_RECEPTION.id, desc.id);
  for (const m of csv.malformed) repTl.add(files[0].path, m.row, null, 'rejected', `malformed CSV record: ${m.reason}`);
  let readTl = csv.malformed.length;
  for (const r of csv.records) {
    const v = r.values;
    let code = v[c.communeCode].trim();
    if (code && !/^\d[\dAB]\d{3}$/.test(code)) {
      repTl.add(files[0].path, r.row, c.communeCode, 'corrected', 'not an INSEE code: ignored', code);
      code = '';
    }
    const postcode = v[c.postcode].trim();
    const lng = parseFrenchNumber(v[c.lng]);
    const lat = parseFrenchNumber(v[c.lat]);
    const inDeptByCode = code ? code.startsWith(inputs.dept.code) : postcode ? postcode.startsWith(inputs.dept.code) : null;
    const inDeptByPoint = lng !== null && lat !== null ? frame.departementIndex.findArea([lng, lat]) >= 0 : null;
    if (inDeptByCode === false || (inDeptByCode === null && inDeptByPoint === false)) continue;
    readTl++;
    if (inDeptByCode === null && inDeptByPoint === null) {
      repTl.add(
        files[0].path,
        r.row,
        `${c.postcode}/${c.lat}`,
        'rejected',
        'no postcode, INSEE code or coordinates: cannot tell where this tiers-lieu is',
        v[c.name],
      );
      continue;
    }
    const placement = placePoint(frame, repTl, {
      file: files[0].path,
      row: r.row,
      lng: v[c.lng],
      lat: v[c.lat],
      lngField: c.lng,
      latField: c.lat,
      communeCode: code || undefined,
      communeCodeField: c.communeCode,
      postcode,
      communeName: v[c.communeName],
    });
    if (!placement) continue;
    features.push(
      pointFeature(placement, {
        id: `tiers-lieu-${v[c.id]}`,
        layer: FIRST_RECEPTION.id,
        name: v[c.name],
        kind: 'tiers-lieu',
        address: v[c.address],
        postcode,
        commune_name: v[c.communeName],
        mail: v[c.mail] || null,
        website: v[c.url] || null,
        tags: v[c.tags] || null,
        self_declared: true,
        source: desc.id,
      }),
    );
  }
  const byKind: Record<string, number> = {};
  for (const f of features) byKind[f.properties.kind as string] = (byKind[f.properties.kind as string] ?? 0) + 1;
  return {
    manifest: {
      ...layerHead(FIRST_RECEPTION),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [
        sourceUse(
          siilab.desc,
          [siilab.file],
          { read: rows.length + siilab.malformed.length, kept: siilabKept, rejected: rows.length + siilab.malformed.length - siilabKept },
          ["lieux d'aide hors MSAP, typés par nature; les enregistrements illisibles sont comptés ici"],
        ),
        sourceUse(desc, files, { read: readTl, kept: features.length - siilabKept, rejected: readTl - (features.length - siilabKept) }),
      ],
      caveats: [
        "Déclaratif 2018–2020 (enquête SIILAB) et tiers-lieux de la MEL avant mai 2020: à vérifier avant de s'y rendre.",
        'Aucune donnée ouverte pour les UTPAS et sites du Département: importez-les (CSV ou GeoJSON).',
      ],
      accepts: [...(FIRST_RECEPTION.import?.accepts ?? [])],
      stats: { by_kind: byKind },
    },
    data: { type: 'FeatureCollection', features },
  };
}

/** Builds the MSAP and first-reception layers from one read of the SIILAB file. */
export function buildSiilabLayers(inputs: BuildInputs, frame: Frame): BuiltLayer[] {
  const s = siilabRows(inputs);
  return [buildMsap(inputs, frame, s), buildFirstReception(inputs, frame, s)];
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
