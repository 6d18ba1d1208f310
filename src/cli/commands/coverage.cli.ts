import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Feature, Geometry } from 'geojson';
import { applyCoverageRule, prepareCoverage } from '../../core/coverage/compute-coverage.ts';
import { countPointsInAreas } from '../../core/coverage/count-points-in-areas.ts';
import { COVERAGE_FORMATS, coverageCsvMetadata, exportCoverage, type CoverageFormat } from '../../core/coverage/coverage-export.ts';
import type { CoverageRule } from '../../core/coverage/coverage-types.ts';
import type { AreaFeature } from '../../core/index/area-index.ts';
import { toCsv } from '../../core/export/csv.ts';
import {
  areaGeometryProblem,
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  defaultCoverageRule,
  type CoverageLayerData,
} from '../../data/coverage/coverage-input.ts';
import type { BundleManifest } from '../../data/bundle/bundle-types.ts';
import { decodeText, parseJsonText } from '../../data/parse/decode-text.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';
import type { CliCommand } from './command.ts';

const USAGE = `  coverage     France Services coverage per canton, from the built bundle (same table as the app's downloads)
               --dept NN                 département (default 59); reads DATA/NN (run "data" first)
               --data DIR                bundle folder (default public/data)
               --out FILE                output file (default: standard output); a CSV gets a
                                         FILE-metadata.json sidecar (CSV on the Web: sources, rule, method, date)
               --format F                csv (default) | csv-fr (Excel FR: ";", BOM, decimal comma) | geojson | json
               --target N                France Services wanted per canton (default: département config)
               --priority-target N       France Services wanted per priority canton
               --count-buses yes|no      buses count towards the target (default yes)
               --priority-qpv yes|no     a canton with a QPV is a priority (default: config)
               --rural-share X|none      rural population share (0-1) making a canton a priority (default: config)
               --priority-territories yes|no  the SDAASP priority territories make cantons priorities (default: config)
               --generated-at ISO        date written in the metadata (default: now), for reproducible files
             ad-hoc counts on any files (one row per area: code, points):
               --areas AREAS.geojson --points POINTS.geojson [--code-field code] [--out counts.csv]
`;

function readJsonFile(path: string): unknown {
  if (!existsSync(path)) throw new CliError(`file not found: ${path}`);
  return parseJsonText(decodeText(new Uint8Array(readFileSync(path)), 'utf-8', path), path);
}

function featuresOf(path: string, json: unknown): Feature<Geometry | null, Record<string, unknown> | null>[] {
  const fc = json as { type?: unknown; features?: unknown };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new CliError(`${path}: not a GeoJSON FeatureCollection`);
  return fc.features as Feature<Geometry | null, Record<string, unknown> | null>[];
}

function yesNo(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (/^(yes|true|oui|1)$/i.test(value)) return true;
  if (/^(no|false|non|0)$/i.test(value)) return false;
  throw new CliError(`--${name} must be yes or no, got "${value}"`);
}

function wholeNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d{1,2}$/.test(value) || !Number.isInteger(n)) throw new CliError(`--${name} must be a whole number from 0 to 99, got "${value}"`);
  return n;
}

