/**
 * The context layer's builder (src/data/builders/build-neighbours.ts) on a fictional map: a
 * département 99 on the unit square, its neighbour 98, a far département 97, and two fictional
 * countries as TopoJSON ("France" with id 250 and a neighbour with Belgium's id 056).
 */
import type { Feature, FeatureCollection, Geometry, MultiLineString, Polygon } from 'geojson';
import { topology } from 'topojson-server';
import { describe, expect, it } from 'vitest';
import { buildNeighbours } from '../../src/data/builders/build-neighbours.ts';
import type { Frame } from '../../src/data/builders/build-frame.ts';
import type { BuildInputs, DepartementConfig, RawFile } from '../../src/data/builders/build-types.ts';
import { Reporter } from '../../src/data/report.ts';
import type { SourceDescription } from '../../src/data/sources/source-description.ts';
import type { NeighboursProperties } from '../../src/layers/neighbours.ts';
import { boxPolygon } from './helpers/box-polygon.ts';

const square = boxPolygon;
const feature = (geometry: Polygon | null, properties: Record<string, unknown>, id?: string): Feature =>
  ({ type: 'Feature', geometry, properties, ...(id ? { id } : {}) }) as Feature;

const DEPARTEMENTS: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    feature(square(0, 0, 1, 1), { code: '99', nom: 'Département fictif' }),
    feature(square(1, 0, 2, 1), { code: '98', nom: 'Voisin fictif' }),
    feature(square(5, 5, 6, 6), { code: '97', nom: 'Lointain fictif' }),
    feature(null, { code: '96', nom: 'Sans contour' }),
  ],
};
// "France" spans x -0.5…1.5; its neighbour 056 starts at x = 1.5 from y = 0 up: the rest of France's edge is coast
const COUNTRY_SHAPES: FeatureCollection = {
  type: 'FeatureCollection',
  features: [
    // a vertex where the border starts, as in Natural Earth, so that the shared edge is an arc of its own
    feature(
      {
        type: 'Polygon',
        coordinates: [
          [
            [-0.5, -2],
            [1.5, -2],
            [1.5, 0],
            [1.5, 3],
            [-0.5, 3],
            [-0.5, -2],
          ],
        ],
      },
      { name: 'France' },
      '250',
    ),
    feature(square(1.5, 0, 3, 3), { name: 'Belgium' }, '056'),
  ],
};
const COUNTRIES = topology({ countries: COUNTRY_SHAPES });

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const source = (id: string, extra: Partial<SourceDescription>): SourceDescription => ({
  id,
  title: id,
  producer: 'fictif',
  licence: 'fictive',
  attribution: 'fictif',
  vintage: '2018',
  format: 'geojson',
  ...extra,
});

function build(bufferKm = 60) {
  const reporters: Reporter[] = [];
  const inputs = {
    dept: { code: '99', name: 'Fictif', neighbourBufferKm: bufferKm } as DepartementConfig,
    deptSlug: 'fictif',
    sources: new Map([
      ['ign-departements-2018', source('ign-departements-2018', { columns: { code: 'code', name: 'nom' } })],
      ['natural-earth-countries-10m', source('natural-earth-countries-10m', { format: 'json', columns: { countries: 'countries' } })],
    ]),
    files: new Map<string, RawFile[]>([
      ['ign-departements-2018', [{ path: 'deps.geojson', location: '/fictif/deps.geojson', bytes: bytes(DEPARTEMENTS) }]],
      ['natural-earth-countries-10m', [{ path: 'npm:fictif/countries.json', location: '/fictif/countries.json', bytes: bytes(COUNTRIES) }]],
    ]),
    reference: { version: '0', communes: [], epci: [], arrondissements: [], departements: [] },
    reporter(layer: string, src: string) {
      const r = new Reporter(layer, src);
      reporters.push(r);
      return r;
    },
  } satisfies BuildInputs;
  const frame = { departementBBox: [0, 0, 1, 1] } as Frame;
  return { layer: buildNeighbours(inputs, frame), report: reporters.flatMap((r) => r.entries) };
}

type AnyFeature = Feature<Geometry | null>;
const props = (f: AnyFeature) => f.properties as NeighboursProperties;
const positions = (f: AnyFeature) => (f.geometry as MultiLineString).coordinates.flat();

describe('the neighbouring départements context layer', () => {
  it('keeps the départements reaching into the area around the département, never the département itself', () => {
    const { layer } = build();
    const deps = layer.data.features.filter((f) => props(f).kind === 'departement');
    expect(deps.map((f) => props(f))).toEqual([
      { id: 'departement-98', kind: 'departement', code: '98', name: 'Voisin fictif', source: 'ign-departements-2018' },
    ]);
    expect(layer.manifest).toMatchObject({ id: 'neighbours', file: 'neighbours.geojson', status: 'ok', features: 3 });
  });

  it('reports a département without an outline instead of dropping it silently', () => {
    const { layer, report } = build();
    expect(report).toEqual([expect.objectContaining({ layer: 'neighbours', row: 4, action: 'rejected', value: '96' })]);
    expect(layer.manifest.sources[0]).toMatchObject({ rows_read: 2, rows_kept: 1, rows_rejected: 1 });
  });

  it('draws the border with the neighbouring country and the coastline, clipped to the area shown', () => {
    const { layer } = build();
    const [border] = layer.data.features.filter((f) => props(f).kind === 'border');
    const [coast] = layer.data.features.filter((f) => props(f).kind === 'coastline');
    expect(props(border)).toMatchObject({ id: 'border-056', name: 'Frontière avec la Belgique' });
    // the shared edge x = 1.5, from y = 0 up to the edge of the area (60 km ≈ 0.54° beyond the square)
    for (const [x, y] of positions(border)) {
      expect(x).toBe(1.5);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThan(1.6);
    }
    // France's own edges: x = -0.5 and the part of x = 1.5 below the neighbour, never its far north or south
    expect(props(coast).name).toBe('Littoral');
    for (const [x, y] of positions(coast)) {
      expect([-0.5, 1.5]).toContain(x);
      expect(y).toBeGreaterThan(-0.6);
      expect(y).toBeLessThan(1.6);
      if (x === 1.5) expect(y).toBeLessThanOrEqual(0);
    }
  });

  it('leaves out lines that do not reach the area, and says which départements it holds', () => {
    const { layer } = build(10);
    expect(layer.data.features.map((f) => props(f).id)).toEqual(['departement-98']);
    expect(layer.manifest.stats).toEqual({ departements: '98', borders: 0, coastline: 0 });
  });
});
