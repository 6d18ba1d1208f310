import { resolve } from 'node:path';
import type { CoverageRule } from '../../core/coverage/coverage-types.ts';
import { CliError } from '../cli-error.ts';
import { say, writeOutput, writeUserFile } from '../io/output.ts';

/** The options of `coverage` read here (the command's checked values). */
interface NationalValues {
  format: string;
  out?: string;
  by: string;
  dept: string;
  raw: string[];
  'generated-at'?: Date;
  scenario?: string;
  at?: string;
  areas?: string;
  points?: string;
  data?: string;
}

/** Options of the département table that have no meaning for the national one (said, never ignored silently). */
const DEPARTEMENT_ONLY = ['scenario', 'at', 'areas', 'points', 'data'] as const;

/**
 * `coverage --national [--by departement]`: the canton table of metropolitan France (or the département
 * summary, ranked) from the national files, written in the département export's formats; a CSV gets
 * its CSV-on-the-Web sidecar as `coverage --dept` does.
 */
export async function nationalCoverage<V extends NationalValues>(
  values: V,
  ruleFrom: (values: V, base: CoverageRule) => CoverageRule,
): Promise<number> {
  for (const o of DEPARTEMENT_ONLY) {
    if (values[o] !== undefined) throw new CliError(`--${o} ne s’applique pas à --national`, 'retirez-le, ou retirez --national');
  }
  const format = values.format;
  if (format === 'geojson') throw new CliError('--national s’écrit en csv, csv-fr, json ou xlsx', 'par exemple --format csv');
  if (format === 'xlsx' && (!values.out || values.out === '-'))
    throw new CliError('un classeur Excel ne s’écrit pas sur la sortie standard', 'donnez un fichier, par exemple --out france.xlsx');
  const { defaultNationalOptions, nationalRule, runNationalCoverage } = await import('../actions/coverage-national.action.ts');
  const { loadReference } = await import('../actions/data.action.ts');
  const options = { ...defaultNationalOptions(), rule: ruleFrom(values, nationalRule(loadReference())), log: say };
  if (values.raw.length) options.rawFolders = values.raw.map((r) => resolve(r));
  const result = await runNationalCoverage(options);
  const national = await import('../../core/national/national-table.ts');
  const generatedAt = values['generated-at'] ?? new Date();
  const summary = national.nationalSummary(result.tables);
  // kept for the "data" builds, which copy it into each bundle as its comparison (docs/coverage.md)
  const { nationalSummaryFile } = await import('../../core/national/national-comparison.ts');
  const { nationalSummaryPath, writeNationalSummary } = await import('../io/national-summary-store.ts');
  const meta = national.nationalMetadata(result.tables, generatedAt);
  const kept = nationalSummaryPath(options.sourcesDir);
  writeNationalSummary(kept, nationalSummaryFile(summary, result.rule, meta.sources, new Date()));
  say(`national summary kept for the bundles: ${kept} (rebuild a bundle with "data" to show it in the app)`);
  const stats = national.summaryStatistics(summary, values.dept);
  if (values.by === 'departement') {
    if (format === 'xlsx') throw new CliError('--by departement s’écrit en csv, csv-fr ou json', 'par exemple --format csv');
    writeOutput(
      values.out,
      format === 'json'
        ? `${JSON.stringify({ metadata: national.nationalMetadata(result.tables, generatedAt, result.notes), ...stats, rows: summary }, null, 1)}\n`
        : national.nationalSummaryCsv(summary, format as 'csv' | 'csv-fr'),
    );
  } else if (format === 'xlsx') {
    const { nationalTableXlsx } = await import('../../core/national/national-xlsx.ts');
    const blob = await nationalTableXlsx(result.tables, generatedAt, result.notes);
    writeUserFile(resolve(values.out!), new Uint8Array(await blob.arrayBuffer()));
  } else if (format === 'json') {
    writeOutput(values.out, `${JSON.stringify(national.nationalTableJson(result.tables, generatedAt, result.notes))}\n`);
  } else {
    const csvFormat = format as 'csv' | 'csv-fr';
    writeOutput(values.out, national.nationalTableCsv(result.tables, csvFormat));
    if (values.out && values.out !== '-') {
      const metaPath = `${resolve(values.out)}-metadata.json`;
      const url = resolve(values.out).split('/').pop()!;
      writeUserFile(
        metaPath,
        `${JSON.stringify(national.nationalCsvMetadata(result.tables, csvFormat, generatedAt, url, result.notes), null, 2)}\n`,
      );
      say(`metadata (sources, rule, method, date): ${metaPath}`);
    }
  }
  const rows = result.tables.flatMap((t) => t.rows);
  const covered = rows.filter((r) => r.franceServices + r.franceServicesBuses > 0).length;
  const per = stats.distributions.france_services_per_100k;
  const focus = summary.find((r) => r.dept === values.dept);
  say(
    [
      `${result.tables.length} départements, ${rows.length} cantons in ${(result.elapsedMs / 1000).toFixed(1)} s: ${covered} with a France Services, ${rows.length - covered} without; ${rows.filter((r) => r.status === 'met').length} meet the target`,
      `France Services per 100,000 by département: min ${per?.min} · median ${per?.median.toFixed(2)} · max ${per?.max}`,
      focus
        ? `${focus.name}: ${focus.france_services_per_100k} per 100,000 (rank ${stats.ranks.france_services_per_100k} of ${stats.of}), ${focus.cantons_covered_pct} % of cantons covered (rank ${stats.ranks.cantons_covered_pct}), ${focus.population_within_km_pct} % within 10 km (rank ${stats.ranks.population_within_km_pct})`
        : `département ${values.dept} absent (métropole seulement)`,
    ].join('\n'),
  );
  return 0;
}
