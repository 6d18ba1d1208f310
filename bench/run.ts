/**
 * `npm run bench [-- --only NAME[,NAME…]] [--quick] [--skip-gdal]`: every
 * benchmark against its naive baseline, printed as tables and written to
 * bench/results/summary.md (git-ignored). See docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCliStartBench } from './cli-start.ts';
import { runCoverageBench } from './coverage.ts';
import { runCoverageProcessBench } from './coverage-processes.ts';
import { runFindPlaceBench } from './find-place.ts';
import { runNearestBench } from './nearest.ts';
import { runPlanningBench } from './planning.ts';
import { runRoadsBench } from './roads.ts';
import { runTimelineBench } from './timeline.ts';
import { printTable, tableToMarkdown, type Table } from './lib/report.ts';

interface BenchOptions {
  quick: boolean;
  skipGdal: boolean;
  workDir: string;
}

/** Every benchmark by name, in the order they run: one line each. */
const RUNNERS = {
  coverage: (o: BenchOptions) => runCoverageBench(o),
  'coverage-cli': (o: BenchOptions) => runCoverageProcessBench(o),
  nearest: (o: BenchOptions) => runNearestBench(o),
  timeline: (o: BenchOptions) => runTimelineBench(o),
  'find-place': (o: BenchOptions) => runFindPlaceBench(o),
  planning: (o: BenchOptions) => runPlanningBench(o),
  roads: (o: BenchOptions) => runRoadsBench({ quick: o.quick, skipScipy: o.skipGdal, workDir: o.workDir }),
  'cli-start': (o: BenchOptions) => runCliStartBench(o),
} satisfies Record<string, (o: BenchOptions) => Table[]>;
type BenchName = keyof typeof RUNNERS;
const BENCHES = Object.keys(RUNNERS) as BenchName[];

function parseArgs(argv: string[]): { only: BenchName[]; quick: boolean; skipGdal: boolean } {
  let only: BenchName[] = [...BENCHES];
  let quick = false;
  let skipGdal = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') quick = true;
    else if (a === '--skip-gdal') skipGdal = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a === '--only' ? argv[++i] : a.slice('--only='.length);
      const names = (v ?? '').split(',');
      if (!names.every((n): n is BenchName => Object.hasOwn(RUNNERS, n))) {
        console.error(`--only expects ${BENCHES.join('|')}, got "${v ?? ''}"`);
        process.exit(2);
      }
      only = names;
    } else {
      console.error(`unknown option ${a}\nusage: npm run bench [-- --only ${BENCHES.join('|')}] [--quick] [--skip-gdal]`);
      process.exit(2);
    }
  }
  return { only, quick, skipGdal };
}

function machine(): string {
  const ogr = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' });
  return [
    `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `Node ${process.version}`,
    ogr.status === 0 ? ogr.stdout.trim() : 'GDAL not installed',
  ].join('; ');
}

function main(): void {
  const { only, quick, skipGdal } = parseArgs(process.argv.slice(2));
  const resultsDir = join('bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const started = performance.now();
  const tables: Table[] = [];
  for (const name of only) {
    console.log(`\n== ${name}${quick ? ' (quick)' : ''} ==`);
    const t = RUNNERS[name]({ quick, skipGdal, workDir: resultsDir });
    t.forEach(printTable);
    tables.push(...t);
  }
  const totalS = (performance.now() - started) / 1000;
  const summary = [
    '# Maillage benchmarks',
    '',
    `Run ${new Date().toISOString()}${quick ? ' (--quick)' : ''} on ${machine()}; total ${totalS.toFixed(0)} s.`,
    'Ratio = method median / engine median (above 1: the engine is faster).',
    '',
    ...tables.map((t) => `${tableToMarkdown(t)}\n`),
  ].join('\n');
  const summaryPath = join(resultsDir, 'summary.md');
  writeFileSync(summaryPath, summary);
  console.log(`\nDone in ${totalS.toFixed(0)} s; summary written to ${summaryPath}`);
}

main();
