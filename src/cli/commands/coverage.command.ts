import { resolve } from 'node:path';
import { COVERAGE_FORMATS, coverageCsvMetadata, exportCoverage, type CoverageFormat } from '../../core/coverage/coverage-export.ts';
import type { CoverageRule } from '../../core/coverage/coverage-types.ts';
import { coverageInputFromBundle, defaultCoverageRule } from '../../data/coverage/coverage-input.ts';
import { CliError } from '../cli-error.ts';
import { say, writeOutput, writeUserFile } from '../io/output.ts';
import type { OptionValues } from '../args/parse-options.ts';
import { defineCommand } from './command.ts';

const OPTIONS = {
  dept: { kind: 'dept', default: '59', help: 'département (default 59); reads DATA/NN (run "data" first)' },
  data: { kind: 'text', valueName: 'DIR', help: 'bundle folder (default public/data)' },
  out: {
    kind: 'text',
    valueName: 'FILE',
    help: 'output file (default: standard output); a CSV gets a\nFILE-metadata.json sidecar (CSV on the Web: sources, rule, method, date)',
  },
  format: {
    kind: 'choice',
    values: COVERAGE_FORMATS,
    default: 'csv',
    valueName: 'F',
    help: 'csv (default) | csv-fr (Excel FR: ";", BOM, decimal comma) | geojson | json',
  },
  target: { kind: 'whole', min: 0, max: 99, help: 'France Services wanted per canton (default: département config)' },
  'priority-target': { kind: 'whole', min: 0, max: 99, help: 'France Services wanted per priority canton' },
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

/** The rule asked on the command line, over the département's own (one small function, for the shared rule module to replace). */
function ruleFrom(values: CoverageValues, base: CoverageRule): CoverageRule {
  const rural = values['rural-share'];
  return {
    target: values.target ?? base.target,
    priorityTarget: values['priority-target'] ?? base.priorityTarget,
    countBuses: values['count-buses'] ?? base.countBuses,
    priority: {
      qpv: values['priority-qpv'] ?? base.priority.qpv,
      ruralPopulationShareMin: rural === undefined ? base.priority.ruralPopulationShareMin : rural,
      territories: values['priority-territories'] ?? base.priority.territories,
    },
  };
}

async function coverageTable(values: CoverageValues): Promise<number> {
  const format = values.format as CoverageFormat;
  const generatedAt = values['generated-at'] ?? new Date();
  const { applyCoverageRule, prepareCoverage } = await import('../../core/coverage/compute-coverage.ts');
  const { readCoverageBundle } = await import('../actions/coverage.action.ts');
  const { manifest, layers } = await readCoverageBundle(resolve(values.data ?? 'public/data'), values.dept);
  const rule = ruleFrom(values, defaultCoverageRule(manifest));
  const input = coverageInputFromBundle(manifest, layers);
  const table = applyCoverageRule(prepareCoverage(input), rule);
  writeOutput(values.out, exportCoverage(table, format, input.cantons, generatedAt));
  if ((format === 'csv' || format === 'csv-fr') && values.out && values.out !== '-') {
    const metaPath = `${resolve(values.out)}-metadata.json`;
    const meta = coverageCsvMetadata(table, format, generatedAt);
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
      const { countAdHoc } = await import('../actions/coverage.action.ts');
      const { csv, messages } = countAdHoc(resolve(values.areas), resolve(values.points), values['code-field']);
      writeOutput(values.out, csv);
      for (const m of messages) say(m);
      return 0;
    }
    return coverageTable(values);
  },
});
