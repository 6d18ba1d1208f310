import { createCantonAssigner, type CantonAssigner } from '../../core/coverage/assign-canton.ts';
import type { CommuneProperties } from '../../layers/communes.ts';
import { ARRONDISSEMENTS } from '../../layers/arrondissements.ts';
import { CANTONS } from '../../layers/cantons.ts';
import { COMMUNES } from '../../layers/communes.ts';
import { DEPARTEMENT } from '../../layers/departement.ts';
import { EPCI } from '../../layers/epci.ts';
import { layerHead } from './build-types.ts';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { pointOnFeature } from '@turf/point-on-feature';
import { createAreaIndex, type AreaFeature, type AreaIndex } from '../../core/index/area-index.ts';
import { dissolvePolygons } from '../../core/geo/dissolve-polygons.ts';
import { SourceFileError } from '../report.ts';
import { parseFrenchNumber } from '../parse/parse-csv.ts';
import { columnsOf, readCsv, readGeoJson, readJsonArray, readParquet, str } from './read-raw.ts';
import { sourceUse, type BuildInputs, type BuiltLayer, type RawFile, type RefCommune } from './build-types.ts';
import type { SourceDescription } from '../sources/source-description.ts';

export interface CommuneInfo {
  code: string;
  name: string;
  population: number | null;
  postcodes: string[];
  epciCode: string | null;
  epciName: string | null;
  arrondissementCode: string | null;
  /** Canton from the COG when the commune lies wholly in one canton. */
  cantonCode: string | null;
  /** Pseudo-canton code when the commune is split between several cantons. */
  pseudoCantonCode: string | null;
  densityLevel: string | null;
  rural: boolean | null;
  /** A point inside the commune (centroid when it falls inside), `[lng, lat]`. */
  centroid: [number, number];
  qpvCodes: string[];
}

/** The administrative frame, with indexes built once for the other layers. */
export interface Frame {
  communes: Map<string, CommuneInfo>;
  communeFeatures: AreaFeature<{ code: string }>[];
  communeIndex: AreaIndex;
  cantonFeatures: AreaFeature<{ code: string; name: string }>[];
  cantonIndex: AreaIndex;
  /** The coverage engine's canton rule (COG for whole communes, else point-in-polygon), shared with the build. */
  cantonAssigner: CantonAssigner;
  departementIndex: AreaIndex;
  departementBBox: [number, number, number, number];
  epciGeometry: Map<string, MultiPolygon>;
  epciNames: Map<string, string>;
  /** Current commune code for a code that may predate a merger; null when unknown. */
  resolveCommune(code: string): string | null;
  /** Current communes of the département using a postcode. */
  communesByPostcode(postcode: string): string[];
  layers: BuiltLayer[];
}

/** What every step of the frame reads: the build inputs, and its sources and files by id. */
interface FrameInputs {
  inputs: BuildInputs;
  dept: BuildInputs['dept'];
  reference: BuildInputs['reference'];
  src(id: string): SourceDescription;
  file(id: string, i?: number): RawFile;
}

function frameInputs(inputs: BuildInputs): FrameInputs {
  return {
    inputs,
    dept: inputs.dept,
    reference: inputs.reference,
    src(id) {
      const d = inputs.sources.get(id);
      if (!d) throw new Error(`missing source mapping "${id}" (data/sources/${id}.json)`);
      return d;
    },
    file(id, i = 0) {
      const f = inputs.files.get(id)?.[i];
      if (!f) throw new Error(`raw file ${i} of source "${id}" was not provided`);
      return f;
    },
  };
}

