import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { EPCI } from '../../layers/epci.ts';
import { createAreaIndex } from '../../core/index/area-index.ts';
import { SourceFileError } from '../report.ts';
import { parseFrenchNumber } from '../parse/parse-csv.ts';
import { columnsOf, readGeoJson, readJsonArray, str } from './read-raw.ts';
import { sum, type CurrentCommunes, type FrameInputs } from './build-frame-steps.ts';
import type { CommuneInfo } from './build-frame-polygons.ts';

/** The département's outline, its index and bounding box. */
export function departementOutline(c: FrameInputs, communes: Map<string, CommuneInfo>) {
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
export function epciWithIllectronisme(c: FrameInputs, a: CurrentCommunes, epciGeometry: Map<string, MultiPolygon>) {
  const { inputs, reference, src, file } = c;
  const { currentByCode, epciNames, epciInDept } = a;
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
