import type { Feature, Point } from 'geojson';
import { DIGITAL_INCLUSION } from '../../layers/digital-inclusion.ts';
import { layerHead } from './build-types.ts';
import { normalizeText } from '../../core/text/normalize-text.ts';
import { columnsOf, readGeoJson, readJson, readJsonArray, str } from './read-raw.ts';
import { placePoint, pointFeature } from './place-point.ts';
import { sourceUse, type BuildInputs, type BuiltLayer } from './build-types.ts';
import type { Frame } from './build-frame.ts';

type PointFeature = Feature<Point, Record<string, unknown>>;

/** Decodes the geocoder's literal byte escapes (`Ren<e9>` → `René`). */
export function decodeByteEscapes(text: string): string {
  return text.replace(/<([0-9a-f]{2})>/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function splitSemicolons(value: unknown): string[] {
  return str(value)
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Word-set similarity of two names (0..1). */
function nameSimilarity(a: string, b: string): number {
  const A = new Set(
    normalizeText(a)
      .split(' ')
      .filter((w) => w.length > 2),
  );
  const B = new Set(
    normalizeText(b)
      .split(' ')
      .filter((w) => w.length > 2),
  );
  if (!A.size || !B.size) return 0;
  let common = 0;
  for (const w of A) if (B.has(w)) common++;
  return common / Math.min(A.size, B.size);
}

type MediationRecord = { row: number; p: Record<string, unknown>; coords: [number, number] };

/** The spring-2023 lieux de médiation numérique of the département, each placed (one record per source listing). */
function mediationRecords(inputs: BuildInputs, frame: Frame) {
  const dept = inputs.dept.code;
  const lmDesc = inputs.sources.get('assembleurs-lieux-mediation-2023')!;
  const lmFile = inputs.files.get(lmDesc.id)![0];
  const c = columnsOf(
    lmDesc,
    'id',
    'name',
    'communeName',
    'postcode',
    'communeCode',
    'address',
    'phone',
    'mail',
    'website',
    'hours',
    'source',
    'updated',
    'services',
    'publics',
    'access',
    'labels',
    'modalities',
    'appointment',
  );
  const rep = inputs.reporter(DIGITAL_INCLUSION.id, lmDesc.id);
  const fc = readGeoJson(lmFile, lmDesc);
  const records: MediationRecord[] = [];
  let lmRead = 0;
  fc.features.forEach((f, i) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const inDept = str(p[c.communeCode]) ? str(p[c.communeCode]).startsWith(dept) : str(p[c.postcode]).startsWith(dept);
    if (!inDept) return;
    lmRead++;
    const coords = f.geometry?.type === 'Point' ? (f.geometry.coordinates as [number, number]) : null;
    const placement = placePoint(frame, rep, {
      file: lmFile.path,
      row: i + 1,
      lng: coords?.[0],
      lat: coords?.[1],
      lngField: 'geometry',
      latField: 'geometry',
      communeCode: str(p[c.communeCode]) || undefined,
      communeCodeField: c.communeCode,
      postcode: str(p[c.postcode]),
      communeName: str(p[c.communeName]),
    });
    if (!placement) return;
    records.push({ row: i + 1, p: { ...p, __placement: placement }, coords: placement.coordinates });
  });
  return { lmDesc, lmFile, c, rep, records, lmRead };
}

/** Merges the records of one place listed by several sources: same position (4 decimals, ~10 m), different sources, the closest names. */
function mergeSamePlace(m: ReturnType<typeof mediationRecords>) {
  const { lmFile, c, rep, records } = m;
  type Rec = MediationRecord;
  // merge: same position (4 decimals, ~10 m) and different sources = one place
  const groups = new Map<string, Rec[]>();
  for (const r of records) {
    const key = `${r.coords[0].toFixed(4)},${r.coords[1].toFixed(4)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  let merged = 0;
  const places: Rec[][] = [];
  for (const group of groups.values()) {
    const local: Rec[][] = [];
    for (const r of group) {
      const source = str(r.p[c.source]);
      let best: Rec[] | null = null;
      let bestScore = -1;
      for (const place of local) {
        if (place.some((x) => str(x.p[c.source]) === source)) continue;
        const score = nameSimilarity(str(place[0].p[c.name]), str(r.p[c.name]));
        if (score > bestScore) {
          best = place;
          bestScore = score;
        }
      }
      if (best) {
        best.push(r);
        merged++;
        rep.add(
          lmFile.path,
          r.row,
          c.source,
          'merged',
          `same place as row ${best[0].row} ("${str(best[0].p[c.name])}", source ${str(best[0].p[c.source])}): merged, both sources kept`,
          str(r.p[c.name]),
        );
      } else local.push([r]);
    }
    places.push(...local);
  }
  return { places, merged };
}

/** One feature per merged place: the first record's id and name, every source's values kept. */
function mediationFeatures(m: ReturnType<typeof mediationRecords>, places: MediationRecord[][]): PointFeature[] {
  const { lmDesc, c } = m;
  const features: PointFeature[] = [];
  for (const place of places) {
    const first = place[0];
    const placement = first.p.__placement as Parameters<typeof pointFeature>[0];
    const pick = (field: string) => place.map((r) => str(r.p[c[field]])).find((v) => v !== '') || null;
    const union = (field: string) => [...new Set(place.flatMap((r) => splitSemicolons(r.p[c[field]])))];
    features.push(
      pointFeature(placement, {
        id: str(first.p[c.id]),
        layer: DIGITAL_INCLUSION.id,
        name: str(first.p[c.name]),
        kind: 'lieu-mediation-numerique',
        address: pick('address'),
        postcode: pick('postcode'),
        commune_name: pick('communeName'),
        phone: pick('phone'),
        mail: pick('mail'),
        website: pick('website'),
        opening_hours_osm: pick('hours'),
        appointment_url: pick('appointment'),
        services: union('services'),
        labels: union('labels'),
        publics: union('publics'),
        access: union('access'),
        modalities: union('modalities'),
        updated:
          place
            .map((r) => str(r.p[c.updated]))
            .sort()
            .at(-1) || null,
        sources: place.map((r) => ({ source: str(r.p[c.source]), id: str(r.p[c.id]), name: str(r.p[c.name]) })),
        source_names: [...new Set(place.map((r) => str(r.p[c.source])))].join(' '),
        source: lmDesc.id,
      }),
    );
  }
  return features;
}

/** The 2021 conseillers numériques host structures of the département (with coordinates). */
function conseillers2021(inputs: BuildInputs, frame: Frame) {
  const dept = inputs.dept.code;
  const features: PointFeature[] = [];
  const cnDesc = inputs.sources.get('anct-conseillers-numeriques-2021')!;
  const cnFile = inputs.files.get(cnDesc.id)![0];
  const k = columnsOf(
    cnDesc,
    'name',
    'siret',
    'dept',
    'communeCode',
    'postcode',
    'address',
    'lat',
    'lng',
    'count',
    'date',
    'geocoderLabel',
    'geocoderScore',
    'franceServices',
    'qpv',
    'zrr',
    'publicOrPrivate',
  );
  const cnRep = inputs.reporter(DIGITAL_INCLUSION.id, cnDesc.id);
  let cnRead = 0;
  readJsonArray(cnFile, cnDesc).forEach((r, i) => {
    if (str(r[k.dept]) !== dept) {
      if (!str(r[k.dept]) && !str(r[k.communeCode]))
        cnRep.add(
          cnFile.path,
          i + 1,
          k.dept,
          'rejected',
          'no département, commune or postcode: cannot be attributed to any département',
          str(r[k.name]),
        );
      return;
    }
    cnRead++;
    const placement = placePoint(frame, cnRep, {
      file: cnFile.path,
      row: i + 1,
      lng: r[k.lng],
      lat: r[k.lat],
      lngField: k.lng,
      latField: k.lat,
      communeCode: str(r[k.communeCode]) || undefined,
      communeCodeField: k.communeCode,
      postcode: str(r[k.postcode]),
    });
    if (!placement) return;
    features.push(
      pointFeature(placement, {
        id: `cnfs2021-${i + 1}`, // the same SIRET appears once per selection committee: the record number is the stable id
        siret: str(r[k.siret]) || null,
        layer: DIGITAL_INCLUSION.id,
        name: str(r[k.name]),
        kind: 'conseillers-numeriques-2021',
        address: decodeByteEscapes(str(r[k.geocoderLabel])) || str(r[k.address]).replace(/\s+/g, ' '),
        postcode: str(r[k.postcode]),
        advisors: typeof r[k.count] === 'number' ? r[k.count] : null,
        selected_on: str(r[k.date]) || null,
        host_type: str(r[k.publicOrPrivate]) || null,
        france_services: str(r[k.franceServices]) === 'oui',
        qpv: str(r[k.qpv]) === 'oui',
        labels: ['CNFS'],
        source: cnDesc.id,
      }),
    );
  });
  const cnKept = features.length;
  return {
    features,
    use: sourceUse(cnDesc, [cnFile], { read: cnRead, kept: cnKept, rejected: cnRead - cnKept }),
    caveats: cnDesc.caveats ?? [],
  };
}

/** The 2023 state of the conseillers numériques: no coordinates, placed at their commune's centroid. */
function conseillers2023(inputs: BuildInputs, frame: Frame) {
  const dept = inputs.dept.code;
  const features: PointFeature[] = [];
  const c3Desc = inputs.sources.get('assembleurs-conseillers-numeriques-2023')!;
  const c3File = inputs.files.get(c3Desc.id)![0];
  const q = columnsOf(c3Desc, 'siret', 'attributed', 'recruited', 'postcode', 'communeCode', 'franceServices', 'qpv', 'zrr');
  const c3Rep = inputs.reporter(DIGITAL_INCLUSION.id, c3Desc.id);
  const obj = readJson(c3File, c3Desc);
  let c3Read = 0;
  Object.entries((obj ?? {}) as Record<string, Record<string, unknown>>).forEach(([name, r], i) => {
    const code = str(r[q.communeCode]).padStart(5, '0');
    if (!code.startsWith(dept)) return;
    c3Read++;
    const placement = placePoint(frame, c3Rep, {
      file: c3File.path,
      row: i + 1,
      lng: null,
      lat: null,
      lngField: '(none)',
      latField: '(none)',
      communeCode: code,
      communeCodeField: q.communeCode,
      postcode: str(r[q.postcode]).padStart(5, '0'),
    });
    if (!placement) return;
    features.push(
      pointFeature(placement, {
        id: `cnum2023-${str(r[q.siret]) || i + 1}`,
        siret: str(r[q.siret]) || null,
        layer: DIGITAL_INCLUSION.id,
        name,
        kind: 'conseillers-numeriques-2023',
        advisors_attributed: typeof r[q.attributed] === 'number' ? r[q.attributed] : null,
        advisors_recruited: typeof r[q.recruited] === 'number' ? r[q.recruited] : null,
        france_services: str(r[q.franceServices]) === 'oui',
        labels: ['CNFS'],
        source: c3Desc.id,
      }),
    );
  });
  const c3Kept = features.length;
  return {
    features,
    use: sourceUse(c3Desc, [c3File], { read: c3Read, kept: c3Kept, rejected: c3Read - c3Kept }, [
      'sans coordonnées: placées au centroïde de la commune (approximatif)',
    ]),
    caveats: c3Desc.caveats ?? [],
  };
}

/**
 * Digital inclusion: the spring-2023 lieux de médiation numérique (places
 * listed once per source are merged, every source kept), the 2021 conseillers
 * numériques host structures and their 2023 state.
 */
export function buildDigitalInclusion(inputs: BuildInputs, frame: Frame): BuiltLayer {
  const m = mediationRecords(inputs, frame);
  const { lmDesc, lmFile, rep, records, lmRead } = m;
  const { places, merged } = mergeSamePlace(m);
  const features = mediationFeatures(m, places);
  const lmKept = features.length;
  const cn = conseillers2021(inputs, frame);
  const c3 = conseillers2023(inputs, frame);
  features.push(...cn.features, ...c3.features);
  const byKind: Record<string, number> = {};
  for (const f of features) byKind[f.properties.kind as string] = (byKind[f.properties.kind as string] ?? 0) + 1;
  return {
    manifest: {
      ...layerHead(DIGITAL_INCLUSION),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [
        sourceUse(lmDesc, [lmFile], { read: lmRead, kept: lmRead - rep.count('rejected'), rejected: rep.count('rejected') }, [
          `${records.length} fiches placées, fusionnées en ${lmKept} lieux (${merged} fiches fusionnées: même position à ~10 m, sources différentes)`,
        ]),
        cn.use,
        c3.use,
      ],
      caveats: [...(lmDesc.caveats ?? []), ...cn.caveats, ...c3.caveats],
      stats: { by_kind: byKind, merged_records: merged },
    },
    data: { type: 'FeatureCollection', features },
  };
}
