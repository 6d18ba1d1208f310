import { DIGITAL_INCLUSION } from '../../layers/digital-inclusion.ts';
import { layerHead } from './build-types.ts';
import { columnsOf, readGeoJson, readJson, readJsonArray, str } from './read-raw.ts';
import { placePoint, pointFeature } from './place-point.ts';
import { sourceUse, type BuildInputs, type BuiltLayer } from './build-types.ts';
import { mergeSites, mergeStats, withMergeNote, type LocatedSite } from './build-points-merge.ts';
import type { Frame } from './build-frame.ts';

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

/** The spring-2023 lieux de médiation numérique of the département, one site per record (merged later with the others). */
function mediationSites(inputs: BuildInputs, frame: Frame) {
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
  const sites: LocatedSite[] = [];
  let read = 0;
  fc.features.forEach((f, i) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const inDept = str(p[c.communeCode]) ? str(p[c.communeCode]).startsWith(dept) : str(p[c.postcode]).startsWith(dept);
    if (!inDept) return;
    read++;
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
    const value = (field: string) => str(p[c[field]]) || null;
    sites.push({
      feature: pointFeature(placement, {
        id: str(p[c.id]),
        layer: DIGITAL_INCLUSION.id,
        name: str(p[c.name]),
        kind: 'lieu-mediation-numerique',
        address: value('address'),
        postcode: value('postcode'),
        commune_name: value('communeName'),
        phone: value('phone'),
        mail: value('mail'),
        website: value('website'),
        opening_hours_osm: value('hours'),
        appointment_url: value('appointment'),
        services: splitSemicolons(p[c.services]),
        labels: splitSemicolons(p[c.labels]),
        publics: splitSemicolons(p[c.publics]),
        access: splitSemicolons(p[c.access]),
        modalities: splitSemicolons(p[c.modalities]),
        updated: value('updated'),
        source: lmDesc.id,
      }),
      source: { id: lmDesc.id, title: lmDesc.title },
      file: lmFile.path,
      row: i + 1,
      reporter: rep,
      via: value('source'),
    });
  });
  return {
    sites,
    use: sourceUse(lmDesc, [lmFile], { read, kept: read - rep.count('rejected'), rejected: rep.count('rejected') }),
    caveats: lmDesc.caveats ?? [],
  };
}

/** The 2021 conseillers numériques host structures of the département (with coordinates). */
function conseillers2021(inputs: BuildInputs, frame: Frame) {
  const dept = inputs.dept.code;
  const sites: LocatedSite[] = [];
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
    sites.push({
      feature: pointFeature(placement, {
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
      source: { id: cnDesc.id, title: cnDesc.title },
      file: cnFile.path,
      row: i + 1,
      reporter: cnRep,
    });
  });
  const cnKept = sites.length;
  return {
    sites,
    use: sourceUse(cnDesc, [cnFile], { read: cnRead, kept: cnKept, rejected: cnRead - cnKept }),
    caveats: cnDesc.caveats ?? [],
  };
}

/** The 2023 state of the conseillers numériques: no coordinates, placed at their commune's centroid. */
function conseillers2023(inputs: BuildInputs, frame: Frame) {
  const dept = inputs.dept.code;
  const sites: LocatedSite[] = [];
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
    sites.push({
      feature: pointFeature(placement, {
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
      source: { id: c3Desc.id, title: c3Desc.title },
      file: c3File.path,
      row: i + 1,
      reporter: c3Rep,
    });
  });
  const c3Kept = sites.length;
  return {
    sites,
    use: sourceUse(c3Desc, [c3File], { read: c3Read, kept: c3Kept, rejected: c3Read - c3Kept }, [
      'sans coordonnées: placées au centroïde de la commune (approximatif)',
    ]),
    caveats: c3Desc.caveats ?? [],
  };
}

/**
 * Digital inclusion: the spring-2023 lieux de médiation numérique, the 2021 conseillers
 * numériques host structures and their 2023 state; the records of one place (in one source or
 * several) merged into one site listing every source (`mergeSites`).
 */
export function buildDigitalInclusion(inputs: BuildInputs, frame: Frame): BuiltLayer {
  const lm = mediationSites(inputs, frame);
  const cn = conseillers2021(inputs, frame);
  const c3 = conseillers2023(inputs, frame);
  const merge = mergeSites([...lm.sites, ...cn.sites, ...c3.sites], {
    // the lieux de médiation numérique give hours, services and contacts; the 2023 records only a commune
    sourcePriority: [lm.use.id, cn.use.id, c3.use.id],
    communeName: (code) => frame.communes.get(code)?.name ?? null,
    unionFields: ['services', 'labels', 'publics', 'access', 'modalities'],
  });
  const features = merge.features;
  const byKind: Record<string, number> = {};
  for (const f of features) byKind[f.properties.kind as string] = (byKind[f.properties.kind as string] ?? 0) + 1;
  return {
    manifest: {
      ...layerHead(DIGITAL_INCLUSION),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [lm.use, cn.use, c3.use].map((u) => withMergeNote(u, merge)),
      caveats: [...lm.caveats, ...cn.caveats, ...c3.caveats],
      stats: { by_kind: byKind, ...mergeStats(merge) },
    },
    data: { type: 'FeatureCollection', features },
  };
}
