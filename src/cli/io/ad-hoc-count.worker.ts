import { type MessagePort, workerData } from 'node:worker_threads';
import { readAdHocAreas, selfIntersectionWarnings } from '../actions/coverage-ad-hoc-areas.ts';
import { type AreasMessage, errorMessage } from './coverage-areas-reader.ts';

// The worker thread of `coverage --areas A --points P` (started by coverage-areas-reader.ts,
// compiled to build/cli/<id>/coverage-areas.worker.mjs): reads and checks the areas, posts them,
// then posts the warnings of their self-intersecting outlines; or the error that stopped it.
const { path, codeField, port } = workerData as { path: string; codeField: string; port: MessagePort };
const post = (m: AreasMessage) => port.postMessage(m);
try {
  const read = readAdHocAreas(path, codeField);
  // a copy goes to the main thread (this thread keeps its own to check the outlines)
  post({ kind: 'areas', areas: read.areas, codes: read.codes });
  post({ kind: 'warnings', warnings: selfIntersectionWarnings(path, read) });
} catch (error) {
  post(errorMessage(error));
}
port.close();
