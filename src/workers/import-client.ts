import type { ImportOutcome, ImportRunner } from '../data/pipeline-runners.ts';
import type { ImportRequest, ImportResponse } from './import-protocol.ts';

/** One module worker per import run, terminated on cancel; the page only receives batches. */
export function createWorkerImportRunner(): ImportRunner {
  let worker: Worker | null = null;
  let next = 1;
  let reject: ((e: Error) => void) | null = null;
  const stop = () => {
    worker?.terminate();
    worker = null;
  };
  return {
    run(file, options, on) {
      stop();
      reject?.(new Error('Import remplacé par un autre.'));
      const id = next++;
      const w = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'maillage-import' });
      worker = w;
      return new Promise<ImportOutcome>((resolve, fail) => {
        reject = fail;
        const finish = () => {
          reject = null;
          if (worker === w) stop();
        };
        w.onmessage = (event: MessageEvent<ImportResponse>) => {
          const m = event.data;
          if (m.id !== id) return;
          if (m.type === 'progress') on.progress(m);
          else if (m.type === 'batch') on.batch(m.features, m);
          else {
            finish();
            if (m.type === 'done') resolve({ kind: 'done', report: m.report, elapsedMs: m.elapsedMs });
            else if (m.type === 'needs-mapping')
              resolve({ kind: 'needs-mapping', headers: m.headers, unknown: m.unknown, missing: m.missing, recognised: m.recognised });
            else fail(new Error(m.message));
          }
        };
        w.onerror = (event) => {
          finish();
          fail(new Error(`L’import a échoué : ${event.message || 'erreur du worker'}.`));
        };
        const request: ImportRequest = { id, type: 'import', file, options };
        w.postMessage(request);
      });
    },
    cancel() {
      stop();
      const r = reject;
      reject = null;
      r?.(new ImportCancelled());
    },
  };
}

export class ImportCancelled extends Error {
  constructor() {
    super('Import annulé.');
    this.name = 'ImportCancelled';
  }
}
