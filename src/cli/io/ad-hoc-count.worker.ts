import { type MessagePort, workerData } from 'node:worker_threads';
import { createPointCounter } from '../../core/coverage/count-points-in-areas.ts';
import { createFlatAreaIndex } from '../../core/index/area-index.ts';
import { readAdHocAreas } from '../actions/coverage-ad-hoc-areas.ts';
import { errorMessage, type FromCountWorker, packAreas, type ToCountWorker } from './ad-hoc-count-thread.ts';

// The worker thread of `coverage --areas A --points P` (started by ad-hoc-count-thread.ts,
// compiled to build/cli/<id>/ad-hoc-count.worker.mjs): reads and checks the areas, posts a copy
// of them, indexes them and counts the points the main thread sends, then posts the counts; or the
// error that stopped it.
const { path, codeField, port } = workerData as { path: string; codeField: string; port: MessagePort };
const post = (m: FromCountWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
try {
  const read = readAdHocAreas(path, codeField);
  const packed = packAreas(read.areas);
  post(
    { kind: 'areas', packed, codes: read.codes },
    [packed.xy, packed.ringEnds, packed.polygonEnds, packed.starts].map((a) => a.buffer as ArrayBuffer),
  );
  const counter = createPointCounter(createFlatAreaIndex(read.areas));
  // the batches sent while the areas were read wait in the port: they come now, in order
  port.on('message', (m: ToCountWorker) => {
    try {
      if (m.kind === 'points') {
        const { xy, n } = m;
        for (let i = 0; i < n; i += 2) counter.add(xy[i], xy[i + 1]);
        return;
      }
      post({ kind: 'counts', counts: counter.counts, points: counter.points, ambiguous: counter.ambiguous });
      port.close();
    } catch (error) {
      post(errorMessage(error));
      port.close();
    }
  });
} catch (error) {
  post(errorMessage(error));
  port.close();
}
