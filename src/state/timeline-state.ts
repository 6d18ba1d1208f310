import type { CoverageRule } from '../core/coverage/coverage-types.ts';
import type { GrowthResult, PlanResult } from '../data/timeline/timeline-runner.ts';

/** Load state of the timeline slice's results (as the other slices': idle, loading, loaded, error). */
export type TimelineLoad = 'idle' | 'loading' | 'loaded' | 'error';

/**
 * Timeline slice: the network's growth over time (the chart) and the plan against what was done
 * (the Plan view, `?vue=plan`), both computed by an injected runner off the main thread
 * (src/workers/timeline-client.ts). Reset when another département is loaded.
 */
export interface TimelineSlice {
  /** Whether the Plan view is shown in place of the map and panels. */
  planViewOpen: boolean;
  growthStatus: TimelineLoad;
  /** The rule (its link form) of the series shown or being computed. */
  growthRuleKey: string | null;
  /** The last series computed (kept shown while another rule's is computed). */
  growth: GrowthResult | null;
  growthError: string | null;
  planStatus: TimelineLoad;
  plan: PlanResult | null;
  planError: string | null;
  /** Shows or hides the Plan view; showing it computes the plan status if needed. */
  setPlanViewOpen(open: boolean): void;
  /** Computes the growth series of the loaded département under `rule` (no-op when it is already shown or coming). */
  loadGrowth(rule: CoverageRule): Promise<void>;
  /** Computes the plan status of the loaded département (no-op when done or running). */
  loadPlan(): Promise<void>;
}
