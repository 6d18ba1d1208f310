/**
 * The IndexedDB store of imported layers (src/data/sources/import-store.ts) against
 * fake-indexeddb, wrapped so that any write can fail at any step: thrown at once (a `put` over
 * the quota) or aborted later by the browser. A layer is stored whole or not at all; every record
 * read back is checked, and a bad one is named without losing the good ones; a newer version of
 * the app in another tab closes the connection and the app asks for a reload.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { importedLayerToCsv } from '../../src/data/import/import-export.ts';
import { importFile } from '../../src/data/import/import-file.ts';
import type { ImportReport, ImportedFeature } from '../../src/data/import/import-types.ts';
import { packFeatures } from '../../src/data/import/packed-features.ts';
import {
  CLOSED_MESSAGE,
  checkStoredImports,
  checkStoredImportsInSlices,
  createIndexedDbImportStore,
  STORE_CHUNK,
  IMPORT_RECORD_SCHEMA,
  storedImportProblem,
  type StoredImport,
} from '../../src/data/sources/import-store.ts';
import { createAppStore } from '../../src/state/store.ts';

type Op = 'put' | 'delete' | 'clear';
interface Fault {
  op: Op;
  /** 1-based call of `op` in the faulty transaction. */
  nth: number;
  how: 'throw' | 'abort';
}

/** A fake IndexedDB whose next read-write transaction fails as `plan.fault` says, then works again. */
function faultyIndexedDb() {
  const inner = new IDBFactory();
  const plan: { fault: Fault | null; hit: boolean } = { fault: null, hit: false };
  const forward = <T extends object>(target: T, get: (key: string | symbol) => unknown) =>
    new Proxy(target, {
      get(t, key) {
        const own = get(key);
        if (own !== undefined) return own;
        const v = Reflect.get(t, key, t);
        return typeof v === 'function' ? v.bind(t) : v;
      },
      set: (t, key, value) => Reflect.set(t, key, value, t),
    });
  const wrapStore = (store: IDBObjectStore, tx: IDBTransaction, counts: Record<Op, number>, fault: Fault | null) =>
    forward(store, (key) => {
      if (key !== 'put' && key !== 'delete' && key !== 'clear') return undefined;
      return (...args: unknown[]) => {
        counts[key]++;
        if (fault && fault.op === key && fault.nth === counts[key]) {
          plan.hit = true;
          if (fault.how === 'throw') throw new DOMException('quota dépassé', 'QuotaExceededError');
          const request = (store[key] as (...a: unknown[]) => IDBRequest)(...args);
          // the browser aborts the transaction when the request lands (as with QuotaExceededError), before it can commit
          request.addEventListener('success', () => tx.abort());
          return request;
        }
        return (store[key] as (...a: unknown[]) => IDBRequest)(...args);
      };
    });
  const wrapDb = (db: IDBDatabase) =>
    forward(db, (key) => {
      if (key !== 'transaction') return undefined;
      return (names: string | string[], mode?: IDBTransactionMode) => {
        const tx = db.transaction(names, mode);
        const fault = mode === 'readwrite' ? plan.fault : null;
        if (fault) plan.fault = null;
        const counts: Record<Op, number> = { put: 0, delete: 0, clear: 0 };
        return forward(tx, (k) => (k === 'objectStore' ? (name: string) => wrapStore(tx.objectStore(name), tx, counts, fault) : undefined));
      };
    });
  const factory = forward(inner, (key) => {
    if (key !== 'open') return undefined;
    return (name: string, version?: number) => {
      const request = inner.open(name, version);
      return forward(request, (k) => (k === 'result' ? wrapDb(request.result) : undefined));
    };
  });
  return { factory: factory as IDBFactory, inner, plan };
}

const point = (i: number, lng = 3 + (i % 100) / 1000, lat = 50.5): ImportedFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties: { id: `L${i}`, name: `Lieu fictif ${i}`, approximate: false, source_row: i },
});
function layer(id: string, count: number, title = `Couche ${id}`): StoredImport {
  const report: ImportReport = {
    file: `${id}.csv`,
    layer: 'other',
    format: 'csv',
    schema: 'generic',
    encoding: 'utf-8',
    delimiter: ';',
    columns: { name: 'nom' },
    rows_read: count,
    accepted: count,
    rejected: [],
    warnings: [],
  };
  return {
    schema: IMPORT_RECORD_SCHEMA,
    id,
    target: 'other',
    title,
    fileName: `${id}.csv`,
    dept: '59',
    importedAt: '2026-01-01T00:00:00.000Z',
    report,
    features: Array.from({ length: count }, (_, i) => point(i + 1)),
  };
}

