import type { CoverageBase } from '../core/coverage/coverage-base.ts';
import type { CountedLayer, CoverageRule } from '../core/coverage/coverage-types.ts';
import type { Scenario } from '../core/coverage/scenario-types.ts';
import type { ScenarioOutcome } from '../core/planning/planning-session.ts';
import type { PlacementCandidate, SuggestionResult, SuggestOptions } from '../core/planning/suggest-placements.ts';
import type { ImportOptions, ImportReport, ImportedFeature } from './import/import-types.ts';
import type { StoredImport } from './sources/stored-import.ts';

/**
 * The two pipelines the app runs off the main thread, as the store sees them. Declared once,
 * here: the workers' clients (src/workers/*-client.ts) implement them and src/main.tsx injects
 * them into the store (src/state/store.ts), which never starts a worker itself.
 */

/** What an import run ends with: a report, or the columns the user must map first. */
export type ImportOutcome =
  | { kind: 'done'; report: ImportReport; elapsedMs: number }
  | { kind: 'needs-mapping'; headers: string[]; unknown: string[]; missing: string[]; recognised: Record<string, string> };

/** Runs an import (src/data/import) off the main thread: a worker in the browser (src/workers/import-client.ts). */
export interface ImportRunner {
  run(
    file: Blob,
    options: ImportOptions,
    on: {
      progress(p: { stage: 'reading' | 'parsing'; rowsRead: number; fraction: number }): void;
      batch(features: ImportedFeature[], p: { rowsRead: number; fraction: number }): void;
    },
  ): Promise<ImportOutcome>;
  /** Stops the running import at once (the worker is terminated); its promise rejects. */
  cancel(): void;
  /**
   * Where a finished import's features are (src/workers), its layer is stored and drawn from:
   * `adopt` makes the run that just ended with a report layer `layerId`: it writes the layer (this
   * meta, its report and features) to the browser's store, resolving once it is whole (rejecting with
   * the reason when it is not stored), and when `tiles` serves the layer's map tiles (else it stops once
   * stored). `serve` starts a tile server for a layer read back from the store, `forget` stops a removed layer's.
   */
  adopt?(layerId: string, meta: Omit<StoredImport, 'report' | 'features'>, tiles: boolean): Promise<void>;
  serve?(layerId: string, features: readonly ImportedFeature[]): void;
  forget?(layerId: string): void;
}

/** What the planning session of a département starts with (src/core/planning/planning-session.ts). */
export interface PlanningSessionInfo {
  /** Grows with each session opened; requests are made for one session. */
  session: number;
  /** The figures of today's network, without any scenario. */
  base: CoverageBase;
  /** Where a suggested or chosen site may go: the communes' label points. */
  candidates: PlacementCandidate[];
  /**
   * The network over time: the list's date, the first labelling day of the département's sites
   * (null when none is dated) and the rows whose labelling text gave no date (they count from
   * the list's date). Null with `timelineError` when the labelling dates cannot be read.
   */
  timeline: { listDate: string; firstDay: string | null; undated: number } | null;
  timelineError: string | null;
}

/**
 * The planner's engine, off the main thread: a worker in the browser (src/workers/coverage-client.ts).
 * `open` runs the costly, rule-independent part once; every other call is one coarse message
 * about the session opened last (a call made for an older session rejects).
 */
export interface CoverageRunner {
  /** `extraLayers`: imported point layers, counted per canton after the bundle's. */
  open(
    dept: string,
    onStage?: (stage: 'loading' | 'computing') => void,
    extraLayers?: readonly CountedLayer[],
  ): Promise<PlanningSessionInfo>;
  /** The table with a scenario applied, and before / after per canton. */
  scenario(session: number, scenario: Scenario, rule: CoverageRule): Promise<ScenarioOutcome>;
  /** Where N new France Services would help most. */
  suggest(session: number, options: SuggestOptions): Promise<SuggestionResult>;
  /** The rule-independent figures of the network as of a day (`YYYY-MM-DD`); the timeline is built on the first call. */
  baseAt(session: number, day: string): Promise<CoverageBase>;
}
