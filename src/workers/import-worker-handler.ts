import { checkImportSize, decodeImportBytes, importText } from '../data/import/import-file.ts';
import { DEFAULT_IMPORT_LIMITS, ImportFileError, ImportMappingNeeded } from '../data/import/import-types.ts';
import {
  IMPORTED_CLUSTERS,
  createImportedTileIndex,
  tilePointOf,
  type ImportedTileIndex,
  type TilePoint,
} from '../data/import/imported-tiles.ts';
import type { ImportReport, ImportedFeature } from '../data/import/import-types.ts';
import { packFeatures, packedTransferables } from '../data/import/packed-features.ts';
import { IMPORT_RECORD_SCHEMA, type ImportStore } from '../data/sources/import-store.ts';
import { REPORT_ROWS_SLICE, type ImportRequest, type ImportResponse } from './import-protocol.ts';

/**
 * When a finished layer is written to the browser's store: once the map has asked for the layer's
 * tiles and then gone `quietMs` without asking for another, and at most `maxDelayMs` after the write
 * was asked for (a layer hidden or never drawn). Writing 200,000 features (serialising them, chunk
 * after chunk) took the CPU the map's first frames of the layer needed, and on a machine of two
 * cores drawing in software each frame took twice as long (docs/benchmarks.md, "Import, fourth
 * round"). A layer the map draws from GeoJSON (a small one) is written at once.
 */
export interface SaveTiming {
  quietMs: number;
  maxDelayMs: number;
}
export const SAVE_TIMING: SaveTiming = { quietMs: 600, maxDelayMs: 5000 };

/** The time and the timers the write's wait reads (tests give their own). */
export interface Clock {
  now(): number;
  after(ms: number, run: () => void): void;
}
const SYSTEM_CLOCK: Clock = { now: () => performance.now(), after: (ms, run) => void setTimeout(run, ms) };

/**
 * Resolves once the map has asked for a tile (`lastRequest()`, -Infinity until it has) and then
 * gone `quietMs` without asking (counted from the call at the earliest), or `maxDelayMs` after the call.
 */
function quietPeriod(timing: SaveTiming, clock: Clock, lastRequest: () => number): Promise<void> {
  const askedAt = clock.now();
  return new Promise((resolve) => {
    const check = () => {
      const now = clock.now();
      const last = lastRequest();
      const capLeftMs = askedAt + timing.maxDelayMs - now;
      const requested = last > Number.NEGATIVE_INFINITY;
      const quietLeftMs = requested ? Math.max(askedAt, last) + timing.quietMs - now : Number.POSITIVE_INFINITY;
      if (quietLeftMs <= 0 || capLeftMs <= 0) resolve();
      // no request yet: look again after `quietMs`
      else clock.after(Math.min(requested ? quietLeftMs : timing.quietMs, capLeftMs), check);
    };
    check();
  });
}

/**
 * What the import worker does with each message (src/workers/import.worker.ts wires it to the
 * worker's scope; tests call it directly). An import reads, decodes and parses the file
 * (src/data/import, the same code as the CLI), posting the accepted features in batches of 2,500 (packed)
 * with the progress, then the report; it keeps each accepted point (position, id, name) and, once
 * the report is posted, indexes them for the map's tiles. A worker given a stored layer's points
 * instead indexes those. Tile requests that come before the index is built wait for it, as do
 * `indexed` requests (the page asking when its tiles can be served). Asked to,
 * it writes the finished layer to the browser's store itself (`store`: IndexedDB in the worker), in
 * chunks, so the page never clones the features or the report for it; it then lets them go. The
 * write of a layer drawn from the worker's tiles waits for the map's tile requests to go quiet (`SaveTiming`).
 */
