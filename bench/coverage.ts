import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { countPointsInAreas } from '../src/core/coverage/count-points-in-areas.ts';
import { createAreaIndex, type AreaFeature } from '../src/core/index/area-index.ts';
import { ensureGdal, countWithGdal, type GdalStatus } from './lib/gdal.ts';
import { areaCodes, readAreas, readPoints } from './lib/geojson-files.ts';
import { naiveAreaOfPoint } from './lib/naive.ts';
import type { Table } from './lib/report.ts';
import { mulberry32, sampleIndexes } from './lib/seeded-random.ts';
import { FRANCE_BBOX, writeSyntheticFrance, type SyntheticParams } from './lib/synthetic-france.ts';
import { formatMs, formatRatio, measure, measureStages, timingOf } from './lib/timing.ts';

export interface CoverageOptions {
  quick: boolean;
  skipGdal: boolean;
  /** Git-ignored folder for generated files and the GeoPackage. */
  workDir: string;
}

const NORD_DIR = 'public/data/59';
const NORD_POINT_LAYERS = ['france-services', 'digital-inclusion', 'first-reception', 'population-grid'];
const COLUMNS = ['method', 'areas', 'points', 'median ms', 'ratio vs engine', 'breakdown (median ms)'];

export const SYNTHETIC: SyntheticParams = {
  seed: 20240501,
  bbox: FRANCE_BBOX,
  areaCols: 40,
  areaRows: 50,
  split: [6, 3],
  borderEdgeVertices: 20,
  innerEdgeVertices: 3,
  points: 100_000,
};
export const SYNTHETIC_QUICK: SyntheticParams = { ...SYNTHETIC, areaCols: 20, areaRows: 25, points: 25_000 };

/** The engine end to end: read + parse the GeoJSON files, build the Flatbush area index, count. */
function engineRun(areasPath: string, pointsPaths: readonly string[]) {
  const t0 = performance.now();
  const areas = readAreas(areasPath);
  const points = readPoints(pointsPaths);
  const t1 = performance.now();
  const index = createAreaIndex(areas);
  const t2 = performance.now();
  const result = countPointsInAreas(areas, points, index);
  const t3 = performance.now();
  return { value: { areas, points, result }, stagesMs: { parse: t1 - t0, index: t2 - t1, count: t3 - t2 } };
}

/** The naive Turf loop end to end, on every point or on the points at `sample` (sorted indexes). */
function naiveRun(areasPath: string, pointsPaths: readonly string[], sample?: readonly number[]) {
  const t0 = performance.now();
  const areas = readAreas(areasPath);
  const points = readPoints(pointsPaths);
  const t1 = performance.now();
  const which = sample ?? points.map((_, i) => i);
  const found = new Int32Array(which.length);
  for (let s = 0; s < which.length; s++) found[s] = naiveAreaOfPoint(areas, points[which[s]]);
  const t2 = performance.now();
  return { value: found, stagesMs: { parse: t1 - t0, loop: t2 - t1 } };
}

function breakdown(stagesMs: Record<string, number>): string {
  return Object.entries(stagesMs)
    .map(([k, v]) => `${k} ${formatMs(v)}`)
    .join(', ');
}

function fail(what: string, details: string): never {
  throw new Error(`coverage bench: ${what} DIFFER from the engine's: ${details}`);
}

function compareWithGdal(label: string, areas: readonly AreaFeature[], counts: Int32Array, gdal: Map<string, number>): void {
  const codes = areaCodes(areas, 'code');
  const diffs: string[] = [];
  codes.forEach((code, i) => {
    if ((gdal.get(code) ?? 0) !== counts[i]) diffs.push(`${code}: engine ${counts[i]}, GDAL ${gdal.get(code) ?? 0}`);
  });
  const known = new Set(codes);
  for (const code of gdal.keys()) if (!known.has(code)) diffs.push(`GDAL returned unknown code ${code}`);
  if (diffs.length) fail(`${label}: GDAL counts`, `${diffs.length} areas, e.g. ${diffs.slice(0, 5).join('; ')}`);
}

