import type { Feature, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/data/bundle/bundle-error.ts';
import type { BundleSource } from '../../src/data/bundle/bundle-source.ts';
import { readBundleLayer } from '../../src/data/bundle/bundle-source.ts';
import type { LayerData } from '../../src/data/bundle/bundle-types.ts';
import { encodeLayerTopology } from '../../src/data/bundle/encode-layer-topology.ts';
import { decodeLayerTopology } from '../../src/data/bundle/layer-topology.ts';
import { parseBundleManifest } from '../../src/data/bundle/parse-manifest.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

/** Fictional communes: two squares sharing their east/west side, the second with a hole, and a two-part one. */
function fictionalAreas(): LayerData {
  // sums written back on the 1e-5 grid (3.11 + 0.01 is 3.1199999999999997 in binary)
  const r5 = (v: number) => Math.round(v * 1e5) / 1e5;
  const square = (x: number, y: number, d: number): Position[] => [
    [x, y],
    [r5(x + d), y],
    [r5(x + d), r5(y + d)],
    [x, r5(y + d)],
    [x, y],
  ];
  const feature = (code: string, geometry: Feature['geometry']): Feature => ({
    type: 'Feature',
    properties: { code, name: `Commune fictive ${code}`, population: 100 },
    geometry,
  });
  return {
    type: 'FeatureCollection',
    features: [
      feature('99001', { type: 'Polygon', coordinates: [square(3.1, 50.2, 0.01)] }),
      feature('99002', {
        type: 'Polygon',
        coordinates: [square(3.11, 50.2, 0.01), square(3.11201, 50.20203, 0.00123).reverse()],
      }),
      feature('99003', {
        type: 'MultiPolygon',
        coordinates: [[square(3.13, 50.21, 0.00456)], [square(3.14, 50.22, 0.002)]],
      }),
    ],
  } as LayerData;
}

/** A closed ring written from its lowest vertex (TopoJSON may start a ring at another vertex). */
function canonicalRing(ring: Position[]): string {
  const open = ring.slice(0, -1).map((p) => `${p[0]},${p[1]}`);
  const start = open.indexOf([...open].sort()[0]);
  return [...open.slice(start), ...open.slice(0, start)].join(' ');
}

function canonical(data: LayerData): unknown {
  return data.features.map((f) => {
    const g = f.geometry;
    const polygons = g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    return { id: f.id, properties: f.properties, type: g?.type, rings: polygons.map((p) => p.map(canonicalRing)) };
  });
}

/** The file as written and read back (JSON text). */
const roundTrip = (data: LayerData) => decodeLayerTopology(JSON.parse(JSON.stringify(encodeLayerTopology(data))));

describe('encodeLayerTopology / decodeLayerTopology', () => {
  it('gives back the same features, properties and exact coordinates', () => {
    const data = fictionalAreas();
    expect(canonical(roundTrip(data))).toEqual(canonical(data));
  });

  it('writes a shared border once and records the decimals of the coordinates', () => {
    const topo = encodeLayerTopology(fictionalAreas());
    if (!topo) throw new Error('expected a TopoJSON copy');
    expect(topo.decimals).toBe(5);
    // 99001 and 99002 share the side x = 3.11: one arc, used by both (once reversed)
    const [a, b] = (topo.objects.layer as { geometries: { arcs: number[][] }[] }).geometries;
    const shared = a.arcs[0].filter((i) => b.arcs[0].includes(~i) || b.arcs[0].includes(i));
    expect(shared).toHaveLength(1);
  });

  it('does not modify its input', () => {
    const data = fictionalAreas();
    const before = structuredClone(data);
    encodeLayerTopology(data);
    expect(data).toEqual(before);
  });

  it('round-trips seeded random polygons at 5 and 7 decimals exactly', () => {
    const random = mulberry32(1307);
    for (const decimals of [5, 7]) {
      const f = 10 ** decimals;
      const round = (x: number) => Math.round(x * f) / f;
      const features = Array.from({ length: 40 }, (_, i): Feature => {
        const cx = uniform(random, 2.0, 4.3);
        const cy = uniform(random, 49.9, 51.1);
        const n = 3 + Math.floor(random() * 12);
        const ring: Position[] = Array.from({ length: n }, (_, k) => {
          const angle = (2 * Math.PI * k) / n;
          const r = uniform(random, 0.001, 0.05);
          return [round(cx + r * Math.cos(angle)), round(cy + r * Math.sin(angle))];
        });
        ring.push([...ring[0]]);
        return { type: 'Feature', id: i, properties: { code: `R${i}` }, geometry: { type: 'Polygon', coordinates: [ring] } };
      });
      const data = { type: 'FeatureCollection', features } as LayerData;
      expect(encodeLayerTopology(data)?.decimals).toBeLessThanOrEqual(decimals);
      expect(canonical(roundTrip(data))).toEqual(canonical(data));
    }
  });

  it('writes no copy for points, for coordinates finer than 1e-7°, for empty or null-property layers', () => {
    const points = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Point', coordinates: [3.1, 50.2] } }],
    } as LayerData;
    expect(encodeLayerTopology(points)).toBeNull();
    const fine = fictionalAreas();
    (fine.features[0].geometry as { coordinates: Position[][] }).coordinates[0][1] = [3.1100000000000003, 50.2];
    expect(encodeLayerTopology(fine)).toBeNull();
    expect(encodeLayerTopology({ type: 'FeatureCollection', features: [] })).toBeNull();
    const noProps = fictionalAreas();
    (noProps.features[0] as { properties: unknown }).properties = null;
    expect(encodeLayerTopology(noProps)).toBeNull();
  });
});

