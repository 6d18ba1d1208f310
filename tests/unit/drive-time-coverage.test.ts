/**
 * Drive times in the canton table, on a fictional département (tests/unit/helpers/fictional-departement.ts)
 * and a hand-written fictional road network: a street grid with a one-way avenue, a gap with a
 * disconnected island of streets. Every canton's drive-time columns are checked against a brute
 * force written independently of the engine: each cell attached to its nearest node by a scan of
 * every node, then a textbook O(V²) Dijkstra from that node, the nearest site by a scan of all.
 */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CoverageInput, CoverageRow, CoverageRule } from '../../src/core/coverage/coverage-types.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { DEFAULT_CONNECTOR } from '../../src/core/roads/attach-points.ts';
import { buildRoadGraph } from '../../src/core/roads/build-road-graph.ts';
import { createDriveTimeEngine } from '../../src/core/roads/drive-time-engine.ts';
import { createDijkstraWorkspace } from '../../src/core/roads/multi-source-dijkstra.ts';
import { roadClassIndex } from '../../src/core/roads/road-classes.ts';
import type { RoadGraph } from '../../src/core/roads/road-graph.ts';
import type { RoadNetworkInfo } from '../../src/core/roads/road-network-info.ts';
import { createRoadWaysBuilder } from '../../src/core/roads/road-ways.ts';
import { minutesFromOrigin } from '../../src/core/roads/times-from-point.ts';
import { CANTON_DEG, fictionalDepartement, ORIGIN } from './helpers/fictional-departement.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

const COLS = 4;
const ROWS = 3;
const STEP = 0.02;
/** The north-east canton's quarter with no streets but a small island of its own. */
const GAP = { minLng: ORIGIN[0] + 0.3, minLat: ORIGIN[1] + 0.2 };
const inGap = (x: number, y: number) => x > GAP.minLng + 1e-9 && y > GAP.minLat + 1e-9;

/** Streets every 0.02° over the département and around it (none in the gap), an avenue one-way eastward, an island in the gap. */
function fictionalRoads(): RoadGraph {
  const b = createRoadWaysBuilder();
  const xs = Array.from({ length: 25 }, (_, i) => Math.round((ORIGIN[0] - 0.04 + i * STEP) * 1e6) / 1e6);
  const ys = Array.from({ length: 20 }, (_, i) => Math.round((ORIGIN[1] - 0.04 + i * STEP) * 1e6) / 1e6);
  const road = (coords: [number, number][], cls: string, oneway: -1 | 0 | 1 = 0) => {
    // a street is cut where it enters the gap
    let run: number[] = [];
    const flush = () => {
      if (run.length > 1) b.addWay(run, { roadClass: roadClassIndex(cls), oneway });
      run = [];
    };
    for (const [x, y] of coords) {
      if (inGap(x, y)) flush();
      else run.push(b.vertexAt(x, y));
    }
    flush();
  };
  for (const [j, y] of ys.entries()) {
    road(
      xs.map((x) => [x, y]),
      j === 9 ? 'primary' : 'residential',
      j === 9 ? 1 : 0,
    );
  }
  for (const x of xs)
    road(
      ys.map((y) => [x, y]),
      'tertiary',
    );
  // the island: a loop of streets in the gap, joined to nothing
  const [ix, iy] = [GAP.minLng + 0.05, GAP.minLat + 0.05];
  const loop: [number, number][] = [
    [ix, iy],
    [ix + 0.01, iy],
    [ix + 0.01, iy + 0.01],
    [ix, iy + 0.01],
    [ix, iy],
  ];
  b.addWay(
    loop.map(([x, y]) => b.vertexAt(x, y)),
    { roadClass: roadClassIndex('residential'), oneway: 0 },
  );
  return buildRoadGraph(b.finish()).graph;
}

const DEFAULT_COVERAGE_RULE: CoverageRule = {
  target: 1,
  priorityTarget: 2,
  countBuses: true,
  priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
};

