import type { CoverageBase } from '../core/coverage/coverage-base.ts';
import type { CountedLayer } from '../core/coverage/coverage-types.ts';

/** Messages between the app and the coverage worker (structured-clone friendly). `extraLayers`: imported point layers. */
export type CoverageRequest = { id: number; type: 'prepare'; dept: string; extraLayers?: readonly CountedLayer[] };

export type CoverageResponse =
  | { id: number; type: 'progress'; stage: 'loading' | 'computing' }
  | { id: number; type: 'result'; base: CoverageBase; elapsedMs: number }
  | { id: number; type: 'error'; message: string };