/** Builds the administrative layers: département, arrondissements, cantons, communes, EPCI. */
export async function buildFrame(inputs: BuildInputs): Promise<Frame> {
  const c = frameInputs(inputs);
  const refUse = c.src('etalab-decoupage-administratif');
  const refFiles = [`npm:${refUse.package}@${c.reference.version}`];
  // the steps, in the order of the report's entries
  const a = currentCommunes(c);
  const cog = await cogCantons(c, a.resolveCommune);
  const dens = densityLevels(c, a.resolveCommune);
  const qpv = qpvCodesByCommune(c, a.resolveCommune);
  const polys = communePolygons(c, a, cog, dens.density, qpv.qpvByCommune);
  const { communes, communeFeatures } = polys;
  const cantons = cantonPolygons(c, cog, communes);
  const arr = arrondissementPolygons(c, communes);
  const dep = departementOutline(c, communes);
  const epci = epciWithIllectronisme(c, a, communes, communeFeatures);

  const postcodeIndex = new Map<string, string[]>();
  for (const c of communes.values()) for (const p of c.postcodes) postcodeIndex.set(p, [...(postcodeIndex.get(p) ?? []), c.code]);

  const steps: FrameSteps = { ...a, ...cog, ...dens, ...qpv, ...polys, ...cantons, ...arr, ...dep, ...epci, refUse, refFiles };
  const layers: BuiltLayer[] = [
    departementLayer(steps),
    arrondissementsLayer(steps),
    cantonsLayer(c, steps),
    communesLayer(c, steps),
    epciLayer(steps),
  ];

  const { cantonFeatures, cantonIndex } = cantons;
  return {
    communes,
    communeFeatures,
    communeIndex: createAreaIndex(communeFeatures),
    cantonFeatures,
    cantonIndex,
    cantonAssigner: createCantonAssigner(cantonFeatures, new Map([...communes.values()].map((c) => [c.code, c.cantonCode])), cantonIndex),
    departementIndex: dep.departementIndex,
    departementBBox: dep.departementBBox,
    epciGeometry: epci.epciGeometry,
    epciNames: a.epciNames,
    resolveCommune: a.resolveCommune,
    communesByPostcode: (p) => postcodeIndex.get(p.trim()) ?? [],
    layers,
  };
}

/** Everything the steps read or made, for the layers' manifest entries. */
type FrameSteps = ReturnType<typeof currentCommunes> &
  Awaited<ReturnType<typeof cogCantons>> &
  ReturnType<typeof densityLevels> &
  ReturnType<typeof qpvCodesByCommune> &
  ReturnType<typeof communePolygons> &
  ReturnType<typeof cantonPolygons> &
  ReturnType<typeof arrondissementPolygons> &
  ReturnType<typeof departementOutline> &
  ReturnType<typeof epciWithIllectronisme> & { refUse: SourceDescription; refFiles: string[] };

/** Current communes (package): codes, former codes resolved to today's, EPCI membership. */
function currentCommunes(c: FrameInputs) {
  const { dept, reference } = c;
  const current = reference.communes.filter((c) => c.type === 'commune-actuelle' && c.departement === dept.code);
  if (current.length === 0)
    throw new Error(`no commune of département ${dept.code} in @etalab/decoupage-administratif ${reference.version}`);
  const currentByCode = new Map(current.map((c) => [c.code, c]));
  const formerToCurrent = new Map<string, string>();
  for (const c of current) for (const old of c.anciensCodes ?? []) formerToCurrent.set(old, c.code);
  for (const c of reference.communes) {
    if (
      (c.type === 'commune-deleguee' || c.type === 'commune-associee') &&
      c.chefLieu &&
      currentByCode.has(c.chefLieu) &&
      !currentByCode.has(c.code)
    ) {
      formerToCurrent.set(c.code, c.chefLieu);
    }
  }
  const resolveCommune = (code: string): string | null => {
    const c = code.trim().padStart(5, '0');
    if (currentByCode.has(c)) return c;
    return formerToCurrent.get(c) ?? null;
  };
  const epciOf = new Map<string, { code: string; nom: string }>();
  const epciNames = new Map<string, string>();
  const epciInDept = reference.epci.filter((e) => e.membres.some((m) => currentByCode.has(m.code)));
  for (const e of epciInDept) {
    epciNames.set(e.code, e.nom);
    for (const m of e.membres) if (currentByCode.has(m.code)) epciOf.set(m.code, { code: e.code, nom: e.nom });
  }

  return { current, currentByCode, resolveCommune, epciOf, epciNames, epciInDept };
}

