import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { planStatusRows } from '../../core/plan/plan-status.ts';
import type { PlanRow, PlanSeed } from '../../core/plan/plan-types.ts';
import { createCoverageTimeline } from '../../core/timeline/coverage-timeline.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  type CoverageLayerData,
} from '../../data/coverage/coverage-input.ts';
import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import { PLAN_LAYERS, planFactsFromBundle } from '../../data/plan/plan-facts.ts';
import { PlanSeedError, parsePlanSeed } from '../../data/plan/plan-seed.ts';
import { decodeText, parseJsonText } from '../../data/parse/decode-text.ts';
import { datedNetworkFromBundle } from '../../data/timeline/dated-network.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';

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
    if (typeof seed !== 'string')
      throw new CliError(`${config} : « seed » doit être un chemin de fichier ou null, pas ${JSON.stringify(seed).slice(0, 80)}`);
    file = resolve(root, seed);
  }
  if (!existsSync(file)) throw new CliError(`graine SDAASP introuvable : ${file}`, 'donnez un fichier existant avec --seed');
  try {
    return { seed: parsePlanSeed(readJson(file), file), file };
  } catch (e) {
    if (e instanceof PlanSeedError) throw new CliError(e.message, 'corrigez la graine (ses champs : docs/plan.md)');
    throw e;
  }
}

/** The plan status rows of a built bundle: same code as the app's Plan view (the plan the bundle carries, unless --seed). */
export async function runPlanStatus(options: { dept: string; dataDir: string; seed?: string; root?: string }): Promise<{
  rows: PlanRow[];
  seedFile: string | null;
}> {
  const bundle = await openBundle(options.dataDir, options.dept);
  // --seed first; else the plan the build copied into the bundle (what the app shows); a bundle
  // built before plans were copied falls back to the département's config
  const inBundle = options.seed ? undefined : await bundle.plan();
  const { seed, file } =
    inBundle === undefined
      ? loadSeed(options.dept, options.seed, options.root ?? process.cwd())
      : { seed: inBundle, file: inBundle ? `${bundle.dir}/${bundle.manifest.plan!.file} (${bundle.manifest.plan!.seed})` : null };
  if (seed && seed.departement !== options.dept)
    throw new CliError(
      `la graine ${file} est celle du département ${seed.departement}, pas du ${options.dept}`,
      'donnez la graine de ce département',
    );
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
