import type { ImportOptions, ImportReport, ImportedFeature } from '../data/import/import-types.ts';

/** Messages between the page and the import worker (structured-clone friendly). */
export type ImportRequest = { id: number; type: 'import'; file: Blob; options: ImportOptions };

export type ImportResponse =
  | { id: number; type: 'progress'; stage: 'reading' | 'parsing'; rowsRead: number; fraction: number }
  /** Accepted features, every 2,500 rows or so, as they are placed. */
  | { id: number; type: 'batch'; features: ImportedFeature[]; rowsRead: number; fraction: number }
  | { id: number; type: 'done'; report: ImportReport; elapsedMs: number }
  | { id: number; type: 'needs-mapping'; headers: string[]; unknown: string[]; missing: string[]; recognised: Record<string, string> }
  | { id: number; type: 'error'; message: string };