/** COG 2025: commune → canton, canton names and types (pseudo-cantons of split communes). */
async function cogCantons(c: FrameInputs, resolveCommune: (code: string) => string | null) {
  const { inputs, dept, src, file } = c;
  const cogDesc = src('insee-cog-communes-2025');
  const cogCols = columnsOf(cogDesc, 'code', 'type', 'dept', 'canton', 'arrondissement');
  const cogRows = (await readParquet(file('insee-cog-communes-2025'), Object.values(cogCols))).filter(
    (r) => str(r[cogCols.dept]) === dept.code && str(r[cogCols.type]) === 'COM',
  );
  const cantonDesc = src('insee-cog-cantons-2025');
  const cantonCols = columnsOf(cantonDesc, 'code', 'name', 'type', 'dept');
  const cantonCsv = readCsv(file('insee-cog-cantons-2025'), cantonDesc, Object.values(cantonCols));
  const cantonRows = cantonCsv.records.filter((r) => r.values[cantonCols.dept] === dept.code);
  const cantonName = new Map(cantonRows.map((r) => [r.values[cantonCols.code], r.values[cantonCols.name]]));
  const pseudoCantons = new Set(cantonRows.filter((r) => r.values[cantonCols.type] === 'V').map((r) => r.values[cantonCols.code]));
  const cogCanton = new Map<string, string>();
  const cogRep = inputs.reporter(COMMUNES.id, cogDesc.id);
  for (const r of cogRows) {
    const code = resolveCommune(str(r[cogCols.code]));
    if (!code) {
      cogRep.add(
        file('insee-cog-communes-2025').path,
        null,
        cogCols.code,
        'rejected',
        'commune code of COG 2025 unknown to the current commune list',
        r[cogCols.code],
      );
      continue;
    }
    cogCanton.set(code, str(r[cogCols.canton]));
  }

  return { cogDesc, cogRows, cogCanton, cantonDesc, cantonCols, cantonRows, cantonName, pseudoCantons };
}

/** The communal density grid: each commune's level. */
function densityLevels(c: FrameInputs, resolveCommune: (code: string) => string | null) {
  const { inputs, dept, src, file } = c;
  const densDesc = src('anct-densite-communes');
  const densCols = columnsOf(densDesc, 'communeCode', 'level');
  const densFile = file('anct-densite-communes');
  const dens = readCsv(densFile, densDesc, Object.values(densCols));
  const densRep = inputs.reporter(COMMUNES.id, densDesc.id);
  const density = new Map<string, string>();
  let densRead = 0;
  for (const r of dens.records) {
    const raw = r.values[densCols.communeCode];
    if (!raw.startsWith(dept.code)) continue;
    densRead++;
    const code = resolveCommune(raw);
    if (!code) {
      densRep.add(densFile.path, r.row, densCols.communeCode, 'rejected', 'unknown commune code', raw);
      continue;
    }
    density.set(code, r.values[densCols.level].trim());
  }
  for (const m of dens.malformed) densRep.add(densFile.path, m.row, null, 'rejected', m.reason);

  return { densDesc, densFile, density, densRead };
}

/** QPV codes per commune (an attribute of the commune). */
function qpvCodesByCommune(c: FrameInputs, resolveCommune: (code: string) => string | null) {
  const { src, file } = c;
  const qpvDesc = src('anct-qpv-communes-2024');
  const qpvCols = columnsOf(qpvDesc, 'communeCode', 'codes');
  const qpvByCommune = new Map<string, string[]>();
  for (const f of readGeoJson(file('anct-qpv-communes-2024'), qpvDesc).features) {
    const code = resolveCommune(str(f.properties?.[qpvCols.communeCode]));
    if (code) qpvByCommune.set(code, splitList(str(f.properties?.[qpvCols.codes])));
  }

  return { qpvDesc, qpvByCommune };
}

