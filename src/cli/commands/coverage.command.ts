import { resolve } from 'node:path';
import {
  COVERAGE_FORMATS,
  coverageCsvMetadata,
  exportCoverage,
  type CoverageExportContext,
  type CoverageFormat,
} from '../../core/coverage/coverage-export.ts';
import type { CoverageInput, CoverageRule, CoverageTable } from '../../core/coverage/coverage-types.ts';
import type { BundleManifest } from '../../data/bundle/bundle-types.ts';
import { coverageInputFromBundle, type CoverageLayerData } from '../../data/coverage/coverage-input.ts';
import { defaultCoverageRule, RULE_LIMITS, validateCoverageRule } from '../../core/coverage/coverage-rule.ts';
import { CliError } from '../cli-error.ts';
import { say, writeOutput, writeUserFile } from '../io/output.ts';
import { readUserText } from '../io/read-user-json.ts';
import type { OptionValues } from '../args/parse-options.ts';
import { defineCommand } from './command.ts';

const OPTIONS = {
  national: {
    kind: 'flag',
    help: 'every canton of metropolitan France, from the national files (../shared/opendata), one rule for all\n(docs/coverage.md "National benchmark"); formats csv | csv-fr | json | xlsx',
  },
  by: {
    kind: 'choice',
    values: ['canton', 'departement'],
    default: 'canton',
    help: 'with --national: canton (default, one row per canton) | departement (one row per département,\nranked: France Services per 100,000, cantons covered, population within 10 km)',
  },
  raw: {
    kind: 'text',
    multiple: true,
    valueName: 'DIR',
    help: 'with --national: raw-data folder, repeatable (default: data/raw, then ../shared/opendata)',
  },
  dept: { kind: 'dept', default: '59', help: 'département (default 59); reads DATA/NN (run "data" first)' },
  data: { kind: 'text', valueName: 'DIR', help: 'bundle folder (default public/data)' },
  out: {
    kind: 'text',
    valueName: 'FILE',
    help: 'output file (default: standard output); a CSV gets a\nFILE-metadata.json sidecar (CSV on the Web: sources, rule, method, date)',
  },
  format: {
    kind: 'choice',
    values: [...COVERAGE_FORMATS, 'xlsx'],
    default: 'csv',
    valueName: 'F',
    help: 'csv (default) | csv-fr (Excel FR: ";", BOM, decimal comma) | geojson | json\n| xlsx (Excel workbook: the table and a "Lisez-moi" sheet; needs --out)',
  },
  access: {
    kind: 'choice',
    values: ['auto', 'drive', 'straight'],
    default: 'auto',
    valueName: 'A',
    help: 'auto (default): drive-time columns from the bundle\'s road graph when "roads" built one |\ndrive: the same, and an error without a graph | straight: straight-line columns only',
  },
  scenario: {
    kind: 'text',
    valueName: 'FILE.geojson',
    help: 'a what-if scenario: GeoJSON Points with action add (default) | move | close, id, name;\nthe table is computed with it applied, hypothetical sites flagged (docs/planning.md)',
  },
  at: {
    kind: 'text',
    valueName: 'YYYY-MM-DD',
    help: 'the network as of that day: France Services labelled on or before it\n(from the first labelling to the list\'s date; docs/coverage.md "Over time")',
  },
  target: {
    kind: 'whole',
    min: RULE_LIMITS.target.min,
    max: RULE_LIMITS.target.max,
    help: 'France Services wanted per canton (default: département config)',
  },
  'priority-target': {
    kind: 'whole',
    min: RULE_LIMITS.priorityTarget.min,
    max: RULE_LIMITS.priorityTarget.max,
    help: 'France Services wanted per priority canton',
  },
  'count-buses': { kind: 'yes-no', help: 'buses count towards the target (default yes)' },
  'priority-qpv': { kind: 'yes-no', help: 'a canton with a QPV is a priority (default: config)' },
  'rural-share': {
    kind: 'decimal',
    min: 0,
    max: 1,
    orWord: 'none',
    example: '--rural-share 0.5',
    valueName: 'X|none',
    help: 'rural population share (0-1) making a canton a priority (default: config)',
  },
  'priority-territories': { kind: 'yes-no', help: 'the SDAASP priority territories make cantons priorities (default: config)' },
  'generated-at': {
    kind: 'date',
    example: '2025-01-15T10:00:00Z',
    help: 'date written in the metadata (default: now), for reproducible files',
  },
  areas: {
    kind: 'text',
    valueName: 'AREAS.geojson',
    help: 'ad-hoc counts: Polygon/MultiPolygon features (one CSV row each: code, points)',
  },
  points: { kind: 'text', valueName: 'POINTS.geojson', help: 'ad-hoc counts: Point/MultiPoint features' },
  'code-field': { kind: 'text', default: 'code', valueName: 'NAME', help: 'ad-hoc counts: property holding the area code (default code)' },
} as const;

type CoverageValues = OptionValues<typeof OPTIONS>;

/** The rule asked on the command line, over the département's own, checked by the rule module (the panel's and the links' check). */
function ruleFrom(values: CoverageValues, base: CoverageRule): CoverageRule {
  const rural = values['rural-share'];
  const rule: CoverageRule = {
    target: values.target ?? base.target,
    priorityTarget: values['priority-target'] ?? base.priorityTarget,
    countBuses: values['count-buses'] ?? base.countBuses,
    priority: {
      qpv: values['priority-qpv'] ?? base.priority.qpv,
      ruralPopulationShareMin: rural === undefined ? base.priority.ruralPopulationShareMin : rural,
      territories: values['priority-territories'] ?? base.priority.territories,
    },
  };
  validateCoverageRule(rule);
  return rule;
}

