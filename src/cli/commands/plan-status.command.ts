import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toCsv } from '../../core/export/csv.ts';
import { PLAN_COLUMNS, planRowRecord, planStatusRows } from '../../core/plan/plan-status.ts';
import type { PlanRow, PlanSeed } from '../../core/plan/plan-types.ts';
import { createCoverageTimeline } from '../../core/timeline/coverage-timeline.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  defaultCoverageRule,
  type CoverageLayerData,
} from '../../data/coverage/coverage-input.ts';
import { PLAN_LAYERS, planFactsFromBundle } from '../../data/plan/plan-facts.ts';
import { PlanSeedError, parsePlanSeed } from '../../data/plan/plan-seed.ts';
import { decodeText, parseJsonText } from '../../data/parse/decode-text.ts';
import { datedNetworkFromBundle } from '../../data/timeline/dated-network.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';
import type { CliCommand } from './command.ts';

const USAGE = `  plan-status  the SDAASP plan against what the open data measure: one row per indicator
               (action, indicator, target, measured, unit, source, as_of, status, note)
               --dept NN        département (default 59); reads DATA/NN (run "data" first)
               --data DIR       bundle folder (default public/data)
               --seed FILE      SDAASP seed (default: the "seed" of data/departements/NN.json;
                                none there: every row says "no plan loaded")
               --format F       json (default) | csv (RFC 4180, UTF-8)
               --out FILE       output file (default: standard output)
`;

function readJson(path: string): unknown {
  return parseJsonText(decodeText(new Uint8Array(readFileSync(path)), 'utf-8', path), path);
}

/** The seed named by --seed, or by the département's config; null when the département has none. */
function loadSeed(dept: string, seedOption: string | undefined, root: string): { seed: PlanSeed | null; file: string | null } {
  let file: string | null = seedOption ? resolve(seedOption) : null;
  if (!file) {
    const config = resolve(root, 'data/departements', `${dept}.json`);
    if (!existsSync(config)) return { seed: null, file: null };
    const seed = (readJson(config) as { seed?: unknown }).seed;
    if (seed === null || seed === undefined) return { seed: null, file: null };
    if (typeof seed !== 'string') throw new CliError(`${config}: "seed" must be a file path or null, got ${JSON.stringify(seed)}`);
    file = resolve(root, seed);
  }
  if (!existsSync(file)) throw new CliError(`SDAASP seed not found: ${file}`, 'give an existing file with --seed');
  try {
    return { seed: parsePlanSeed(readJson(file), file), file };
  } catch (e) {
    if (e instanceof PlanSeedError) throw new CliError(e.message, 'fix the seed file (see docs/plan.md for its fields)');
    throw e;
  }
}

/** The plan status rows of a built bundle: same code as the app's Plan view. */
export async function runPlanStatus(options: { dept: string; dataDir: string; seed?: string; root?: string }): Promise<{
  rows: PlanRow[];
  seedFile: string | null;
}> {
  const { seed, file } = loadSeed(options.dept, options.seed, options.root ?? process.cwd());
  if (seed && seed.departement !== options.dept)
    throw new CliError(`the seed ${file} is for département ${seed.departement}, not ${options.dept}`, 'give the seed of this département');
  const bundle = await openBundle(options.dataDir, options.dept);
  const layers: Record<string, CoverageLayerData> = {};
  for (const id of [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS, ...PLAN_LAYERS]) {
    const data = await bundle.layer(id);
    if (data) layers[id] = { features: data.features };
  }
  const input = coverageInputFromBundle(bundle.manifest, layers);
  const { network } = datedNetworkFromBundle(bundle.manifest, layers);
  const timeline = createCoverageTimeline(input, network);
  const facts = planFactsFromBundle(bundle.manifest, layers, input, timeline, defaultCoverageRule(bundle.manifest));
  return { rows: planStatusRows(seed, facts), seedFile: file };
}

export const planStatusCli: CliCommand = {
  name: 'plan-status',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        dept: { type: 'string', default: '59' },
        data: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string', default: 'json' },
        out: { type: 'string' },
      },
      strict: true,
    });
    const format = values.format!;
    if (format !== 'json' && format !== 'csv') throw new CliError(`unknown --format "${format}"`, 'use --format json or --format csv');
    const { rows, seedFile } = await runPlanStatus({
      dept: values.dept!,
      dataDir: resolve(values.data ?? 'public/data'),
      seed: values.seed,
    });
    const records = rows.map(planRowRecord);
    const text =
      format === 'json'
        ? `${JSON.stringify(records, null, 2)}\n`
        : toCsv([[...PLAN_COLUMNS], ...records.map((r) => PLAN_COLUMNS.map((c) => r[c]))]);
    if (values.out && values.out !== '-') {
      try {
        writeFileSync(resolve(values.out), text);
      } catch (error) {
        throw new CliError(`cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    } else process.stdout.write(text);
    const by = (s: string) => rows.filter((r) => r.status === s).length;
    process.stderr.write(
      seedFile
        ? `plan ${seedFile}: ${rows.length} rows: ${by('reached')} reached, ${by('not reached')} not reached, ${by('no target')} measured without a target, ${by('not measurable')} not measurable\n`
        : `no SDAASP seed for département ${values.dept}: ${rows.length} measures, every row "no plan loaded"\n`,
    );
    return 0;
  },
};
