import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { HEALTH_MEDIATORS } from '../../layers/health-mediators.ts';
import { POPULATION_GRID } from '../../layers/population-grid.ts';
import { PRIORITY_ZONES } from '../../layers/priority-zones.ts';
import { QPV } from '../../layers/qpv.ts';
import { layerHead } from './build-types.ts';
import proj4 from 'proj4';
import { dissolvePolygons } from '../../core/geo/dissolve-polygons.ts';
import { expandBBoxKm, isInBBox } from '../../core/geo/lng-lat.ts';
import { columnsOf, readGeoJson, readJson, readJsonArray, readParquet, str } from './read-raw.ts';
import { sourceUse, type BuildInputs, type BuiltLayer, type SourceUse } from './build-types.ts';
import type { Frame } from './build-frame.ts';

/**
 * QPV 2024. With the official polygon file present (fields code_qp, nom_qp,
 * commune_qp), its perimeters; otherwise one point per commune at the
 * commune centroid, flagged approximate, listing the commune's QPV.
 */
export function buildQpv(inputs: BuildInputs, frame: Frame): BuiltLayer {
  const dept = inputs.dept.code;
  const polyDesc = inputs.sources.get('anct-qpv-polygons-2024')!;
  const polyFiles = inputs.files.get(polyDesc.id) ?? [];
  if (polyFiles.length) {
    const c = columnsOf(polyDesc, 'code', 'name', 'communes');
    const rep = inputs.reporter(QPV.id, polyDesc.id);
    const features: Feature[] = [];
    let read = 0;
    for (const file of polyFiles) {
      readGeoJson(file, polyDesc).features.forEach((f, i) => {
        const p = (f.properties ?? {}) as Record<string, unknown>;
        const code = str(p[c.code]);
        const communes = str(p[c.communes]);
        if (!code.startsWith(`QN0${dept}`) && !code.startsWith(`QP0${dept}`) && !communes.split(/[,;\s]+/).some((x) => x.startsWith(dept)))
          return;
        read++;
        if (!f.geometry || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) {
          rep.add(file.path, i + 1, 'geometry', 'rejected', 'not a polygon', code);
          return;
        }
        if (!code) {
          rep.add(file.path, i + 1, c.code, 'rejected', 'empty QPV code');
          return;
        }
        features.push({
          type: 'Feature',
          geometry: f.geometry,
          properties: { id: code, code, name: str(p[c.name]), communes, layer: QPV.id, approximate: false, source: polyDesc.id },
        });
      });
    }
    return {
      manifest: {
        ...layerHead(QPV),
        status: features.length ? 'ok' : 'no-data',
        features: features.length,
        sources: [sourceUse(polyDesc, polyFiles, { read, kept: features.length, rejected: read - features.length })],
        caveats: [],
        stats: { qpv: features.length, geometry: 'polygons' },
      },
      data: { type: 'FeatureCollection', features },
    };
  }
  const desc = inputs.sources.get('anct-qpv-communes-2024')!;
  const file = inputs.files.get(desc.id)![0];
  const c = columnsOf(desc, 'communeCode', 'communeName', 'codes', 'names');
  const rep = inputs.reporter(QPV.id, desc.id);
  const features: Feature[] = [];
  const codes = new Set<string>();
  let read = 0;
  readGeoJson(file, desc).features.forEach((f, i) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const raw = str(p[c.communeCode]);
    if (!raw.startsWith(dept)) return;
    read++;
    const code = frame.resolveCommune(raw);
    if (!code) {
      rep.add(file.path, i + 1, c.communeCode, 'rejected', 'commune code unknown to the current commune list', raw);
      return;
    }
    const qpvCodes = str(p[c.codes])
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const qpvNames = str(p[c.names])
      .split(',')
      .map((s) => s.trim());
    if (qpvNames.length !== qpvCodes.length) {
      rep.add(
        file.path,
        i + 1,
        c.names,
        'corrected',
        `${qpvCodes.length} codes but ${qpvNames.length} comma-separated names (a name contains a comma): names kept as one text`,
        str(p[c.names]),
      );
    }
    for (const q of qpvCodes) codes.add(q);
    const commune = frame.communes.get(code)!;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: commune.centroid },
      properties: {
        id: code,
        layer: QPV.id,
        commune_code: code,
        commune_name: commune.name,
        qpv_codes: qpvCodes.join(' '),
        qpv_count: qpvCodes.length,
        qpv_names: qpvNames.length === qpvCodes.length ? qpvNames.join(' | ') : str(p[c.names]),
        canton_code: commune.cantonCode,
        approximate: true,
        source: desc.id,
      },
    });
  });
  return {
    manifest: {
      ...layerHead(QPV),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [
        sourceUse(desc, [file], { read, kept: features.length, rejected: read - features.length }, [
          `${codes.size} QPV distincts dans ${features.length} communes`,
        ]),
      ],
      caveats: [
        ...(desc.caveats ?? []),
        'Position approximative: un point par commune concernée, au centroïde de la commune. Les périmètres officiels remplacent ces points quand le fichier est déposé.',
      ],
      stats: { qpv: codes.size, communes: features.length, geometry: 'commune-points' },
    },
    data: { type: 'FeatureCollection', features },
  };
}

