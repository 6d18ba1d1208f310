import type { CoverageBase } from '../core/coverage/coverage-base.ts';
import type { CoverageRunner } from '../data/pipeline-runners.ts';
import type { CoverageRequest, CoverageResponse } from './coverage-protocol.ts';

/** A runner backed by one module worker, started on first use; requests are matched by id. */
export function createWorkerCoverageRunner(): CoverageRunner {
  let worker: Worker | null = null;
  let next = 1;
  const pending = new Map<
    number,
    { resolve: (b: CoverageBase) => void; reject: (e: Error) => void; onStage?: (s: 'loading' | 'computing') => void }
  >();
  const start = () => {
    const w = new Worker(new URL('./coverage.worker.ts', import.meta.url), { type: 'module', name: 'maillage-coverage' });
    w.onmessage = (event: MessageEvent<CoverageResponse>) => {
      const m = event.data;
      const p = pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.onStage?.(m.stage);
      else {
        pending.delete(m.id);
        if (m.type === 'result') p.resolve(m.base);
        else p.reject(new Error(m.message));
      }
    };
    w.onerror = (event) => {
      const error = new Error(`Le calcul de couverture a échoué : ${event.message || 'erreur du worker'}.`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      w.terminate();
      worker = null;
    };
    return w;
  };
  return {
    prepare(dept, onStage, extraLayers) {
      worker ??= start();
      const id = next++;
      const request: CoverageRequest = { id, type: 'prepare', dept, ...(extraLayers?.length ? { extraLayers } : {}) };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onStage });
        worker!.postMessage(request);
      });
    },
  };
}
