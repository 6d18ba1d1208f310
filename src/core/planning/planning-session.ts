import { compareCoverage, type CoverageComparison } from '../coverage/coverage-comparison.ts';
import { createCoverageScenarioEngine } from '../coverage/coverage-scenario.ts';
import type { CoverageBase } from '../coverage/coverage-base.ts';
import type { CoverageInput, CoverageRule, CoverageTable } from '../coverage/coverage-types.ts';
import { scenarioTable } from '../coverage/scenario-table.ts';
import type { Scenario, ScenarioSite } from '../coverage/scenario-types.ts';
import { attachZoneCells, scenarioZones, type ScenarioZones, type ZoneCells } from './scenario-zones.ts';
import { createPlacementPlanner, type PlacementCandidate, type SuggestionResult, type SuggestOptions } from './suggest-placements.ts';

/** A scenario applied: its table (hypothetical sites flagged), the comparison with today, and what each operation did. */
export interface ScenarioOutcome {
  table: CoverageTable;
  comparison: CoverageComparison;
  sites: ScenarioSite[];
  /** The drive-time zones under the scenario, when the session has a road graph and zone cells; absent otherwise. */
  zones?: ScenarioZones;
}

/**
 * The planner's engine, made to live in a Web Worker: built once from the coverage input
 * (the costly steps), then answers coarse requests with plain, structured-clone-friendly
 * data (no functions, no class instances; Maps and Sets only inside CoverageBase).
 *
 * Worker protocol it is made for (one message per user action):
 * - `{ type: 'planning/open', dept }` → build the input from the bundle, `createPlanningSession(input)`,
 *   reply `{ type: 'planning/ready', base: session.before, candidates: session.candidates }`;
 * - `{ type: 'planning/scenario', id, scenario, rule }` → `session.applyScenario(scenario, rule)` → `ScenarioOutcome`;
 * - `{ type: 'planning/suggest', id, options }` → `session.suggest(options)` → `SuggestionResult`;
 *   its `suggestionsToOperations(result.suggestions)` become `add` operations of a scenario.
 */
export interface PlanningSession {
  readonly before: CoverageBase;
  readonly candidates: readonly PlacementCandidate[];
  applyScenario(scenario: Scenario, rule: CoverageRule): ScenarioOutcome;
  suggest(options: SuggestOptions): SuggestionResult;
}

/**
 * Builds the planner's engine (see {@link PlanningSession}); the input is not modified. With a
 * road graph (`input.driveTime`) and `zoneCells` (the drive-time zones layer's cells), each
 * scenario also gives its zones (ScenarioOutcome.zones).
 */
export function createPlanningSession(input: CoverageInput, zoneCells?: ZoneCells | null): PlanningSession {
  const engine = createCoverageScenarioEngine(input);
  const planner = createPlacementPlanner(engine.prepared, engine.before);
  const drive = input.driveTime?.engine ?? null;
  const cells = drive && zoneCells ? attachZoneCells(drive, zoneCells) : null;
  return {
    before: engine.before,
    candidates: planner.candidates,
    applyScenario(scenario, rule) {
      const result = engine.apply(scenario.operations);
      return {
        table: scenarioTable(result, rule, scenario.name),
        comparison: compareCoverage(engine.before, result.base, rule),
        sites: result.sites,
        ...(drive && cells
          ? { zones: scenarioZones(drive, cells, engine.modifiedInput(scenario.operations).franceServices, input.nearbyFranceServices) }
          : {}),
      };
    },
    suggest: (options) => planner.suggest(options),
  };
}
