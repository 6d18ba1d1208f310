import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runRoads } from '../../src/cli/actions/roads.action.ts';
import { parseOptions } from '../../src/cli/args/parse-options.ts';
import { roadsCommand } from '../../src/cli/commands/roads.command.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { createDriveTimeEngine } from '../../src/core/roads/drive-time-engine.ts';
import { roadGraphFromBinary } from '../../src/core/roads/road-graph-binary.ts';
import { parseRoadsManifest } from '../../src/data/roads/roads-manifest.ts';
import { fictionalManifest } from './helpers/fictional-manifest.ts';
import { encodeOsmPbf, type OsmNetwork } from './helpers/osm-pbf-encoder.ts';

const point = (coordinates: [number, number], properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties,
});

/** A fictional département: three communes, five grid cells, two fixed France Services and a bus, one across the border. */
const LAYERS: Record<string, unknown[]> = {
  communes: [
    {
      type: 'Feature',
      geometry: null,
      properties: { code: '59991', name: 'Ouestville', population: 1000, centroid_lng: 3.01, centroid_lat: 50.01 },
    },
    {
      type: 'Feature',
      geometry: null,
      properties: { code: '59992', name: 'Estville', population: 3000, centroid_lng: 3.09, centroid_lat: 50.05 },
    },
    {
      type: 'Feature',
      geometry: null,
      properties: { code: '59993', name: 'Loinville', population: 500, centroid_lng: 3.05, centroid_lat: 50.3 },
    },
  ],
  'population-grid': [
    point([3.012, 50.012], { id: 'c1', population: 600, in_departement: 1 }),
    point([3.05, 50.05], { id: 'c2', population: 1200, in_departement: 1 }),
    point([3.088, 50.051], { id: 'c3', population: 2200, in_departement: 1 }),
    point([3.05, 50.3], { id: 'c4', population: 400, in_departement: 1 }), // 20 km north of every road
    point([3.2, 50.0], { id: 'c5', population: 900, in_departement: 0 }), // across the border: not counted
  ],
  'france-services': [
    point([3.0, 50.0], { id: '501', kind: 'fixed', name: 'France Services A' }),
    point([3.1, 50.1], { id: '502', kind: 'bus', name: 'Bus B' }),
  ],
  'france-services-nearby': [point([3.1, 50.1], { id: '601', kind: 'fixed', name: 'France Services voisine' })],
};

/** An 11 × 11 grid of residential streets, 0.01° apart, from (lng0, 50.0). */
function gridNetwork(lng0: number): OsmNetwork {
  const nodes: OsmNetwork['nodes'] = [];
  const ways: OsmNetwork['ways'] = [];
  const id = (i: number, j: number) => 1 + i * 11 + j;
  for (let i = 0; i <= 10; i++) for (let j = 0; j <= 10; j++) nodes.push({ id: id(i, j), lng: lng0 + j * 0.01, lat: 50 + i * 0.01 });
  for (let i = 0; i <= 10; i++) {
    ways.push({ id: 1000 + i, refs: Array.from({ length: 11 }, (_, j) => id(i, j)), tags: { highway: 'residential' } });
    ways.push({ id: 2000 + i, refs: Array.from({ length: 11 }, (_, j) => id(j, i)), tags: { highway: 'residential' } });
  }
  ways.push({ id: 3000, refs: [id(0, 0), id(0, 1)], tags: { highway: 'footway' } });
  return { nodes, ways };
}