/** Priority territories from the département config, drawn by dissolving their EPCI and communes. */
export function buildPriorityZones(inputs: BuildInputs, frame: Frame): BuiltLayer {
  const territories = inputs.dept.priorityTerritories;
  const rep = inputs.reporter(PRIORITY_ZONES.id, `departement-config-${inputs.dept.code}`);
  const memberOf = new Map<string, string>();
  for (const t of territories) {
    for (const e of t.epci) {
      if (!frame.epciGeometry.has(e))
        rep.add(
          `data/departements/${inputs.dept.code}.json`,
          null,
          'epci',
          'rejected',
          `EPCI ${e} of territory "${t.name}" has no commune in the département`,
          e,
        );
    }
    for (const c of frame.communes.values()) {
      if ((c.epciCode && t.epci.includes(c.epciCode)) || t.communes.includes(c.code)) memberOf.set(c.code, t.id);
    }
  }
  const geoms = dissolvePolygons(frame.communeFeatures, (f) => memberOf.get(f.properties.code) ?? null);
  const features: Feature[] = [];
  for (const t of territories) {
    const g = geoms.get(t.id);
    if (!g) continue;
    const members = [...frame.communes.values()].filter((c) => memberOf.get(c.code) === t.id);
    features.push({
      type: 'Feature',
      geometry: g,
      properties: {
        id: t.id,
        layer: PRIORITY_ZONES.id,
        name: t.name,
        why: t.why,
        seed_refs: (t.seedRefs ?? []).join(' '),
        epci: t.epci.join(' '),
        communes: members.length,
        population: members.reduce((s, c) => s + (c.population ?? 0), 0),
        commune_codes: members.map((c) => c.code).join(' '),
      },
    });
  }
  return {
    manifest: {
      ...layerHead(PRIORITY_ZONES),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [
        {
          id: `departement-config-${inputs.dept.code}`,
          title: `Configuration du département ${inputs.dept.code}`,
          producer: "Maillage (d'après le plan d'actions du SDAASP)",
          licence: 'MIT',
          attribution: inputs.dept.seed ? "SDAASP du Nord – plan d'actions 2018–2023 (faits reformulés)" : 'aucun SDAASP chargé',
          vintage: '2018-2023',
          files: [`data/departements/${inputs.dept.code}.json`],
          rows_read: territories.length,
          rows_kept: features.length,
          rows_rejected: territories.length - features.length,
        },
      ],
      caveats: territories.length
        ? ["Territoires nommés par le plan d'actions, délimités par EPCI (choix du projet, voir data/departements)."]
        : ['Aucun territoire prioritaire défini pour ce département.'],
    },
    data: { type: 'FeatureCollection', features },
  };
}

/**
 * Adultes-relais posts per contrat de ville territory and year (2020–2025).
 * No coordinates exist: posts are attributes of the contrat's territory (an
 * EPCI or a commune), drawn with that territory's outline, never as points.
 */