export function createImportWorkerHandler(
  post: (message: ImportResponse, transfer?: Transferable[]) => void,
  store?: () => ImportStore,
  timing: SaveTiming = SAVE_TIMING,
  clock: Clock = SYSTEM_CLOCK,
) {
  const points: TilePoint[] = [];
  /** When the map last asked for a tile (`clock.now()`). */
  let lastTileAt = Number.NEGATIVE_INFINITY;
  /** The finished import, until it is stored. */
  let finished: { report: ImportReport; features: ImportedFeature[] } | null = null;
  let index: ImportedTileIndex | null = null;
  /** Tile and `indexed` requests that came before the index was built. */
  let waiting: Extract<ImportRequest, { type: 'tile' | 'indexed' }>[] = [];

  const answer = (r: Extract<ImportRequest, { type: 'tile' | 'indexed' }>, tiles: ImportedTileIndex) => {
    if (r.type === 'indexed') return post({ id: r.id, type: 'indexed' });
    const bytes = tiles.tile(r.z, r.x, r.y);
    if (!bytes) return post({ id: r.id, type: 'tile', bytes: null });
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
    post({ id: r.id, type: 'tile', bytes: buffer as ArrayBuffer }, [buffer as ArrayBuffer]);
  };

  const build = () => {
    index = createImportedTileIndex(points, IMPORTED_CLUSTERS);
    points.length = 0;
    const queued = waiting;
    waiting = [];
    for (const r of queued) answer(r, index);
  };

  const runImport = async ({ id, file, options }: Extract<ImportRequest, { type: 'import' }>) => {
    const start = performance.now();
    const limits = options.limits ?? DEFAULT_IMPORT_LIMITS;
    checkImportSize(file.size, limits);
    post({ id, type: 'progress', stage: 'reading', rowsRead: 0, fraction: 0 });
    const decoded = decodeImportBytes(new Uint8Array(await file.arrayBuffer()), limits);
    post({ id, type: 'progress', stage: 'parsing', rowsRead: 0, fraction: 0 });
    const accepted: ImportedFeature[] = [];
    const { report } = importText(decoded, options, {
      batchSize: 2_500,
      onBatch: (features, progress) => {
        for (const f of features) {
          accepted.push(f);
          const p = tilePointOf(f);
          if (p) points.push(p);
        }
        const packed = packFeatures(features);
        post(
          { id, type: 'batch', features: packed, rowsRead: progress.rowsRead, fraction: progress.fraction },
          packedTransferables(packed),
        );
      },
    });
    finished = { report, features: accepted };
    const { rejected, warnings, ...head } = report;
    for (let i = 0; i < Math.max(rejected.length, warnings.length); i += REPORT_ROWS_SLICE)
      post({
        id,
        type: 'report-rows',
        rejected: rejected.slice(i, i + REPORT_ROWS_SLICE),
        warnings: warnings.slice(i, i + REPORT_ROWS_SLICE),
      });
    post({ id, type: 'done', report: head, elapsedMs: Math.round(performance.now() - start) });
    build();
  };

  const save = async ({ id, meta, afterTiles }: Extract<ImportRequest, { type: 'save' }>) => {
    // taken at once: a second request while this one waits has nothing left to write
    const layer = finished;
    finished = null;
    try {
      if (!layer || !store) throw new Error('aucun import terminé à enregistrer dans ce worker');
      if (afterTiles) await quietPeriod(timing, clock, () => lastTileAt);
      await store().save({ ...meta, schema: IMPORT_RECORD_SCHEMA, report: layer.report, features: layer.features });
      post({ id, type: 'saved', message: null });
    } catch (err) {
      // put back when the store refused it, as before the request: the page may ask again
      if (layer && !finished) finished = layer;
      post({ id, type: 'saved', message: err instanceof Error ? err.message : String(err) });
    }
  };

  return async (request: ImportRequest): Promise<void> => {
    if (request.type === 'tile' || request.type === 'indexed') {
      if (request.type === 'tile') lastTileAt = clock.now();
      if (index) answer(request, index);
      else waiting.push(request);
      return;
    }
    if (request.type === 'save') return save(request);
    if (request.type === 'points') {
      for (const p of request.points) points.push(p);
      if (request.last) build();
      return;
    }
    const { id } = request;
    try {
      await runImport(request);
    } catch (err) {
      if (err instanceof ImportMappingNeeded) {
        post({
          id,
          type: 'needs-mapping',
          headers: [...err.headers],
          unknown: [...err.unknown],
          missing: [...err.missing],
          recognised: { ...err.recognised },
        });
      } else if (err instanceof ImportFileError) {
        post({ id, type: 'error', message: err.message });
      } else {
        post({ id, type: 'error', message: `Import impossible : ${err instanceof Error ? err.message : String(err)}` });
      }
    }
  };
}