/** Commune polygons of 2018 joined to today's codes (merged communes dissolved), with what the other layers join to them. */
function communePolygons(
  c: FrameInputs,
  a: ReturnType<typeof currentCommunes>,
  cog: Awaited<ReturnType<typeof cogCantons>>,
  density: Map<string, string>,
  qpvByCommune: Map<string, string[]>,
) {
  const { inputs, dept, src, file } = c;
  const { current, currentByCode, resolveCommune, epciOf } = a;
  const { cogCanton, pseudoCantons } = cog;
  const comDesc = src('ign-communes-2018');
  const comFile = file('ign-communes-2018');
  const comCols = columnsOf(comDesc, 'code', 'name');
  const comRep = inputs.reporter(COMMUNES.id, comDesc.id);
  const raw2018 = readGeoJson(comFile, comDesc).features;
  if (raw2018.length === 0) {
    throw new SourceFileError(
      comFile.location,
      'aucune commune : la FeatureCollection est vide',
      'remplacez-le par le fichier officiel des communes',
    );
  }
  const groups = new Map<string, Feature<Polygon | MultiPolygon>[]>();
  raw2018.forEach((f, i) => {
    const code2018 = str(f.properties?.[comCols.code]);
    if (!f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) {
      comRep.add(comFile.path, i + 1, 'geometry', 'rejected', 'not a polygon', code2018);
      return;
    }
    const code = resolveCommune(code2018);
    if (!code) {
      comRep.add(
        comFile.path,
        i + 1,
        comCols.code,
        'rejected',
        'commune code unknown to the current commune list and its former codes',
        code2018,
      );
      return;
    }
    if (code !== code2018) {
      comRep.add(comFile.path, i + 1, comCols.code, 'merged', `2018 commune merged into ${code} ${currentByCode.get(code)?.nom}`, code2018);
    }
    const list = groups.get(code) ?? [];
    list.push(f as Feature<Polygon | MultiPolygon>);
    groups.set(code, list);
  });
  // dissolve merged communes (exact shared borders)
  const mergedGeometry = dissolvePolygons([...groups.values()].flat(), (f) => resolveCommune(str(f.properties?.[comCols.code])));
  const communes = new Map<string, CommuneInfo>();
  const communeFeatures: AreaFeature<Record<string, unknown> & { code: string }>[] = [];
  for (const c of current) {
    const geometry = groups.get(c.code)?.length === 1 ? groups.get(c.code)![0].geometry : mergedGeometry.get(c.code);
    if (!geometry) {
      comRep.add(comFile.path, null, comCols.code, 'rejected', `current commune ${c.code} ${c.nom} has no 2018 polygon`, c.code);
      continue;
    }
    const feature: AreaFeature<Record<string, unknown> & { code: string }> = { type: 'Feature', properties: { code: c.code }, geometry };
    const centroid = pointOnFeature(feature as Feature<Polygon>).geometry.coordinates as [number, number];
    const cogCantonCode = cogCanton.get(c.code) ?? null;
    const epci = epciOf.get(c.code) ?? null;
    const level = density.get(c.code) ?? null;
    const info: CommuneInfo = {
      code: c.code,
      name: c.nom,
      population: typeof c.population === 'number' ? c.population : null,
      postcodes: c.codesPostaux ?? [],
      epciCode: epci?.code ?? null,
      epciName: epci?.nom ?? null,
      arrondissementCode: c.arrondissement ?? null,
      cantonCode: cogCantonCode && !pseudoCantons.has(cogCantonCode) ? cogCantonCode : null,
      pseudoCantonCode: cogCantonCode && pseudoCantons.has(cogCantonCode) ? cogCantonCode : null,
      densityLevel: level,
      rural: level === null ? null : dept.coverage.ruralDensityLevels.includes(level),
      centroid: [round(centroid[0], 6), round(centroid[1], 6)],
      qpvCodes: qpvByCommune.get(c.code) ?? [],
    };
    if (!cogCantonCode)
      comRep.add(comFile.path, null, 'canton', 'rejected', `commune ${c.code} ${c.nom} has no canton in COG 2025`, c.code);
    communes.set(c.code, info);
    feature.properties = {
      code: c.code,
      name: c.nom,
      population: info.population,
      postcodes: info.postcodes.join(' '),
      epci_code: info.epciCode,
      epci_name: info.epciName,
      arrondissement_code: info.arrondissementCode,
      canton_code: info.cantonCode,
      pseudo_canton_code: info.pseudoCantonCode,
      density_level: info.densityLevel,
      rural: info.rural,
      qpv_codes: info.qpvCodes.join(' '),
      qpv_count: info.qpvCodes.length,
      merged_from:
        (c.anciensCodes ?? []).filter((old) => groups.get(c.code)?.some((f) => str(f.properties?.[comCols.code]) === old)).join(' ') ||
        null,
      centroid_lng: info.centroid[0],
      centroid_lat: info.centroid[1],
    } satisfies CommuneProperties;
    communeFeatures.push(feature);
  }

  return { comDesc, comFile, comRep, raw2018, communes, communeFeatures };
}