const NETWORK: RoadNetworkInfo = {
  sourceFile: 'routes-fictives.geojson',
  sourceDate: '2099-01-01',
  sourceFormat: 'geojson',
  builtAt: '2099-01-02T00:00:00.000Z',
  nodes: 0,
  edges: 0,
  connector: { ...DEFAULT_CONNECTOR },
};

/** The textbook Dijkstra (no heap), forward from `source` started at `startSeconds`. */
function naiveTimesFrom(graph: RoadGraph, source: number, startSeconds: number): Float64Array {
  const n = graph.nodeCount;
  const t = new Float64Array(n).fill(Infinity);
  const done = new Uint8Array(n);
  t[source] = startSeconds;
  for (;;) {
    let u = -1;
    for (let v = 0; v < n; v++) if (!done[v] && t[v] < Infinity && (u < 0 || t[v] < t[u])) u = v;
    if (u < 0) return t;
    done[u] = 1;
    for (let e = graph.edgeOffsets[u]; e < graph.edgeOffsets[u + 1]; e++) {
      const v = graph.edgeTargets[e];
      if (t[u] + graph.edgeSeconds[e] < t[v]) t[v] = t[u] + graph.edgeSeconds[e];
    }
  }
}

/** Nearest node by a scan of all (every node here is attachable), with the connector; node -1 beyond its reach. */
function naiveAttach(graph: RoadGraph, p: readonly [number, number]): { node: number; seconds: number } {
  let best = -1;
  let bestKm = Infinity;
  for (let v = 0; v < graph.nodeCount; v++) {
    const d = distanceKm(p, [graph.nodeLng[v], graph.nodeLat[v]]);
    if (d < bestKm) [best, bestKm] = [v, d];
  }
  if (bestKm > DEFAULT_CONNECTOR.maxKm) return { node: -1, seconds: NaN };
  return { node: best, seconds: (bestKm / DEFAULT_CONNECTOR.speedKmh) * 3600 };
}

/** Seconds from every node to `target` (reached at `endSeconds`): the textbook Dijkstra on the edges turned round. */
function naiveTimesTo(graph: RoadGraph, target: number, endSeconds: number): Float64Array {
  const reversed: number[][] = Array.from({ length: graph.nodeCount }, () => []);
  const offsets: number[] = [0];
  const targets: number[] = [];
  const seconds: number[] = [];
  for (let u = 0; u < graph.nodeCount; u++)
    for (let e = graph.edgeOffsets[u]; e < graph.edgeOffsets[u + 1]; e++) reversed[graph.edgeTargets[e]].push(u, e);
  for (const list of reversed) {
    for (let k = 0; k < list.length; k += 2) {
      targets.push(list[k]);
      seconds.push(graph.edgeSeconds[list[k + 1]]);
    }
    offsets.push(targets.length);
  }
  const turned = {
    ...graph,
    edgeOffsets: Uint32Array.from(offsets),
    edgeTargets: Uint32Array.from(targets),
    edgeSeconds: Float32Array.from(seconds),
  };
  return naiveTimesFrom(turned, target, endSeconds);
}

/** Minutes from each point to the nearest of `sites` by brute force: NaN off the network, Infinity with no path. */
function naiveMinutes(
  graph: RoadGraph,
  points: readonly (readonly [number, number])[],
  sites: readonly (readonly [number, number])[],
): number[] {
  const toSite = sites
    .map((s) => naiveAttach(graph, s))
    .filter((a) => a.node >= 0)
    .map((a) => naiveTimesTo(graph, a.node, a.seconds));
  return points.map((p) => {
    const from = naiveAttach(graph, p);
    if (from.node < 0) return NaN;
    return Math.min(...toSite.map((t) => t[from.node] + from.seconds)) / 60;
  });
}

