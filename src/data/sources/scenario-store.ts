import { checkStoredScenarios, type ScenarioStoreLoad, type StoredScenario } from './stored-scenario.ts';

export {
  SCENARIO_LIMITS,
  SCENARIO_RECORD_SCHEMA,
  checkStoredScenarios,
  scenarioOperationProblem,
  storedScenarioProblem,
  type ScenarioStoreLoad,
  type ScenarioStoreStatus,
  type StoredScenario,
} from './stored-scenario.ts';

/** Where the planner's scenarios are kept: IndexedDB in the browser, an in-memory fake in tests. */
export interface ScenarioStore {
  loadAll(): Promise<ScenarioStoreLoad>;
  /** Writes a scenario whole, or nothing of it (the transaction is aborted on any error). */
  save(scenario: StoredScenario): Promise<void>;
  remove(id: string): Promise<void>;
  /** Empties the store (offered when it is corrupt or outdated). */
  clear(): Promise<void>;
}

/** An in-memory store (tests, and the fallback when IndexedDB is unavailable). */
export function createMemoryScenarioStore(initial: unknown[] = []): ScenarioStore & { records: Map<string, unknown> } {
  const records = new Map<string, unknown>(initial.map((r, i) => [String((r as { id?: unknown } | null)?.id ?? `#${i}`), r]));
  return {
    records,
    async loadAll() {
      return checkStoredScenarios([...records.values()].map((r) => structuredClone(r)));
    },
    async save(scenario) {
      records.set(scenario.id, structuredClone(scenario));
    },
    async remove(id) {
      records.delete(id);
    },
    async clear() {
      records.clear();
    },
  };
}

const DB_NAME = 'maillage-scenarios';
const DB_VERSION = 1;
const STORE = 'scenarios';

/** Thrown once another tab has opened a newer version of the database (this connection is closed). */
export const SCENARIOS_CLOSED_MESSAGE =
  'Une version plus récente de l’application est ouverte dans un autre onglet : rechargez cette page pour enregistrer de nouveau vos scénarios.';

function messageOf(err: unknown): string {
  if (err instanceof DOMException && err.name === 'QuotaExceededError') return 'espace de stockage du navigateur plein';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs `work` in one read-write transaction and resolves when it commits. Any error aborts it,
 * so nothing of the write is kept: a request that throws at once (a `put` over the quota, a
 * value that cannot be cloned), a failed request, or an abort by the browser.
 */
function write(db: IDBDatabase, work: (store: IDBObjectStore) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let tx: IDBTransaction;
    try {
      tx = db.transaction(STORE, 'readwrite');
    } catch (err) {
      reject(new Error(messageOf(err)));
      return;
    }
    let failure: unknown = null;
    const fail = (err: unknown) => {
      failure ??= err;
      try {
        tx.abort();
      } catch {
        // already finished or aborting
      }
    };
    tx.oncomplete = () => resolve();
    tx.onerror = (event) => {
      // a failed request: abort the whole transaction (the default too, said here)
      event.preventDefault();
      fail((event.target as IDBRequest | null)?.error ?? tx.error);
    };
    tx.onabort = () => reject(new Error(`enregistrement annulé, rien n’a été écrit (${messageOf(failure ?? tx.error ?? 'interrompu')})`));
    try {
      work(tx.objectStore(STORE));
    } catch (err) {
      fail(err);
    }
  });
}

/** Every record of the store, read with a cursor. */
function readAll(db: IDBDatabase): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const values: unknown[] = [];
    let cursor: IDBRequest<IDBCursorWithValue | null>;
    try {
      cursor = db.transaction(STORE, 'readonly').objectStore(STORE).openCursor();
    } catch (err) {
      reject(err);
      return;
    }
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (!c) return resolve(values);
      values.push(c.value);
      c.continue();
    };
    cursor.onerror = () => reject(cursor.error);
  });
}

/**
 * The planner's scenarios in IndexedDB (database `maillage-scenarios`, version 1, one object
 * store keyed by the scenario's id): each write is one transaction, aborted on any error (a
 * scenario is stored whole or not at all). Every record read back is checked (stored-scenario.ts);
 * a bad one is reported by name and reason, the good ones are kept. A database from a newer
 * version is outdated; when another tab opens one, this connection closes.
 */
export function createIndexedDbScenarioStore(factory: IDBFactory | undefined = globalThis.indexedDB): ScenarioStore {
  let opened: Promise<IDBDatabase> | null = null;
  let closed = false;
  const open = () => {
    if (closed) return Promise.reject(new Error(SCENARIOS_CLOSED_MESSAGE));
    return (opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (!factory) {
        reject(new Error('IndexedDB indisponible dans ce navigateur'));
        return;
      }
      const request = factory.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'id' });
      };
      request.onsuccess = () => {
        const db = request.result;
        db.onversionchange = () => {
          db.close();
          closed = true;
          opened = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error('ouverture refusée'));
      request.onblocked = () => reject(new Error('base bloquée par un autre onglet'));
    }));
  };

  return {
    async loadAll() {
      let db: IDBDatabase;
      try {
        db = await open();
      } catch (err) {
        opened = null;
        if ((err as DOMException)?.name === 'VersionError')
          return {
            status: 'outdated',
            scenarios: [],
            message: 'Les scénarios ont été enregistrés par une version plus récente de l’application : ils ne peuvent pas être relus ici.',
          };
        return {
          status: closed ? 'closed' : 'unavailable',
          scenarios: [],
          message: closed
            ? SCENARIOS_CLOSED_MESSAGE
            : `Les scénarios ne peuvent pas être conservés (${messageOf(err)}) : ils seront perdus au prochain chargement.`,
        };
      }
      try {
        return checkStoredScenarios(await readAll(db));
      } catch (err) {
        return { status: 'corrupt', scenarios: [], message: `Scénarios illisibles (${messageOf(err)}).` };
      }
    },
    async save(scenario) {
      const db = await open();
      await write(db, (store) => store.put(scenario));
    },
    async remove(id) {
      const db = await open();
      await write(db, (store) => store.delete(id));
    },
    async clear() {
      const db = await open();
      await write(db, (store) => store.clear());
    },
  };
}
