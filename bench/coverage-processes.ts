/**
 * `npm run bench -- --only coverage-cli`: the `coverage --areas --points` command against GDAL as
 * whole processes, as a user meets them (start-up, reading the GeoJSON files, counting, writing the
 * CSV), run in turn and paired; and the command's peak memory at 1,000,000 points.
 */
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { GdalStatus } from './lib/gdal.ts';
import { ensureGdal, gdalCommands, gdalSql, readGdalCounts } from './lib/gdal.ts';
import type { Table } from './lib/report.ts';
import { mulberry32, uniform } from './lib/seeded-random.ts';
import { FRANCE_BBOX, writeSyntheticFrance } from './lib/synthetic-france.ts';
import { SYNTHETIC, SYNTHETIC_QUICK } from './coverage.ts';
import { formatRatio } from './lib/timing.ts';
import { hasGnuTime, runPaired, runProcess, spread, sumRuns, type ProcessRun } from './lib/whole-process.ts';

export interface CoverageProcessOptions {
  quick: boolean;
  skipGdal: boolean;
  workDir: string;
}

const CLI = resolve('bin/maillage.mjs');

function cliRun(areasPath: string, pointsPath: string, outPath: string): ProcessRun {
  return runProcess(process.execPath, [CLI, 'coverage', '--areas', areasPath, '--points', pointsPath, '--out', outPath]);
}

function gdalRun(workDir: string, areasPath: string, pointsPath: string): ProcessRun {
  const c = gdalCommands(workDir, areasPath, [pointsPath], 'code', 'areas-outer');
  rmSync(c.gpkg, { force: true });
  rmSync(c.csv, { force: true });
  return sumRuns([...c.convert.map((args) => runProcess('ogr2ogr', args)), runProcess('ogr2ogr', c.query)]);
}

/** The CLI's CSV as a map code → points, for the areas with at least one point (as GDAL gives them). */
function cliCounts(csvPath: string): Map<string, number> {
  const lines = readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
  if (lines[0] !== 'code,points') throw new Error(`unexpected CLI CSV header: ${lines[0]}`);
  const counts = new Map<string, number>();
  for (const line of lines.slice(1)) {
    const [code, n] = line.split(',');
    if (Number(n) > 0) counts.set(code, Number(n));
  }
  return counts;
}

function sameCounts(cli: Map<string, number>, gdal: Map<string, number>): void {
  const diffs: string[] = [];
  for (const [code, n] of cli) if (gdal.get(code) !== n) diffs.push(`${code}: CLI ${n}, GDAL ${gdal.get(code) ?? 0}`);
  for (const code of gdal.keys()) if (!cli.has(code)) diffs.push(`${code}: CLI 0, GDAL ${gdal.get(code)}`);
  if (diffs.length)
    throw new Error(`coverage-cli bench: GDAL counts DIFFER from the CLI's in ${diffs.length} areas, e.g. ${diffs.slice(0, 5).join('; ')}`);
}

/** A seeded file of `n` points, uniform in the synthetic France box (written once, reused). */
function writeManyPoints(dir: string, n: number): string {
  const path = join(dir, `synthetic-points-${n}.geojson`);
  if (existsSync(path) && statSync(path).size > n * 50) return path;
  const random = mulberry32(n);
  const [minLng, minLat, maxLng, maxLat] = FRANCE_BBOX;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, '{"type":"FeatureCollection","features":[\n');
    const batch: string[] = [];
    for (let i = 0; i < n; i++) {
      const lng = uniform(random, minLng, maxLng).toFixed(6);
      const lat = uniform(random, minLat, maxLat).toFixed(6);
      batch.push(
        `${i ? ',' : ''}{"type":"Feature","properties":{"id":"M${i}"},"geometry":{"type":"Point","coordinates":[${lng},${lat}]}}\n`,
      );
      if (batch.length === 10_000) writeSync(fd, batch.splice(0).join(''));
    }
    writeSync(fd, `${batch.join('')}]}\n`);
  } finally {
    closeSync(fd);
  }
  return path;
}

