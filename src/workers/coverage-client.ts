import type { CoverageRunner } from '../data/pipeline-runners.ts';
import type { CoverageRequest, CoverageResponse } from './coverage-protocol.ts';

type Answer = Exclude<CoverageResponse, { type: 'progress' | 'error' }>;
/** A request without its id (distributive, so each message keeps its own fields). */
type Ask = CoverageRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A runner backed by one module worker, started on first use; requests are matched by id. */
export function createWorkerCoverageRunner(): CoverageRunner {
  let worker: Worker | null = null;
  let next = 1;
  const pending = new Map<
    number,
    { resolve: (a: Answer) => void; reject: (e: Error) => void; onStage?: (s: 'loading' | 'computing') => void }
  >();
  const start = () => {
    const w = new Worker(new URL('./coverage.worker.ts', import.meta.url), { type: 'module', name: 'maillage-coverage' });
    w.onmessage = (event: MessageEvent<CoverageResponse>) => {
      const m = event.data;
      const p = pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return p.onStage?.(m.stage);
      pending.delete(m.id);
      if (m.type === 'error')
        // `stale`: made for a session a newer one replaced (the store ignores it)
        p.reject(Object.assign(new Error(m.message), m.stale ? { stale: true } : {}));
      else p.resolve(m);
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
  const ask = <T extends Answer['type']>(request: Ask, onStage?: (s: 'loading' | 'computing') => void) => {
    worker ??= start();
    const id = next++;
    return new Promise<Extract<Answer, { type: T }>>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (a: Answer) => void, reject, onStage });
      worker!.postMessage({ ...request, id } as CoverageRequest);
    });
  };
  return {
    async open(dept, onStage, extraLayers) {
      const m = await ask<'ready'>({ type: 'open', dept, ...(extraLayers?.length ? { extraLayers } : {}) }, onStage);
      return m.info;
    },
    async scenario(session, scenario, rule) {
      return (await ask<'scenario'>({ type: 'scenario', session, scenario, rule })).outcome;
    },
    async suggest(session, options) {
      return (await ask<'suggest'>({ type: 'suggest', session, options })).result;
    },
    async baseAt(session, day) {
      return (await ask<'at'>({ type: 'at', session, day })).base;
    },
  };
}
