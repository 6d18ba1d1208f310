import type { RoadTimesAnswer, RoadTimesRunner } from '../data/roads/road-times.ts';
import type { RoadTimesRequest, RoadTimesResponse } from './roads-protocol.ts';

/** A runner backed by one module worker, started on the first request; requests are matched by id. */
export function createWorkerRoadTimesRunner(): RoadTimesRunner {
  let worker: Worker | null = null;
  let next = 1;
  const pending = new Map<number, { resolve: (a: RoadTimesAnswer) => void; reject: (e: Error) => void }>();
  const start = () => {
    const w = new Worker(new URL('./roads.worker.ts', import.meta.url), { type: 'module', name: 'maillage-roads' });
    w.onmessage = (event: MessageEvent<RoadTimesResponse>) => {
      const m = event.data;
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(m.message));
      else p.resolve(m.answer);
    };
    w.onerror = (event) => {
      const error = new Error(`Le calcul des temps par la route a échoué : ${event.message || 'erreur du worker'}.`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      w.terminate();
      worker = null;
    };
    return w;
  };
  return {
    minutesFrom(dept, origin, targets) {
      worker ??= start();
      const id = next++;
      return new Promise<RoadTimesAnswer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: RoadTimesRequest = { id, type: 'minutes', dept, origin, targets: [...targets] };
        worker!.postMessage(request);
      });
    },
  };
}
