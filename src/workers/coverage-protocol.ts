import type { CoverageBase } from '../core/coverage/coverage-base.ts';

/** Messages between the app and the coverage worker (structured-clone friendly). */
export type CoverageRequest = { id: number; type: 'prepare'; dept: string };

export type CoverageResponse =
  | { id: number; type: 'progress'; stage: 'loading' | 'computing' }
  | { id: number; type: 'result'; base: CoverageBase; elapsedMs: number }
  | { id: number; type: 'error'; message: string };