/** Canton polygons: codes normalised to the INSEE form, names of the COG 2025, disagreements reported. */
function cantonPolygons(c: FrameInputs, cog: Awaited<ReturnType<typeof cogCantons>>, communes: Map<string, CommuneInfo>) {
  const { inputs, dept, src, file } = c;
  const { cantonName, cantonRows, cantonCols } = cog;
  const canDesc = src('ign-cantons-2018');
  const canFile = file('ign-cantons-2018');
  const canCols = columnsOf(canDesc, 'code', 'name');
  const canRep = inputs.reporter(CANTONS.id, canDesc.id);
  const cantonFeatures: AreaFeature<{ code: string; name: string } & Record<string, unknown>>[] = [];
  readGeoJson(canFile, canDesc).features.forEach((f, i) => {
    const raw = str(f.properties?.[canCols.code]);
    const code = normaliseCantonCode(raw, dept.code);
    if (!code || !f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) {
      canRep.add(canFile.path, i + 1, canCols.code, 'rejected', 'not a canton code of the département, or not a polygon', raw);
      return;
    }
    const name2018 = str(f.properties?.[canCols.name]);
    const name = cantonName.get(code);
    if (!name) canRep.add(canFile.path, i + 1, canCols.code, 'disagreement', `canton ${code} not in COG 2025`, raw);
    else if (name !== name2018) canRep.add(canFile.path, i + 1, canCols.name, 'corrected', `name taken from COG 2025: "${name}"`, name2018);
    if (code !== raw) canRep.add(canFile.path, i + 1, canCols.code, 'corrected', `code normalised to INSEE form ${code}`, raw);
    const memberCommunes = [...communes.values()].filter((c) => c.cantonCode === code);
    cantonFeatures.push({
      type: 'Feature',
      properties: {
        code,
        name: name ?? name2018,
        communes_whole: memberCommunes.length,
        population_whole_communes: memberCommunes.reduce((s, c) => s + (c.population ?? 0), 0),
      },
      geometry: f.geometry as Polygon | MultiPolygon,
    });
  });
  const cantonIndex = createAreaIndex(cantonFeatures);
  const cogCantonsReal = cantonRows.filter((r) => r.values[cantonCols.type] !== 'V').length;
  if (cogCantonsReal !== cantonFeatures.length) {
    canRep.add(
      canFile.path,
      null,
      null,
      'disagreement',
      `${cantonFeatures.length} canton polygons against ${cogCantonsReal} cantons in COG 2025`,
    );
  }

  return { canDesc, canFile, canRep, cantonFeatures, cantonIndex };
}

