import type { ImportReport, ImportedFeature } from '../import/import-types.ts';

/** Version of the stored record shape; a record of another version is "outdated". */
export const IMPORT_RECORD_SCHEMA = 1;

/** One imported layer as kept across reloads. */
export interface StoredImport {
  schema: typeof IMPORT_RECORD_SCHEMA;
  id: string;
  /** Import target layer (msp, first-reception…). */
  target: string;
  title: string;
  fileName: string;
  dept: string;
  importedAt: string;
  report: ImportReport;
  features: ImportedFeature[];
}

export type ImportStoreStatus = 'ok' | 'unavailable' | 'outdated' | 'corrupt';

export interface ImportStoreLoad {
  status: ImportStoreStatus;
  /** The layers that could be read (even when others could not). */
  layers: StoredImport[];
  /** French explanation when the status is not ok. */
  message: string | null;
}

/** Where imported layers are kept: IndexedDB in the browser, an in-memory fake in tests. */
export interface ImportStore {
  loadAll(): Promise<ImportStoreLoad>;
  save(layer: StoredImport): Promise<void>;
  remove(id: string): Promise<void>;
  /** Empties the store (offered when it is corrupt or outdated). */
  clear(): Promise<void>;
}

/** Why a stored record cannot be used, or null. `outdated` when it has another schema version. */
export function storedImportProblem(value: unknown): { kind: 'outdated' | 'corrupt'; reason: string } | null {
  const v = value as Partial<StoredImport> | null;
  if (!v || typeof v !== 'object') return { kind: 'corrupt', reason: 'enregistrement vide ou illisible' };
  if (v.schema !== IMPORT_RECORD_SCHEMA)
    return { kind: 'outdated', reason: `format d’enregistrement ${JSON.stringify(v.schema)} (attendu : ${IMPORT_RECORD_SCHEMA})` };
  for (const key of ['id', 'target', 'title', 'fileName', 'dept', 'importedAt'] as const) {
    if (typeof v[key] !== 'string' || v[key] === '') return { kind: 'corrupt', reason: `champ « ${key} » manquant` };
  }
  const r = v.report as Partial<ImportReport> | undefined;
  if (!r || typeof r.rows_read !== 'number' || typeof r.accepted !== 'number' || !Array.isArray(r.rejected) || !Array.isArray(r.warnings))
    return { kind: 'corrupt', reason: 'rapport de validation illisible' };
  if (!Array.isArray(v.features)) return { kind: 'corrupt', reason: 'liste des lieux manquante' };
  if (v.features.length !== r.accepted)
    return { kind: 'corrupt', reason: `${v.features.length} lieu(x) enregistré(s) pour ${r.accepted} accepté(s)` };
  for (const f of v.features) {
    const g = f?.geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
    if (
      f?.type !== 'Feature' ||
      !g ||
      typeof g.type !== 'string' ||
      !Array.isArray(g.coordinates) ||
      !f.properties ||
      typeof f.properties.id !== 'string'
    ) {
      return { kind: 'corrupt', reason: 'un lieu enregistré n’est pas une Feature GeoJSON' };
    }
  }
  return null;
}

/** Splits loaded records into usable layers and an overall status with its French message. */
export function checkStoredImports(records: readonly unknown[]): ImportStoreLoad {
  const layers: StoredImport[] = [];
  const outdated: string[] = [];
  const corrupt: string[] = [];
  for (const record of records) {
    const problem = storedImportProblem(record);
    const name = (record as { title?: unknown } | null)?.title;
    const label = typeof name === 'string' ? `« ${name} »` : 'une couche';
    if (!problem) layers.push(record as StoredImport);
    else (problem.kind === 'outdated' ? outdated : corrupt).push(`${label} (${problem.reason})`);
  }
  if (corrupt.length) return { status: 'corrupt', layers, message: `Couches importées illisibles, ignorées : ${corrupt.join(' ; ')}.` };
  if (outdated.length)
    return {
      status: 'outdated',
      layers,
      message: `Couches importées par une autre version de l’application, ignorées : ${outdated.join(' ; ')}.`,
    };
  return { status: 'ok', layers, message: null };
}

/** An in-memory store (tests, and the fallback when IndexedDB is unavailable). */
export function createMemoryImportStore(initial: unknown[] = []): ImportStore & { records: Map<string, unknown> } {
  const records = new Map<string, unknown>(initial.map((r, i) => [String((r as { id?: unknown } | null)?.id ?? `#${i}`), r]));
  return {
    records,
    async loadAll() {
      return checkStoredImports([...records.values()].map((r) => structuredClone(r)));
    },
    async save(layer) {
      records.set(layer.id, structuredClone(layer));
    },
    async remove(id) {
      records.delete(id);
    },
    async clear() {
      records.clear();
    },
  };
}

