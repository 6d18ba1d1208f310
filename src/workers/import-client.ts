import type { ImportOutcome, ImportRunner } from '../data/pipeline-runners.ts';
import { tilePointOf, type TilePoint } from '../data/import/imported-tiles.ts';
import type { ImportReport } from '../data/import/import-types.ts';
import { unpackFeatures } from '../data/import/packed-features.ts';
import type { ImportRequest, ImportResponse, StoredLayerMeta } from './import-protocol.ts';

/** Points per message when a stored layer's points are handed to its tile server (one bounded clone per task). */
const POINTS_SLICE = 5_000;

/** The worker that serves a layer's tiles, with its tile requests awaiting an answer. */
interface TileServer {
  worker: Worker;
  next: number;
  /** Its tile and `indexed` requests awaiting an answer. */
  pending: Map<number, (bytes: ArrayBuffer | null) => void>;
  /** The answer to its `save` request, once. */
  saved?: (message: string | null) => void;
}

/** The runner of imports, and the tile servers of imported layers (see `tile`). */
export interface WorkerImportRunner extends ImportRunner {
  /** One map tile of an imported layer (Mapbox Vector Tile), or null when it is empty or the layer has no tile server. */
  tile(layerId: string, z: number, x: number, y: number): Promise<ArrayBuffer | null>;
  /** Resolves once the layer's tile index is built (at once when it has no tile server, or its worker is stopped). */
  indexed(layerId: string): Promise<void>;
}

function newWorker(): Worker {
  return new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'maillage-import' });
}

function serverOf(worker: Worker): TileServer {
  const server: TileServer = { worker, next: 1, pending: new Map() };
  return server;
}

/** Routes a worker's tile and save answers to their requests; false for any other message. */
function answerTiles(server: TileServer, m: ImportResponse): boolean {
  if (m.type === 'saved') {
    const saved = server.saved;
    server.saved = undefined;
    saved?.(m.message);
    return true;
  }
  if (m.type !== 'tile' && m.type !== 'indexed') return false;
  const resolve = server.pending.get(m.id);
  server.pending.delete(m.id);
  resolve?.(m.type === 'tile' ? m.bytes : null);
  return true;
}

function stopServer(server: TileServer | undefined): void {
  if (!server) return;
  server.worker.terminate();
  for (const resolve of server.pending.values()) resolve(null);
  server.pending.clear();
  const saved = server.saved;
  server.saved = undefined;
  saved?.('enregistrement interrompu (couche retirée)');
}

/**
 * One module worker per import run, terminated on cancel; the page only receives batches. A run
 * that ends with a report leaves its worker alive until `keep` names its layer (it then serves the
 * layer's tiles until `forget`) or another run starts.
 */
export function createWorkerImportRunner(): WorkerImportRunner {
  let worker: Worker | null = null;
  let finished: TileServer | null = null;
  let next = 1;
  let reject: ((e: Error) => void) | null = null;
  const servers = new Map<string, TileServer>();
  const stop = () => {
    worker?.terminate();
    worker = null;
  };
  /** Posts `request` to the layer's tile server; resolves with its answer (a tile's bytes), null without a server. */
  const ask = (layerId: string, request: (id: number) => ImportRequest): Promise<ArrayBuffer | null> => {
    const server = servers.get(layerId);
    if (!server) return Promise.resolve(null);
    const id = server.next++;
    return new Promise((resolve) => {
      server.pending.set(id, resolve);
      server.worker.postMessage(request(id));
    });
  };
  const forget = (layerId: string) => {
    stopServer(servers.get(layerId));
    servers.delete(layerId);
  };
  return {
    run(file, options, on) {
      stop();
      stopServer(finished ?? undefined);
      finished = null;
      reject?.(new Error('Import remplacé par un autre.'));
      const id = next++;
      const w = newWorker();
      worker = w;
      return new Promise<ImportOutcome>((resolve, fail) => {
        reject = fail;
        const server = serverOf(w);
        // the report's rows, given before the report in slices
        const rows: Pick<ImportReport, 'rejected' | 'warnings'> = { rejected: [], warnings: [] };
        /** Once the run has ended: what the worker had already sent (and the page not yet read) is ignored. */
        let settled = false;
        const finish = (keep: boolean) => {
          settled = true;
          reject = null;
          if (worker !== w) return;
          worker = null;
          if (keep) finished = server;
          else w.terminate();
        };
        w.onmessage = (event: MessageEvent<ImportResponse>) => {
          const m = event.data;
          if (m.type === 'tile' || m.type === 'indexed' || m.type === 'saved') return void answerTiles(server, m);
          if (m.id !== id || settled) return;
          if (m.type === 'progress') on.progress(m);
          else if (m.type === 'batch') {
            let features: ReturnType<typeof unpackFeatures>;
            try {
              features = unpackFeatures(m.features);
            } catch (err) {
              // never half a layer: the run ends with the reason
              finish(false);
              fail(new Error(`L’import a échoué : ${err instanceof Error ? err.message : String(err)}.`));
              return;
            }
            on.batch(features, m);
          } else if (m.type === 'report-rows') {
            for (const rejection of m.rejected) rows.rejected.push(rejection);
            for (const warning of m.warnings) rows.warnings.push(warning);
          } else {
            finish(m.type === 'done');
            if (m.type === 'done') resolve({ kind: 'done', report: { ...m.report, ...rows }, elapsedMs: m.elapsedMs });
            else if (m.type === 'needs-mapping')
              resolve({ kind: 'needs-mapping', headers: m.headers, unknown: m.unknown, missing: m.missing, recognised: m.recognised });
            else fail(new Error(m.message));
          }
        };
        w.onerror = (event) => {
          finish(false);
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
    adopt(layerId, meta: StoredLayerMeta, tiles) {
      const server = finished;
      finished = null;
      if (!server) return Promise.reject(new Error('aucun import terminé à enregistrer'));
      if (tiles) {
        forget(layerId);
        servers.set(layerId, server);
      }
      return new Promise<void>((resolve, reject) => {
        server.saved = (message) => {
          // a layer not drawn from tiles needs its worker no more once stored
          if (!tiles) stopServer(server);
          if (message === null) resolve();
          else reject(new Error(message));
        };
        const request: ImportRequest = { id: 0, type: 'save', meta, afterTiles: tiles };
        server.worker.postMessage(request);
      });
    },
    serve(layerId, features) {
      forget(layerId);
      const w = newWorker();
      const server = serverOf(w);
      w.onmessage = (event: MessageEvent<ImportResponse>) => void answerTiles(server, event.data);
      servers.set(layerId, server);
      const points: TilePoint[] = [];
      for (const f of features) {
        const p = tilePointOf(f);
        if (p) points.push(p);
      }
      // in slices, each posted in a task of its own (one bounded structured clone each)
      const send = (from: number) => {
        if (servers.get(layerId) !== server) return;
        const last = from + POINTS_SLICE >= points.length;
        const request: ImportRequest = { id: 0, type: 'points', points: points.slice(from, from + POINTS_SLICE), last };
        w.postMessage(request);
        if (!last) setTimeout(() => send(from + POINTS_SLICE), 0);
      };
      send(0);
    },
    forget,
    tile(layerId, z, x, y) {
      return ask(layerId, (id) => ({ id, type: 'tile', z, x, y }));
    },
    indexed(layerId) {
      return ask(layerId, (id) => ({ id, type: 'indexed' })).then(() => undefined);
    },
  };
}

export class ImportCancelled extends Error {
  constructor() {
    super('Import annulé.');
    this.name = 'ImportCancelled';
  }
}
