/**
 * The import worker's messages (src/workers/import-worker-handler.ts), called as the worker calls
 * them: an import posts its progress, every accepted feature in batches, then the report (its rows
 * in slices first); the same worker then serves the layer's map tiles (clusters and points counting
 * every accepted point once), answering tile requests that came before its index was built too; a
 * worker given a stored layer's points serves them alike; asked to, it writes the finished layer to
 * IndexedDB itself, whole, in chunks; a bad file ends with its message.
 */
import { VectorTile } from '@mapbox/vector-tile';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { IMPORTED_TILE_LAYER } from '../../src/data/import/imported-tiles.ts';
import { unpackFeatures } from '../../src/data/import/packed-features.ts';
import { IMPORT_RECORD_SCHEMA, STORE_CHUNK, createIndexedDbImportStore, type ImportStore } from '../../src/data/sources/import-store.ts';
import { REPORT_ROWS_SLICE, type ImportResponse, type StoredLayerMeta } from '../../src/workers/import-protocol.ts';
import { type Clock, type SaveTiming, createImportWorkerHandler } from '../../src/workers/import-worker-handler.ts';
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

/** The report as the page puts it together: the `done` message's, with the rows given before it. */
function reportOf(posted: ImportResponse[]) {
  const done = posted.find((m) => m.type === 'done') as Extract<ImportResponse, { type: 'done' }>;
  const rows = posted.filter((m) => m.type === 'report-rows');
  return { ...done.report, rejected: rows.flatMap((m) => m.rejected), warnings: rows.flatMap((m) => m.warnings) };
}

/** The accepted features as the page gets them: each batch cloned as `postMessage` clones it, then unpacked. */
const batchedOf = (posted: ImportResponse[]) =>
  posted.flatMap((m) => (m.type === 'batch' ? unpackFeatures(structuredClone(m.features)) : []));

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

/** A clock whose time moves only when the test says (`advance`), firing the timers it passes. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    after: (ms, run) => void timers.push({ at: now + ms, run }),
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.run();
    },
  };
}

/** No wait before a write, unless a test gives its timing (and clock). */
const AT_ONCE: SaveTiming = { quietMs: 0, maxDelayMs: 0 };

function worker(store?: ImportStore, timing: SaveTiming = AT_ONCE, clock?: Clock) {
  const posted: ImportResponse[] = [];
  const transferred: Transferable[][] = [];
  const handle = createImportWorkerHandler(
    (m, transfer) => {
      posted.push(m);
      transferred.push(transfer ?? []);
    },
    store && (() => store),
    timing,
    clock,
  );
  return { handle, posted, transferred };
}

const META: StoredLayerMeta = {
  schema: IMPORT_RECORD_SCHEMA,
  id: 'import-other-lieux',
  target: 'other',
  title: 'Autres lieux — lieux.csv',
  fileName: 'lieux.csv',
  dept: '59',
  importedAt: '2026-11-30T00:00:00.000Z',
};

/** Lets the worker's pending promises (IndexedDB included) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A worker that has imported `rows` fictional rows and was then asked to write the layer once the map's tiles are served. */
async function askedToWrite(timing: SaveTiming, clock: Clock, rows = 300) {
  const store = createIndexedDbImportStore(new IDBFactory(), IDBKeyRange);
  const w = worker(store, timing, clock);
  await w.handle({ id: 1, type: 'import', file: new Blob([csv(rows)]), options: OPTIONS });
  const writing = w.handle({ id: 0, type: 'save', meta: META, afterTiles: true });
  const saved = () => w.posted.filter((m) => m.type === 'saved');
  /** Nothing written `ms` − 1 from now, the layer written at `ms`. */
  const writtenIn = async (clock: ReturnType<typeof manualClock>, ms: number) => {
    clock.advance(ms - 1);
    await settle();
    expect(saved()).toEqual([]);
    clock.advance(1);
    await writing;
    expect(saved()).toEqual([{ id: 0, type: 'saved', message: null }]);
  };
  return { ...w, store, writing, saved, writtenIn };
}

