import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { aggregateDriveTimesByArea, type DriveTimeAggregate } from '../src/core/roads/aggregate-drive-times-by-area.ts';
import { buildRoadGraph } from '../src/core/roads/build-road-graph.ts';
import { createDriveTimeEngine } from '../src/core/roads/drive-time-engine.ts';
import { createDijkstraWorkspace, multiSourceDijkstra } from '../src/core/roads/multi-source-dijkstra.ts';
import { reversedEdgesOf, type RoadGraph } from '../src/core/roads/road-graph.ts';
import { roadGraphFromBinary, toRoadGraphBinary } from '../src/core/roads/road-graph-binary.ts';
import { byteSourceFromBytes } from '../src/data/roads/byte-source.ts';
import { readRoadsFromOsmPbf } from '../src/data/roads/read-osm-pbf.ts';
import { encodeOsmPbf } from '../tests/unit/helpers/osm-pbf-encoder.ts';
import type { Table } from './lib/report.ts';
import { syntheticPoints, syntheticRoadNetwork } from './lib/synthetic-roads.ts';
import { formatMs, formatRatio, timingOf, type Timing } from './lib/timing.ts';
import { readFileSync, writeFileSync } from 'node:fs';

export interface RoadsBenchOptions {
  quick: boolean;
  skipScipy: boolean;
  workDir: string;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const range = (t: Timing) => `${formatMs(t.minMs)}–${formatMs(t.maxMs)}`;

function graphBytes(g: RoadGraph): number {
  return [
    g.nodeLng,
    g.nodeLat,
    g.nodeFlags,
    g.edgeOffsets,
    g.edgeTargets,
    g.edgeLengthM,
    g.edgeSpeedKmh,
    g.edgeClass,
    g.edgeSeconds,
  ].reduce((n, a) => n + a.byteLength, 0);
}

/** The naive per-area aggregation: for each area, a pass over every point (what a filter per canton does). */
function naiveAggregate(minutes: Float64Array, weights: Float64Array, areaOf: Int32Array, areaCount: number): DriveTimeAggregate[] {
  const rows: DriveTimeAggregate[] = [];
  for (let a = 0; a < areaCount; a++) {
    let population = 0;
    let timed = 0;
    let sum = 0;
    let max = NaN;
    const within = [0, 0, 0];
    let noPath = 0;
    let off = 0;
    for (let i = 0; i < minutes.length; i++) {
      if (areaOf[i] !== a) continue;
      const w = weights[i];
      const m = minutes[i];
      population += w;
      if (Number.isNaN(m)) off += w;
      else if (m === Infinity) noPath += w;
      else {
        timed += w;
        sum += w * m;
        if (w > 0 && !(m <= max)) max = m;
        [10, 20, 30].forEach((b, k) => {
          if (m <= b) within[k] += w;
        });
      }
    }
    rows.push({
      population,
      populationWithin: within,
      meanMinutes: timed > 0 ? sum / timed : NaN,
      maxMinutes: max,
      populationNoPath: noPath,
      populationOffNetwork: off,
    });
  }
  return rows;
}

const SCIPY = `
import sys, time, json
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
d = sys.argv[1]
t0 = time.perf_counter()
offsets = np.fromfile(d + '/roads-rev-offsets.u32', dtype='<u4').astype(np.int64)
sources = np.fromfile(d + '/roads-rev-sources.u32', dtype='<u4').astype(np.int64)
seconds = np.fromfile(d + '/roads-rev-seconds.f32', dtype='<f4').astype(np.float64)
starts = np.fromfile(d + '/roads-starts.i32', dtype='<i4')
start_s = np.fromfile(d + '/roads-starts.f64', dtype='<f8')
n = len(offsets) - 1
# a super-source joined to each site's node by its connector time: the standard way to give
# csgraph starts that do not begin at 0
indptr = np.concatenate([offsets, [offsets[-1] + len(starts)]])
indices = np.concatenate([sources, starts])
data = np.concatenate([seconds, start_s + 1e-9])
g = csr_matrix((data, indices, indptr), shape=(n + 1, n + 1))
load = time.perf_counter() - t0
runs = []
cpu = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter()
    c = time.process_time()
    dist = dijkstra(g, directed=True, indices=n)
    runs.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
np.asarray(dist[:n] - 1e-9, dtype='<f8').tofile(d + '/roads-scipy.f64')
import scipy
print(json.dumps({'load_ms': load * 1000, 'runs_ms': [r * 1000 for r in runs], 'cpu_ms': [c * 1000 for c in cpu], 'scipy': scipy.__version__}))
`;

/** A Python that has SciPy: Debian's first (apt-get install python3-scipy), then the one on PATH. */
function pythonWithScipy(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(py, ['-c', 'import scipy.sparse.csgraph'], { encoding: 'utf8' }).status === 0) return py;
  }
  return null;
}