describe('readBundleLayer with a topology', () => {
  const files: Record<string, unknown> = {
    'communes.geojson': { type: 'FeatureCollection', features: [] },
    'communes.topojson': JSON.parse(JSON.stringify(encodeLayerTopology(fictionalAreas()))),
    'broken.topojson': { type: 'Topology', objects: {} },
  };
  const source: BundleSource = {
    locate: (dept, file) => `${dept}/${file}`,
    readJson: async (_dept, file) => structuredClone(files[file]),
    readBytes: async () => new Uint8Array(),
  };

  it('reads the TopoJSON copy when the manifest names one, the GeoJSON otherwise', async () => {
    expect(canonical(await readBundleLayer(source, '99', 'communes.geojson', 'communes.topojson'))).toEqual(canonical(fictionalAreas()));
    expect((await readBundleLayer(source, '99', 'communes.geojson')).features).toHaveLength(0);
  });

  it('rejects a file that is not a layer topology, naming it', async () => {
    const read = readBundleLayer(source, '99', 'communes.geojson', 'broken.topojson');
    await expect(read).rejects.toBeInstanceOf(BundleError);
    await expect(read).rejects.toThrow(/broken\.topojson/);
  });
});

describe('parseBundleManifest: a layer topology', () => {
  const withTopology = (topology: unknown) => ({
    format: 'maillage-bundle',
    version: 1,
    departement: { code: '99', name: 'Fictif', extent: [2, 50, 4, 51] },
    coverage: {},
    layers: {
      communes: {
        id: 'communes',
        title: 'Communes',
        file: 'communes.geojson',
        topology,
        status: 'ok',
        features: 3,
        sources: [],
        caveats: [],
      },
    },
  });

  it('accepts a .topojson file of the folder and refuses any other name', () => {
    expect(parseBundleManifest(withTopology('communes.topojson'), 'm.json').layers.communes.topology).toBe('communes.topojson');
    expect(() => parseBundleManifest(withTopology('../communes.topojson'), 'm.json')).toThrow(/layers\.communes\.topology/);
    expect(() => parseBundleManifest(withTopology('communes.geojson'), 'm.json')).toThrow(/layers\.communes\.topology/);
  });
});
