import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { toCsv } from '../../core/export/csv.ts';
import { createPlanningSession } from '../../core/planning/planning-session.ts';
import {
  DEFAULT_MAX_KM,
  MAX_SUGGESTIONS,
  PLACEMENT_GOALS,
  type PlacementGoal,
  type Suggestion,
  type SuggestionResult,
} from '../../core/planning/suggest-placements.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  CoverageInputError,
  defaultCoverageRule,
  type CoverageLayerData,
} from '../../data/coverage/coverage-input.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';
import type { CliCommand } from './command.ts';

const USAGE = `  suggest      where to open N new France Services, ranked (the planner's "Où implanter N nouvelles France Services ?")
               --dept NN                 département (default 59); reads DATA/NN (run "data" first)
               --data DIR                bundle folder (default public/data)
               --add N                   how many sites to suggest, 1 to ${MAX_SUGGESTIONS} (required)
               --objective O             access (default): most people newly within --max-km of a fixed France Services;
                                         gaps: close the canton gaps of the département's rule first, then the same
               --max-km D                coverage distance in km, straight line (default ${DEFAULT_MAX_KM})
               --priority-weight W       people of the SDAASP priority territories count W times (whole number 1-10, default 1)
               --format F                json (default) | csv
             candidates: each commune's label point; existing and neighbouring fixed France Services stay open
`;

export interface SuggestCommandOptions {
  dept: string;
  /** Folder holding one bundle per département (`DIR/NN/manifest.json`). */
  dataDir: string;
  count: number;
  objective: PlacementGoal;
  maxKm: number;
  priorityWeight: number;
  format: 'json' | 'csv';
}

/** Output columns, in order (the suggestion's field names). */
export const SUGGEST_COLUMNS = ['rank', 'commune_code', 'name', 'lon', 'lat', 'canton_code', 'gain_population', 'closes_gap'] as const;

/** The suggestions as text: a JSON array of rows, or an RFC 4180 CSV (text neutralised against formula injection). */
export function suggestionsToText(suggestions: readonly Suggestion[], format: 'json' | 'csv'): string {
  if (format === 'json') return `${JSON.stringify(suggestions, null, 2)}\n`;
  return toCsv([
    [...SUGGEST_COLUMNS],
    ...suggestions.map((s) =>
      SUGGEST_COLUMNS.map((c) => (c === 'closes_gap' ? (s.closes_gap === null ? null : s.closes_gap ? 'yes' : 'no') : s[c])),
    ),
  ]);
}

/**
 * The suggested sites from a built bundle: same engine as the planner view
 * (src/core/planning). Returns the result, its text, and notes for stderr.
 */
export async function runSuggest(options: SuggestCommandOptions): Promise<{ result: SuggestionResult; text: string; notes: string[] }> {
  const bundle = await openBundle(options.dataDir, options.dept);
  const layers: Record<string, CoverageLayerData> = {};
  for (const id of [...COVERAGE_REQUIRED_LAYERS, ...COVERAGE_OPTIONAL_LAYERS]) {
    const data = await bundle.layer(id);
    if (data) layers[id] = { features: data.features };
  }
  let result: SuggestionResult;
  try {
    const input = coverageInputFromBundle(bundle.manifest, layers);
    result = createPlanningSession(input).suggest({
      count: options.count,
      objective: options.objective,
      maxKm: options.maxKm,
      priorityWeight: options.priorityWeight,
      rule: defaultCoverageRule(bundle.manifest),
    });
  } catch (e) {
    if (e instanceof CoverageInputError)
      throw new CliError(e.message, `rebuild the bundle with \`npm run -s cli -- data --dept ${options.dept}\``);
    if (e instanceof RangeError) throw new CliError(e.message);
    throw e;
  }
  const notes = [
    `${result.suggestions.length} sites (${result.objective}, ${result.maxKm} km): people within ${result.maxKm} km of a fixed France Services ${result.populationWithinBefore} -> ${result.populationWithinAfter}` +
      (result.gapBefore !== null ? `; canton gaps of the département's rule ${result.gapBefore} -> ${result.gapAfter}` : ''),
  ];
  if (bundle.manifest.layers['population-grid']?.status !== 'ok')
    notes.push('note: no population grid in this bundle: people are counted at the commune centroids');
  return { result, text: suggestionsToText(result.suggestions, options.format), notes };
}

function wholeOption(name: string, raw: string | undefined, min: number, max: number, fallback?: number): number {
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new CliError(`--${name} is required`, `e.g. --${name} 5`);
  }
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new CliError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export const suggestCli: CliCommand = {
  name: 'suggest',
  usage: USAGE,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        dept: { type: 'string', default: '59' },
        data: { type: 'string' },
        add: { type: 'string' },
        objective: { type: 'string', default: 'access' },
        'max-km': { type: 'string' },
        'priority-weight': { type: 'string' },
        format: { type: 'string', default: 'json' },
      },
      strict: true,
    });
    const format = values.format!;
    if (format !== 'json' && format !== 'csv') throw new CliError(`unknown --format "${format}"`, 'use --format json or --format csv');
    const objective = values.objective as PlacementGoal;
    if (!PLACEMENT_GOALS.includes(objective))
      throw new CliError(`unknown --objective "${values.objective}"`, `use ${PLACEMENT_GOALS.join(' or ')}`);
    const maxKm = values['max-km'] === undefined ? DEFAULT_MAX_KM : Number(values['max-km'].replace(',', '.'));
    if (!(maxKm > 0 && maxKm <= 100))
      throw new CliError(`--max-km must be a distance in km above 0 and at most 100, got "${values['max-km']}"`);
    const { text, notes } = await runSuggest({
      dept: values.dept!,
      dataDir: resolve(values.data ?? 'public/data'),
      count: wholeOption('add', values.add, 1, MAX_SUGGESTIONS),
      objective,
      maxKm,
      priorityWeight: wholeOption('priority-weight', values['priority-weight'], 1, 10, 1),
      format,
    });
    process.stdout.write(text);
    for (const n of notes) process.stderr.write(`${n}\n`);
    return 0;
  },
};
