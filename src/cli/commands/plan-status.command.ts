import { resolve } from 'node:path';
import { toCsv } from '../../core/export/csv.ts';
import { PLAN_COLUMNS, planRowRecord } from '../../core/plan/plan-status.ts';
import { say, writeOutput } from '../io/output.ts';
import { defineCommand } from './command.ts';

const OPTIONS = {
  dept: { kind: 'dept', default: '59', help: 'département (default 59); reads DATA/NN (run "data" first)' },
  data: { kind: 'text', valueName: 'DIR', help: 'bundle folder (default public/data)' },
  seed: {
    kind: 'text',
    valueName: 'FILE',
    help: 'SDAASP seed (default: the "seed" of data/departements/NN.json;\nnone there: every row says "no plan loaded")',
  },
  format: { kind: 'choice', values: ['json', 'csv'], default: 'json', valueName: 'F', help: 'json (default) | csv (RFC 4180, UTF-8)' },
  out: { kind: 'text', valueName: 'FILE', help: 'output file (default: standard output)' },
} as const;

export const planStatusCommand = defineCommand({
  name: 'plan-status',
  summary:
    'the SDAASP plan against what the open data measure: one row per indicator\n' +
    '               (action, indicator, target, measured, unit, source, as_of, status, note; docs/plan.md)',
  options: OPTIONS,
  async run(values) {
    const { runPlanStatus } = await import('../actions/plan-status.action.ts');
    const { rows, seedFile } = await runPlanStatus({
      dept: values.dept,
      dataDir: resolve(values.data ?? 'public/data'),
      seed: values.seed,
    });
    const records = rows.map(planRowRecord);
    const text =
      values.format === 'json'
        ? `${JSON.stringify(records, null, 2)}\n`
        : toCsv([[...PLAN_COLUMNS], ...records.map((r) => PLAN_COLUMNS.map((c) => r[c]))]);
    writeOutput(values.out, text);
    const by = (s: string) => rows.filter((r) => r.status === s).length;
    say(
      seedFile
        ? `plan ${seedFile}: ${rows.length} rows: ${by('reached')} reached, ${by('not reached')} not reached, ${by('no target')} measured without a target, ${by('not measurable')} not measurable`
        : `no SDAASP seed for département ${values.dept}: ${rows.length} measures, every row "no plan loaded"`,
    );
    return 0;
  },
});
