/**
 * The import worker's messages (src/workers/import-worker-handler.ts), called as the worker calls
 * them: an import posts its progress, every accepted feature in batches, then the report; the same
 * worker then serves the layer's map tiles (clusters and points counting every accepted point once),
 * answering tile requests that came before its index was built too; a worker given a stored layer's
 * points serves them alike; asked to, it writes the finished layer to IndexedDB itself, whole, in
 * chunks; a bad file ends with its message.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { IMPORTED_TILE_LAYER } from '../../src/data/import/imported-tiles.ts';
import { IMPORT_RECORD_SCHEMA, STORE_CHUNK, createIndexedDbImportStore, type ImportStore } from '../../src/data/sources/import-store.ts';
import type { ImportResponse, StoredLayerMeta } from '../../src/workers/import-protocol.ts';
import { createImportWorkerHandler } from '../../src/workers/import-worker-handler.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

/** A fictional CSV: `n` places in a box of the Nord's size, every 10th without a name (rejected). */
function csv(n: number): string {
  const random = mulberry32(21);
  const lines = ['nom;latitude;longitude'];
  for (let i = 0; i < n; i++) {
    const lat = uniform(random, 50.2, 50.9).toFixed(5);
    const lng = uniform(random, 2.6, 4.0).toFixed(5);
    lines.push(`${i % 10 === 9 ? '' : `Lieu fictif ${i}`};${lat};${lng}`);
  }
  return lines.join('\n');
}

const OPTIONS = { fileName: 'lieux.csv', layer: 'other', communes: null, extent: [2.0, 50.0, 4.3, 51.1] as const };

/** Points and clusters of a tile (z = 0: the whole world in one tile), as counts. */
function countOf(bytes: ArrayBuffer | null): { points: number; singles: string[] } {
  if (!bytes) return { points: 0, singles: [] };
  const layer = new VectorTile(new PbfReader(new Uint8Array(bytes)) as never).layers[IMPORTED_TILE_LAYER];
  let points = 0;
  const singles: string[] = [];
  for (let i = 0; i < layer.length; i++) {
    const p = layer.feature(i).properties;
    if (p.cluster) points += Number(p.point_count);
    else {
      points++;
      singles.push(String(p.id));
    }
  }
  return { points, singles };
}

function worker(store?: ImportStore) {
  const posted: ImportResponse[] = [];
  const transferred: Transferable[][] = [];
  const handle = createImportWorkerHandler(
    (m, transfer) => {
      posted.push(m);
      transferred.push(transfer ?? []);
    },
    store && (() => store),
  );
  return { handle, posted, transferred };
}

