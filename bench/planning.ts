import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepareCoverage } from '../src/core/coverage/compute-coverage.ts';
import { createCoverageScenarioEngine } from '../src/core/coverage/coverage-scenario.ts';
import type { ScenarioOperation } from '../src/core/coverage/scenario-types.ts';
import { greedyLazy, greedyPlain, interchange, objectiveValue, type PlacementObjective } from '../src/core/planning/maximize-coverage.ts';
import { multiStartGreedy } from '../src/core/planning/multi-start-greedy.ts';
import { bestOfRandomRestarts } from '../src/core/planning/random-restarts.ts';
import { createPlacementPlanner, type PlacementGoal } from '../src/core/planning/suggest-placements.ts';
import type { BundleManifest } from '../src/data/bundle/bundle-types.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  type CoverageLayerData,
} from '../src/data/coverage/coverage-input.ts';
import { defaultCoverageRule } from '../src/core/coverage/coverage-rule.ts';
import { ensureGlpk, solveWithGlpk, type GlpkStatus } from './lib/glpk.ts';
import type { Table } from './lib/report.ts';
import { formatMs, measure, timingOf, type Timing } from './lib/timing.ts';

const NORD_DIR = 'public/data/59';

function readNord() {
  const manifestPath = join(NORD_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: build it with npm run -s cli -- data --dept 59`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BundleManifest;
  const layers: Record<string, CoverageLayerData> = {};
  for (const id of [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS]) {
    const entry = manifest.layers[id];
    if (entry?.status === 'ok') layers[id] = JSON.parse(readFileSync(join(NORD_DIR, entry.file), 'utf8')) as CoverageLayerData;
  }
  return { manifest, input: coverageInputFromBundle(manifest, layers) };
}

const span = (t: Timing) => `${formatMs(t.minMs)}–${formatMs(t.maxMs)}`;
const people = (v: number) => Math.round(v).toLocaleString('en');

interface OptimiserCase {
  objective: PlacementGoal;
  maxKm: number;
  o: PlacementObjective;
}

function optimiserTable(c: OptimiserCase, runs: number, restarts: number, glpk: GlpkStatus, workDir: string): Table {
  const { objective, maxKm, o } = c;
  const rows: string[][] = [];
  const notes: string[] = [];
  const m = { warmup: 1, runs };
  for (const n of [1, 5, 10, 20]) {
    const ours = measure(() => multiStartGreedy(o, n), m);
    const textbook = measure(() => interchange(o, greedyLazy(o, n)), m);
    const lazy = measure(() => greedyLazy(o, n), m);
    const plain = measure(() => greedyPlain(o, n), { warmup: 0, runs: n >= 10 ? Math.min(runs, 3) : runs });
    if (JSON.stringify(lazy.value) !== JSON.stringify(plain.value))
      throw new Error(`planning bench: lazy and plain greedy differ for N = ${n}`);
    const random = n > 1 ? measure(() => bestOfRandomRestarts(o, n, restarts, n), { warmup: 0, runs: 1 }) : null;
    let exact: { timing: Timing; value: number | null; optimal: boolean } | null = null;
    if (glpk.ok) {
      const solved = Array.from({ length: Math.min(runs, 3) }, () => solveWithGlpk(workDir, o, n, 120));
      exact = { timing: timingOf(solved.map((r) => r.ms)), value: solved[0].value, optimal: solved.every((r) => r.optimal) };
    }
    const values = [objectiveValue(o, ours.value), random?.value.value ?? -Infinity, exact?.value ?? -Infinity];
    const best = Math.max(...values);
    const gap = (v: number) => `${(((best - v) / best) * 100).toFixed(3)} %`;
    const row = (method: string, t: Timing, v: number) => [method, String(n), formatMs(t.medianMs), span(t), people(v), gap(v)];
    rows.push(
      row('engine: greedy (lazy) from many first sites + interchange', ours.timing, objectiveValue(o, ours.value)),
      row('textbook: greedy (lazy) + interchange', textbook.timing, objectiveValue(o, textbook.value)),
      row('greedy with lazy gains (CELF) only', lazy.timing, objectiveValue(o, lazy.value)),
      row('naive: plain greedy (every gain every round)', plain.timing, objectiveValue(o, plain.value)),
    );
    if (random) rows.push(row(`best of ${restarts} random restarts + interchange`, random.timing, random.value.value));
    if (exact?.value != null)
      rows.push(row(`GLPK MIP (glpsol)${exact.optimal ? ', proven optimal' : ', time limit: best found'}`, exact.timing, exact.value));
  }
  notes.push(
    `Objective ${objective}, ${maxKm} km: ${objective === 'access' ? `people within ${maxKm} km of a fixed France Services` : `gap units of the default rule closed (× a bonus above the population), then people within ${maxKm} km`}; the value includes what the existing sites cover.`,
    `In-process times exclude the coverage sets (built once per distance); median of ${runs} runs after 1 warm-up (plain greedy: 3 runs for N ≥ 10); random restarts timed once; gap = (best value found by any method − value) / best.`,
    glpk.ok
      ? `${glpk.version}: the same objective as a mixed-integer program (maximal covering location, CPLEX LP file written from the same coverage sets, glpsol branch and cut, 120 s limit), wall clock from writing the model to reading the solution; median of ${Math.min(runs, 3)} runs.`
      : `GLPK skipped: ${glpk.reason}`,
  );
  return {
    title: `Planning (${objective}, ${maxKm} km): suggested placements on the Nord, 647 candidates`,
    columns: ['method', 'N', 'median ms', 'min–max ms', 'objective value', 'gap vs best'],
    rows,
    notes,
  };
}

function scenarioTable(runs: number): { tables: Table[]; cases: OptimiserCase[] } {
  const { manifest, input } = readNord();
  const rule = defaultCoverageRule(manifest);
  const t0 = performance.now();
  const engine = createCoverageScenarioEngine(input);
  const prepMs = performance.now() - t0;
  const planner = createPlacementPlanner(engine.prepared, engine.before);
  const t1 = performance.now();
  const access = planner.objectiveFor({ count: 1, objective: 'access', rule });
  const coverageMs = performance.now() - t1;
  const cases: OptimiserCase[] = [
    { objective: 'access', maxKm: 10, o: access },
    { objective: 'gaps', maxKm: 10, o: planner.objectiveFor({ count: 1, objective: 'gaps', rule }) },
    { objective: 'access', maxKm: 5, o: planner.objectiveFor({ count: 1, objective: 'access', maxKm: 5 }) },
  ];
  const fixed = input.franceServices.filter((s) => s.kind === 'fixed');
  const scenarios: { label: string; ops: ScenarioOperation[] }[] = [
    { label: 'add 1 site (Croix)', ops: [{ action: 'add', lngLat: [3.15, 50.68], name: 'Croix' }] },
    {
      label: 'add 3, close 1, move 1',
      ops: [
        { action: 'add', lngLat: [3.15, 50.68], name: 'a' },
        { action: 'add', lngLat: [3.06, 50.63], name: 'b' },
        { action: 'add', lngLat: [3.9, 50.1], name: 'c' },
        { action: 'close', id: fixed[0].id },
        { action: 'move', id: fixed[1].id, lngLat: [3.5, 50.35] },
      ],
    },
  ];
  const rows: string[][] = [];
  for (const s of scenarios) {
    const fast = measure(() => engine.apply(s.ops), { warmup: 2, runs });
    const full = measure(() => prepareCoverage(engine.modifiedInput(s.ops)), { warmup: 1, runs });
    if (JSON.stringify(fast.value.base) !== JSON.stringify(full.value))
      throw new Error(`planning bench: scenario "${s.label}" differs from a full rebuild`);
    rows.push(
      [`engine: apply scenario, ${s.label}`, formatMs(fast.timing.medianMs), span(fast.timing), '×1.00'],
      [
        `naive: full prepareCoverage, ${s.label}`,
        formatMs(full.timing.medianMs),
        span(full.timing),
        `×${(full.timing.medianMs / fast.timing.medianMs).toFixed(0)}`,
      ],
    );
  }
  return {
    tables: [
      {
        title: 'Planning: one scenario applied on the Nord (41 cantons, 4,905 populated cells)',
        columns: ['method', 'median ms', 'min–max ms', 'ratio vs engine'],
        rows,
        notes: [
          `Median of ${runs} runs after warm-up; both give the same figures (checked). One-off costs, not in the rows: preparing the engine ${formatMs(prepMs)} ms (split communes, cells placed, nearest sites), straight-line coverage sets of the 647 candidates within 10 km ${formatMs(coverageMs)} ms.`,
        ],
      },
    ],
    cases,
  };
}

/** Suggested placements and scenarios on the Nord, against plain greedy, random restarts, GLPK, and a full rebuild per scenario. */
export function runPlanningBench(options: { quick: boolean; workDir: string }): Table[] {
  const runs = options.quick ? 3 : 5;
  const { tables, cases } = scenarioTable(runs);
  const glpk = ensureGlpk();
  return [...tables, ...cases.map((c) => optimiserTable(c, runs, options.quick ? 5 : 20, glpk, join(options.workDir, 'glpk')))];
}