let root: string;
let dataDir: string;
const lines: string[] = [];
const log = (l: string) => lines.push(l);
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'maillage-roads-cli-'));
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
    JSON.stringify(fictionalManifest({ code: '59', name: 'Nord', extent: [2.9, 49.9, 3.2, 50.4] }, layers)),
  );
  writeFileSync(join(root, 'ici.osm.pbf'), encodeOsmPbf(gridNetwork(3.0)));
  writeFileSync(join(root, 'ailleurs.osm.pbf'), encodeOsmPbf(gridNetwork(-1.5)));
  writeFileSync(join(root, 'vitesses.json'), JSON.stringify({ residential: 20 }));
  writeFileSync(join(root, 'vitesses-fausses.json'), JSON.stringify({ rue: 20 }));
  writeFileSync(join(root, 'pas-des-routes.osm.pbf'), 'bonjour');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('roads command', () => {
  it('builds roads.bin and roads.json beside the bundle, with counts, coverage and the speed table', async () => {
    lines.length = 0;
    const out = await runRoads({ dept: '59', file: join(root, 'ici.osm.pbf'), dataDir, log, now: new Date('2026-01-02T03:04:05Z') });
    const manifest = parseRoadsManifest(JSON.parse(readFileSync(out.manifestPath, 'utf8')), 'roads.json', '59');
    expect(manifest.builtAt).toBe('2026-01-02T03:04:05.000Z');
    expect(manifest.source).toMatchObject({ file: 'ici.osm.pbf', format: 'osm-pbf', profile: null });
    expect(manifest.read.kept).toBe(22);
    expect(manifest.read.dropped).toEqual({ 'non-road': 1 });
    // the in-département cells: 600 + 1200 + 2200 reach a road, the 400 of c4 do not
    expect(manifest.coverage.population).toBe(4400);
    expect(manifest.coverage.populationOffNetwork).toBe(400);
    expect(manifest.coverage.communesOffNetwork).toEqual(['59993']);
    expect(manifest.coverage.sites).toBe(2); // the bus is not a site
    expect(manifest.speedsKmh.residential).toBe(30);
    const graph = roadGraphFromBinary(new Uint8Array(readFileSync(out.binPath)));
    expect(graph.nodeCount).toBe(manifest.graph.nodes);
    expect(graph.edgeCount).toBe(manifest.graph.edges);
    expect(readFileSync(out.binPath).length).toBe(manifest.graph.bytes);
    // the graph read back answers: c2 at (3.05, 50.05) is 5 + 5 blocks from both sites, but streets
    // are shorter further north, so 601 (north-east, via the street at 50.1°) wins by 4 metres
    const engine = createDriveTimeEngine(graph);
    const sites = engine.attach([3.0, 3.1], [50.0, 50.1]);
    const m = engine.minutesFrom(3.05, 50.05, engine.timesToNearestSite(sites));
    const km = distanceKm([3.05, 50.05], [3.05, 50.1]) + distanceKm([3.05, 50.1], [3.1, 50.1]);
    expect(m.minutes).toBeCloseTo((km / 30) * 60, 4);
    expect(m.site).toBe(1);
    expect(lines.join('\n')).toMatch(/ways: 23 read, 22 kept/);
    expect(lines.join('\n')).toMatch(/attention : 400 habitants et 1 communes.*Loinville/);
    expect(lines.join('\n')).toMatch(/peak memory \d+ MiB/);
  });

  it('uses a speed table file', async () => {
    const out = await runRoads({ dept: '59', file: join(root, 'ici.osm.pbf'), speedsFile: join(root, 'vitesses.json'), dataDir, log });
    expect(out.manifest.speedsKmh.residential).toBe(20);
    expect(out.manifest.speedsFile).toBe('vitesses.json');
  });

  it('refuses an extract of another region and writes nothing', async () => {
    const dir = join(dataDir, '59');
    rmSync(join(dir, 'roads.bin'), { force: true });
    rmSync(join(dir, 'roads.json'), { force: true });
    const error = await runRoads({ dept: '59', file: join(root, 'ailleurs.osm.pbf'), dataDir, log }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(
      /ailleurs\.osm\.pbf : le fichier couvre 0 % de la population du carroyage de Nord.*autre région ; rien n'a été écrit/,
    );
    expect(existsSync(join(dir, 'roads.bin'))).toBe(false);
    expect(existsSync(join(dir, 'roads.json'))).toBe(false);
  });

  it('turns a bad file, a bad speed table and a missing file into French CLI errors', async () => {
    const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // as the CLI runs a command: its declared options checked, then run
      const run = async (args: string[]) => {
        try {
          const { values } = parseOptions(roadsCommand.name, roadsCommand.options, args);
          return await roadsCommand.run(values);
        } catch (e) {
          return e as Error;
        }
      };
      const bad = await run(['--dept', '59', '--data', dataDir, '--file', join(root, 'pas-des-routes.osm.pbf')]);
      expect(bad).toBeInstanceOf(CliError);
      expect((bad as CliError).message).toBe('pas-des-routes.osm.pbf : format non reconnu');
      expect((bad as CliError).fix).toMatch(/osm\.pbf.*GeoJSON/);
      const speeds = await run(['--data', dataDir, '--file', join(root, 'ici.osm.pbf'), '--speeds', join(root, 'vitesses-fausses.json')]);
      expect((speeds as CliError).message).toMatch(/vitesses-fausses\.json : classe de route inconnue « rue »/);
      const missing = await run(['--data', dataDir, '--file', join(root, 'absent.osm.pbf')]);
      expect((missing as CliError).message).toMatch(/fichier de routes introuvable/);
      expect(await run(['--data', dataDir])).toBeInstanceOf(CliError); // --file is required
      expect(await run(['--data', dataDir, '--file', join(root, 'ici.osm.pbf')])).toBe(0);
    } finally {
      quiet.mockRestore();
    }
  });
});
