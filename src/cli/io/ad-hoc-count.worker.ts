import { type MessagePort, workerData } from 'node:worker_threads';
import { streamAdHocPoints } from '../actions/coverage-ad-hoc-points.ts';
import { checkClaimedOutlines, errorMessage, type FromCountWorker, type ToCountWorker } from './ad-hoc-count-thread.ts';

// The worker thread of `coverage --areas A --points P` (started by ad-hoc-count-thread.ts,
// compiled to build/cli/<id>/ad-hoc-count.worker.mjs): reads and checks the points, posting them
// in batches while the main thread reads the areas; then checks its share of the areas' outlines
// and posts the warnings; or the error that stopped it.
const { path, port } = workerData as { path: string; port: MessagePort };
const post = (m: FromCountWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Points posted at a time (x, y pairs in one moved buffer). */
const BATCH = 1 << 14;

function readPoints(): boolean {
  let batch = new Float64Array(2 * BATCH);
  let n = 0;
  const send = () => {
    post({ kind: 'points', xy: batch, n }, [batch.buffer as ArrayBuffer]);
    batch = new Float64Array(2 * BATCH);
    n = 0;
  };
  try {
    streamAdHocPoints(path, (lng, lat) => {
      batch[n++] = lng;
      batch[n++] = lat;
      if (n === batch.length) send();
    });
    if (n > 0) send();
    post({ kind: 'points-done' });
    return true;
  } catch (error) {
    post(errorMessage(error));
    port.close();
    return false;
  }
}

if (readPoints()) {
  // the areas came while the points were read (or come now): this thread's share of their outlines
  port.once('message', (m: ToCountWorker) => {
    try {
      const found: [number, string][] = [];
      checkClaimedOutlines({ path: m.path, areas: m.areas, codes: m.codes, next: m.next }, found);
      post({ kind: 'warnings', found });
    } catch (error) {
      post(errorMessage(error));
    }
    port.close();
  });
}
