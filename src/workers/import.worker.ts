/// <reference lib="webworker" />
/**
 * Import worker: reads a dropped file, decodes it, parses it with papaparse chunk by chunk
 * and places every row (src/data/import, the same code as the CLI), posting the accepted
 * features in batches of 2,500 (each one structured clone of well under 100 ms on the page) with
 * the progress, then the report. The page never parses.
 * Cancelling terminates the worker.
 */
import { checkImportSize, decodeImportBytes, importText } from '../data/import/import-file.ts';
import { DEFAULT_IMPORT_LIMITS, ImportFileError, ImportMappingNeeded } from '../data/import/import-types.ts';
import type { ImportRequest, ImportResponse } from './import-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: ImportResponse) => scope.postMessage(message);

scope.onmessage = async (event: MessageEvent<ImportRequest>) => {
  const { id, file, options } = event.data;
  const start = performance.now();
  try {
    const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
    checkImportSize(file.size, limits);
    post({ id, type: 'progress', stage: 'reading', rowsRead: 0, fraction: 0 });
    const decoded = decodeImportBytes(new Uint8Array(await file.arrayBuffer()), limits);
    post({ id, type: 'progress', stage: 'parsing', rowsRead: 0, fraction: 0 });
    const { report } = importText(decoded, options, {
      batchSize: 2_500,
      onBatch: (features, progress) => post({ id, type: 'batch', features, rowsRead: progress.rowsRead, fraction: progress.fraction }),
    });
    post({ id, type: 'done', report, elapsedMs: Math.round(performance.now() - start) });
  } catch (err) {
    if (err instanceof ImportMappingNeeded) {
      post({
        id,
        type: 'needs-mapping',
        headers: [...err.headers],
        unknown: [...err.unknown],
        missing: [...err.missing],
        recognised: { ...err.recognised },
      });
    } else if (err instanceof ImportFileError) {
      post({ id, type: 'error', message: err.message });
    } else {
      post({ id, type: 'error', message: `Import impossible : ${err instanceof Error ? err.message : String(err)}` });
    }
  }
};