function input(): CoverageInput {
  const base = fictionalDepartement({ seed: 1717, cells: 90, fixedSites: 4, buses: 1 });
  const [maxLng, maxLat] = [ORIGIN[0] + COLS * CANTON_DEG, ORIGIN[1] + ROWS * CANTON_DEG];
  // cells inside the cantons only (the border cell would be placed by its nearest commune), and two in the gap
  const grid = (base.populationGrid ?? []).filter((c) => c.lngLat[0] < maxLng && c.lngLat[1] < maxLat);
  grid.push({ lngLat: [GAP.minLng + 0.055, GAP.minLat + 0.055], population: 321 }); // on the island: no path
  grid.push({ lngLat: [GAP.minLng + 0.09, GAP.minLat + 0.09], population: 123 }); // beyond the connector's reach
  return { ...base, populationGrid: grid };
}

describe('drive-time columns of the canton table', () => {
  const graph = fictionalRoads();
  const engine = createDriveTimeEngine(graph);
  const data = input();
  const table = computeCoverage({ ...data, driveTime: { engine, network: NETWORK } }, DEFAULT_COVERAGE_RULE);
  const sites = [...data.franceServices, ...data.nearbyFranceServices].filter((s) => s.kind === 'fixed').map((s) => s.lngLat);

  it('equal the brute force in every canton and in the total (shares within 10/20/30 min, mean and max)', () => {
    const sums = Array.from({ length: COLS * ROWS + 1 }, () => ({
      pop: 0,
      within: [0, 0, 0],
      timed: 0,
      weighted: 0,
      max: -Infinity,
      off: 0,
      noPath: 0,
    }));
    const cells = (data.populationGrid ?? []).filter((c) => c.population > 0);
    const minutes = naiveMinutes(
      graph,
      cells.map((c) => c.lngLat),
      sites,
    );
    cells.forEach((cell, i) => {
      const [x, y] = cell.lngLat;
      const canton = Math.floor((y - ORIGIN[1]) / CANTON_DEG) * COLS + Math.floor((x - ORIGIN[0]) / CANTON_DEG);
      const m = minutes[i];
      for (const s of [sums[canton], sums[COLS * ROWS]]) {
        s.pop += cell.population;
        if (Number.isNaN(m)) s.off += cell.population;
        else if (m === Infinity) s.noPath += cell.population;
        if (!Number.isFinite(m)) continue;
        [10, 20, 30].forEach((b, i) => {
          if (m <= b) s.within[i] += cell.population;
        });
        s.timed += cell.population;
        s.weighted += cell.population * m;
        s.max = Math.max(s.max, m);
      }
    });
    const check = (row: CoverageRow, s: (typeof sums)[number]) => {
      const pct = (i: number) => (100 * s.within[i]) / s.pop;
      expect(Math.abs(row.populationWithin10MinPct! - pct(0)), row.cantonCode).toBeLessThan(0.051);
      expect(Math.abs(row.populationWithin20MinPct! - pct(1))).toBeLessThan(0.051);
      expect(Math.abs(row.populationWithin30MinPct! - pct(2))).toBeLessThan(0.051);
      expect(Math.abs(row.meanDriveMinutes! - s.weighted / s.timed)).toBeLessThan(0.051);
      expect(Math.abs(row.maxDriveMinutes! - s.max)).toBeLessThan(0.051);
    };
    for (const [c, row] of table.rows.entries()) check(row, sums[c]);
    check(table.total, sums[COLS * ROWS]);
    // the island's cell has no path, the far one is off the network: neither is within, both are said
    const method = table.method.driveTime!;
    expect(method.populationNoPath).toBe(sums[COLS * ROWS].noPath);
    expect(method.populationOffNetwork).toBe(sums[COLS * ROWS].off);
    expect(method.populationNoPath).toBeGreaterThanOrEqual(321);
    expect(method.populationOffNetwork).toBeGreaterThanOrEqual(123);
    // the network has what it takes: times in every band, and people beyond 10 minutes
    expect(table.total.populationWithin10MinPct).toBeLessThan(100);
    expect(table.total.maxDriveMinutes).toBeGreaterThan(10);
  });

  it('names the road file and the bands in the method', () => {
    const method = table.method.driveTime!;
    expect(method.network.sourceFile).toBe('routes-fictives.geojson');
    expect(method.bandsMinutes).toEqual([10, 20, 30]);
    expect(table.rows[COLS * ROWS - 1].populationWithin30MinPct).toBeLessThan(100); // the north-east canton holds the gap
  });

  it('stays empty, with no drive-time method, when no road graph is loaded', () => {
    const plain = computeCoverage(data, DEFAULT_COVERAGE_RULE);
    for (const row of [...plain.rows, plain.total]) {
      expect(row.populationWithin10MinPct).toBeNull();
      expect(row.populationWithin30MinPct).toBeNull();
      expect(row.meanDriveMinutes).toBeNull();
      expect(row.maxDriveMinutes).toBeNull();
    }
    expect(plain.method.driveTime).toBeNull();
    // the straight-line columns do not depend on the graph
    expect(plain.rows.map((r) => r.populationWithin10KmPct)).toEqual(table.rows.map((r) => r.populationWithin10KmPct));
  });
});