export function buildHealthMediators(inputs: BuildInputs, frame: Frame): BuiltLayer {
  const dept = inputs.dept.code;
  type Territory = { code: string; name: string; contracts: Map<string, string>; posts: Record<string, number> };
  const territories = new Map<string, Territory>();
  const uses: SourceUse[] = [];
  const years = new Set<string>();
  for (const id of ['anct-adultes-relais-2020-2023', 'anct-adultes-relais-2024-2025']) {
    const desc = inputs.sources.get(id)!;
    const files = inputs.files.get(id)!;
    const c = columnsOf(desc, 'id', 'year', 'contract', 'dept', 'territory', 'contractName');
    const rep = inputs.reporter(HEALTH_MEDIATORS.id, id);
    const geomFile = files[files.length - 1];
    const contractTerritory = new Map<string, { code: string; name: string }>();
    readGeoJson(geomFile, desc).features.forEach((f, i) => {
      const p = (f.properties ?? {}) as Record<string, unknown>;
      if (str(p[c.dept]) !== dept) return;
      let code = str(p[c.territory]);
      const known = code.length === 5 ? frame.resolveCommune(code) !== null : frame.epciGeometry.has(code);
      if (!known && f.geometry?.type === 'Point') {
        // an EPCI code of an older intercommunal map: locate the contrat's point in today's communes
        const hit = frame.communeIndex.findArea(f.geometry.coordinates as [number, number]);
        const commune = hit >= 0 ? frame.communes.get(frame.communeFeatures[hit].properties.code) : undefined;
        const replacement = code.length === 5 ? commune?.code : commune?.epciCode;
        if (replacement) {
          rep.add(
            geomFile.path,
            i + 1,
            c.territory,
            'corrected',
            `territory ${code} is not in the current lists; its point lies in ${code.length === 5 ? 'commune' : 'EPCI'} ${replacement} ${code.length === 5 ? commune?.name : frame.epciNames.get(replacement)}`,
            code,
          );
          code = replacement;
        }
      }
      contractTerritory.set(str(p[c.contract]), { code, name: str(p[c.contractName]) });
    });
    let read = 0;
    let kept = 0;
    for (const file of files.slice(0, -1)) {
      readJsonArray(file, desc).forEach((r, i) => {
        const contract = str(r[c.contract]);
        const rowDept = str(r[c.dept]);
        if (rowDept !== dept && !(rowDept === '' && contractTerritory.has(contract))) return;
        read++;
        if (rowDept === '')
          rep.add(file.path, i + 1, c.dept, 'corrected', `no département: attached through its contrat de ville ${contract}`, r[c.id]);
        const t = contractTerritory.get(contract);
        if (!t) {
          rep.add(file.path, i + 1, c.contract, 'rejected', `contrat de ville ${contract} not in ${geomFile.path}`, r[c.id]);
          return;
        }
        const resolved = t.code.length === 5 ? frame.resolveCommune(t.code) : t.code;
        if (!resolved || (t.code.length === 9 && !frame.epciGeometry.has(t.code))) {
          rep.add(
            file.path,
            i + 1,
            c.contract,
            'rejected',
            `territory ${t.code} of contrat ${contract} is neither a commune nor an EPCI of the département`,
            r[c.id],
          );
          return;
        }
        const year = str(r[c.year]);
        years.add(year);
        const entry: Territory = territories.get(resolved) ?? { code: resolved, name: '', contracts: new Map(), posts: {} };
        entry.contracts.set(contract, t.name);
        entry.posts[year] = (entry.posts[year] ?? 0) + 1;
        territories.set(resolved, entry);
        kept++;
      });
    }
    uses.push(sourceUse(desc, files, { read, kept, rejected: read - kept }));
  }
  const sortedYears = [...years].sort();
  const features: Feature[] = [];
  for (const t of territories.values()) {
    const isCommune = t.code.length === 5;
    const geometry: Polygon | MultiPolygon | undefined = isCommune
      ? frame.communeFeatures.find((f) => f.properties.code === t.code)?.geometry
      : frame.epciGeometry.get(t.code);
    if (!geometry) continue;
    const props: Record<string, unknown> = {
      id: t.code,
      layer: HEALTH_MEDIATORS.id,
      territory_type: isCommune ? 'commune' : 'epci',
      name: isCommune ? frame.communes.get(t.code)?.name : frame.epciNames.get(t.code),
      contracts: [...t.contracts.keys()].join(' '),
      contract_names: [...new Set(t.contracts.values())].join(' | '),
      latest_year: sortedYears.at(-1) ?? null,
    };
    for (const y of sortedYears) props[`posts_${y}`] = t.posts[y] ?? 0;
    features.push({ type: 'Feature', geometry, properties: props });
  }
  const byYear: Record<string, number> = {};
  for (const y of sortedYears) byYear[y] = [...territories.values()].reduce((s, t) => s + (t.posts[y] ?? 0), 0);
  return {
    manifest: {
      ...layerHead(HEALTH_MEDIATORS),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: uses,
      caveats: [
        'Les données ne distinguent pas les médiateurs santé des autres adultes-relais: ce sont tous les postes adultes-relais financés.',
        'Aucune coordonnée: les postes sont comptés par territoire de contrat de ville (EPCI ou commune), jamais placés en points.',
      ],
      stats: { posts_by_year: byYear },
    },
    data: { type: 'FeatureCollection', features },
  };
}

