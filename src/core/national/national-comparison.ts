import type { CoverageRule } from '../coverage/coverage-types.ts';
import { distribution, rankOf } from './departement-summary.ts';
import type { NationalDepartementRow } from './national-table.ts';

/** The indicators compared, in display order. */
export const COMPARISON_INDICATORS = ['france_services_per_100k', 'cantons_covered_pct', 'population_within_km_pct'] as const;
export type ComparisonIndicator = (typeof COMPARISON_INDICATORS)[number];

/** Where a figure of the national comparison comes from. */
export interface ComparisonSource {
  title: string;
  producer: string;
  vintage: string;
  licence: string;
}

/**
 * The département summary of `coverage --national`, kept by the CLI (`data/build/national/summary.json`)
 * for the `data` builds to copy into each bundle as its comparison.
 */
export interface NationalSummaryFile {
  format: 'maillage-national-summary';
  version: 1;
  built_at: string;
  rule: CoverageRule;
  sources: ComparisonSource[];
  rows: NationalDepartementRow[];
}

export type Distribution = NonNullable<ReturnType<typeof distribution>>;

/** The bundle's `national.json`: every département's figures, the focus département's neighbours, ranks and distributions. */
export interface NationalComparison {
  format: 'maillage-national';
  version: 1;
  /** When the national summary was computed (`coverage --national`). */
  built_at: string;
  focus: string;
  /** Départements drawn around the focus one (the bundle's neighbours layer) that have a row. */
  neighbours: string[];
  rule: CoverageRule;
  sources: ComparisonSource[];
  rows: NationalDepartementRow[];
  distributions: Record<ComparisonIndicator, Distribution | null>;
  /** Rank of the focus département (1 = highest value) among the départements with a value. */
  ranks: Record<ComparisonIndicator, number | null>;
}

/** The summary file of `coverage --national` as written by the CLI. */
export function nationalSummaryFile(
  rows: readonly NationalDepartementRow[],
  rule: CoverageRule,
  sources: readonly ComparisonSource[],
  builtAt: Date,
): NationalSummaryFile {
  return {
    format: 'maillage-national-summary',
    version: 1,
    built_at: builtAt.toISOString(),
    rule,
    sources: sources.map((s) => ({ title: s.title, producer: s.producer, vintage: s.vintage, licence: s.licence })),
    rows: [...rows],
  };
}

/** The comparison of one département (null when the summary has no row for it: overseas, or a fictional code). */
export function comparisonFor(summary: NationalSummaryFile, focus: string, neighbours: readonly string[]): NationalComparison | null {
  if (!summary.rows.some((r) => r.dept === focus)) return null;
  const known = new Set(summary.rows.map((r) => r.dept));
  const pick = <T>(f: (k: ComparisonIndicator) => T) =>
    Object.fromEntries(COMPARISON_INDICATORS.map((k) => [k, f(k)])) as Record<ComparisonIndicator, T>;
  return {
    format: 'maillage-national',
    version: 1,
    built_at: summary.built_at,
    focus,
    neighbours: [...new Set(neighbours)].filter((d) => d !== focus && known.has(d)).sort(),
    rule: summary.rule,
    sources: summary.sources,
    rows: summary.rows,
    distributions: pick((k) => distribution(summary.rows.map((r) => r[k]))),
    ranks: pick((k) => rankOf(summary.rows, focus, k)),
  };
}
