import { bboxClip } from '@turf/bbox-clip';
import type { Feature, Geometry, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { mesh } from 'topojson-client';
import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';
import { geometryBBox } from '../../core/geo/geometry-bbox.ts';
import { expandBBoxKm, type BBox } from '../../core/geo/lng-lat.ts';
import { NEIGHBOURS, type NeighboursProperties } from '../../layers/neighbours.ts';
import { SourceFileError } from '../report.ts';
import type { SourceDescription } from '../sources/source-description.ts';
import type { Frame } from './build-frame.ts';
import { layerHead, sourceUse, type BuildInputs, type BuiltLayer, type RawFile } from './build-types.ts';
import { columnsOf, readGeoJson, readJson, str } from './read-raw.ts';

type NeighbourFeature = Feature<Polygon | MultiPolygon | MultiLineString, NeighboursProperties>;

/** ISO 3166 numeric code of France in Natural Earth, and of the countries it borders in metropolitan France, in French. */
const FRANCE = '250';
const BORDERING_COUNTRIES: Record<string, string> = {
  '056': 'la Belgique',
  '442': 'le Luxembourg',
  '276': 'l’Allemagne',
  '756': 'la Suisse',
  '380': 'l’Italie',
  '020': 'l’Andorre',
  '724': 'l’Espagne',
  '492': 'Monaco',
};

function need(inputs: BuildInputs, id: string): { desc: SourceDescription; file: RawFile } {
  const desc = inputs.sources.get(id);
  if (!desc) throw new Error(`missing source mapping "${id}" (data/sources/${id}.json)`);
  const file = inputs.files.get(id)?.[0];
  if (!file) throw new Error(`raw file 0 of source "${id}" was not provided`);
  return { desc, file };
}

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;
function roundPositions<T>(coords: T): T {
  if (typeof (coords as unknown[])[0] === 'number') {
    const [lng, lat] = coords as unknown as Position;
    return [round5(lng), round5(lat)] as T;
  }
  return (coords as unknown[]).map(roundPositions) as T;
}

const overlaps = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

/** The départements whose outline reaches into `box`, the département itself left out; features without a polygon or code are reported. */
function neighbouringDepartements(inputs: BuildInputs, box: BBox) {
  const { desc, file } = need(inputs, NEIGHBOURS.sourceIds[0]);
  const c = columnsOf(desc, 'code', 'name');
  const rep = inputs.reporter(NEIGHBOURS.id, desc.id);
  const features: NeighbourFeature[] = [];
  let read = 0;
  readGeoJson(file, desc).features.forEach((f, i) => {
    const code = str(f.properties?.[c.code]);
    const g = f.geometry as Geometry | null;
    const isArea = g?.type === 'Polygon' || g?.type === 'MultiPolygon';
    if (code === inputs.dept.code || (isArea && !overlaps(geometryBBox(g), box))) return;
    read++;
    if (!isArea || !code) {
      rep.add(file.path, i + 1, isArea ? c.code : 'geometry', 'rejected', 'not a département polygon with a code', code);
      return;
    }
    const name = str(f.properties?.[c.name]);
    features.push({
      type: 'Feature',
      geometry: { type: g.type, coordinates: roundPositions(g.coordinates) } as Polygon | MultiPolygon,
      properties: { id: `departement-${code}`, kind: 'departement', code, name, source: desc.id },
    });
  });
  features.sort((a, b) => a.properties.id.localeCompare(b.properties.id));
  return { use: sourceUse(desc, [file], { read, kept: features.length, rejected: read - features.length }), features };
}

/** Lines of `m` inside `box`, rounded; null when none is left. */
function clipLines(m: MultiLineString, box: BBox): MultiLineString | null {
  const clipped = bboxClip({ type: 'Feature', properties: {}, geometry: m }, box).geometry;
  const lines = (clipped.type === 'LineString' ? [clipped.coordinates] : (clipped.coordinates as Position[][])).filter(
    (l) => l.length >= 2,
  );
  return lines.length ? { type: 'MultiLineString', coordinates: roundPositions(lines) } : null;
}

/** France's borders with each neighbouring country and its coastline, from Natural Earth, clipped to `box`. */
function borderAndCoast(inputs: BuildInputs, box: BBox) {
  const { desc, file } = need(inputs, NEIGHBOURS.sourceIds[1]);
  const c = columnsOf(desc, 'countries');
  const topology = readJson(file, desc) as Topology;
  const countries = topology?.objects?.[c.countries] as GeometryCollection | undefined;
  if (topology?.type !== 'Topology' || countries?.type !== 'GeometryCollection' || !countries.geometries.some((g) => g.id === FRANCE)) {
    throw new SourceFileError(file.location, `expected a TopoJSON topology whose "${c.countries}" collection holds France (id ${FRANCE})`);
  }
  const isFrance = (g: GeometryObject) => g.id === FRANCE;
  const features: NeighbourFeature[] = [];
  for (const [id, name] of Object.entries(BORDERING_COUNTRIES)) {
    const shared = mesh(topology, countries, (a, b) => a !== b && ((isFrance(a) && b.id === id) || (isFrance(b) && a.id === id)));
    const lines = clipLines(shared, box);
    if (lines)
      features.push({
        type: 'Feature',
        geometry: lines,
        properties: { id: `border-${id}`, kind: 'border', code: null, name: `Frontière avec ${name}`, source: desc.id },
      });
  }
  const coast = clipLines(
    mesh(topology, countries, (a, b) => a === b && isFrance(a)),
    box,
  );
  if (coast)
    features.push({
      type: 'Feature',
      geometry: coast,
      properties: { id: 'coastline', kind: 'coastline', code: null, name: 'Littoral', source: desc.id },
    });
  const use = sourceUse(desc, [file], { read: features.length, kept: features.length, rejected: 0 }, [
    'frontière et littoral de la France, limités aux abords du département',
  ]);
  return { use, features };
}

/**
 * The context layer: around the département (its extent plus `neighbourBufferKm`), the
 * neighbouring départements' outlines and names (IGN 2018, national simplified file), the
 * national border with each country and the coastline (Natural Earth 1:10m, world-atlas).
 */
export function buildNeighbours(inputs: BuildInputs, frame: Frame): BuiltLayer {
  const box = expandBBoxKm(frame.departementBBox, inputs.dept.neighbourBufferKm);
  const departements = neighbouringDepartements(inputs, box);
  const lines = borderAndCoast(inputs, box);
  const features = [...departements.features, ...lines.features];
  return {
    manifest: {
      ...layerHead(NEIGHBOURS),
      status: features.length ? 'ok' : 'no-data',
      features: features.length,
      sources: [departements.use, lines.use],
      caveats: [
        `Contexte autour du département (jusqu’à ${inputs.dept.neighbourBufferKm} km de son emprise) : contours simplifiés, pour se repérer, jamais pour mesurer.`,
        ...(inputs.sources.get(NEIGHBOURS.sourceIds[1])?.caveats ?? []),
      ],
      stats: {
        departements: departements.features.map((f) => f.properties.code).join(' '),
        borders: lines.features.filter((f) => f.properties.kind === 'border').length,
        coastline: lines.features.some((f) => f.properties.kind === 'coastline') ? 1 : 0,
      },
    },
    data: { type: 'FeatureCollection', features },
  };
}
