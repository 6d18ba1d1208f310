import type { CoverageRule } from '../core/coverage/coverage-types.ts';
import type { GrowthResult, PlanResult } from '../data/timeline/timeline-runner.ts';

/** Messages between the app and the timeline worker (structured-clone friendly). */
export type TimelineRequest = { id: number; type: 'growth'; dept: string; rule: CoverageRule } | { id: number; type: 'plan'; dept: string };

export type TimelineResponse =
  | { id: number; type: 'growth'; result: GrowthResult }
  | { id: number; type: 'plan'; result: PlanResult }
  | { id: number; type: 'error'; message: string };
