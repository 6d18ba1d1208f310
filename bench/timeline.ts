import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyCoverageRule, prepareCoverage } from '../src/core/coverage/compute-coverage.ts';
import { coverageInputAsOf } from '../src/core/timeline/coverage-as-of.ts';
import { createCoverageTimeline, type GrowthPoint } from '../src/core/timeline/coverage-timeline.ts';
import type { BundleManifest } from '../src/data/bundle/bundle-types.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  type CoverageLayerData,
} from '../src/data/coverage/coverage-input.ts';
import { defaultCoverageRule } from '../src/core/coverage/coverage-rule.ts';
import { datedNetworkFromBundle } from '../src/data/timeline/dated-network.ts';
import type { Table } from './lib/report.ts';
import { formatMs, formatRatio, measure, measureStages, median } from './lib/timing.ts';

const NORD_DIR = 'public/data/59';
const COLUMNS = ['method', 'dates', 'median ms', 'ratio vs engine', 'breakdown (median ms)'];

function readNord() {
  const manifestPath = join(NORD_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) {
    console.log(`${NORD_DIR} is missing: building it with npm run -s cli -- ensure-data --dept 59 …`);
    const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'ensure-data', '--dept', '59'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`could not build the Nord bundle (exit ${r.status})`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BundleManifest;
  const layers: Record<string, CoverageLayerData> = {};
  for (const id of [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS]) {
    const entry = manifest.layers[id];
    if (entry?.status === 'ok') layers[id] = JSON.parse(readFileSync(join(NORD_DIR, entry.file), 'utf8'));
  }
  return { manifest, layers };
}

/** The growth series the naive way: the whole engine on the input as of each date. */
function naiveSeries(
  input: ReturnType<typeof coverageInputFromBundle>,
  network: ReturnType<typeof datedNetworkFromBundle>['network'],
  dates: readonly string[],
  rule: ReturnType<typeof defaultCoverageRule>,
) {
  return dates.map((date) => {
    const table = applyCoverageRule(prepareCoverage(coverageInputAsOf(input, network, date)), rule);
    return {
      date,
      franceServices: table.total.franceServices + table.total.franceServicesBuses,
      cantonsMet: table.rows.filter((r) => r.status === 'met').length,
      within10: table.total.populationWithin10KmPct,
    };
  });
}

const summary = (s: GrowthPoint[]) =>
  s.map((p) => ({
    date: p.date,
    franceServices: p.franceServices + p.franceServicesBuses,
    cantonsMet: p.cantonsMet,
    within10: p.populationWithin10KmPct,
  }));

/**
 * The network over time on the real Nord: the growth series (every date the network
 * changes) and one slider move, by the incremental timeline against the engine re-run
 * from scratch per date (the naive baseline) and against what a user can script today,
 * one CLI `coverage` run per date (full mode only: it spawns one process per date).
 */
export function runTimelineBench(options: { quick: boolean }): Table[] {
  const { manifest, layers } = readNord();
  const input = coverageInputFromBundle(manifest, layers);
  const { network } = datedNetworkFromBundle(manifest, layers);
  const rule = defaultCoverageRule(manifest);
  const runs = options.quick ? { warmup: 1, runs: 3 } : { warmup: 1, runs: 5 };

  const engine = measureStages(() => {
    const t0 = performance.now();
    const timeline = createCoverageTimeline(input, network);
    const t1 = performance.now();
    const series = timeline.series(rule);
    return { value: { timeline, series }, stagesMs: { build: t1 - t0, series: performance.now() - t1 } };
  }, runs);
  const { timeline, series } = engine.value;
  const dates = timeline.dates;
  const naive = measure(() => naiveSeries(input, network, dates, rule), options.quick ? { warmup: 0, runs: 1 } : { warmup: 0, runs: 3 });
  const mine = JSON.stringify(summary(series));
  const theirs = JSON.stringify(naive.value);
  if (mine !== theirs) throw new Error(`timeline bench: the naive series DIFFERS from the engine's:\n${mine}\n${theirs}`);

  const rows: string[][] = [
    [
      'engine: createCoverageTimeline + series',
      String(dates.length),
      formatMs(engine.timing.medianMs),
      '×1.00',
      `build ${formatMs(engine.stagesMs.build)} (one prepareCoverage inside), series ${formatMs(engine.stagesMs.series)}`,
    ],
    [
      'naive: prepareCoverage per date',
      String(dates.length),
      formatMs(naive.timing.medianMs),
      formatRatio(naive.timing.medianMs / engine.timing.medianMs),
      `${formatMs(naive.timing.medianMs / dates.length)} per date`,
    ],
  ];
  const notes = [
    `Nord bundle (${NORD_DIR}): ${input.franceServices.length} France Services, ${input.nearbyFranceServices.length} nearby, ${input.populationGrid?.length ?? 0} grid cells; ${dates.length} dates from ${dates[0]} to ${dates.at(-1)}; the département's default rule.`,
    `Engine: median of ${runs.runs} runs after ${runs.warmup} warm-up; naive: median of ${options.quick ? 1 : 3} run(s). Both give the same series (France Services, cantons meeting the rule, population within 10 km at every date: checked).`,
  ];

  // one slider move: the table as of a day, once the timeline exists
  const day = '2021-06-30';
  const slider = measure(() => timeline.tableAt(day, rule), { warmup: 2, runs: 15 });
  const sliderNaive = measure(() => applyCoverageRule(prepareCoverage(coverageInputAsOf(input, network, day)), rule), {
    warmup: 1,
    runs: options.quick ? 3 : 7,
  });
  if (JSON.stringify(slider.value) !== JSON.stringify(sliderNaive.value)) throw new Error(`timeline bench: the table as of ${day} differs`);
  rows.push(
    ['engine: one date (timeline.tableAt)', '1', formatMs(slider.timing.medianMs), '×1.00', 'baseAt + applyCoverageRule'],
    [
      'naive: one date (prepareCoverage + applyCoverageRule)',
      '1',
      formatMs(sliderNaive.timing.medianMs),
      formatRatio(sliderNaive.timing.medianMs / slider.timing.medianMs),
      '',
    ],
  );

  if (!options.quick) {
    // what a user scripts today: the coverage CLI once per date (the per-date filter is negligible next to it)
    const tmp = mkdtempSync(join(tmpdir(), 'maillage-bench-timeline-'));
    try {
      const perSpawn: number[] = [];
      const t0 = performance.now();
      for (const _ of dates) {
        const s0 = performance.now();
        const r = spawnSync(
          process.execPath,
          ['--import', 'tsx', 'src/cli/index.ts', 'coverage', '--dept', '59', '--format', 'json', '--out', join(tmp, 'out.json')],
          {
            encoding: 'utf8',
          },
        );
        if (r.status !== 0) throw new Error(`coverage CLI failed: ${r.stderr}`);
        perSpawn.push(performance.now() - s0);
      }
      const total = performance.now() - t0;
      rows.push([
        'a user script: coverage CLI once per date',
        String(dates.length),
        formatMs(total),
        formatRatio(total / engine.timing.medianMs),
        `${formatMs(median(perSpawn))} per run (median of ${perSpawn.length})`,
      ]);
      notes.push(
        'CLI row: one sweep of one `coverage` process per date (process start, bundle read and the whole table each time), wall clock.',
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  } else notes.push('CLI-per-date row skipped in --quick mode.');

  return [{ title: 'Timeline: the Nord network over time (growth series and one date)', columns: COLUMNS, rows, notes }];
}