function gdalRows(
  gdal: GdalStatus,
  label: string,
  workDir: string,
  areasPath: string,
  pointsPaths: readonly string[],
  engine: { medianMs: number; areas: readonly AreaFeature[]; counts: Int32Array; points: number },
  runs: number,
  notes: string[],
): string[][] {
  if (!gdal.ok) {
    notes.push(`GDAL skipped: ${gdal.reason}`);
    return [];
  }
  const totals: number[] = [];
  const converts: number[] = [];
  const queries: number[] = [];
  for (let r = 0; r < runs; r++) {
    const g = countWithGdal(workDir, areasPath, pointsPaths, 'code');
    if (r === 0) compareWithGdal(label, engine.areas, engine.counts, g.counts);
    totals.push(g.totalMs);
    converts.push(g.stagesMs.convert);
    queries.push(g.stagesMs.query);
  }
  const t = timingOf(totals);
  notes.push(
    `${label}: ${gdal.version.split(',')[0]} = ogr2ogr GeoJSON → GeoPackage (R-tree) + SQLite-dialect count, areas outer with the points' R-tree inside then ST_Intersects (gdalSql 'areas-outer' in bench/lib/gdal.ts, printed by --only coverage-cli); wall clock of the child processes, median of ${runs} run(s); counts per area identical to the engine's.`,
  );
  return [
    [
      `GDAL ogr2ogr + GPKG R-tree${label.startsWith('synthetic') ? `, ${label.split(' ')[1]}` : ''}`,
      String(engine.areas.length),
      String(engine.points),
      formatMs(t.medianMs),
      formatRatio(t.medianMs / engine.medianMs),
      `convert ${formatMs(timingOf(converts).medianMs)}, query ${formatMs(timingOf(queries).medianMs)}`,
    ],
  ];
}

function ensureNordBundle(): string[] {
  const files = ['cantons', ...NORD_POINT_LAYERS].map((f) => join(NORD_DIR, `${f}.geojson`));
  if (files.every((f) => existsSync(f))) return files;
  console.log(`${NORD_DIR} is incomplete: building it with npm run -s cli -- ensure-data --dept 59 …`);
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'ensure-data', '--dept', '59'], { stdio: 'inherit' });
  const missing = files.filter((f) => !existsSync(f));
  if (r.status !== 0 || missing.length)
    throw new Error(`could not build the Nord bundle (exit ${r.status}); missing: ${missing.join(', ')}`);
  return files;
}

function nordTable(options: CoverageOptions, gdal: GdalStatus): Table {
  const [cantonsPath, ...pointPaths] = ensureNordBundle();
  const runs = options.quick ? { warmup: 1, runs: 3 } : { warmup: 2, runs: 7 };
  const engine = measureStages(() => engineRun(cantonsPath, pointPaths), runs);
  const { areas, points, result } = engine.value;
  const naive = measureStages(() => naiveRun(cantonsPath, pointPaths), runs);
  // the same area for every point, hence the same counts
  const mismatch = result.areaOfPoint.findIndex((a, i) => a !== naive.value[i]);
  if (mismatch >= 0) {
    fail(
      'Nord: naive Turf areas',
      `point #${mismatch} [${points[mismatch]}]: engine ${result.areaOfPoint[mismatch]}, naive ${naive.value[mismatch]}`,
    );
  }
  const notes = [
    `Areas: ${cantonsPath} (${areas.length} cantons); points: ${NORD_POINT_LAYERS.join(' + ')} (${points.length}, ${result.areaOfPoint.filter((a) => a >= 0).length} inside a canton).`,
    `Every time is end to end from the GeoJSON files (read + JSON.parse included); median of ${runs.runs} runs after ${runs.warmup} warm-up(s).`,
    'Naive Turf loop run on every point; same area for every point as the engine.',
  ];
  const rows = [
    [
      'engine (Flatbush + banded point-in-polygon on candidates)',
      String(areas.length),
      String(points.length),
      formatMs(engine.timing.medianMs),
      '×1.00',
      breakdown(engine.stagesMs),
    ],
    [
      'naive Turf loop',
      String(areas.length),
      String(points.length),
      formatMs(naive.timing.medianMs),
      formatRatio(naive.timing.medianMs / engine.timing.medianMs),
      breakdown(naive.stagesMs),
    ],
  ];
  if (!options.skipGdal) {
    rows.push(
      ...gdalRows(
        gdal,
        'Nord',
        options.workDir,
        cantonsPath,
        pointPaths,
        { medianMs: engine.timing.medianMs, areas, counts: result.counts, points: points.length },
        options.quick ? 1 : 3,
        notes,
      ),
    );
  }
  return { title: 'Coverage (a): real Nord, 41 cantons × the bundle points', columns: COLUMNS, rows, notes };
}

