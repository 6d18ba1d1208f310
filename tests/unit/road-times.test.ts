/**
 * The finder's drive minutes (src/data/roads/road-times.ts, run by the app's road-times worker) on
 * a hand-written river with one bridge (tests/unit/helpers/river-roads.ts), built into a fictional
 * bundle by `roads`: the road answer is the detour by the bridge, known by hand; a site across a
 * gap, a site far from any road, a search point far from any road; a bundle without a road graph.
 * Then the store's road-times slice with a stand-in runner.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRoads } from '../../src/cli/actions/roads.action.ts';
import { fileBundleSource } from '../../src/cli/io/file-bundle-source.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { toLngLat } from '../../src/core/geo/lng-lat.ts';
import { estimateTravel } from '../../src/core/nearest/estimate-travel.ts';
import type { BundleSource } from '../../src/data/bundle/bundle-source.ts';
import { createRoadTimesService, type LngLatPair, type RoadTimesAnswer, type RoadTimesRunner } from '../../src/data/roads/road-times.ts';
import { createAppStore } from '../../src/state/store.ts';
import { fictionalManifest } from './helpers/fictional-manifest.ts';
import { BRIDGE_LAT, riverRoadsGeojson } from './helpers/river-roads.ts';

const point = (coordinates: [number, number], properties: Record<string, unknown>) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties,
});

const LAYERS: Record<string, unknown[]> = {
  communes: [
    {
      type: 'Feature',
      geometry: null,
      properties: { code: '59991', name: 'Rive-Ouest', population: 1000, centroid_lng: 3.02, centroid_lat: 50 },
    },
  ],
  'population-grid': [point([3.02, 50.0], { id: 'c1', population: 600, in_departement: 1 })],
  'france-services': [point([3.06, 50.0], { id: '601', kind: 'fixed', name: 'France Services Rive-Est' })],
  'france-services-nearby': [],
};

let root: string;
let dataDir: string;
const km = (a: [number, number], b: [number, number]) => distanceKm(toLngLat(...a), toLngLat(...b));

function writeBundle(dept: string, withRoads: boolean) {
  const dir = join(dataDir, dept);
  mkdirSync(dir, { recursive: true });
  const layers: Parameters<typeof fictionalManifest>[1] = {};
  for (const [layer, features] of Object.entries(LAYERS)) {
    writeFileSync(join(dir, `${layer}.geojson`), JSON.stringify({ type: 'FeatureCollection', features }));
    layers[layer] = { file: `${layer}.geojson`, features: features.length };
  }
  const manifest = fictionalManifest({ code: dept, name: `Essai ${dept}`, extent: [2.95, 49.95, 3.15, 50.4] }, layers);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, built_at: '2099-01-01T00:00:00Z' }));
  return withRoads;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'maillage-road-times-'));
  dataDir = join(root, 'data');
  writeBundle('59', true);
  writeBundle('62', false);
  const file = join(root, 'riviere.geojson');
  writeFileSync(file, JSON.stringify(riverRoadsGeojson()));
  await runRoads({ dept: '59', file, dataDir, log: () => {}, now: new Date('2099-02-03T00:00:00Z') });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A bundle source that counts the binary reads (the graph must be read once). */
function counting(source: BundleSource) {
  const counts = { bytes: 0 };
  const wrapped: BundleSource = {
    locate: source.locate,
    readJson: source.readJson,
    async readBytes(dept, file) {
      counts.bytes++;
      return source.readBytes(dept, file);
    },
  };
  return { wrapped, counts };
}