describe('import worker', () => {
  it('posts batches and the report, then serves the layer’s tiles, even those asked before the index was built', async () => {
    const { handle, posted, transferred } = worker();
    const importing = handle({ id: 1, type: 'import', file: new Blob([csv(6_000)]), options: OPTIONS });
    // asked while the import runs: answered once the tiles can be cut
    void handle({ id: 101, type: 'tile', z: 0, x: 0, y: 0 });
    await importing;
    const done = posted.find((m) => m.type === 'done');
    expect(done?.type === 'done' && done.report.accepted).toBe(5_400);
    expect(done?.type === 'done' && done.report.rejected.length).toBe(600);
    const batched = posted.flatMap((m) => (m.type === 'batch' ? m.features : []));
    expect(batched).toHaveLength(5_400);
    expect(Math.max(...posted.map((m) => (m.type === 'batch' ? m.features.length : 0)))).toBeLessThanOrEqual(2_500);
    // the report before any tile
    const early = posted.findIndex((m) => m.type === 'tile' && m.id === 101);
    expect(early).toBeGreaterThan(posted.indexOf(done!));
    const tile = posted[early] as Extract<ImportResponse, { type: 'tile' }>;
    expect(countOf(tile.bytes).points).toBe(5_400);
    expect(transferred[early]).toEqual([tile.bytes]);

    // beyond the cluster zooms, a tile holds its points single with their ids
    await handle({ id: 102, type: 'tile', z: 14, x: 8_300, y: 5_000 });
    const far = posted.at(-1) as Extract<ImportResponse, { type: 'tile' }>;
    expect(far).toMatchObject({ id: 102, type: 'tile', bytes: null });
    const [lng, lat] = batched[0].geometry.type === 'Point' ? batched[0].geometry.coordinates : [0, 0];
    const x = Math.floor(((lng + 180) / 360) * 2 ** 14);
    const s = Math.sin((lat * Math.PI) / 180);
    const y = Math.floor((0.5 - (0.25 * Math.log((1 + s) / (1 - s))) / Math.PI) * 2 ** 14);
    await handle({ id: 103, type: 'tile', z: 14, x, y });
    const near = posted.at(-1) as Extract<ImportResponse, { type: 'tile' }>;
    expect(countOf(near.bytes).singles).toContain(String(batched[0].properties.id));
  });

  it('serves the points of a stored layer once the last slice is in', async () => {
    const { handle, posted } = worker();
    const pts = Array.from({ length: 300 }, (_, i) => ({ lng: 3 + i / 1000, lat: 50.5, id: `S${i}`, name: `Lieu ${i}` }));
    await handle({ id: 0, type: 'points', points: pts.slice(0, 200), last: false });
    await handle({ id: 7, type: 'tile', z: 0, x: 0, y: 0 });
    expect(posted).toEqual([]);
    await handle({ id: 0, type: 'points', points: pts.slice(200), last: true });
    expect(posted).toHaveLength(1);
    expect(countOf((posted[0] as Extract<ImportResponse, { type: 'tile' }>).bytes).points).toBe(300);
  });

  it('ends a file it cannot read with its message, and a file with unknown columns with the mapping to ask', async () => {
    const bad = worker();
    await bad.handle({ id: 3, type: 'import', file: new Blob([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])]), options: OPTIONS });
    expect(bad.posted.at(-1)).toMatchObject({ id: 3, type: 'error' });
    const unmapped = worker();
    await unmapped.handle({ id: 4, type: 'import', file: new Blob(['Raison;Coord N;Coord E\nA;50.5;3.1']), options: OPTIONS });
    expect(unmapped.posted.at(-1)).toMatchObject({ id: 4, type: 'needs-mapping', unknown: ['Raison', 'Coord N', 'Coord E'] });
  });

  it('writes the finished layer to IndexedDB itself, whole, in chunks, with its report; it can be read back', async () => {
    const store = createIndexedDbImportStore(new IDBFactory(), IDBKeyRange);
    const { handle, posted } = worker(store);
    await handle({ id: 1, type: 'import', file: new Blob([csv(1_234)]), options: OPTIONS });
    const done = posted.find((m) => m.type === 'done') as Extract<ImportResponse, { type: 'done' }>;
    const batched = posted.flatMap((m) => (m.type === 'batch' ? m.features : []));
    const meta: StoredLayerMeta = {
      schema: IMPORT_RECORD_SCHEMA,
      id: 'import-other-lieux',
      target: 'other',
      title: 'Autres lieux — lieux.csv',
      fileName: 'lieux.csv',
      dept: '59',
      importedAt: '2026-11-30T00:00:00.000Z',
    };
    await handle({ id: 0, type: 'save', meta });
    expect(posted.at(-1)).toEqual({ id: 0, type: 'saved', message: null });
    expect(Math.ceil(batched.length / STORE_CHUNK)).toBeGreaterThan(1);
    const loaded = await store.loadAll();
    expect(loaded.status).toBe('ok');
    expect(loaded.layers).toEqual([{ ...meta, report: done.report, features: batched }]);
    // stored once: a second request has nothing left to write, and says so
    await handle({ id: 0, type: 'save', meta });
    expect(posted.at(-1)).toMatchObject({ type: 'saved', message: expect.stringContaining('aucun import') });
  });

  it('says why a layer could not be stored', async () => {
    const failing = {
      ...createIndexedDbImportStore(new IDBFactory(), IDBKeyRange),
      save: () => Promise.reject(new Error('quota dépassé')),
    };
    const { handle, posted } = worker(failing);
    await handle({ id: 1, type: 'import', file: new Blob([csv(20)]), options: OPTIONS });
    await handle({
      id: 0,
      type: 'save',
      meta: { schema: IMPORT_RECORD_SCHEMA, id: 'x', target: 'other', title: 'x', fileName: 'x', dept: '59', importedAt: '' },
    });
    expect(posted.at(-1)).toEqual({ id: 0, type: 'saved', message: 'quota dépassé' });
  });
});
