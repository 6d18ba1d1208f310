import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { wallClockMs } from './timing.ts';

export type GdalStatus = { ok: true; version: string } | { ok: false; reason: string };

function ogrVersion(): string | null {
  const r = spawnSync('ogr2ogr', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * Finds `ogr2ogr`; when it is missing and we are root, installs Debian's
 * `gdal-bin` with apt-get. Never throws: says why GDAL is unavailable instead.
 */
export function ensureGdal(): GdalStatus {
  const found = ogrVersion();
  if (found) return { ok: true, version: found };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'ogr2ogr not found and not root, so gdal-bin cannot be installed' };
  console.log('ogr2ogr not found: apt-get install -y gdal-bin …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', 'gdal-bin'], { encoding: 'utf8', env, timeout: 600_000 });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env, timeout: 300_000 });
    r = spawnSync('apt-get', ['install', '-y', 'gdal-bin'], { encoding: 'utf8', env, timeout: 600_000 });
  }
  const installed = ogrVersion();
  if (installed) return { ok: true, version: installed };
  const why = (r.error?.message ?? r.stderr ?? '').trim().split('\n').slice(-2).join(' ');
  return { ok: false, reason: `apt-get install gdal-bin failed (exit ${r.status ?? 'none'}): ${why}` };
}

function run(args: string[]): void {
  const r = spawnSync('ogr2ogr', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`ogr2ogr ${args.join(' ')} failed (exit ${r.status}): ${r.stderr || r.error?.message}`);
}

export interface GdalCount {
  totalMs: number;
  stagesMs: { convert: number; query: number };
  /** Points per area `code`, for areas holding at least one point. */
  counts: Map<string, number>;
}

/**
 * How the SQLite-dialect query walks the GeoPackage's R-trees:
 * - `areas-outer` (GDAL's best on detailed areas, what a GIS analyst writes): for each area, the
 *   points' R-tree `rtree_points_geom` gives the points in its box, then `ST_Intersects` on those;
 *   the same area geometry is tested many times in a row, which SpatiaLite/GEOS can prepare once.
 * - `points-outer`: for each point, the areas' R-tree `rtree_areas_geom`, then `ST_Intersects`.
 */
export type GdalQuery = 'areas-outer' | 'points-outer';

/**
 * The count query: points per area `code`, a point in several areas counted in the first by input
 * order (`MIN(fid)`, the rule of `countPointsInAreas`), boundary included (`ST_Intersects`).
 */
export function gdalSql(query: GdalQuery, codeField: string): string {
  const candidates =
    query === 'areas-outer'
      ? [
          '  SELECT p.fid AS pfid, MIN(a.fid) AS afid FROM areas a',
          '  JOIN points p ON p.fid IN (SELECT id FROM rtree_points_geom r',
          '    WHERE r.minx <= ST_MaxX(a.geom) AND r.maxx >= ST_MinX(a.geom) AND r.miny <= ST_MaxY(a.geom) AND r.maxy >= ST_MinY(a.geom))',
        ]
      : [
          '  SELECT p.fid AS pfid, MIN(a.fid) AS afid FROM points p',
          '  JOIN areas a ON a.fid IN (SELECT id FROM rtree_areas_geom r',
          '    WHERE r.minx <= ST_MinX(p.geom) AND r.maxx >= ST_MaxX(p.geom) AND r.miny <= ST_MinY(p.geom) AND r.maxy >= ST_MaxY(p.geom))',
        ];
  return [
    `SELECT a."${codeField}" AS code, COUNT(*) AS n FROM (`,
    ...candidates,
    '  WHERE ST_Intersects(a.geom, p.geom)',
    '  GROUP BY p.fid',
    ') t JOIN areas a ON a.fid = t.afid GROUP BY t.afid',
  ].join('\n');
}

/** The `ogr2ogr` argument lists of a GDAL count: the conversions into one GeoPackage, then the query into a CSV. */
export function gdalCommands(
  workDir: string,
  areasPath: string,
  pointsPaths: readonly string[],
  codeField: string,
  query: GdalQuery,
): { gpkg: string; csv: string; convert: string[][]; query: string[] } {
  mkdirSync(workDir, { recursive: true });
  const gpkg = join(workDir, 'gdal-bench.gpkg');
  const csv = join(workDir, 'gdal-bench-counts.csv');
  const convert = [['-f', 'GPKG', gpkg, areasPath, '-nln', 'areas', '-nlt', 'PROMOTE_TO_MULTI', '-select', codeField]];
  for (const p of pointsPaths) {
    // keep only the id: OGR SQL, since -append forbids -select (a GeoJSON layer is named after its file)
    const layer = basename(p, extname(p));
    convert.push(['-f', 'GPKG', '-update', '-append', gpkg, p, '-nln', 'points', '-nlt', 'POINT', '-sql', `SELECT id FROM "${layer}"`]);
  }
  return { gpkg, csv, convert, query: ['-f', 'CSV', csv, gpkg, '-dialect', 'SQLite', '-sql', gdalSql(query, codeField)] };
}

/** Points per area code from the query's CSV. */
export function readGdalCounts(csv: string): Map<string, number> {
  const counts = new Map<string, number>();
  const lines = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
  if (lines[0] !== 'code,n') throw new Error(`unexpected GDAL CSV header: ${lines[0]}`);
  for (const line of lines.slice(1)) {
    const [code, n] = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    counts.set(code, Number(n));
  }
  return counts;
}

/**
 * What a GIS analyst would run, end to end from the same GeoJSON files: `ogr2ogr` into one
 * GeoPackage (areas, then every points file appended into one layer; GPKG builds its R-trees
 * `rtree_<table>_geom` by default), then the SQLite-dialect count query of {@link gdalSql}.
 */
export function countWithGdal(
  workDir: string,
  areasPath: string,
  pointsPaths: readonly string[],
  codeField: string,
  query: GdalQuery = 'areas-outer',
): GdalCount {
  const c = gdalCommands(workDir, areasPath, pointsPaths, codeField, query);
  rmSync(c.gpkg, { force: true });
  rmSync(c.csv, { force: true });
  const convert = wallClockMs(() => {
    for (const args of c.convert) run(args);
  });
  const queryMs = wallClockMs(() => run(c.query));
  return { totalMs: convert + queryMs, stagesMs: { convert, query: queryMs }, counts: readGdalCounts(c.csv) };
}