describe('drive minutes from a searched point (road-times service)', () => {
  const westEnd: LngLatPair = [3.04, 50];
  const eastEnd: LngLatPair = [3.06, 50];

  it('goes round by the bridge: 2 × 5.56 km of bank road + 1.43 km of bridge at 30 km/h, while the straight line says 4 min', async () => {
    const { wrapped, counts } = counting(fileBundleSource(dataDir));
    const service = createRoadTimesService(wrapped);
    const answer = await service.minutesFrom('59', westEnd, [eastEnd, [3.0, 50]]);
    const byRoadKm = 2 * km([3.04, 50], [3.04, BRIDGE_LAT]) + km([3.04, BRIDGE_LAT], [3.06, BRIDGE_LAT]);
    expect(byRoadKm).toBeCloseTo(12.55, 1);
    expect(answer.minutes[0]).toBeCloseTo((byRoadKm / 30) * 60, 1); // ≈ 25.1 min
    expect(estimateTravel(km([3.04, 50], [3.06, 50])).carMinutes).toBe(4); // the estimate would mislead
    // the west street, on the same bank: 4 blocks of 0.01° west
    expect(answer.minutes[1]).toBeCloseTo((km([3.0, 50], [3.04, 50]) / 30) * 60, 1);
    expect(answer.originOnNetwork).toBe(true);
    expect(answer.network).toMatchObject({ sourceFile: 'riviere.geojson', connector: { speedKmh: 20, maxKm: 2 } });
    // a second search reads nothing again
    await service.minutesFrom('59', eastEnd, [westEnd]);
    expect(counts.bytes).toBe(1);
  });

  it('adds the connectors: a point 500 m north of a node reaches it in a straight line at 20 km/h', async () => {
    const service = createRoadTimesService(fileBundleSource(dataDir));
    const origin: LngLatPair = [3.02, 50.0045]; // 0.0045° north of the node (3.02, 50)
    const answer = await service.minutesFrom('59', origin, [[3.0, 50]]);
    const connectorMin = (km([3.02, 50.0045], [3.02, 50]) / 20) * 60;
    expect(answer.minutes[0]).toBeCloseTo(connectorMin + (km([3.0, 50], [3.02, 50]) / 30) * 60, 1);
  });

  it('says NaN for a site or a search point beyond the connector (2 km) from every road, and never invents a time', async () => {
    const service = createRoadTimesService(fileBundleSource(dataDir));
    const far: LngLatPair = [3.02, 50.3]; // 27 km north of every road
    const fromNear = await service.minutesFrom('59', westEnd, [far, eastEnd]);
    expect(Number.isNaN(fromNear.minutes[0])).toBe(true);
    expect(fromNear.minutes[1]).toBeGreaterThan(25);
    const fromFar = await service.minutesFrom('59', far, [westEnd, eastEnd]);
    expect(fromFar.originOnNetwork).toBe(false);
    expect(fromFar.minutes.every(Number.isNaN)).toBe(true);
  });

  it('says Infinity beyond the search bound (no path in time)', async () => {
    const service = createRoadTimesService(fileBundleSource(dataDir), 10);
    const answer = await service.minutesFrom('59', westEnd, [eastEnd, [3.0, 50]]);
    expect(answer.minutes[0]).toBe(Infinity); // 25 min by the bridge, beyond 10
    expect(answer.minutes[1]).toBeLessThan(10);
  });

  it('answers network: null for a bundle without a road graph, and a clear error for an unknown département', async () => {
    const service = createRoadTimesService(fileBundleSource(dataDir));
    const none = await service.minutesFrom('62', westEnd, [eastEnd]);
    expect(none.network).toBeNull();
    expect(Number.isNaN(none.minutes[0])).toBe(true);
    await expect(service.minutesFrom('77', westEnd, [eastEnd])).rejects.toThrow(/77/);
  });

  it('does not modify its inputs', async () => {
    const service = createRoadTimesService(fileBundleSource(dataDir));
    const targets: LngLatPair[] = [[3.06, 50]];
    const frozen = Object.freeze(targets.map((t) => Object.freeze([...t]) as unknown as LngLatPair));
    await service.minutesFrom('59', Object.freeze([3.04, 50]) as unknown as LngLatPair, frozen);
    expect(targets).toEqual([[3.06, 50]]);
  });
});

describe('the store asks drive minutes only when the bundle has a road graph', () => {
  const manifestOf = (roads: boolean) => ({
    ...fictionalManifest({ code: '59', name: 'Essai', extent: [2.95, 49.95, 3.15, 50.4] }, {}),
    ...(roads ? { roads: { graph: 'roads.bin', manifest: 'roads.json' } } : {}),
  });
  function storeWith(roads: boolean, answer: (origin: LngLatPair, targets: readonly LngLatPair[]) => Promise<RoadTimesAnswer>) {
    const calls: LngLatPair[][] = [];
    const runner: RoadTimesRunner = {
      minutesFrom(_dept, origin, targets) {
        calls.push([...targets]);
        return answer(origin, targets);
      },
    };
    const store = createAppStore({
      loader: {
        fetchManifest: async () => manifestOf(roads) as never,
        fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }),
      },
      roadTimes: runner,
    });
    return { store, calls };
  }
  const targets = [
    { key: 'france-services\u0000601', lngLat: [3.06, 50] as LngLatPair },
    { key: 'france-services\u0000602', lngLat: [3.0, 50] as LngLatPair },
  ];
  const ok = async (): Promise<RoadTimesAnswer> => ({ network: null, originOnNetwork: true, minutes: [25.1, NaN] });

  it('never calls the runner without a road graph', async () => {
    const { store, calls } = storeWith(false, ok);
    await store.getState().loadBundle('59');
    store.getState().requestFindRoadTimes([3.04, 50], targets);
    expect(calls).toHaveLength(0);
    expect(store.getState().findRoadTimes).toBeNull();
  });

  it('keeps the minutes by site key, asks the same request once, and drops an answer a newer request replaced', async () => {
    let release: (() => void) | null = null;
    const { store, calls } = storeWith(true, (origin) =>
      origin[0] === 1
        ? new Promise((resolve) => (release = () => resolve({ network: null, originOnNetwork: true, minutes: [99, 99] })))
        : ok(),
    );
    await store.getState().loadBundle('59');
    store.getState().requestFindRoadTimes([1, 1], targets); // slow, then replaced
    store.getState().requestFindRoadTimes([3.04, 50], targets);
    store.getState().requestFindRoadTimes([3.04, 50], targets);
    expect(calls).toHaveLength(2);
    await Promise.resolve();
    await Promise.resolve();
    const t = store.getState().findRoadTimes!;
    expect(t.status).toBe('ok');
    expect(t.minutes['france-services\u0000601']).toBe(25.1);
    expect(Number.isNaN(t.minutes['france-services\u0000602'])).toBe(true);
    release!();
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().findRoadTimes!.minutes['france-services\u0000601']).toBe(25.1);
  });

  it('keeps a runner failure as an error the note can show', async () => {
    const { store } = storeWith(true, async () => {
      throw new Error('graphe illisible');
    });
    await store.getState().loadBundle('59');
    store.getState().requestFindRoadTimes([3.04, 50], targets);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().findRoadTimes).toMatchObject({ status: 'error', error: 'graphe illisible' });
  });
});
