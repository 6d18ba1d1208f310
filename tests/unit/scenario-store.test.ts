/**
 * The IndexedDB store of the planner's scenarios (src/data/sources/scenario-store.ts, on the shared
 * plumbing of src/data/sources/indexed-db.ts) against fake-indexeddb: written whole or not at all,
 * every record read back checked (a bad one named, the good ones kept), a newer version in another
 * tab closing the connection, and no IndexedDB at all said plainly.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import {
  createIndexedDbScenarioStore,
  SCENARIO_RECORD_SCHEMA,
  SCENARIOS_CLOSED_MESSAGE,
  type StoredScenario,
} from '../../src/data/sources/scenario-store.ts';

const scenario = (id: string, name = `Scénario fictif ${id}`): StoredScenario => ({
  schema: SCENARIO_RECORD_SCHEMA,
  id,
  dept: '59',
  name,
  operations: [
    { action: 'add', lngLat: [3.1, 50.6], name: 'Site imaginaire', communeCode: null },
    { action: 'close', id: 'fs-fictif-1' },
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
});

/** Puts raw records into the scenarios database as another version of the app might have left them. */
async function putRaw(factory: IDBFactory, records: unknown[]): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = factory.open('maillage-scenarios', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('scenarios', { keyPath: 'id' });
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('scenarios', 'readwrite');
    for (const rec of records) tx.objectStore('scenarios').put(rec);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('createIndexedDbScenarioStore', () => {
  it('saves, reads back, replaces, removes and clears scenarios', async () => {
    const store = createIndexedDbScenarioStore(new IDBFactory());
    expect(await store.loadAll()).toEqual({ status: 'ok', scenarios: [], message: null });
    const a = scenario('a');
    const copy = structuredClone(a);
    await store.save(a);
    await store.save(scenario('b'));
    await store.save(scenario('a', 'Renommé'));
    expect(a).toEqual(copy);
    let load = await store.loadAll();
    expect(load.status).toBe('ok');
    expect(load.scenarios.map((s) => `${s.id}:${s.name}`).sort()).toEqual(['a:Renommé', 'b:Scénario fictif b']);
    expect(load.scenarios.find((s) => s.id === 'b')).toEqual(scenario('b'));
    await store.remove('a');
    load = await store.loadAll();
    expect(load.scenarios.map((s) => s.id)).toEqual(['b']);
    await store.clear();
    expect((await store.loadAll()).scenarios).toEqual([]);
  });

  it('a value that cannot be stored leaves nothing of the write, and says so', async () => {
    const store = createIndexedDbScenarioStore(new IDBFactory());
    await store.save(scenario('kept'));
    const bad = { ...scenario('bad'), operations: [{ action: 'close', id: 'x', extra: () => 0 }] } as unknown as StoredScenario;
    await expect(store.save(bad)).rejects.toThrow(/rien n’a été écrit/);
    expect((await store.loadAll()).scenarios.map((s) => s.id)).toEqual(['kept']);
  });

  it('names a bad record and keeps the good ones', async () => {
    const factory = new IDBFactory();
    await putRaw(factory, [scenario('good'), { ...scenario('broken'), operations: 'none' }]);
    const load = await createIndexedDbScenarioStore(factory).loadAll();
    expect(load.scenarios.map((s) => s.id)).toEqual(['good']);
    expect(load.status).not.toBe('ok');
    expect(load.message).toMatch(/Scénario fictif broken/);
  });

  it('closes when another tab opens a newer version, and refuses writes with a reload message', async () => {
    const factory = new IDBFactory();
    const store = createIndexedDbScenarioStore(factory);
    await store.save(scenario('a'));
    await new Promise<void>((resolve, reject) => {
      const r = factory.open('maillage-scenarios', 2);
      r.onsuccess = () => {
        r.result.close();
        resolve();
      };
      r.onerror = () => reject(r.error);
    });
    await expect(store.save(scenario('b'))).rejects.toThrow(SCENARIOS_CLOSED_MESSAGE);
    const load = await store.loadAll();
    expect(load.status).toBe('closed');
    expect(load.message).toBe(SCENARIOS_CLOSED_MESSAGE);
  });

  it('a database left by a newer version is outdated, not an error', async () => {
    const factory = new IDBFactory();
    await new Promise<void>((resolve) => {
      const r = factory.open('maillage-scenarios', 5);
      r.onsuccess = () => {
        r.result.close();
        resolve();
      };
    });
    const load = await createIndexedDbScenarioStore(factory).loadAll();
    expect(load.status).toBe('outdated');
    expect(load.message).toMatch(/version plus récente/);
  });

  it('without IndexedDB: unavailable, with the reason', async () => {
    const load = await createIndexedDbScenarioStore(undefined).loadAll();
    expect(load.status).toBe('unavailable');
    expect(load.message).toMatch(/IndexedDB indisponible/);
  });
});