describe('minutesFromOrigin (a resident to the sites listed)', () => {
  it('equals the textbook Dijkstra on seeded random origins, one-way avenue included, and stops at maxMinutes', () => {
    const graph = fictionalRoads();
    const engine = createDriveTimeEngine(graph);
    const random = mulberry32(17);
    const targets: [number, number][] = Array.from({ length: 6 }, () => [ORIGIN[0] + random() * 0.4, ORIGIN[1] + random() * 0.3]);
    const attached = engine.attach(
      targets.map((t) => t[0]),
      targets.map((t) => t[1]),
    );
    const ws = createDijkstraWorkspace(graph.nodeCount, graph.edgeCount);
    for (let k = 0; k < 8; k++) {
      const origin: [number, number] = [ORIGIN[0] + random() * 0.4, ORIGIN[1] + random() * 0.3];
      const got = engine.minutesToPoints(origin[0], origin[1], attached, 1000);
      const from = naiveAttach(graph, origin);
      const forward = from.node >= 0 ? naiveTimesFrom(graph, from.node, from.seconds) : null;
      targets.forEach((t, i) => {
        const at = naiveAttach(graph, t);
        const want = forward && at.node >= 0 ? (forward[at.node] + at.seconds) / 60 : NaN;
        if (Number.isFinite(want)) expect(got[i]).toBeCloseTo(want, 3);
        else if (Number.isNaN(want)) expect(Number.isNaN(got[i])).toBe(true);
        else expect(got[i]).toBe(Infinity);
      });
      // bounded: a target beyond maxMinutes is Infinity
      const o = engine.attach([origin[0]], [origin[1]]);
      const bounded = minutesFromOrigin(graph, { node: o.node[0], connectorSeconds: o.connectorSeconds[0] }, attached, 5, ws);
      bounded.forEach((m, i) => {
        if (got[i] <= 5) expect(m).toBeCloseTo(got[i], 6);
        else if (!Number.isNaN(got[i])) expect(m).toBe(Infinity);
      });
    }
  });

  it('drives the one-way avenue in its legal direction only', () => {
    const b = createRoadWaysBuilder();
    const v = [b.vertexAt(0, 0), b.vertexAt(0.01, 0), b.vertexAt(0.02, 0)];
    b.addWay(v, { roadClass: roadClassIndex('primary'), oneway: 1 });
    const graph = buildRoadGraph(b.finish()).graph;
    const engine = createDriveTimeEngine(graph);
    const east = engine.attach([0.02], [0]);
    const west = engine.attach([0], [0]);
    expect(engine.minutesToPoints(0, 0, east, 60)[0]).toBeGreaterThan(0);
    expect(engine.minutesToPoints(0.02, 0, west, 60)[0]).toBe(Infinity);
    expect(Number.isNaN(engine.minutesToPoints(1, 1, east, 60)[0])).toBe(true); // the origin is off the network
  });
});
