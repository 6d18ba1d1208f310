import type { ImportOptions, ImportRejection, ImportReport, ImportWarning } from '../data/import/import-types.ts';
import type { TilePoint } from '../data/import/imported-tiles.ts';
import type { PackedFeatures } from '../data/import/packed-features.ts';
import type { StoredImport } from '../data/sources/import-store.ts';

/** What the page says of a finished import's layer so that its worker can store it: all but the report and the features, which the worker has. */
export type StoredLayerMeta = Omit<StoredImport, 'report' | 'features'>;

/**
 * Messages between the page and the import worker (structured-clone friendly). A worker that has
 * finished an import stays alive as the tile server of its layer (`tile` requests); a layer read
 * back from the browser's store gets a worker of its own, given its points with `points`.
 */
export type ImportRequest =
  | { id: number; type: 'import'; file: Blob; options: ImportOptions }
  /** Points of a layer read back from the store, in slices; `last` builds the tile index. */
  | { id: number; type: 'points'; points: TilePoint[]; last: boolean }
  /** One map tile of the layer. */
  | { id: number; type: 'tile'; z: number; x: number; y: number }
  /** Answered once the layer's tile index is built (at once if it is): its tiles can then be served at once. */
  | { id: number; type: 'indexed' }
  /**
   * Writes the finished import's layer (this meta, its report and features) to the browser's store;
   * `afterTiles`: once the map has stopped asking for the layer's tiles (a layer drawn from them).
   */
  | { id: number; type: 'save'; meta: StoredLayerMeta; afterTiles: boolean };

/** Rows of the report (rejections and warnings) per `report-rows` message. */
export const REPORT_ROWS_SLICE = 2_500;

/** A finished import's report without its rows, which come before it in `report-rows` messages. */
export type ImportReportHead = Omit<ImportReport, 'rejected' | 'warnings'>;

export type ImportResponse =
  | { id: number; type: 'progress'; stage: 'reading' | 'parsing'; rowsRead: number; fraction: number }
  /** Accepted features, every 2,500 rows or so, as they are placed; packed (`unpackFeatures` gives them back). */
  | { id: number; type: 'batch'; features: PackedFeatures; rowsRead: number; fraction: number }
  /**
   * The report's rows, `REPORT_ROWS_SLICE` of each at most, in order, before `done`: the page reads
   * each in a task of its own (the bench file's 16,000 rows read at once held the page 50 ms and more).
   */
  | { id: number; type: 'report-rows'; rejected: ImportRejection[]; warnings: ImportWarning[] }
  /** The report, its rows given before (`report-rows`). */
  | { id: number; type: 'done'; report: ImportReportHead; elapsedMs: number }
  | { id: number; type: 'needs-mapping'; headers: string[]; unknown: string[]; missing: string[]; recognised: Record<string, string> }
  | { id: number; type: 'error'; message: string }
  /** A tile, encoded (Mapbox Vector Tile, transferred), or null when empty. */
  | { id: number; type: 'tile'; bytes: ArrayBuffer | null }
  /** The answer to an `indexed` request. */
  | { id: number; type: 'indexed' }
  /** The layer is stored whole (`message` null), or not at all, and why. */
  | { id: number; type: 'saved'; message: string | null };
