import type { CoverageBase } from '../core/coverage/coverage-base.ts';
import type { CountedLayer } from '../core/coverage/coverage-types.ts';
import type { ImportOptions, ImportReport, ImportedFeature } from './import/import-types.ts';

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
}

/** Runs the costly, rule-independent coverage computation: a worker in the browser (src/workers/coverage-client.ts). */
export interface CoverageRunner {
  /** `extraLayers`: imported point layers, counted per canton after the bundle's. */
  prepare(dept: string, onStage?: (stage: 'loading' | 'computing') => void, extraLayers?: readonly CountedLayer[]): Promise<CoverageBase>;
}
