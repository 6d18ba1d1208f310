import { lazyDatabase, readCursor, storageMessageOf, writeTransaction } from './indexed-db.ts';
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

/**
 * The planner's scenarios in IndexedDB (database `maillage-scenarios`, version 1, one object
 * store keyed by the scenario's id): each write is one transaction, aborted on any error (a
 * scenario is stored whole or not at all). Every record read back is checked (stored-scenario.ts);
 * a bad one is reported by name and reason, the good ones are kept. A database from a newer
 * version is outdated; when another tab opens one, this connection closes.
 */
export function createIndexedDbScenarioStore(factory: IDBFactory | undefined = globalThis.indexedDB): ScenarioStore {
  const database = lazyDatabase({
    factory,
    name: DB_NAME,
    version: DB_VERSION,
    closedMessage: SCENARIOS_CLOSED_MESSAGE,
    upgrade(db) {
      if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE, { keyPath: 'id' });
    },
  });
  const write = async (work: (store: IDBObjectStore) => void) => {
    const db = await database.open();
    await writeTransaction(db, STORE, (tx) => work(tx.objectStore(STORE)));
  };

  return {
    async loadAll() {
      let db: IDBDatabase;
      try {
        db = await database.open();
      } catch (err) {
        database.forget();
        if ((err as DOMException)?.name === 'VersionError')
          return {
            status: 'outdated',
            scenarios: [],
            message: 'Les scénarios ont été enregistrés par une version plus récente de l’application : ils ne peuvent pas être relus ici.',
          };
        return {
          status: database.closed ? 'closed' : 'unavailable',
          scenarios: [],
          message: database.closed
            ? SCENARIOS_CLOSED_MESSAGE
            : `Les scénarios ne peuvent pas être conservés (${storageMessageOf(err)}) : ils seront perdus au prochain chargement.`,
        };
      }
      try {
        return checkStoredScenarios(await readCursor(db.transaction(STORE, 'readonly').objectStore(STORE)));
      } catch (err) {
        return { status: 'corrupt', scenarios: [], message: `Scénarios illisibles (${storageMessageOf(err)}).` };
      }
    },
    save: (scenario) => write((store) => store.put(scenario)),
    remove: (id) => write((store) => store.delete(id)),
    clear: () => write((store) => store.clear()),
  };
}