/** Arrondissement polygons, codes in INSEE form, names of the current list. */
function arrondissementPolygons(c: FrameInputs, communes: Map<string, CommuneInfo>) {
  const { inputs, dept, reference, src, file } = c;
  const arrDesc = src('ign-arrondissements-2018');
  const arrFile = file('ign-arrondissements-2018');
  const arrCols = columnsOf(arrDesc, 'code', 'name');
  const arrRep = inputs.reporter(ARRONDISSEMENTS.id, arrDesc.id);
  const arrRef = new Map(reference.arrondissements.filter((a) => a.departement === dept.code).map((a) => [a.code, a.nom]));
  const arrFeatures: Feature[] = [];
  readGeoJson(arrFile, arrDesc).features.forEach((f, i) => {
    const raw = str(f.properties?.[arrCols.code]);
    const code = raw.length === dept.code.length + 3 && raw.startsWith(dept.code) ? dept.code + raw.slice(-1) : raw;
    const name = arrRef.get(code);
    if (!name) arrRep.add(arrFile.path, i + 1, arrCols.code, 'disagreement', 'arrondissement code unknown to the current list', raw);
    if (code !== raw) arrRep.add(arrFile.path, i + 1, arrCols.code, 'corrected', `code normalised to INSEE form ${code}`, raw);
    const members = [...communes.values()].filter((c) => c.arrondissementCode === code);
    arrFeatures.push({
      type: 'Feature',
      properties: {
        code,
        name: name ?? str(f.properties?.[arrCols.name]),
        communes: members.length,
        population: sum(members.map((m) => m.population)),
      },
      geometry: f.geometry,
    });
  });

  return { arrDesc, arrFile, arrRep, arrRef, arrFeatures };
}

/** The département's outline, its index and bounding box. */
function departementOutline(c: FrameInputs, communes: Map<string, CommuneInfo>) {
  const { dept, src, file } = c;
  const depDesc = src('ign-departement-2018');
  const depFile = file('ign-departement-2018');
  const depFeatures = readGeoJson(depFile, depDesc).features.filter((f) => str(f.properties?.code) === dept.code);
  if (depFeatures.length !== 1)
    throw new SourceFileError(
      depFile.location,
      `expected one outline for département ${dept.code}, found ${depFeatures.length}`,
      'use the official per-département file',
    );
  const depFeature: Feature<Polygon | MultiPolygon> = {
    type: 'Feature',
    properties: {
      code: dept.code,
      name: dept.name,
      communes: communes.size,
      population: sum([...communes.values()].map((c) => c.population)),
    },
    geometry: depFeatures[0].geometry as Polygon | MultiPolygon,
  };
  const departementIndex = createAreaIndex([depFeature]);
  const departementBBox = bboxOfFeatures([depFeature]);

  return { depDesc, depFile, depFeatures, depFeature, departementIndex, departementBBox };
}

/** EPCI dissolved from their communes in the département, with the illectronisme rate. */
function epciWithIllectronisme(
  c: FrameInputs,
  a: ReturnType<typeof currentCommunes>,
  communes: Map<string, CommuneInfo>,
  communeFeatures: AreaFeature<Record<string, unknown> & { code: string }>[],
) {
  const { inputs, reference, src, file } = c;
  const { currentByCode, epciNames, epciInDept } = a;
  const epciGeometry = dissolvePolygons(communeFeatures, (f) => communes.get(f.properties.code)?.epciCode ?? null);
  const illDesc = src('insee-illectronisme-epci');
  const illFile = file('insee-illectronisme-epci');
  const illCols = columnsOf(illDesc, 'code', 'name', 'rate', 'count');
  const illRep = inputs.reporter(EPCI.id, illDesc.id);
  const illectronisme = new Map<string, { rate: number | null; count: number | null }>();
  let illRead = 0;
  readJsonArray(illFile, illDesc).forEach((r, i) => {
    const code = str(r[illCols.code]);
    const known = reference.epci.find((e) => e.code === code);
    const inDept = epciNames.has(code);
    if (!inDept) {
      // rows of other départements are out of scope; an EPCI unknown to the current list may be ours: report it
      if (!known) {
        illRep.add(
          illFile.path,
          i + 1,
          illCols.code,
          'rejected',
          `EPCI "${str(r[illCols.name])}" does not exist in the current EPCI list (older intercommunal map); not attached`,
          code,
        );
      }
      return;
    }
    illRead++;
    const rate = parseFrenchNumber(str(r[illCols.rate]));
    const count = parseFrenchNumber(str(r[illCols.count]));
    if (rate === null) illRep.add(illFile.path, i + 1, illCols.rate, 'rejected', 'not a number', r[illCols.rate]);
    illectronisme.set(code, { rate, count });
  });
  const epciFeatures: Feature[] = [];
  for (const e of epciInDept) {
    const geometry = epciGeometry.get(e.code);
    if (!geometry) continue;
    const inside = e.membres.filter((m) => currentByCode.has(m.code));
    const ill = illectronisme.get(e.code);
    epciFeatures.push({
      type: 'Feature',
      properties: {
        code: e.code,
        name: e.nom,
        type: e.type,
        communes: inside.length,
        communes_outside_departement: e.membres.length - inside.length,
        partial: e.membres.length !== inside.length,
        population_in_departement: sum(inside.map((m) => currentByCode.get(m.code)?.population ?? null)),
        population_total: e.populationMunicipale ?? null,
        illectronisme_rate_pct: ill?.rate ?? null,
        illectronisme_people: ill?.count ?? null,
      },
      geometry,
    });
  }

  return { epciGeometry, illDesc, illFile, illRead, illectronisme, epciFeatures };
}

