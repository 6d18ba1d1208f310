/**
 * The road graph as part of the bundle: `roads` publishes a new version with the graph, its
 * manifest entry and the drive-time zones; the next `data` build carries the graph over
 * (previousRoads + carryRoads); readers check it. A fictional département and a hand-written
 * road grid, nothing from real data.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCoverageDriveTime } from '../../src/cli/actions/coverage.action.ts';
import { runNearest } from '../../src/cli/actions/nearest.action.ts';
import { runRoads } from '../../src/cli/actions/roads.action.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { toLngLat } from '../../src/core/geo/lng-lat.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import { carryRoads, previousRoads } from '../../src/cli/io/bundle-roads.ts';
import { newVersionDir } from '../../src/cli/io/bundle-store.ts';
import { folderBundleSource, openBundle } from '../../src/cli/io/file-bundle-source.ts';
import { buildIsochrones } from '../../src/data/builders/build-isochrones.ts';
import { parseBundleManifest } from '../../src/data/bundle/parse-manifest.ts';
import { readBundleRoads } from '../../src/data/bundle/read-bundle-roads.ts';
import { ISOCHRONE_NO_TIME, isochronesChoropleth, type IsochroneCellProperties } from '../../src/layers/isochrones.ts';
import { fictionalManifest } from './helpers/fictional-manifest.ts';

const point = (coordinates: [number, number], properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties,
});

/** Four cells: one beside site A, one 3 km east on the grid, one far from every road, one across the border. */
const LAYERS: Record<string, unknown[]> = {
  communes: [
    {
      type: 'Feature',
      geometry: null,
      properties: { code: '59991', name: 'Ouestville', population: 1000, centroid_lng: 3.01, centroid_lat: 50.01 },
    },
  ],
  'population-grid': [
    point([3.001, 50.001], { id: 'CRS3035RES1000mN3000000E3800000', population: 600, in_departement: 1 }),
    point([3.06, 50.0], { id: 'c2', population: 1200, in_departement: 1 }),
    point([3.05, 50.3], { id: 'c3', population: 400, in_departement: 1 }),
    point([3.2, 50.0], { id: 'c4', population: 900, in_departement: 0 }),
  ],
  'france-services': [point([3.0, 50.0], { id: '501', kind: 'fixed', name: 'France Services A' })],
  'france-services-nearby': [],
};

/** A west–east residential street along 50.0° from 3.0° to 3.1° (one vertex every 0.01°), as GeoJSON. */
const ROADS_GEOJSON = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { highway: 'residential' },
      geometry: { type: 'LineString', coordinates: Array.from({ length: 11 }, (_, j) => [3 + j * 0.01, 50]) },
    },
    {
      type: 'Feature',
      properties: { highway: 'residential' },
      geometry: { type: 'LineString', coordinates: Array.from({ length: 11 }, (_, i) => [3, 50 + i * 0.01]) },
    },
  ],
};

