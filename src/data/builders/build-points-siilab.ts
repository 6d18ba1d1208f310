import type { Feature, Point } from 'geojson';
import { FIRST_RECEPTION } from '../../layers/first-reception.ts';
import { MSAP } from '../../layers/msap.ts';
import { layerHead } from './build-types.ts';
import { normalizeText } from '../../core/text/normalize-text.ts';
import type { Reporter } from '../report.ts';
import { columnsOf, readCsv, readGeoJson, str } from './read-raw.ts';
import { placePoint, pointFeature } from './place-point.ts';
import { sourceUse, type BuildInputs, type BuiltLayer } from './build-types.ts';
import { need, parseLabellingDate } from './build-points.ts';
import { mergeSites, mergeStats, withMergeNote, type LocatedSite } from './build-points-merge.ts';
import { tiersLieuxSites } from './build-points-tiers-lieux.ts';
import type { Frame } from './build-frame.ts';

type PointFeature = Feature<Point, Record<string, unknown>>;

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

/**
 * First reception: SIILAB help points by nature, and the MEL tiers-lieux, the records of one
 * place merged into one site listing every source (`mergeSites`). UTPAS: no open data.
 */
export function buildFirstReception(inputs: BuildInputs, frame: Frame, siilab = siilabRows(inputs)): BuiltLayer {
  const rep = inputs.reporter(FIRST_RECEPTION.id, siilab.desc.id);
  for (const m of siilab.malformed) rep.add(siilab.file.path, m.row, null, 'rejected', `malformed CSV record: ${m.reason}`);
  const siilabSites: LocatedSite[] = [];
  const rows = siilab.rows.filter((r) => !MSAP_NATURE.test(r.values[siilab.c.nature]));
  for (const r of rows) {
    const f = siilabFeature(frame, rep, siilab, r, 'first-reception', firstReceptionKind(r.values[siilab.c.nature]));
    if (f)
      siilabSites.push({
        feature: f,
        source: { id: siilab.desc.id, title: siilab.desc.title },
        file: siilab.file.path,
        row: r.row,
        reporter: rep,
      });
  }
  const tl = tiersLieuxSites(inputs, frame);
  const merge = mergeSites([...siilabSites, ...tl.sites], {
    sourcePriority: [siilab.desc.id, tl.use.id],
    communeName: (code) => frame.communes.get(code)?.name ?? null,
  });
  const features = merge.features;
  const byKind: Record<string, number> = {};
  for (const f of features) byKind[f.properties.kind as string] = (byKind[f.properties.kind as string] ?? 0) + 1;
  const siilabRead = rows.length + siilab.malformed.length;
  return {
    manifest: {
      ...layerHead(FIRST_RECEPTION),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [
        sourceUse(siilab.desc, [siilab.file], { read: siilabRead, kept: siilabSites.length, rejected: siilabRead - siilabSites.length }, [
          "lieux d'aide hors MSAP, typés par nature; les enregistrements illisibles sont comptés ici",
        ]),
        tl.use,
      ].map((u) => withMergeNote(u, merge)),
      caveats: [
        "Déclaratif 2018–2020 (enquête SIILAB) et tiers-lieux de la MEL avant mai 2020: à vérifier avant de s'y rendre.",
        'Aucune donnée ouverte pour les UTPAS et sites du Département: importez-les (CSV ou GeoJSON).',
      ],
      accepts: [...(FIRST_RECEPTION.import?.accepts ?? [])],
      stats: { by_kind: byKind, ...mergeStats(merge) },
    },
    data: { type: 'FeatureCollection', features },
  };
}

/** Builds the MSAP and first-reception layers from one read of the SIILAB file. */
export function buildSiilabLayers(inputs: BuildInputs, frame: Frame): BuiltLayer[] {
  const s = siilabRows(inputs);
  return [buildMsap(inputs, frame, s), buildFirstReception(inputs, frame, s)];
}