/** The département outline layer. */
function departementLayer(s: FrameSteps): BuiltLayer {
  const { depDesc, depFile, depFeatures, depFeature } = s;
  return {
    manifest: {
      ...layerHead(DEPARTEMENT),
      status: 'ok',
      features: 1,
      sources: [sourceUse(depDesc, [depFile], { read: depFeatures.length, kept: 1, rejected: 0 })],
      caveats: depDesc.caveats ?? [],
    },
    data: { type: 'FeatureCollection', features: [depFeature] },
  };
}

/** The arrondissements layer. */
function arrondissementsLayer(s: FrameSteps): BuiltLayer {
  const { arrDesc, arrFile, arrFeatures, arrRep, arrRef, refUse, refFiles } = s;
  return {
    manifest: {
      ...layerHead(ARRONDISSEMENTS),
      status: 'ok',
      features: arrFeatures.length,
      sources: [
        sourceUse(arrDesc, [arrFile], { read: arrFeatures.length, kept: arrFeatures.length, rejected: arrRep.count('rejected') }),
        sourceUse(refUse, refFiles, { read: arrRef.size, kept: arrRef.size, rejected: 0 }, ['noms des arrondissements']),
      ],
      caveats: arrDesc.caveats ?? [],
    },
    data: { type: 'FeatureCollection', features: arrFeatures },
  };
}

/** The cantons layer (codes in INSEE form, names of the COG). */
function cantonsLayer(c: FrameInputs, s: FrameSteps): BuiltLayer {
  const { file } = c;
  const { canDesc, canFile, cantonFeatures, canRep, cantonDesc, cantonRows, pseudoCantons } = s;
  return {
    manifest: {
      ...layerHead(CANTONS),
      status: 'ok',
      features: cantonFeatures.length,
      sources: [
        sourceUse(canDesc, [canFile], {
          read: cantonFeatures.length + canRep.count('rejected'),
          kept: cantonFeatures.length,
          rejected: canRep.count('rejected'),
        }),
        sourceUse(cantonDesc, [file('insee-cog-cantons-2025')], { read: cantonRows.length, kept: cantonRows.length, rejected: 0 }, [
          `${pseudoCantons.size} pseudo-cantons (communes partagées entre cantons): ${[...pseudoCantons].join(', ')}`,
        ]),
      ],
      caveats: [...(canDesc.caveats ?? []), 'Codes de canton normalisés à la forme INSEE à 4 caractères; noms du COG 2025.'],
      stats: { pseudo_cantons: [...pseudoCantons].join(' ') },
    },
    data: { type: 'FeatureCollection', features: cantonFeatures },
  };
}

