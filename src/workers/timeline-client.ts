import type { GrowthResult, PlanResult, TimelineRunner } from '../data/timeline/timeline-runner.ts';
import type { TimelineRequest, TimelineResponse } from './timeline-protocol.ts';

/** A request before its id is given (distributed over the union). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;
type Pending = { resolve: (r: GrowthResult | PlanResult) => void; reject: (e: Error) => void };

/** A runner backed by one module worker, started on first use; requests are matched by id. */
export function createWorkerTimelineRunner(): TimelineRunner {
  let worker: Worker | null = null;
  let next = 1;
  const pending = new Map<number, Pending>();
  const start = () => {
    const w = new Worker(new URL('./timeline.worker.ts', import.meta.url), { type: 'module', name: 'maillage-timeline' });
    w.onmessage = (event: MessageEvent<TimelineResponse>) => {
      const m = event.data;
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(m.message));
      else p.resolve(m.result);
    };
    w.onerror = (event) => {
      const error = new Error(`Le calcul de l’évolution du réseau a échoué : ${event.message || 'erreur du worker'}.`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      w.terminate();
      worker = null;
    };
    return w;
  };
  const ask = <T extends GrowthResult | PlanResult>(request: Unnumbered<TimelineRequest>): Promise<T> => {
    worker ??= start();
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      worker!.postMessage({ ...request, id } as TimelineRequest);
    });
  };
  return {
    growth: (dept, rule) => ask<GrowthResult>({ type: 'growth', dept, rule }),
    plan: (dept) => ask<PlanResult>({ type: 'plan', dept }),
  };
}