function writeFile(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(
      `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'check that the folder exists and can be written to',
    );
  }
}

function output(out: string | undefined, text: string): void {
  if (!out || out === '-') process.stdout.write(text);
  else writeFile(resolve(out), text);
}

/** Reads the bundle's manifest and the layers the coverage table needs. */
export async function readCoverageBundle(
  dataDir: string,
  dept: string,
): Promise<{ manifest: BundleManifest; layers: Record<string, CoverageLayerData> }> {
  const bundle = await openBundle(dataDir, dept);
  const layers: Record<string, CoverageLayerData> = {};
  for (const id of [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS]) {
    const data = await bundle.layer(id);
    if (data) layers[id] = { features: data.features };
  }
  return { manifest: bundle.manifest, layers };
}

function ruleFrom(values: Record<string, string | undefined>, base: CoverageRule): CoverageRule {
  const rural = values['rural-share'];
  let ruralMin = base.priority.ruralPopulationShareMin;
  if (rural !== undefined) {
    if (rural === 'none') ruralMin = null;
    else {
      ruralMin = Number(rural);
      if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(rural)) throw new CliError(`--rural-share must be a number from 0 to 1 or "none", got "${rural}"`);
    }
  }
  return {
    target: wholeNumber('target', values.target, base.target),
    priorityTarget: wholeNumber('priority-target', values['priority-target'], base.priorityTarget),
    countBuses: yesNo('count-buses', values['count-buses'], base.countBuses),
    priority: {
      qpv: yesNo('priority-qpv', values['priority-qpv'], base.priority.qpv),
      ruralPopulationShareMin: ruralMin,
      territories: yesNo('priority-territories', values['priority-territories'], base.priority.territories),
    },
  };
}

function adHocCounts(areasPath: string, pointsPath: string, codeField: string, out: string | undefined): number {
  const areaFeatures = featuresOf(areasPath, readJsonFile(areasPath));
  const areas: AreaFeature<{ code: string }>[] = areaFeatures.map((f, i) => {
    const g = f?.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
      throw new CliError(`${areasPath}: feature ${i + 1}: geometry must be a Polygon or MultiPolygon, got ${g ? g.type : 'null'}`);
    const problem = areaGeometryProblem(g);
    if (problem) throw new CliError(`${areasPath}: feature ${i + 1}: ${problem}`);
    const code = f.properties?.[codeField];
    if (typeof code !== 'string' && typeof code !== 'number') {
      throw new CliError(
        `${areasPath}: feature ${i + 1}: no "${codeField}" property`,
        'name the field holding the area code with --code-field',
      );
    }
    return { type: 'Feature', geometry: g, properties: { code: String(code) } };
  });
  const points: [number, number][] = [];
  featuresOf(pointsPath, readJsonFile(pointsPath)).forEach((f, i) => {
    const g = f?.geometry;
    const coords: unknown = g?.type === 'Point' ? [g.coordinates] : g?.type === 'MultiPoint' ? g.coordinates : null;
    if (!g || (g.type !== 'Point' && g.type !== 'MultiPoint'))
      throw new CliError(`${pointsPath}: feature ${i + 1}: geometry must be a Point or MultiPoint, got ${g ? g.type : 'null'}`);
    if (!Array.isArray(coords)) throw new CliError(`${pointsPath}: feature ${i + 1}: ${g.type} without coordinates`);
    for (const c of coords as unknown[]) {
      if (!Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1]))
        throw new CliError(`${pointsPath}: feature ${i + 1}: coordinates are not [lng, lat] numbers: ${JSON.stringify(c)}`);
      points.push([c[0], c[1]]);
    }
  });
  const result = countPointsInAreas(areas, points);
  output(out, toCsv([['code', 'points'], ...areas.map((a, i) => [a.properties.code, result.counts[i]])]));
  const outside = points.length - result.counts.reduce((s, n) => s + n, 0);
  process.stderr.write(
    `${points.length} points, ${areas.length} areas: ${points.length - outside} counted, ${outside} outside every area` +
      (result.ambiguous.length ? `, ${result.ambiguous.length} in several overlapping areas (counted in the first)` : '') +
      '\n',
  );
  return 0;
}

export const coverageCli: CliCommand = {
  name: 'coverage',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        dept: { type: 'string', default: '59' },
        data: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        target: { type: 'string' },
        'priority-target': { type: 'string' },
        'count-buses': { type: 'string' },
        'priority-qpv': { type: 'string' },
        'rural-share': { type: 'string' },
        'priority-territories': { type: 'string' },
        'generated-at': { type: 'string' },
        areas: { type: 'string' },
        points: { type: 'string' },
        'code-field': { type: 'string', default: 'code' },
      },
      strict: true,
    });
    if (values.areas || values.points) {
      if (!values.areas || !values.points) throw new CliError('ad-hoc counts need both --areas and --points');
      return adHocCounts(resolve(values.areas), resolve(values.points), values['code-field']!, values.out);
    }
    const format = values.format as CoverageFormat;
    if (!COVERAGE_FORMATS.includes(format))
      throw new CliError(`unknown --format "${values.format}"`, `use one of ${COVERAGE_FORMATS.join(', ')}`);
    const generatedAt = values['generated-at'] ? new Date(values['generated-at']) : new Date();
    if (Number.isNaN(generatedAt.getTime())) throw new CliError(`--generated-at is not a date: "${values['generated-at']}"`);
    const { manifest, layers } = await readCoverageBundle(resolve(values.data ?? 'public/data'), values.dept!);
    const rule = ruleFrom(values, defaultCoverageRule(manifest));
    const input = coverageInputFromBundle(manifest, layers);
    const table = applyCoverageRule(prepareCoverage(input), rule);
    output(values.out, exportCoverage(table, format, input.cantons, generatedAt));
    if ((format === 'csv' || format === 'csv-fr') && values.out && values.out !== '-') {
      const metaPath = `${resolve(values.out)}-metadata.json`;
      const meta = coverageCsvMetadata(table, format, generatedAt);
      writeFile(metaPath, JSON.stringify({ ...meta, url: resolve(values.out).split('/').pop() }, null, 2) + '\n');
      process.stderr.write(`metadata (sources, rule, method, date): ${metaPath}\n`);
    }
    const t = table.total;
    process.stderr.write(
      `${table.rows.length} cantons: ${table.rows.filter((r) => r.status === 'met').length} met, ${table.rows.filter((r) => r.status === 'gap').length} with a gap (${t.gap} France Services missing)\n`,
    );
    return 0;
  },
};