const mib = (v: number) => v.toFixed(0);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** The CLI and GDAL's best query as whole processes on the synthetic case, then the CLI alone at 1,000,000 points. */
export function runCoverageProcessBench(options: CoverageProcessOptions): Table[] {
  const params = options.quick ? SYNTHETIC_QUICK : SYNTHETIC;
  const files = writeSyntheticFrance(join(options.workDir, 'synthetic'), params);
  const out = join(options.workDir, 'cli-bench-counts.csv');
  const gdal: GdalStatus = options.skipGdal ? { ok: false, reason: '--skip-gdal' } : ensureGdal();
  const runs = options.quick ? { warmup: 1, runs: 3 } : { warmup: 1, runs: 5 };
  const columns = ['method', 'wall s', 'CPU s (user + sys)', 'peak MiB', 'GDAL / CLI wall', 'GDAL / CLI CPU'];
  const rows: string[][] = [];
  const notes = [
    `Seeded synthetic France (bench/lib/synthetic-france.ts): ${files.areas} areas (mean ${files.meanAreaVertices} vertices, ${files.megabytes.areas} MB) × ${files.points} points (${files.megabytes.points} MB), end to end from the GeoJSON files to a CSV of counts.`,
    `Whole processes timed from outside${hasGnuTime() ? ' (GNU time: wall, user + sys, peak RSS)' : ' (wall clock only: GNU time not installed)'}; the CLI is \`node bin/maillage.mjs coverage --areas … --points … --out …\` (compiled JavaScript). Run in turn, CLI then GDAL, ${runs.warmup} warm-up pair then ${runs.runs} pairs: median [min–max], ratios pair by pair.`,
  ];
  // the CLI compiled before anything is timed
  cliRun(files.areasPath, files.pointsPath, out);
  if (gdal.ok) {
    const paired = runPaired(
      () => cliRun(files.areasPath, files.pointsPath, out),
      () => gdalRun(options.workDir, files.areasPath, files.pointsPath),
      runs.warmup,
      runs.runs,
    );
    sameCounts(cliCounts(out), readGdalCounts(join(options.workDir, 'gdal-bench-counts.csv')));
    const row = (label: string, r: ProcessRun[], ratios: string[]) => [
      label,
      spread(
        r.map((x) => x.wallMs),
        seconds,
      ),
      spread(
        r.map((x) => x.cpuMs),
        seconds,
      ),
      mib(Math.max(...r.map((x) => x.peakMiB))),
      ...ratios,
    ];
    rows.push(
      row('maillage coverage --areas --points', paired.a, ['×1.00', '×1.00']),
      row('GDAL ogr2ogr → GPKG, areas-outer R-tree query', paired.b, [
        spread(paired.wallRatios, (v) => formatRatio(v)),
        spread(paired.cpuRatios, (v) => formatRatio(v)),
      ]),
    );
    notes.push(
      `GDAL (${gdal.version.split(',')[0]}): two \`ogr2ogr\` conversions into one GeoPackage (R-trees built by default), then one \`ogr2ogr -dialect SQLite\` query, times added; counts per area identical to the CLI's. The query:\n\n\`\`\`sql\n${gdalSql('areas-outer', 'code')}\n\`\`\``,
    );
  } else {
    const cli = Array.from({ length: runs.runs }, () => cliRun(files.areasPath, files.pointsPath, out));
    rows.push([
      'maillage coverage --areas --points',
      spread(
        cli.map((x) => x.wallMs),
        seconds,
      ),
      spread(
        cli.map((x) => x.cpuMs),
        seconds,
      ),
      mib(Math.max(...cli.map((x) => x.peakMiB))),
      '–',
      '–',
    ]);
    notes.push(`GDAL skipped: ${gdal.reason}`);
  }
  if (!options.quick) {
    const many = writeManyPoints(join(options.workDir, 'synthetic'), 1_000_000);
    const r = cliRun(files.areasPath, many, out);
    rows.push([`maillage, 1,000,000 points (one run)`, seconds(r.wallMs), seconds(r.cpuMs), mib(r.peakMiB), '', '']);
    notes.push(`1,000,000 seeded uniform points (${(statSync(many).size / 1e6).toFixed(0)} MB) streamed: the peak is the whole process's.`);
  }
  return [{ title: `Coverage (c): whole processes, ${files.areas} areas × ${files.points} points`, columns, rows, notes }];
}