const DB_NAME = 'maillage-imports';
const DB_VERSION = 1;
/** Features per stored chunk: each chunk is cloned in its own task, so a big layer never blocks the page long. */
const CHUNK = 2_000;

type Meta = Omit<StoredImport, 'features'> & { chunks: number };

function requestDone<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Imported layers in IndexedDB (database `maillage-imports`, version 1): the layer without its
 * features in `layers`, the features in chunks of 2,000 in `chunks` (key `[layer, index]`),
 * written and read one chunk per task. A database from a newer version, or records of another
 * schema, are reported as outdated; unreadable records as corrupt; never thrown at the app.
 */
export function createIndexedDbImportStore(factory: IDBFactory | undefined = globalThis.indexedDB): ImportStore {
  let opened: Promise<IDBDatabase> | null = null;
  const open = () =>
    (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (!factory) {
        reject(new Error('IndexedDB indisponible dans ce navigateur'));
        return;
      }
      const request = factory.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains('layers')) db.createObjectStore('layers', { keyPath: 'id' });
        if (!db.objectStoreNames.contains('chunks')) db.createObjectStore('chunks', { keyPath: ['layer', 'index'] });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('ouverture refusée'));
      request.onblocked = () => reject(new Error('base bloquée par un autre onglet'));
    }));
  const chunkRange = (id: string) => IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER]);

  return {
    async loadAll() {
      let db: IDBDatabase;
      try {
        db = await open();
      } catch (err) {
        opened = null;
        const e = err as DOMException;
        if (e?.name === 'VersionError')
          return {
            status: 'outdated',
            layers: [],
            message:
              'Les couches importées ont été enregistrées par une version plus récente de l’application : elles ne peuvent pas être relues ici.',
          };
        return {
          status: 'unavailable',
          layers: [],
          message: `Les couches importées ne peuvent pas être conservées (${e?.message ?? String(err)}) : elles seront perdues au prochain chargement.`,
        };
      }
      try {
        const tx = db.transaction(['layers', 'chunks'], 'readonly');
        const metas = (await requestDone(tx.objectStore('layers').getAll())) as unknown[];
        const records: unknown[] = [];
        for (const meta of metas) {
          const m = meta as Partial<Meta> | null;
          if (!m || typeof m.id !== 'string') {
            records.push(meta);
            continue;
          }
          const features: unknown[] = [];
          // one chunk per cursor step: each arrives in its own task
          await new Promise<void>((resolve, reject) => {
            const cursor = tx.objectStore('chunks').openCursor(chunkRange(m.id!));
            cursor.onsuccess = () => {
              const c = cursor.result;
              if (!c) return resolve();
              const value = c.value as { features?: unknown };
              if (Array.isArray(value?.features)) features.push(...value.features);
              c.continue();
            };
            cursor.onerror = () => reject(cursor.error);
          });
          const { chunks: _chunks, ...rest } = m;
          void _chunks;
          records.push({ ...rest, features });
        }
        return checkStoredImports(records);
      } catch (err) {
        return { status: 'corrupt', layers: [], message: `Couches importées illisibles (${(err as Error).message}).` };
      }
    },

    async save(layer) {
      const db = await open();
      const { features, ...meta } = layer;
      const chunks = Math.ceil(features.length / CHUNK);
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['layers', 'chunks'], 'readwrite');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error('enregistrement interrompu'));
        const store = tx.objectStore('chunks');
        store.delete(chunkRange(layer.id));
        tx.objectStore('layers').put({ ...meta, chunks } satisfies Meta);
        // each chunk is put from the previous one's success: one structured clone per task
        let i = 0;
        const putNext = () => {
          if (i >= chunks) return;
          const request = store.put({ layer: layer.id, index: i, features: features.slice(i * CHUNK, (i + 1) * CHUNK) });
          i++;
          request.onsuccess = putNext;
        };
        putNext();
      });
    },

    async remove(id) {
      const db = await open();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['layers', 'chunks'], 'readwrite');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.objectStore('layers').delete(id);
        tx.objectStore('chunks').delete(chunkRange(id));
      });
    },

    async clear() {
      const db = await open();
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['layers', 'chunks'], 'readwrite');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.objectStore('layers').clear();
        tx.objectStore('chunks').clear();
      });
    },
  };
}
