import { applyCoverageRule } from '../core/coverage/apply-coverage-rule.ts';
import type { CoverageTable } from '../core/coverage/coverage-types.ts';
import type { AppState } from './app-state.ts';

type Inputs = Pick<
  AppState,
  'coverageBase' | 'coverageRule' | 'coverageDate' | 'coverageDateBase' | 'scenario' | 'scenarioOutcome' | 'coverageTable'
>;

/**
 * The canton table the planner sees, for the current rule: the network as of the chosen day
 * (while its figures are on their way, the table shown stays), else the active scenario's
 * outcome (while a new one is computed, the last one stays), else today's network. Throws a
 * RangeError for a rule the engine refuses.
 */
export function shownCoverageTable(s: Inputs): CoverageTable | null {
  const { coverageBase: base, coverageRule: rule } = s;
  if (!base || !rule) return null;
  if (s.coverageDate !== null) return s.coverageDateBase ? applyCoverageRule(s.coverageDateBase, rule) : s.coverageTable;
  if (s.scenario && s.scenario.operations.length > 0 && s.scenarioOutcome) return s.scenarioOutcome.table;
  return applyCoverageRule(base, rule);
}

/** `patch` with the table it makes shown (`state` patched), ready for `set`. */
export function withShownTable(state: Inputs, patch: Partial<AppState>): Partial<AppState> {
  return { ...patch, coverageTable: shownCoverageTable({ ...state, ...patch }) };
}