let root: string;
let dataDir: string;
const log = () => {};
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maillage-roads-bundle-'));
  dataDir = join(root, 'data');
  const dir = join(dataDir, '59');
  mkdirSync(dir, { recursive: true });
  const layers: Parameters<typeof fictionalManifest>[1] = {};
  for (const [layer, features] of Object.entries(LAYERS)) {
    writeFileSync(join(dir, `${layer}.geojson`), JSON.stringify({ type: 'FeatureCollection', features }));
    layers[layer] = { file: `${layer}.geojson`, features: features.length };
  }
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      ...fictionalManifest({ code: '59', name: 'Nord', extent: [2.9, 49.9, 3.2, 50.4] }, layers),
      built_at: '2099-01-01T00:00:00Z',
    }),
  );
  writeFileSync(join(root, 'routes.geojson'), JSON.stringify(ROADS_GEOJSON));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the road graph in the bundle', () => {
  it('is published by roads as a new version: manifest entry, graph read back, drive-time zones drawn', async () => {
    const before = realpathSync(join(dataDir, '59'));
    await runRoads({ dept: '59', file: join(root, 'routes.geojson'), dataDir, log, now: new Date('2099-02-03T00:00:00Z') });
    const after = realpathSync(join(dataDir, '59'));
    expect(after).not.toBe(before); // a new version, swapped in
    const bundle = await openBundle(dataDir, '59');
    expect(bundle.manifest.roads).toMatchObject({
      graph: 'roads.bin',
      manifest: 'roads.json',
      source: { file: 'routes.geojson', format: 'geojson' },
      built_at: '2099-02-03T00:00:00.000Z',
    });
    const roads = await bundle.roads();
    expect(roads?.graph.nodeCount).toBe(bundle.manifest.roads?.nodes);
    expect(roads?.info.sourceFile).toBe('routes.geojson');
    // the layers of the bundle it replaced are all there
    expect((await bundle.layer('communes'))?.features).toHaveLength(1);
    const zones = await bundle.layer('isochrones');
    expect(bundle.manifest.layers.isochrones.status).toBe('ok');
    const byId = new Map(zones!.features.map((f) => [f.properties!.id, f.properties as unknown as IsochroneCellProperties]));
    expect([...byId.keys()].sort()).toEqual(['CRS3035RES1000mN3000000E3800000', 'c2', 'c3']); // populated cells of the département
    // c1 sits at the site; c2 is 6 blocks east along the street: 4.3 km at 30 km/h = 8.6 min, within 10
    expect(byId.get('CRS3035RES1000mN3000000E3800000')).toMatchObject({ band: 0, nearest_site: 'France Services A' });
    expect(byId.get('c2')?.band).toBe(0);
    expect(byId.get('c2')?.minutes).toBeGreaterThan(8);
    expect(byId.get('c3')).toMatchObject({ band: ISOCHRONE_NO_TIME, minutes: null, nearest_site: null }); // 20 km from a road
    // a cell drawn from its EPSG:3035 code is a closed 4-corner ring
    const square = zones!.features.find((f) => f.properties!.id === 'CRS3035RES1000mN3000000E3800000')!.geometry;
    expect(square?.type === 'Polygon' && square.coordinates[0]).toHaveLength(5);
    const legend = isochronesChoropleth(zones!);
    expect(legend.classes.map((c) => c.count)).toEqual([2, 0, 0, 0, 1]);
  });

  it('gives the coverage command its drive-time input by --access (auto, drive, straight)', async () => {
    const auto = await readCoverageDriveTime(dataDir, '59', 'auto');
    expect(auto?.network.sourceFile).toBe('routes.geojson');
    expect(auto?.engine.graph.nodeCount).toBeGreaterThan(0);
    expect(await readCoverageDriveTime(dataDir, '59', 'straight')).toBeNull();
  });

  it('gives nearest --access drive the minutes driven from the point to each listed site', async () => {
    const { rows, notes } = await runNearest({
      dept: '59',
      dataDir,
      point: toLngLat(3.06, 50.0),
      layers: ['france-services'],
      k: 3,
      at: new Date('2099-02-03T10:00:00Z'),
      access: 'drive',
    });
    const a = rows.find((r) => r.id === '501');
    // six blocks of residential street (30 km/h) west along 50.0°, both ends on a node
    let km = 0;
    for (let j = 0; j < 6; j++) km += distanceKm([3 + j * 0.01, 50], [3 + (j + 1) * 0.01, 50]);
    expect(a?.car_minutes_drive).toBeCloseTo(Math.round((km / 30) * 600) / 10, 6);
    expect(notes.join('\n')).toMatch(/car_minutes_drive: temps de trajet sur le réseau routier \(fichier routes\.geojson/);
    const plain = await runNearest({ dept: '59', dataDir, point: toLngLat(3.06, 50.0), layers: ['france-services'], k: 3, at: new Date() });
    expect(plain.rows[0]).not.toHaveProperty('car_minutes_drive');
  });

  it('is carried over by the next data build into its new version, and read back from there', async () => {
    const previous = (await openBundle(dataDir, '59')).manifest;
    const from = await previousRoads(dataDir, '59', previous, log);
    expect(from).not.toBeNull();
    const versionDir = newVersionDir(join(dataDir, '.versions'), '59');
    const entry = carryRoads(from!, versionDir, previous.built_at ?? null);
    expect(entry.carried_over_from).toBe(previous.built_at);
    const manifest = { ...previous, roads: entry };
    const read = await readBundleRoads(folderBundleSource(versionDir), '59', manifest);
    expect(read?.graph.edgeCount).toBe(from!.roads.graph.edgeCount);
    expect(Array.from(read!.graph.nodeLng)).toEqual(Array.from(from!.roads.graph.nodeLng));
    rmSync(versionDir, { recursive: true, force: true });
  });

  it('refuses a truncated graph with a located French error, and the data build then carries nothing over', async () => {
    const dir = realpathSync(join(dataDir, '59'));
    const bin = join(dir, 'roads.bin');
    const bytes = readFileSync(bin);
    rmSync(bin);
    writeFileSync(bin, bytes.subarray(0, bytes.length - 8));
    const bundle = await openBundle(dataDir, '59');
    const error = await bundle.roads().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(/roads\.bin fait \d+ octets, \d+ annoncés : fichier tronqué/);
    const notes: string[] = [];
    expect(await previousRoads(dataDir, '59', bundle.manifest, (l) => notes.push(l))).toBeNull();
    expect(notes.join('\n')).toMatch(/cannot be carried over.*run "roads" again/);
    expect(existsSync(bin)).toBe(true);
  });

  it('makes --access drive an error naming the roads command when the bundle has no graph', async () => {
    const bare = join(root, 'bare');
    mkdirSync(join(bare, '59'), { recursive: true });
    writeFileSync(
      join(bare, '59', 'manifest.json'),
      JSON.stringify(fictionalManifest({ code: '59', name: 'Nord', extent: [2.9, 49.9, 3.2, 50.4] }, {})),
    );
    expect(await readCoverageDriveTime(bare, '59', 'auto')).toBeNull();
    const error = await readCoverageDriveTime(bare, '59', 'drive').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/n'a pas de réseau routier/);
    expect((error as CliError).fix).toMatch(/roads --dept 59 --file/);
  });

  it('checks the manifest entry: plain file names inside the folder, counts, dates', () => {
    const base = fictionalManifest({ code: '59', name: 'Nord', extent: [2.9, 49.9, 3.2, 50.4] }, {});
    const entry = {
      graph: 'roads.bin',
      manifest: 'roads.json',
      bytes: 10,
      nodes: 2,
      edges: 2,
      source: { file: 'f.geojson', modified: null, format: 'geojson' },
      built_at: '2099-01-01T00:00:00Z',
    };
    expect(parseBundleManifest({ ...base, roads: entry }, 'manifest.json').roads?.nodes).toBe(2);
    expect(() => parseBundleManifest({ ...base, roads: { ...entry, graph: '../roads.bin' } }, 'manifest.json')).toThrow(/roads\.graph/);
    expect(() => parseBundleManifest({ ...base, roads: { ...entry, manifest: 'roads.bin' } }, 'manifest.json')).toThrow(/roads\.manifest/);
    expect(() => parseBundleManifest({ ...base, roads: { ...entry, edges: -1 } }, 'manifest.json')).toThrow(/roads\.edges/);
    expect(() => parseBundleManifest({ ...base, roads: { ...entry, built_at: 3 } }, 'manifest.json')).toThrow(/roads\.built_at/);
  });

  it('has no zones, and says how to get some, without a road graph', () => {
    const built = buildIsochrones({ roads: null, grid: null, franceServices: null, nearby: null });
    expect(built.manifest.status).toBe('no-data');
    expect(built.data.features).toHaveLength(0);
    expect(built.manifest.caveats.join(' ')).toMatch(/roads --file/);
  });
});