/** Cells kept around the département: enough for border effects, small enough to ship. */
const GRID_BUFFER_KM = 5;
export const EPSG3035 = '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** Eurostat 1 km population grid (EPSG:3035 tiles) → cell centres in WGS84, clipped to the département and its surroundings. */
export async function buildPopulationGrid(inputs: BuildInputs, frame: Frame): Promise<BuiltLayer> {
  const desc = inputs.sources.get('eurostat-population-grid-2021')!;
  const files = inputs.files.get(desc.id)!;
  const info = readJson(files[0], desc) as { resolutionGeo?: number; tileSizeCell?: number; originPoint?: { x: number; y: number } };
  const resolution = info.resolutionGeo ?? 1000;
  const tileSize = info.tileSizeCell ?? 512;
  const origin = info.originPoint ?? { x: 0, y: 0 };
  const c = columnsOf(desc, 'x', 'y', 'population', 'country');
  const toWgs84 = proj4(EPSG3035, 'EPSG:4326');
  const near = expandBBoxKm(frame.departementBBox, GRID_BUFFER_KM);
  const features: Feature[] = [];
  let inDeptPopulation = 0;
  let inDeptCells = 0;
  let read = 0;
  const rep = inputs.reporter(POPULATION_GRID.id, desc.id);
  type Cell = { gx: number; gy: number; lng: number; lat: number; population: number; country: string; inDept: boolean };
  const cells: Cell[] = [];
  for (const file of files.slice(1)) {
    const m = /(\d+)\/(\d+)\.parquet$/.exec(file.path);
    if (!m) throw new Error(`${file.location}: tile path must end with <x>/<y>.parquet`);
    const [tileX, tileY] = [Number(m[1]), Number(m[2])];
    const rows = await readParquet(file, [c.x, c.y, c.population, c.country]);
    rows.forEach((r, i) => {
      const gx = tileX * tileSize + Number(r[c.x]);
      const gy = tileY * tileSize + Number(r[c.y]);
      const x = origin.x + gx * resolution + resolution / 2;
      const y = origin.y + gy * resolution + resolution / 2;
      const [lng, lat] = toWgs84.forward([x, y]);
      if (!isInBBox([lng, lat], near)) return;
      const population = Number(r[c.population]);
      if (!Number.isFinite(population) || population < 0) {
        read++;
        rep.add(file.path, i + 1, c.population, 'rejected', 'population is not a non-negative number', r[c.population]);
        return;
      }
      const inDept = frame.departementIndex.findArea([lng, lat]) >= 0;
      if (inDept) {
        inDeptPopulation += population;
        inDeptCells++;
      }
      cells.push({ gx, gy, lng, lat, population, country: str(r[c.country]), inDept });
    });
  }
  // keep the département's cells and those within GRID_BUFFER_KM of one (a dilation on the grid)
  const inDeptKeys = new Set(cells.filter((k) => k.inDept).map((k) => k.gx * 100000 + k.gy));
  const reach = Math.ceil((GRID_BUFFER_KM * 1000) / resolution);
  const nearDept = (k: Cell) => {
    for (let dx = -reach; dx <= reach; dx++)
      for (let dy = -reach; dy <= reach; dy++) {
        if (inDeptKeys.has((k.gx + dx) * 100000 + (k.gy + dy))) return true;
      }
    return false;
  };
  for (const k of cells) {
    if (!k.inDept && !nearDept(k)) continue;
    read++;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [Math.round(k.lng * 1e5) / 1e5, Math.round(k.lat * 1e5) / 1e5] },
      properties: {
        id: `CRS3035RES${resolution}mN${origin.y + k.gy * resolution}E${origin.x + k.gx * resolution}`,
        population: k.population,
        country: k.country,
        in_departement: k.inDept ? 1 : 0,
      },
    });
  }
  return {
    manifest: {
      ...layerHead(POPULATION_GRID),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [
        sourceUse(desc, files, { read, kept: features.length, rejected: read - features.length }, [
          `cellules du département et cellules à moins de ${GRID_BUFFER_KM} km de l'une d'elles`,
        ]),
      ],
      caveats: [
        ...(desc.caveats ?? []),
        'Point = centre de la cellule de 1 km; une cellule compte dans le département si son centre y est.',
      ],
      stats: { population_in_departement: inDeptPopulation, cells_in_departement: inDeptCells, cell_size_m: resolution },
    },
    data: { type: 'FeatureCollection', features },
  };
}
