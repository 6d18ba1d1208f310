import { type PackedFeatures, packFeatures, unpackFeatures } from '../import/packed-features.ts';
import { quoteName } from '../parse/safe-text.ts';
import { lazyDatabase, readCursor, storageMessageOf, writeTransaction } from './indexed-db.ts';
import { checkStoredImports, checkStoredImportsInSlices, type ImportStoreLoad, type StoredImport } from './stored-import.ts';

export {
  IMPORT_RECORD_SCHEMA,
  checkStoredImports,
  checkStoredImportsInSlices,
  storedFeatureProblem,
  storedImportProblem,
  type ImportStoreLoad,
  type ImportStoreStatus,
  type StoredImport,
} from './stored-import.ts';

/** Where imported layers are kept: IndexedDB in the browser, an in-memory fake in tests. */
export interface ImportStore {
  loadAll(): Promise<ImportStoreLoad>;
  /** Writes a layer whole, or nothing of it (the transaction is aborted on any error). */
  save(layer: StoredImport): Promise<void>;
  remove(id: string): Promise<void>;
  /** Empties the store (offered when it is corrupt or outdated). */
  clear(): Promise<void>;
  /** Calls `listener` when another tab opens a newer version of the database: this one is closed, the page must be reloaded. */
  onVersionChange?(listener: () => void): void;
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
/**
 * Features per stored chunk: each chunk is cloned in its own task, so a big layer never blocks the
 * page long (2,000 cost up to 90–400 ms a chunk at 200,000 rows on this machine; 500 stay near 25–100).
 * Reading takes any chunk size (the layer's record says how many chunks it has).
 */
export const STORE_CHUNK = 500;

type Meta = Omit<StoredImport, 'features'> & { chunks: number };

/** Thrown once another tab has opened a newer version of the database (this connection is closed). */
export const CLOSED_MESSAGE =
  'Une version plus récente de l’application est ouverte dans un autre onglet : rechargez cette page pour enregistrer de nouveau vos imports.';

/** A stored chunk as read: its index and features, or null features and why (`problem`, when known). */
interface ReadChunk {
  index: unknown;
  features: unknown[] | null;
  problem?: string;
}

/**
 * One stored chunk, unpacked as the cursor gives it (a task each, not all of a layer's at the end).
 * Written packed since 1 Dec 2026; before, as an array of features (still read).
 */
function readChunk(value: unknown): ReadChunk {
  const c = value as { index?: unknown; features?: unknown; packed?: unknown } | null;
  if (c?.packed !== undefined) {
    try {
      return { index: c.index, features: unpackFeatures(c.packed as PackedFeatures) };
    } catch (err) {
      return { index: c.index, features: null, problem: err instanceof Error ? err.message : String(err) };
    }
  }
  return { index: c?.index, features: Array.isArray(c?.features) ? c.features : null };
}

/** A layer's record from its meta and its chunks, or why they do not fit together. */
function assemble(meta: Meta, chunks: ReadChunk[]): { record: unknown } | { problem: string } {
  if (!Number.isInteger(meta.chunks) || meta.chunks < 0) return { problem: 'nombre de morceaux illisible' };
  if (chunks.length !== meta.chunks)
    return { problem: `${chunks.length} morceau(x) de lieux enregistré(s) pour ${meta.chunks} attendu(s)` };
  const features: unknown[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    if (c.index !== i) return { problem: `morceau ${i + 1} de lieux illisible` };
    if (!c.features) return { problem: `morceau ${i + 1} de lieux illisible${c.problem ? ` (${c.problem})` : ''}` };
    for (const f of c.features) features.push(f);
  }
  const { chunks: _chunks, ...rest } = meta;
  void _chunks;
  return { record: { ...rest, features } };
}

/** A layer's record read back with its chunks, or why it cannot be. */
async function readLayer(db: IDBDatabase, keyRange: typeof IDBKeyRange, meta: unknown): Promise<{ record: unknown } | { problem: string }> {
  const m = meta as Partial<Meta> | null;
  if (!m || typeof m !== 'object' || typeof m.id !== 'string') return { record: meta };
  try {
    const tx = db.transaction('chunks', 'readonly');
    const range = keyRange.bound([m.id, 0], [m.id, Number.MAX_SAFE_INTEGER]);
    return assemble(m as Meta, await readCursor(tx.objectStore('chunks'), range, readChunk));
  } catch (err) {
    return { problem: `lieux illisibles (${storageMessageOf(err)})` };
  }
}

/** Every stored layer, each read in its own transaction (one that cannot be read does not stop the others), then checked. */
async function readAll(db: IDBDatabase, keyRange: typeof IDBKeyRange): Promise<ImportStoreLoad> {
  let metas: unknown[];
  try {
    metas = await readCursor(db.transaction('layers', 'readonly').objectStore('layers'));
  } catch (err) {
    return { status: 'corrupt', layers: [], message: `Couches importées illisibles (${storageMessageOf(err)}).` };
  }
  const records: unknown[] = [];
  const unreadable: string[] = [];
  for (const meta of metas) {
    const read = await readLayer(db, keyRange, meta);
    if ('record' in read) records.push(read.record);
    else {
      const title = (meta as { title?: unknown }).title;
      unreadable.push(`${typeof title === 'string' && title ? quoteName(title) : 'une couche'} (${read.problem})`);
    }
  }
  // checked in slices, each in a task of its own: the page stays responsive while a large layer is checked
  return checkStoredImportsInSlices(records, unreadable, nextTask);
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Imported layers in IndexedDB (database `maillage-imports`, version 1): the layer without its
 * features in `layers`, the features in chunks of 500 in `chunks` (key `[layer, index]`), each
 * packed (`packFeatures`: a third of the bytes, and deserialised and unpacked in under half the
 * time of the features themselves with V8's serialiser, docs/benchmarks.md; chunks written before
 * as arrays of features are still read, while a build older than 1 Dec 2026 reads packed chunks as
 * unreadable and says so),
 * written in one transaction (aborted on any error: a layer is stored whole or not at all) and
 * read one chunk per task. Every record read back is checked (stored-import.ts; its features in
 * slices, a task each); a bad one is
 * reported by name and reason, the good ones are kept. A database from a newer version is
 * outdated; when another tab opens one, this connection closes and listeners are told.
 */
export function createIndexedDbImportStore(
  factory: IDBFactory | undefined = globalThis.indexedDB,
  keyRange: typeof IDBKeyRange | undefined = globalThis.IDBKeyRange,
): ImportStore {
  const database = lazyDatabase({
    factory: keyRange ? factory : undefined,
    name: DB_NAME,
    version: DB_VERSION,
    closedMessage: CLOSED_MESSAGE,
    upgrade(db) {
      if (!db.objectStoreNames.contains('layers')) db.createObjectStore('layers', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('chunks')) db.createObjectStore('chunks', { keyPath: ['layer', 'index'] });
    },
  });
  const open = () => database.open();
  const writeAll = (db: IDBDatabase, work: (tx: IDBTransaction, fail: (err: unknown) => void) => void) =>
    writeTransaction(db, ['layers', 'chunks'], work);
  const chunkRange = (id: string) => keyRange!.bound([id, 0], [id, Number.MAX_SAFE_INTEGER]);

  return {
    async loadAll() {
      let db: IDBDatabase;
      try {
        db = await open();
      } catch (err) {
        database.forget();
        const e = err as DOMException;
        if (e?.name === 'VersionError')
          return {
            status: 'outdated',
            layers: [],
            message:
              'Les couches importées ont été enregistrées par une version plus récente de l’application : elles ne peuvent pas être relues ici.',
          };
        return {
          status: database.closed ? 'closed' : 'unavailable',
          layers: [],
          message: database.closed
            ? CLOSED_MESSAGE
            : `Les couches importées ne peuvent pas être conservées (${storageMessageOf(err)}) : elles seront perdues au prochain chargement.`,
        };
      }
      return readAll(db, keyRange!);
    },

    async save(layer) {
      const db = await open();
      const { features, ...meta } = layer;
      const chunks = Math.ceil(features.length / STORE_CHUNK);
      await writeAll(db, (tx, fail) => {
        const store = tx.objectStore('chunks');
        store.delete(chunkRange(layer.id));
        tx.objectStore('layers').put({ ...meta, chunks } satisfies Meta);
        // each chunk is put from the previous one's success: one structured clone per task
        let i = 0;
        const putNext = () => {
          if (i >= chunks) return;
          try {
            const request = store.put({
              layer: layer.id,
              index: i,
              packed: packFeatures(features.slice(i * STORE_CHUNK, (i + 1) * STORE_CHUNK)),
            });
            i++;
            request.onsuccess = putNext;
          } catch (err) {
            fail(err);
          }
        };
        putNext();
      });
    },

    async remove(id) {
      const db = await open();
      await writeAll(db, (tx) => {
        tx.objectStore('layers').delete(id);
        tx.objectStore('chunks').delete(chunkRange(id));
      });
    },

    async clear() {
      const db = await open();
      await writeAll(db, (tx) => {
        tx.objectStore('layers').clear();
        tx.objectStore('chunks').clear();
      });
    },

    onVersionChange(listener) {
      database.onClosed(listener);
    },
  };
}