interface Measured<T> {
  /** Wall clock, ms. */
  timing: Timing;
  /** CPU time of this process (user + system), ms: what the run costs when the machine is shared. */
  cpu: Timing;
  value: T;
}

/** Like bench/lib/timing.ts measure(), also recording the process CPU time of each run; works for async functions. */
async function measureBoth<T>(fn: () => T | Promise<T>, o: { warmup: number; runs: number }): Promise<Measured<T>> {
  let value: T | undefined;
  for (let i = 0; i < o.warmup; i++) {
    value = undefined;
    value = await fn();
  }
  const runsMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    value = undefined;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = await fn();
    runsMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  return { timing: timingOf(runsMs), cpu: timingOf(cpuMs), value: value as T };
}

const SITE_COUNT = 137; // the Nord's 52 France Services and 85 across its border (fixed and buses)
const BASELINE_SITES = 8;

/** The bench itself, in this process (run through runRoadsBench in a child, for a clean peak RSS). */
async function measureRoads(options: RoadsBenchOptions): Promise<Table[]> {
  const side = options.quick ? 250 : 710;
  const runs = options.quick ? { warmup: 1, runs: 3 } : { warmup: 1, runs: 5 };
  const log = (s: string) => process.stderr.write(`  roads: ${s}\n`);
  const tables: Table[] = [];
  log(`generating a ${side} × ${side} synthetic network…`);
  const net = syntheticRoadNetwork(17, side);
  const pbf = encodeOsmPbf(net, { perBlock: 8000 });
  const pbfPath = join(options.workDir, 'roads-synthetic.osm.pbf');
  writeFileSync(pbfPath, pbf);
  const netWays = net.ways.length;
  const netNodes = net.nodes.length;
  net.nodes.length = 0;
  net.ways.length = 0;

  // 1. read the .osm.pbf, build the graph
  log('reading and building…');
  const read = await measureBoth(() => readRoadsFromOsmPbf(byteSourceFromBytes('synthetic.osm.pbf', pbf)), runs);
  const ways = read.value.ways;
  const build = await measureBoth(() => buildRoadGraph(ways), runs);
  const { graph, stats } = build.value;
  const bin = toRoadGraphBinary(graph);
  const load = await measureBoth(() => roadGraphFromBinary(bin), runs);
  const engineBuild = await measureBoth(() => createDriveTimeEngine(roadGraphFromBinary(bin)), runs);
  const engine = createDriveTimeEngine(graph);

  // 2. one all-sites run
  log('all-sites runs…');
  const s = syntheticPoints(23, side, SITE_COUNT);
  const sites = engine.attach(s.lng, s.lat);
  const all = await measureBoth(() => engine.timesToNearestSite(sites), runs);
  const times = all.value;

  // baseline: one Dijkstra per site (the same heap, one start each), on a sample of sites, extrapolated
  const reversed = reversedEdgesOf(graph);
  const adjacency = { offsets: reversed.offsets, neighbours: reversed.sources, seconds: reversed.seconds };
  const sample = Array.from({ length: BASELINE_SITES }, (_, i) => i);
  const ws = createDijkstraWorkspace(graph.nodeCount, graph.edgeCount);
  const perSite = await measureBoth(() => {
    const best = new Float64Array(graph.nodeCount).fill(Infinity);
    for (const i of sample) {
      multiSourceDijkstra(adjacency, [sites.node[i]], [sites.connectorSeconds[i]], ws);
      for (let v = 0; v < graph.nodeCount; v++) if (ws.seconds[v] < best[v]) best[v] = ws.seconds[v];
    }
    return best;
  }, runs);
  // check: one multi-source run over the same sample equals the minimum of the single runs
  const sampleAttach = {
    count: BASELINE_SITES,
    node: sites.node.slice(0, BASELINE_SITES),
    distanceKm: sites.distanceKm.slice(0, BASELINE_SITES),
    connectorSeconds: sites.connectorSeconds.slice(0, BASELINE_SITES),
  };
  const multiSample = engine.timesToNearestSite(sampleAttach);
  for (let v = 0; v < graph.nodeCount; v++) {
    const a = multiSample.seconds[v];
    const b = perSite.value[v];
    if (!(a === b || Math.abs(a - b) <= 1e-6 * Math.max(1, b)))
      throw new Error(`roads bench: multi-source and per-site Dijkstra DIFFER at node ${v}: ${a} vs ${b}`);
  }
  const perSiteExtrapolatedMs = (perSite.timing.medianMs / BASELINE_SITES) * SITE_COUNT;

  // SciPy csgraph: the same reversed graph and starts, through a super-source
  let scipyRow: string[] | null = null;
  let scipyNote = '';
  const py = options.skipScipy ? null : pythonWithScipy();
  if (py) {
    log('SciPy…');
    const d = options.workDir;
    writeFileSync(
      join(d, 'roads-rev-offsets.u32'),
      new Uint8Array(reversed.offsets.buffer, reversed.offsets.byteOffset, reversed.offsets.byteLength),
    );
    writeFileSync(
      join(d, 'roads-rev-sources.u32'),
      new Uint8Array(reversed.sources.buffer, reversed.sources.byteOffset, reversed.sources.byteLength),
    );
    writeFileSync(
      join(d, 'roads-rev-seconds.f32'),
      new Uint8Array(reversed.seconds.buffer, reversed.seconds.byteOffset, reversed.seconds.byteLength),
    );
    const starts = Int32Array.from(sites.node);
    const startS = Float64Array.from(sites.connectorSeconds);
    writeFileSync(join(d, 'roads-starts.i32'), new Uint8Array(starts.buffer));
    writeFileSync(join(d, 'roads-starts.f64'), new Uint8Array(startS.buffer));
    const t0 = performance.now();
    const run = spawnSync(py, ['-c', SCIPY, d, String(runs.runs + runs.warmup)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const wallMs = performance.now() - t0;
    if (run.status !== 0) throw new Error(`roads bench: SciPy failed: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as { load_ms: number; runs_ms: number[]; cpu_ms: number[]; scipy: string };
    const t = timingOf(out.runs_ms.slice(runs.warmup));
    const tc = timingOf(out.cpu_ms.slice(runs.warmup));
    const raw = readFileSync(join(d, 'roads-scipy.f64'));
    const dist = new Float64Array(raw.buffer, raw.byteOffset, raw.byteLength / 8);
    let worst = 0;
    for (let v = 0; v < graph.nodeCount; v++) {
      const a = times.seconds[v];
      const b = dist[v];
      if (a === Infinity && b === Infinity) continue;
      worst = Math.max(worst, Math.abs(a - b));
    }
    if (!(worst < 1e-3)) throw new Error(`roads bench: SciPy and the engine DIFFER by up to ${worst} s`);
    scipyRow = [
      `SciPy ${out.scipy} csgraph.dijkstra (C), warm`,
      formatMs(t.medianMs),
      range(t),
      formatMs(tc.medianMs),
      formatRatio(tc.medianMs / all.cpu.medianMs),
      `load ${formatMs(out.load_ms)} ms; whole process ${formatMs(wallMs)} ms (${runs.runs + runs.warmup} runs)`,
    ];
    scipyNote = `SciPy (${py}) runs Dijkstra from a super-source joined to each site's node by its connector time (csgraph starts at 0); its times equal the engine's to ${worst.toExponential(1)} s.`;
  } else
    scipyNote = options.skipScipy
      ? 'SciPy skipped (--skip-scipy).'
      : 'SciPy not installed (apt-get install python3-scipy): its row is missing.';

  // 3. points and the per-area aggregation
  log('aggregation…');
  const CELLS = options.quick ? 20_000 : 100_000;
  const AREAS = 41;
  const c = syntheticPoints(29, side, CELLS);
  const attach = await measureBoth(() => engine.attach(c.lng, c.lat), runs);
  const cells = attach.value;
  const point = await measureBoth(() => engine.pointDriveTimes(times, cells), runs);
  const minutes = point.value.minutes;
  const weights = new Float64Array(CELLS);
  const areaOf = new Int32Array(CELLS);
  for (let i = 0; i < CELLS; i++) {
    weights[i] = 1 + (i % 97);
    areaOf[i] = Math.min(AREAS - 1, Math.floor(((c.lng[i] - 2.3) / ((side - 1) * 0.0028)) * AREAS));
  }
  const agg = await measureBoth(() => aggregateDriveTimesByArea({ minutes, weights, areaOf, areaCount: AREAS }), runs);
  const naive = await measureBoth(() => naiveAggregate(minutes, weights, areaOf, AREAS), runs);
  agg.value.areas.forEach((r, a) => {
    const n = naive.value[a];
    if (
      Math.abs(r.population - n.population) > 1e-6 ||
      r.populationWithin.some((x, k) => Math.abs(x - n.populationWithin[k]) > 1e-6) ||
      r.maxMinutes !== n.maxMinutes
    ) {
      throw new Error(`roads bench: aggregation DIFFERS from the naive loop for area ${a}`);
    }
  });
  const reach = await measureBoth(() => engine.reachWithin(s.lng[0], s.lat[0], cells, 30), runs);

  const peakRss = process.resourceUsage().maxRSS * 1024;
  const described = `seeded synthetic network: ${side} × ${side} jittered grid (~200 m), ${netNodes.toLocaleString('en-GB')} OSM nodes, ${netWays.toLocaleString('en-GB')} ways, .osm.pbf of ${mib(pbf.length)} (zlib, DenseNodes, 8,000 per block)`;
  const row = (name: string, m: Measured<unknown>, extra: string[] = []) => [
    name,
    formatMs(m.timing.medianMs),
    range(m.timing),
    formatMs(m.cpu.medianMs),
    ...extra,
  ];
  tables.push({
    title: `Road graph: build and memory (${stats.nodes.toLocaleString('en-GB')} nodes, ${stats.edges.toLocaleString('en-GB')} directed edges)`,
    columns: ['step', 'wall median ms', 'wall min–max', 'CPU median ms', 'size'],
    rows: [
      row('read .osm.pbf (2 passes, zlib)', read, [mib(pbf.length)]),
      row('build graph (CSR)', build, [`${mib(graphBytes(graph))} typed arrays`]),
      ['write roads.bin', '–', '–', '–', mib(bin.length)],
      row('read roads.bin', load),
      row('read roads.bin + engine (node index, reversed edges)', engineBuild),
    ],
    notes: [
      described + '.',
      `Load average when the bench ended: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ', ',
        )} on ${cpus().length} cores: other work shares the machine, so wall times are inflated; CPU time is this process's user + system time per run.`,
      `Peak RSS of the bench process (everything above and below, in one child process): ${mib(peakRss)}.`,
    ],
  });
  tables.push({
    title: `Drive time to the nearest of ${SITE_COUNT} sites, every node`,
    columns: ['method', 'wall median ms', 'wall min–max', 'CPU median ms', 'CPU vs engine', 'notes'],
    rows: [
      row('engine: one multi-source Dijkstra (flatqueue)', all, [
        '×1.00',
        `${stats.nodes.toLocaleString('en-GB')} nodes settled or unreachable`,
      ]),
      [
        `one Dijkstra per site (extrapolated from ${BASELINE_SITES})`,
        formatMs(perSiteExtrapolatedMs),
        `${range(perSite.timing)} for ${BASELINE_SITES}`,
        formatMs((perSite.cpu.medianMs / BASELINE_SITES) * SITE_COUNT),
        formatRatio(((perSite.cpu.medianMs / BASELINE_SITES) * SITE_COUNT) / all.cpu.medianMs),
        `${formatMs(perSite.cpu.medianMs / BASELINE_SITES)} ms CPU per site`,
      ],
      ...(scipyRow ? [scipyRow] : []),
    ],
    notes: [
      `The per-site baseline uses the same heap and adjacency; a multi-source run over the same ${BASELINE_SITES} sites equals the minimum of their single runs at every node (checked).`,
      scipyNote,
    ],
  });
  tables.push({
    title: `Points and per-area aggregation (${CELLS.toLocaleString('en-GB')} cells, ${AREAS} areas)`,
    columns: ['step', 'wall median ms', 'wall min–max', 'CPU median ms', 'CPU vs engine'],
    rows: [
      row('attach cells to nodes (kdbush + geokdbush)', attach, ['–']),
      row('per-cell minutes and bands', point, ['–']),
      row('aggregateDriveTimesByArea (one pass)', agg, ['×1.00']),
      row('naive: one pass per area', naive, [formatRatio(naive.cpu.medianMs / agg.cpu.medianMs)]),
      row('reachWithin 30 min from one candidate (bounded)', reach, [`${reach.value.points.length.toLocaleString('en-GB')} cells reached`]),
    ],
    notes: ['The naive loop gives the same sums (checked).'],
  });
  return tables;
}

/**
 * Runs the roads bench in a child process (its peak RSS is then the roads pipeline's alone) and
 * returns its tables: graph build, memory, one all-sites run against one Dijkstra per site and
 * SciPy, the per-area aggregation against a naive loop.
 */
export function runRoadsBench(options: RoadsBenchOptions): Table[] {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/roads.ts', JSON.stringify(options)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0) throw new Error(`roads bench failed (exit ${run.status})`);
  return JSON.parse(run.stdout) as Table[];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureRoads(JSON.parse(process.argv[2] ?? '{"quick":true,"skipScipy":false,"workDir":"bench/results"}')).then(
    (tables) => process.stdout.write(JSON.stringify(tables)),
    (e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