function syntheticTable(options: CoverageOptions, gdal: GdalStatus): Table {
  const params = options.quick ? SYNTHETIC_QUICK : SYNTHETIC;
  const t0 = performance.now();
  const files = writeSyntheticFrance(join(options.workDir, 'synthetic'), params);
  const genMs = performance.now() - t0;
  const notes = [
    `Seeded synthetic France (seed ${params.seed}, box [${params.bbox.join(', ')}]): ${files.areas} areas (mean ${files.meanAreaVertices} vertices, ${files.megabytes.areas} MB), ${files.communes} communes nested in them (mean ${files.meanCommuneVertices} vertices, ${files.megabytes.communes} MB), ${files.points} points (${files.megabytes.points} MB); neighbours share exactly the same edge vertices. Files in ${join(options.workDir, 'synthetic')} (${files.reused ? 'reused from an earlier run' : `generated in ${formatMs(genMs)} ms`}, not timed).`,
  ];
  const rows: string[][] = [];
  const levels = [
    { label: 'areas', path: files.areasPath, sample: options.quick ? 500 : 2000 },
    { label: 'communes', path: files.communesPath, sample: options.quick ? 200 : 1000 },
  ];
  for (const level of levels) {
    const runs = options.quick ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 3 };
    const engine = measureStages(() => engineRun(level.path, [files.pointsPath]), runs);
    const { areas, points, result } = engine.value;
    const sample = sampleIndexes(mulberry32(params.seed + 1), points.length, level.sample);
    // naive: whole files parsed, loop on a seeded sample only, extrapolated per point
    measure(
      () => {
        for (const i of sample.slice(0, 20)) naiveAreaOfPoint(areas, points[i]);
      },
      { warmup: 0, runs: 1 },
    );
    const naive = measureStages(() => naiveRun(level.path, [files.pointsPath], sample), { warmup: 0, runs: 1 });
    const bad = sample.findIndex((p, s) => naive.value[s] !== result.areaOfPoint[p]);
    if (bad >= 0) {
      const p = sample[bad];
      fail(
        `synthetic ${level.label}: naive Turf areas`,
        `point #${p} [${points[p]}]: engine ${result.areaOfPoint[p]}, naive ${naive.value[bad]}`,
      );
    }
    const perPointMs = naive.stagesMs.loop / sample.length;
    const naiveTotal = naive.stagesMs.parse + perPointMs * points.length;
    rows.push(
      [
        `engine, ${level.label}`,
        String(areas.length),
        String(points.length),
        formatMs(engine.timing.medianMs),
        '×1.00',
        breakdown(engine.stagesMs),
      ],
      [
        `naive Turf loop, ${level.label} (extrapolated)`,
        String(areas.length),
        String(points.length),
        formatMs(naiveTotal),
        formatRatio(naiveTotal / engine.timing.medianMs),
        `parse ${formatMs(naive.stagesMs.parse)}, loop ${formatMs(perPointMs * 1000)} µs/point × ${points.length}`,
      ],
    );
    notes.push(
      `${level.label}: engine median of ${runs.runs} run(s) after ${runs.warmup} warm-up(s); ${result.areaOfPoint.filter((a) => a >= 0).length} of ${points.length} points inside one. Naive: measured on ${sample.length} seeded points (same areas as the engine on all of them), extrapolated per point to ${points.length}, plus the measured parse.`,
    );
    if (!options.skipGdal) {
      rows.push(
        ...gdalRows(
          gdal,
          `synthetic ${level.label}`,
          options.workDir,
          level.path,
          [files.pointsPath],
          { medianMs: engine.timing.medianMs, areas, counts: result.counts, points: points.length },
          options.quick ? 1 : 2,
          notes,
        ),
      );
    }
  }
  return {
    title: `Coverage (b): synthetic national scale, ${files.areas} areas / ${files.communes} communes × ${files.points} points`,
    columns: COLUMNS,
    rows,
    notes,
  };
}

/** Point-in-polygon counting: the engine against the naive Turf loop and GDAL, on the Nord and a synthetic France. */
export function runCoverageBench(options: CoverageOptions): Table[] {
  const gdal: GdalStatus = options.skipGdal ? { ok: false, reason: '--skip-gdal' } : ensureGdal();
  return [nordTable(options, gdal), syntheticTable(options, gdal)];
}