describe('IndexedDB store of imported layers', () => {
  it('writes a layer in packed chunks and reads it back whole', async () => {
    const { factory, inner } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    const a = layer('a', 4_500);
    await store.save(a);
    const loaded = await store.loadAll();
    expect(loaded.status).toBe('ok');
    expect(loaded.layers).toHaveLength(1);
    expect(loaded.layers[0]).toEqual(a);
    // as written: STORE_CHUNK features a chunk, packed
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = inner.open('maillage-imports', 1);
      r.onsuccess = () => resolve(r.result);
    });
    const first = await new Promise<Record<string, unknown>>((resolve) => {
      const r = db.transaction('chunks').objectStore('chunks').get(['a', 0]);
      r.onsuccess = () => resolve(r.result);
    });
    db.close();
    expect(Object.keys(first)).toEqual(['layer', 'index', 'packed']);
    expect(first.packed).toMatchObject({ count: STORE_CHUNK, whole: [] });
  });

  it('reads back a layer written before the chunks were packed (arrays of features, in chunks of 2,000)', async () => {
    const { factory, inner } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    const a = layer('old', 2_500);
    await store.save(layer('other', 1));
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = inner.open('maillage-imports', 1);
      r.onsuccess = () => resolve(r.result);
    });
    const tx = db.transaction(['layers', 'chunks'], 'readwrite');
    const { features, ...meta } = a;
    tx.objectStore('layers').put({ ...meta, chunks: 2 });
    tx.objectStore('chunks').put({ layer: 'old', index: 0, features: features.slice(0, 2_000) });
    tx.objectStore('chunks').put({ layer: 'old', index: 1, features: features.slice(2_000) });
    await new Promise((r) => (tx.oncomplete = r));
    db.close();
    const loaded = await store.loadAll();
    expect(loaded.status).toBe('ok');
    expect(loaded.layers.find((l) => l.id === 'old')).toEqual(a);
    expect(STORE_CHUNK).toBeLessThan(2_000);
  });

  // delete old chunks (1), the layer record (put 1), the first chunks (put 2 to 4) of nine
  const steps: Fault[] = (['throw', 'abort'] as const).flatMap((how) => [
    { op: 'delete', nth: 1, how },
    ...[1, 2, 3, 4].map((nth) => ({ op: 'put' as const, nth, how })),
  ]);

  it.each(steps)('a save failing at $op #$nth ($how) writes nothing and keeps the previous version', async (fault) => {
    const { factory, plan } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    const before = layer('a', 4_500);
    await store.save(before);
    plan.fault = fault;
    const after = {
      ...layer('a', 5_000, 'Couche a, nouvelle version'),
      features: Array.from({ length: 5_000 }, (_, i) => point(i + 1, 3.2, 50.7)),
    };
    await expect(store.save(after)).rejects.toThrow(/enregistrement annulé, rien n’a été écrit/);
    expect(plan.hit).toBe(true);
    const loaded = await store.loadAll();
    expect(loaded.status).toBe('ok');
    expect(loaded.layers).toEqual([before]);
  });

  it.each(steps)('a first save failing at $op #$nth ($how) leaves no trace of the layer', async (fault) => {
    const { factory, plan } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    await store.save(layer('keep', 10));
    plan.fault = fault;
    await expect(store.save(layer('new', 4_500))).rejects.toThrow(/rien n’a été écrit/);
    const loaded = await store.loadAll();
    expect(loaded).toMatchObject({ status: 'ok', message: null });
    expect(loaded.layers.map((l) => l.id)).toEqual(['keep']);
  });

  it('says when the browser’s storage is full', async () => {
    const { factory, plan } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    plan.fault = { op: 'put', nth: 2, how: 'throw' };
    await expect(store.save(layer('a', 10))).rejects.toThrow(
      'enregistrement annulé, rien n’a été écrit (espace de stockage du navigateur plein)',
    );
  });

  it.each([
    { op: 'delete', nth: 1, how: 'throw' },
    { op: 'delete', nth: 2, how: 'throw' },
    { op: 'delete', nth: 2, how: 'abort' },
  ] as Fault[])('a removal failing at $op #$nth ($how) removes nothing', async (fault) => {
    const { factory, plan } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    await store.save(layer('a', 4_500));
    plan.fault = fault;
    await expect(store.remove('a')).rejects.toThrow(/rien n’a été écrit/);
    expect((await store.loadAll()).layers.map((l) => l.features.length)).toEqual([4_500]);
  });

  it('a clear failing half-way clears nothing', async () => {
    const { factory, plan } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    await store.save(layer('a', 10));
    plan.fault = { op: 'clear', nth: 2, how: 'throw' };
    await expect(store.clear()).rejects.toThrow(/rien n’a été écrit/);
    expect((await store.loadAll()).layers).toHaveLength(1);
  });

  it('reports each bad record by name and reason, and keeps the good ones', async () => {
    const { factory, inner } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    await store.save(layer('good', 3, 'Bonne couche'));
    await store.save(layer('nan', 3, 'Couche NaN'));
    await store.save(layer('range', 3, 'Couche hors bornes'));
    await store.save(layer('empty', 3, 'Couche vide'));
    await store.save(layer('count', 3, 'Couche comptes'));
    await store.save(layer('chunks', 3, 'Couche morceaux'));
    await store.save(layer('v2', 3, 'Couche future'));
    await store.save(layer('packed', 3, 'Couche paquet'));
    // tamper with the records directly, as a bug or another program could
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = inner.open('maillage-imports', 1);
      r.onsuccess = () => resolve(r.result);
    });
    const tx = db.transaction(['layers', 'chunks'], 'readwrite');
    const chunks = tx.objectStore('chunks');
    const layers = tx.objectStore('layers');
    const chunk = (id: string, features: unknown[]) => chunks.put({ layer: id, index: 0, features });
    const broken = packFeatures([point(1), point(2), point(3)]);
    broken.values.pop();
    chunks.put({ layer: 'packed', index: 0, packed: broken });
    chunk('nan', [point(1, Number.NaN), point(2), point(3)]);
    chunk('range', [point(1), point(2, 3, 95), point(3)]);
    chunk('empty', [point(1), point(2), { ...point(3), geometry: { type: 'Point', coordinates: [] } }]);
    const metaOf = (id: string, title: string) => {
      const { features: _f, ...meta } = layer(id, 3, title);
      void _f;
      return meta;
    };
    layers.put({ ...metaOf('count', 'Couche comptes'), report: { ...layer('count', 3).report, rows_read: 5 }, chunks: 1 });
    layers.put({ ...metaOf('chunks', 'Couche morceaux'), chunks: 2 });
    layers.put({ ...metaOf('v2', 'Couche future'), schema: 2, chunks: 1 });
    await new Promise((r) => (tx.oncomplete = r));
    db.close();

    const loaded = await store.loadAll();
    expect(loaded.layers.map((l) => l.id)).toEqual(['good']);
    expect(loaded.status).toBe('corrupt');
    expect(loaded.message).toBe(
      'Couches importées illisibles, ignorées : « Couche morceaux » (1 morceau(x) de lieux enregistré(s) pour 2 attendu(s)) ; ' +
        '« Couche paquet » (morceau 1 de lieux illisible (lot de lieux illisible : valeurs manquantes au lieu 3)) ; ' +
        '« Couche comptes » (rapport incohérent : 3 accepté(s) + 0 rejeté(s) ≠ 5 lu(s)) ; ' +
        '« Couche vide » (lieu 3 : point sans coordonnées [longitude, latitude]) ; ' +
        '« Couche NaN » (lieu 1 : coordonnées qui ne sont pas des nombres finis) ; ' +
        '« Couche hors bornes » (lieu 2 : coordonnées hors des bornes (longitude 3, latitude 95)).',
    );
  });

  it('checks stored layers in slices, pausing between them, with the same answer as all at once', async () => {
    const bad = layer('bad', 25, 'Couche abîmée');
    bad.features[17] = { ...point(18), geometry: { type: 'Point', coordinates: [] } };
    const records: unknown[] = [layer('good', 25, 'Bonne couche'), bad, { ...layer('v2', 3, 'Couche future'), schema: 2 }, null];
    // each pause held until the test lets it go: the check must wait for it
    let pauses = 0;
    let release = () => {};
    const pause = () =>
      new Promise<void>((resolve) => {
        pauses++;
        release = resolve;
      });
    let done = false;
    const checking = checkStoredImportsInSlices(records, ['« Couche morceaux » (illisible)'], pause, 10).then((r) => {
      done = true;
      return r;
    });
    for (let held = 1; held <= 3; held++) {
      await new Promise((r) => setTimeout(r, 0));
      expect([pauses, done]).toEqual([held, false]);
      release();
    }
    const sliced = await checking;
    expect(sliced).toEqual(checkStoredImports(records, ['« Couche morceaux » (illisible)']));
    expect(sliced.layers.map((l) => l.id)).toEqual(['good']);
    expect(sliced.message).toContain('« Couche abîmée » (lieu 18 : point sans coordonnées [longitude, latitude])');
    // good: slices from 0, 10 and 20; bad: from 0 and 10, where its 18th place stops it; the others: none
    expect(pauses).toBe(3);
    // a hole in the list is a record that cannot be read, as all at once
    const holed = [layer('good', 2)];
    holed.length = 2;
    expect(await checkStoredImportsInSlices(holed, [], pause)).toEqual(checkStoredImports(holed));
    expect(checkStoredImports(holed).message).toContain('enregistrement vide ou illisible');
    for (const size of [0, -1, 2.5, Number.NaN])
      await expect(checkStoredImportsInSlices(records, [], pause, size)).rejects.toThrow(RangeError);
  });

  it('checks areas and properties of stored records too', () => {
    const base = layer('a', 1);
    const withGeometry = (geometry: unknown) => ({ ...base, features: [{ ...point(1), geometry }] });
    expect(storedImportProblem(withGeometry({ type: 'Polygon', coordinates: [] }))?.reason).toMatch(/lieu 1 : périmètre invalide/);
    expect(
      storedImportProblem(
        withGeometry({
          type: 'LineString',
          coordinates: [
            [3, 50],
            [3.1, 50.1],
          ],
        }),
      )?.reason,
    ).toBe('lieu 1 : géométrie ni point ni polygone');
    let deep: unknown = 'x';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(storedImportProblem({ ...base, features: [{ ...point(1), properties: { id: 'L1', note: deep } }] })?.reason).toBe(
      'lieu 1 : propriétés trop imbriquées',
    );
  });

  it('keeps columns named __proto__ or constructor through IndexedDB, and exports them back', async () => {
    const { report, features } = importFile(
      new TextEncoder().encode('nom;latitude;longitude;__proto__;constructor\nLieu 1;50.6;3.1;p1;c1\nLieu 2;50.6;3.2;p2;\n'),
      { fileName: 'proto.csv', layer: 'other' },
    );
    const { factory } = faultyIndexedDb();
    const store = createIndexedDbImportStore(factory, IDBKeyRange);
    await store.save({ ...layer('proto', 0), report, features });
    const [restored] = (await store.loadAll()).layers;
    expect(importedLayerToCsv(restored.features)).toBe(importedLayerToCsv(features));
    expect(importedLayerToCsv(restored.features).split('\r\n')[2].endsWith(',p2,')).toBe(true);
  });

  it('closes when another tab opens a newer version, and the app asks for a reload', async () => {
    const { factory, inner } = faultyIndexedDb();
    const importStore = createIndexedDbImportStore(factory, IDBKeyRange);
    const app = createAppStore({
      loader: { fetchManifest: () => new Promise(() => {}), fetchLayer: () => new Promise(() => {}) },
      importStore,
    });
    await app.getState().restoreImports();
    await importStore.save(layer('a', 3));
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = inner.open('maillage-imports', 2);
      r.onsuccess = () => resolve(r.result);
      r.onblocked = () => reject(new Error('blocked: the old connection stayed open'));
    });
    expect(newer.version).toBe(2);
    newer.close();
    expect(app.getState().importStore).toEqual({ status: 'closed', message: CLOSED_MESSAGE });
    await expect(importStore.save(layer('b', 3))).rejects.toThrow(CLOSED_MESSAGE);
    expect(await importStore.loadAll()).toEqual({ status: 'closed', layers: [], message: CLOSED_MESSAGE });
  });
});
