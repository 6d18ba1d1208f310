/// <reference lib="webworker" />
/**
 * Import worker: one per import run (src/workers/import-client.ts), messages handled by
 * src/workers/import-worker-handler.ts. The page never parses; once the import is done the worker
 * stays alive as its layer's tile server (the map's tiles are cut here, no feature crosses the page
 * for the map), and it writes the layer to IndexedDB itself. Cancelling or removing the layer terminates it.
 */
import { createIndexedDbImportStore, type ImportStore } from '../data/sources/import-store.ts';
import { createImportWorkerHandler } from './import-worker-handler.ts';
import type { ImportRequest, ImportResponse } from './import-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let store: ImportStore | null = null;
const handle = createImportWorkerHandler(
  (message: ImportResponse, transfer?: Transferable[]) => scope.postMessage(message, transfer ?? []),
  // the same IndexedDB database as the page's (src/main.tsx), opened only when a layer is written
  () => (store ??= createIndexedDbImportStore()),
);

scope.onmessage = (event: MessageEvent<ImportRequest>) => void handle(event.data);
