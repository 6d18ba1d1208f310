import { resolve } from 'node:path';
import { CliError } from '../cli-error.ts';
import { say, writeOutput } from '../io/output.ts';
import { defineCommand } from './command.ts';

export const findPlaceCommand = defineCommand({
  name: 'find-place',
  summary: 'the communes of the built bundle matching a name (misspelt or not) or a postcode, best first',
  options: {
    query: {
      kind: 'text',
      required: true,
      valueName: 'TEXT',
      help: 'a commune name, a postcode, both, or "insee NNNNN" (required)',
    },
    dept: { kind: 'dept', default: '59', help: 'département code (default 59)' },
    format: { kind: 'choice', values: ['json', 'csv'], default: 'json', help: 'json (default) or csv' },
    limit: { kind: 'whole', min: 1, max: 100, default: 10, help: 'matches at most (default 10, at most 100)' },
    data: { kind: 'text', valueName: 'DIR', help: 'bundles folder (default public/data); reads DIR/NN' },
    out: { kind: 'text', valueName: 'FILE', help: 'output file (default: standard output)' },
  },
  async run(values) {
    const query = values.query.trim();
    if (query === '') throw new CliError('--query est vide', 'par exemple --query "maubeuge", --query 59600 ou --query "insee 59392"');
    const { findPlaceCsv, runFindPlace } = await import('../actions/find-place.action.ts');
    const dataDir = resolve(values.data ?? 'public/data');
    const { rows, notes } = await runFindPlace({ dept: values.dept, dataDir, query, limit: values.limit });
    for (const n of notes) say(n);
    writeOutput(values.out, values.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : findPlaceCsv(rows));
    return 0;
  },
});