/** The coverage input, as of `--at` when given (the network as it stood that day). */
async function inputAsOf(
  manifest: BundleManifest,
  layers: Record<string, CoverageLayerData>,
  at: string | undefined,
): Promise<{ input: CoverageInput; context: CoverageExportContext }> {
  const input = coverageInputFromBundle(manifest, layers);
  if (at === undefined) return { input, context: {} };
  const { datedNetworkFromBundle } = await import('../../data/timeline/dated-network.ts');
  const { coverageInputAtDate } = await import('../../core/timeline/coverage-as-of.ts');
  const { AsOfDateError } = await import('../../core/timeline/as-of-date.ts');
  const { network } = datedNetworkFromBundle(manifest, layers);
  try {
    const dated = coverageInputAtDate(input, network, at);
    return { input: dated.input, context: { asOf: dated.at } };
  } catch (error) {
    if (error instanceof AsOfDateError) throw new CliError(`--at : ${error.message}`, 'par exemple --at 2021-06-30');
    throw error;
  }
}

/** The table with a scenario file applied (the same as the app's for that scenario); a bad file is a located error, exit 2. */
async function scenarioTableOf(
  path: string,
  manifest: BundleManifest,
  layers: Record<string, CoverageLayerData>,
  input: CoverageInput,
  rule: CoverageRule,
): Promise<CoverageTable> {
  const { coverageWithScenario } = await import('../../data/scenario/coverage-with-scenario.ts');
  const { ScenarioFileError } = await import('../../data/scenario/parse-scenario.ts');
  try {
    return coverageWithScenario(manifest, layers, readUserText(path), path, rule, input).table;
  } catch (error) {
    if (error instanceof ScenarioFileError) throw new CliError(error.message, 'le format du scénario : docs/planning.md');
    throw error;
  }
}

async function coverageTable(values: CoverageValues): Promise<number> {
  const format = values.format as CoverageFormat | 'xlsx';
  const generatedAt = values['generated-at'] ?? new Date();
  if (format === 'xlsx' && (!values.out || values.out === '-')) {
    throw new CliError('un classeur Excel ne s’écrit pas sur la sortie standard', 'donnez un fichier, par exemple --out couverture.xlsx');
  }
  const { applyCoverageRule, prepareCoverage } = await import('../../core/coverage/compute-coverage.ts');
  const { readCoverageBundle } = await import('../actions/coverage.action.ts');
  const { manifest, layers } = await readCoverageBundle(resolve(values.data ?? 'public/data'), values.dept);
  const rule = ruleFrom(values, defaultCoverageRule(manifest));
  const { readCoverageDriveTime } = await import('../actions/coverage.action.ts');
  const driveTime = await readCoverageDriveTime(
    resolve(values.data ?? 'public/data'),
    values.dept,
    values.access as 'auto' | 'drive' | 'straight',
  );
  const asOf = await inputAsOf(manifest, layers, values.at);
  const { context } = asOf;
  const input: CoverageInput = { ...asOf.input, driveTime };
  const table =
    values.scenario === undefined
      ? applyCoverageRule(prepareCoverage(input), rule)
      : await scenarioTableOf(resolve(values.scenario), manifest, layers, input, rule);
  if (format === 'xlsx') {
    const { coverageToXlsx } = await import('../../core/coverage/coverage-xlsx.ts');
    const blob = await coverageToXlsx(table, generatedAt, context);
    writeUserFile(resolve(values.out!), new Uint8Array(await blob.arrayBuffer()));
  } else {
    writeOutput(values.out, exportCoverage(table, format, input.cantons, generatedAt, context));
  }
  if ((format === 'csv' || format === 'csv-fr') && values.out && values.out !== '-') {
    const metaPath = `${resolve(values.out)}-metadata.json`;
    const meta = coverageCsvMetadata(table, format, generatedAt, context);
    writeUserFile(metaPath, `${JSON.stringify({ ...meta, url: resolve(values.out).split('/').pop() }, null, 2)}\n`);
    say(`metadata (sources, rule, method, date): ${metaPath}`);
  }
  const t = table.total;
  say(
    `${table.rows.length} cantons: ${table.rows.filter((r) => r.status === 'met').length} met, ${table.rows.filter((r) => r.status === 'gap').length} with a gap (${t.gap} France Services missing)`,
  );
  return 0;
}

export const coverageCommand = defineCommand({
  name: 'coverage',
  summary:
    "France Services coverage per canton, from the built bundle (same table as the app's downloads);\n" +
    '               or ad-hoc counts of any points in any areas (--areas A --points P)',
  options: OPTIONS,
  notes: '               an area whose outline crosses itself is counted, with a warning naming it and the place\n',
  async run(values) {
    if (values.areas !== undefined || values.points !== undefined) {
      if (!values.areas || !values.points) {
        throw new CliError('les comptes ad hoc demandent --areas et --points', 'par exemple --areas zones.geojson --points sites.geojson');
      }
      const { countAdHoc } = await import('../actions/coverage-ad-hoc.action.ts');
      const { csv, messages } = await countAdHoc(resolve(values.areas), resolve(values.points), values['code-field']);
      writeOutput(values.out, csv);
      for (const m of messages) say(m);
      return 0;
    }
    if (values.national) {
      const { nationalCoverage } = await import('./coverage-national.ts');
      return nationalCoverage(values, ruleFrom);
    }
    return coverageTable(values);
  },
});