describe('import worker', () => {
  it('posts batches and the report, then serves the layer’s tiles, even those asked before the index was built', async () => {
    const { handle, posted, transferred } = worker();
    const importing = handle({ id: 1, type: 'import', file: new Blob([csv(6_000)]), options: OPTIONS });
    // asked while the import runs: answered once the tiles can be cut
    void handle({ id: 100, type: 'indexed' });
    void handle({ id: 101, type: 'tile', z: 0, x: 0, y: 0 });
    await importing;
    const done = posted.find((m) => m.type === 'done');
    expect(done?.type === 'done' && done.report.accepted).toBe(5_400);
    expect(reportOf(posted).rejected).toHaveLength(600);
    const batched = batchedOf(posted);
    expect(batched).toHaveLength(5_400);
    expect(batched[0]).toMatchObject({ type: 'Feature', geometry: { type: 'Point' }, properties: { name: 'Lieu fictif 0' } });
    expect(Math.max(...posted.map((m) => (m.type === 'batch' ? m.features.count : 0)))).toBeLessThanOrEqual(2_500);
    // each batch's buffers are transferred, not copied
    posted.forEach((m, i) => {
      if (m.type === 'batch') expect(transferred[i]).toEqual([m.features.coordinates.buffer, m.features.shapeOf.buffer]);
    });
    // the report before any tile
    const early = posted.findIndex((m) => m.type === 'tile' && m.id === 101);
    expect(early).toBeGreaterThan(posted.indexOf(done!));
    expect(posted.findIndex((m) => m.type === 'indexed' && m.id === 100)).toBeGreaterThan(posted.indexOf(done!));
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

  it('gives the report’s rows before the report, in slices of each kind, in order, none lost', async () => {
    const { handle, posted } = worker();
    // every 10th row rejected: 2,600 rejections, more than one slice
    await handle({ id: 1, type: 'import', file: new Blob([csv(26_000)]), options: OPTIONS });
    const slices = posted.filter((m) => m.type === 'report-rows');
    const done = posted.findIndex((m) => m.type === 'done');
    expect(slices.length).toBe(2);
    for (const m of slices) {
      expect(posted.indexOf(m)).toBeLessThan(done);
      expect(m.rejected.length).toBeLessThanOrEqual(REPORT_ROWS_SLICE);
    }
    expect('rejected' in (posted[done] as Extract<ImportResponse, { type: 'done' }>).report).toBe(false);
    const report = reportOf(posted);
    expect(report.accepted + report.rejected.length).toBe(26_000);
    expect(report.rejected.map((r) => r.row)).toEqual(Array.from({ length: 2_600 }, (_, i) => 10 * i + 10));

    // more warnings than rejections (as in the bench file): every 20th row without a name, the others
    // with their latitude and longitude swapped, a warning each
    const swapped = worker();
    const lines = [
      'nom;latitude;longitude',
      ...Array.from({ length: 6_000 }, (_, i) => (i % 20 === 19 ? ';50.5;3.1' : `Lieu ${i};3.1;50.5`)),
    ];
    await swapped.handle({ id: 2, type: 'import', file: new Blob([lines.join('\n')]), options: OPTIONS });
    const parts = swapped.posted.filter((m) => m.type === 'report-rows');
    expect(parts).toHaveLength(Math.ceil(5_700 / REPORT_ROWS_SLICE));
    for (const m of parts) expect(Math.max(m.rejected.length, m.warnings.length)).toBeLessThanOrEqual(REPORT_ROWS_SLICE);
    const full = reportOf(swapped.posted);
    expect(full.rejected.map((r) => r.row)).toEqual(Array.from({ length: 300 }, (_, i) => 20 * i + 20));
    expect(full.warnings.filter((w) => w.kind === 'swapped').map((w) => w.row)).toEqual(
      Array.from({ length: 6_000 }, (_, i) => i + 1).filter((row) => row % 20 !== 0),
    );

    // a clean file: no rows to give
    const clean = worker();
    await clean.handle({
      id: 3,
      type: 'import',
      file: new Blob(['nom;latitude;longitude\nLieu A;50.5;3.1\nLieu B;50.6;3.2']),
      options: OPTIONS,
    });
    expect(clean.posted.filter((m) => m.type === 'report-rows')).toEqual([]);
    expect(reportOf(clean.posted)).toMatchObject({ accepted: 2, rejected: [], warnings: [] });
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
    const batched = batchedOf(posted);
    const meta = META;
    await handle({ id: 0, type: 'save', meta, afterTiles: false });
    expect(posted.at(-1)).toEqual({ id: 0, type: 'saved', message: null });
    expect(Math.ceil(batched.length / STORE_CHUNK)).toBeGreaterThan(1);
    const loaded = await store.loadAll();
    expect(loaded.status).toBe('ok');
    expect(loaded.layers).toEqual([{ ...meta, report: reportOf(posted), features: batched }]);
    // stored once: a second request has nothing left to write, and says so
    await handle({ id: 0, type: 'save', meta, afterTiles: false });
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
      afterTiles: false,
    });
    expect(posted.at(-1)).toEqual({ id: 0, type: 'saved', message: 'quota dépassé' });
  });

  it('writes the layer once the map has stopped asking for tiles, the tiles answered first', async () => {
    const clock = manualClock();
    const { handle, posted, store, saved, writtenIn } = await askedToWrite({ quietMs: 500, maxDelayMs: 10_000 }, clock);
    // the map asks for tiles every 200 ms for two seconds: nothing is written meanwhile
    for (let i = 0; i < 10; i++) {
      clock.advance(200);
      await handle({ id: 100 + i, type: 'tile', z: 7, x: 65, y: 43 });
      await settle();
      expect(saved()).toEqual([]);
    }
    expect((await store.loadAll()).layers).toEqual([]);
    // 500 ms after the last request
    await writtenIn(clock, 500);
    expect(posted.findLastIndex((m) => m.type === 'tile')).toBeLessThan(posted.findIndex((m) => m.type === 'saved'));
    expect((await store.loadAll()).layers.map((l) => l.id)).toEqual([META.id]);
  });

  it('counts the quiet time from the map’s first tile request, never from the page asking whether the index is built; with no request, writes at the cap', async () => {
    const clock = manualClock();
    const { handle, posted, saved, writtenIn } = await askedToWrite({ quietMs: 500, maxDelayMs: 5_000 }, clock);
    // the page asks whether the index is built (answered at once: it is), then the map's first request comes late
    await handle({ id: 100, type: 'indexed' });
    expect(posted.at(-1)).toEqual({ id: 100, type: 'indexed' });
    for (let t = 0; t < 1_000; t += 250) {
      clock.advance(250);
      await settle();
    }
    expect(saved()).toEqual([]);
    await handle({ id: 101, type: 'tile', z: 7, x: 65, y: 43 });
    await writtenIn(clock, 500);

    // a layer the map never asks for (hidden): written at the cap
    const hidden = await askedToWrite({ quietMs: 500, maxDelayMs: 5_000 }, clock, 30);
    for (let t = 0; t < 4_750; t += 250) {
      clock.advance(250);
      await settle();
    }
    expect(hidden.saved()).toEqual([]);
    clock.advance(250);
    await hidden.writing;
    expect(hidden.saved()).toEqual([{ id: 0, type: 'saved', message: null }]);
  });

  it('writes a layer the map does not draw from its tiles at once', async () => {
    const store = createIndexedDbImportStore(new IDBFactory(), IDBKeyRange);
    const { handle, posted } = worker(store, { quietMs: 500, maxDelayMs: 10_000 }, manualClock());
    await handle({ id: 1, type: 'import', file: new Blob([csv(30)]), options: OPTIONS });
    await handle({ id: 0, type: 'save', meta: META, afterTiles: false });
    expect(posted.at(-1)).toEqual({ id: 0, type: 'saved', message: null });
    expect((await store.loadAll()).layers).toHaveLength(1);
  });

  it('writes the layer at the latest `maxDelayMs` after it was asked, however busy the map; a second request meanwhile writes nothing', async () => {
    const clock = manualClock();
    const { handle, posted, store, writing } = await askedToWrite({ quietMs: 500, maxDelayMs: 1_000 }, clock);
    await handle({ id: 0, type: 'save', meta: META, afterTiles: true });
    expect(posted.at(-1)).toMatchObject({ type: 'saved', message: expect.stringContaining('aucun import') });
    for (let i = 0; i < 4; i++) {
      clock.advance(200);
      await handle({ id: 100 + i, type: 'tile', z: 7, x: 65, y: 43 });
    }
    await settle();
    expect(posted.filter((m) => m.type === 'saved' && m.message === null)).toEqual([]);
    clock.advance(200);
    await writing;
    expect(posted.filter((m) => m.type === 'saved' && m.message === null)).toHaveLength(1);
    expect((await store.loadAll()).layers).toHaveLength(1);
  });

  it('keeps a layer the store refused, for a later request', async () => {
    let refuse = true;
    const real = createIndexedDbImportStore(new IDBFactory(), IDBKeyRange);
    const flaky: ImportStore = { ...real, save: (layer) => (refuse ? Promise.reject(new Error('quota dépassé')) : real.save(layer)) };
    const { handle, posted } = worker(flaky);
    await handle({ id: 1, type: 'import', file: new Blob([csv(20)]), options: OPTIONS });
    await handle({ id: 0, type: 'save', meta: META, afterTiles: true });
    expect(posted.at(-1)).toEqual({ id: 0, type: 'saved', message: 'quota dépassé' });
    refuse = false;
    await handle({ id: 0, type: 'save', meta: META, afterTiles: true });
    expect(posted.at(-1)).toEqual({ id: 0, type: 'saved', message: null });
    expect((await real.loadAll()).layers).toHaveLength(1);
  });
});