/** The communes layer, with its five sources. */
function communesLayer(c: FrameInputs, s: FrameSteps): BuiltLayer {
  const { file, dept } = c;
  const {
    refUse,
    refFiles,
    comDesc,
    comFile,
    raw2018,
    comRep,
    communeFeatures,
    current,
    communes,
    cogDesc,
    cogRows,
    cogCanton,
    densDesc,
    densFile,
    densRead,
    density,
    qpvDesc,
    qpvByCommune,
  } = s;
  return {
    manifest: {
      ...layerHead(COMMUNES),
      status: 'ok',
      features: communeFeatures.length,
      sources: [
        sourceUse(
          comDesc,
          [comFile],
          { read: raw2018.length, kept: raw2018.length - comRep.count('rejected'), rejected: comRep.count('rejected') },
          [`${raw2018.length} polygones 2018 fusionnés en ${communeFeatures.length} communes actuelles`],
        ),
        sourceUse(refUse, refFiles, { read: current.length, kept: communes.size, rejected: current.length - communes.size }, [
          'codes, noms, population municipale, codes postaux, EPCI',
        ]),
        sourceUse(
          cogDesc,
          [file('insee-cog-communes-2025')],
          { read: cogRows.length, kept: cogCanton.size, rejected: cogRows.length - cogCanton.size },
          ['commune → canton'],
        ),
        sourceUse(densDesc, [densFile], { read: densRead, kept: density.size, rejected: densRead - density.size }),
        sourceUse(qpvDesc, [file('anct-qpv-communes-2024')], { read: qpvByCommune.size, kept: qpvByCommune.size, rejected: 0 }, [
          'codes QPV par commune',
        ]),
      ],
      caveats: [...(comDesc.caveats ?? []), 'Commune rurale: niveaux de densité ' + dept.coverage.ruralDensityLevels.join(', ') + '.'],
      stats: { population: sum([...communes.values()].map((c) => c.population)) ?? 0, polygons_2018: raw2018.length },
    },
    data: { type: 'FeatureCollection', features: communeFeatures },
  };
}

/** The EPCI layer, with the illectronisme rate. */
function epciLayer(s: FrameSteps): BuiltLayer {
  const { refUse, refFiles, epciInDept, epciFeatures, illDesc, illFile, illRead, illectronisme } = s;
  return {
    manifest: {
      ...layerHead(EPCI),
      status: 'ok',
      features: epciFeatures.length,
      sources: [
        sourceUse(
          refUse,
          refFiles,
          { read: epciInDept.length, kept: epciFeatures.length, rejected: epciInDept.length - epciFeatures.length },
          ['appartenance des communes'],
        ),
        sourceUse(illDesc, [illFile], { read: illRead, kept: illectronisme.size, rejected: illRead - illectronisme.size }, [
          "taux d'illectronisme",
        ]),
      ],
      caveats: [
        "Contours obtenus par fusion des communes du département: un EPCI à cheval sur deux départements n'est dessiné que pour sa partie dans le département (partial = true).",
        ...(illDesc.caveats ?? []),
      ],
    },
    data: { type: 'FeatureCollection', features: epciFeatures },
  };
}

/** `59001` (département + 3 digits, 2018 files) → `5901` (INSEE form); already-INSEE codes pass through. */
export function normaliseCantonCode(raw: string, dept: string): string | null {
  const code = raw.trim();
  if (!code.startsWith(dept)) return null;
  const rest = code.slice(dept.length);
  if (!/^\d+$/.test(rest)) return null;
  if (rest.length === 2) return code;
  if (rest.length === 3 && rest[0] === '0') return dept + rest.slice(1);
  return null;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
function round(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}
function sum(values: (number | null | undefined)[]): number | null {
  let total = 0;
  let any = false;
  for (const v of values)
    if (typeof v === 'number') {
      total += v;
      any = true;
    }
  return any ? total : null;
}
function bboxOfFeatures(features: Feature<Polygon | MultiPolygon>[]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    for (const ring of rings)
      for (const [x, y] of ring) {
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
  }
  return b;
}

export type { RefCommune, FeatureCollection };
