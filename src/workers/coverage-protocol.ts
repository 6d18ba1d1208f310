import type { CoverageBase } from '../core/coverage/coverage-base.ts';
import type { CountedLayer, CoverageRule } from '../core/coverage/coverage-types.ts';
import type { Scenario } from '../core/coverage/scenario-types.ts';
import type { ScenarioOutcome } from '../core/planning/planning-session.ts';
import type { SuggestionResult, SuggestOptions } from '../core/planning/suggest-placements.ts';
import type { PlanningSessionInfo } from '../data/pipeline-runners.ts';

/**
 * Messages between the app and the coverage worker (structured-clone friendly), one per user
 * action. `open` builds the planning session of a département (the costly part, once per data
 * change); every other request names the session it was made for and is refused when a newer
 * one replaced it. `extraLayers`: imported point layers.
 */
export type CoverageRequest =
  | { id: number; type: 'open'; dept: string; extraLayers?: readonly CountedLayer[] }
  | { id: number; type: 'scenario'; session: number; scenario: Scenario; rule: CoverageRule }
  | { id: number; type: 'suggest'; session: number; options: SuggestOptions }
  | { id: number; type: 'at'; session: number; day: string };

export type CoverageResponse =
  | { id: number; type: 'progress'; stage: 'loading' | 'computing' }
  | { id: number; type: 'ready'; info: PlanningSessionInfo; elapsedMs: number }
  | { id: number; type: 'scenario'; outcome: ScenarioOutcome; elapsedMs: number }
  | { id: number; type: 'suggest'; result: SuggestionResult; elapsedMs: number }
  | { id: number; type: 'at'; base: CoverageBase; elapsedMs: number }
  | { id: number; type: 'error'; message: string; stale?: boolean };
