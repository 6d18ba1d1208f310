import { resolve } from 'node:path';
import { EXCEL_FR, RFC4180 } from '../../core/export/csv.ts';
import { say, writeOutput } from '../io/output.ts';
import { defineCommand } from './command.ts';

const OPTIONS = {
  dept: { kind: 'dept', default: '59', help: 'département to rank against the others (default 59)' },
  out: { kind: 'text', valueName: 'FILE', help: 'write the table to FILE (default: standard output)' },
  format: {
    kind: 'choice',
    values: ['csv', 'csv-fr', 'json'],
    default: 'csv',
    help: 'csv (RFC 4180), csv-fr (Excel: ; and decimal comma) or json',
  },
  km: { kind: 'whole', min: 1, max: 100, default: 10, help: 'distance for the population share, km (default 10)' },
  raw: {
    kind: 'text',
    multiple: true,
    valueName: 'DIR',
    help: 'raw-data folder, repeatable (default: data/raw, then ../shared/opendata)',
  },
} as const;

export const compareCommand = defineCommand({
  name: 'compare',
  summary:
    'national benchmark: every metropolitan département side by side (France Services per 100,000,\ncantons covered, population within 10 km), from the national files; the focus département ranked',
  options: OPTIONS,
  notes: '               distances are great-circle from a point inside each commune (2018 polygons) to the nearest France Services\n',
  async run(values) {
    const { compareCsv, defaultCompareOptions, runCompare, COMPARED } = await import('../actions/compare.action.ts');
    const options = { ...defaultCompareOptions(), focus: values.dept, withinKm: values.km, log: say };
    if (values.raw.length) options.rawFolders = values.raw.map((r) => resolve(r));
    const result = await runCompare(options);
    const text =
      values.format === 'json'
        ? `${JSON.stringify({ within_km: values.km, focus: result.focus, distributions: result.distributions, rows: result.rows }, null, 1)}\n`
        : compareCsv(result.rows, values.format === 'csv-fr' ? EXCEL_FR : RFC4180);
    writeOutput(values.out, text);
    const f = result.rows.find((r) => r.dept === values.dept)!;
    const lines = [`${result.rows.length} départements compared in ${(result.elapsedMs / 1000).toFixed(1)} s`];
    for (const k of COMPARED) {
      const d = result.distributions[k];
      lines.push(
        `  ${k.padEnd(26)} ${f.name} ${f[k] ?? '–'} (rank ${result.focus.ranks[k] ?? '–'} of ${result.focus.of}); national min ${d?.min} · q1 ${d?.q1.toFixed(1)} · median ${d?.median.toFixed(1)} · q3 ${d?.q3.toFixed(1)} · max ${d?.max}`,
      );
    }
    say(lines.join('\n'));
    return 0;
  },
});
