import { toCsv } from '../../core/export/csv.ts';
import { createPlanningSession } from '../../core/planning/planning-session.ts';
import type { PlacementAccess, PlacementGoal, Suggestion, SuggestionResult } from '../../core/planning/suggest-placements.ts';
import { roadNetworkMethodFr } from '../../core/roads/road-network-info.ts';
import { readCoverageDriveTime } from './coverage.action.ts';
import {
  COVERAGE_OPTIONAL_LAYERS,
  COVERAGE_REQUIRED_LAYERS,
  coverageInputFromBundle,
  CoverageInputError,
  type CoverageLayerData,
} from '../../data/coverage/coverage-input.ts';
import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import { CliError } from '../cli-error.ts';
import { openBundle } from '../io/file-bundle-source.ts';

export interface SuggestCommandOptions {
  dept: string;
  /** Folder holding one bundle per département (`DIR/NN/manifest.json`). */
  dataDir: string;
  count: number;
  objective: PlacementGoal;
  maxKm: number;
  /** `auto`: by road within `maxMinutes` when the bundle has a road graph, else within `maxKm`. */
  access?: PlacementAccess;
  maxMinutes?: number;
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
  const access = options.access ?? 'auto';
  const driveTime = await readCoverageDriveTime(options.dataDir, options.dept, access);
  let result: SuggestionResult;
  try {
    const input = { ...coverageInputFromBundle(bundle.manifest, layers), driveTime };
    result = createPlanningSession(input).suggest({
      count: options.count,
      objective: options.objective,
      maxKm: options.maxKm,
      access,
      ...(options.maxMinutes !== undefined ? { maxMinutes: options.maxMinutes } : {}),
      priorityWeight: options.priorityWeight,
      rule: defaultCoverageRule(bundle.manifest),
    });
  } catch (e) {
    if (e instanceof CoverageInputError)
      throw new CliError(e.message, `reconstruisez le bundle : \`npm run -s cli -- data --dept ${options.dept}\``);
    if (e instanceof RangeError) throw new CliError(e.message);
    throw e;
  }
  const within = result.access === 'drive' ? `${result.maxMinutes} min by road` : `${result.maxKm} km`;
  const notes = [
    `${result.suggestions.length} sites (${result.objective}, ${within}): people within ${within} of a fixed France Services ${result.populationWithinBefore} -> ${result.populationWithinAfter}` +
      (result.gapBefore !== null ? `; canton gaps of the département's rule ${result.gapBefore} -> ${result.gapAfter}` : ''),
  ];
  notes.push(
    result.network
      ? `objective measured by road: ${roadNetworkMethodFr(result.network)}`
      : 'objective measured in a straight line (estimation (ligne droite)): no road graph used',
  );
  if (bundle.manifest.layers['population-grid']?.status !== 'ok')
    notes.push('note: no population grid in this bundle: people are counted at the commune centroids');
  return { result, text: suggestionsToText(result.suggestions, options.format), notes };
}
