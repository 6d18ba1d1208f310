import { applyCoverageRule } from './apply-coverage-rule.ts';
import type { ScenarioResult } from './coverage-scenario.ts';
import type { CoverageRule, CoverageTable } from './coverage-types.ts';

/** The table of a scenario: the rule applied to its figures, carrying its sites so that every export flags them. */
export function scenarioTable(result: ScenarioResult, rule: CoverageRule, name: string | null): CoverageTable {
  return { ...applyCoverageRule(result.base, rule), scenario: { name, sites: structuredClone(result.sites) } };
}
