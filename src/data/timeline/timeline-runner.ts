import type { CoverageRule } from '../../core/coverage/coverage-types.ts';
import type { PlanFacts, PlanRow, PlanSeed } from '../../core/plan/plan-types.ts';
import type { SnapshotComparison } from '../../core/timeline/compare-snapshots.ts';
import type { GrowthPoint } from '../../core/timeline/coverage-timeline.ts';

/**
 * The network over time and the plan, as the app's worker computes them (src/workers/timeline.worker.ts)
 * and the store receives them: plain data, structured-clone friendly. The worker builds the
 * coverage timeline of a département once and answers both from it.
 */

/** The growth series under a rule, and what the data cannot tell. */
export interface GrowthResult {
  dept: string;
  /** The France Services list's date (the series' last point). */
  listDate: string;
  cantons: number;
  /** One point per day the network changed, from the first labelling to the list's date (`timeline.series(rule)`). */
  series: GrowthPoint[];
  /** The October 2020 snapshot against the list (null: no snapshot in the bundle). */
  snapshot: SnapshotComparison | null;
  /** Sites of the list whose labelling text gave no date: they count from the list's date only. */
  undated: { id: string; name: string | null; text: string | null }[];
  /** Source of the labelling dates (attribution, licence). */
  source: string;
}

/** The plan against what the open data measure (`planStatusRows` on the bundle's plan). */
export interface PlanResult {
  dept: string;
  departement: { code: string; name: string };
  /** The plan the bundle carries; null: the département has none; `'not-in-bundle'`: a bundle built before plans were copied. */
  plan: PlanSeed | null | 'not-in-bundle';
  rows: PlanRow[];
  /** Adultes-relais posts per year (A06's chart); null: no such layer. */
  adultesRelais: PlanFacts['adultesRelais'];
}

/** Runs the timeline and the plan off the main thread: a worker in the browser (src/workers/timeline-client.ts). */
export interface TimelineRunner {
  growth(dept: string, rule: CoverageRule): Promise<GrowthResult>;
  plan(dept: string): Promise<PlanResult>;
}
