/**
 * Layer files put in the store together while others are still coming (src/state/slices/data.slice.ts,
 * `ARRIVAL_WINDOW_MS`): one store update for the files of one view, never a file lost or held for good.
 * A fictional département whose loader answers when each test says.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ARRIVAL_WINDOW_MS } from '../../src/state/slices/data.slice.ts';
import type { AppState, BundleManifestFile, LayerData } from '../../src/state/app-state.ts';
import { createAppStore } from '../../src/state/store.ts';

const layer = (id: string) => ({ id, title: id, file: `${id}.geojson`, status: 'ok', features: 1, sources: [], caveats: [] });
const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Département fictif', extent: [0, 0, 1, 1] },
  layers: { msp: layer('msp'), cantons: layer('cantons'), epci: layer('epci') },
} as unknown as BundleManifestFile;
const dataOf = (id: string): LayerData =>
  ({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [0.5, 0.5] }, properties: { code: id } }],
  }) as LayerData;

/** A store whose layer files come when `answer(id)` or `fail(id, message)` is called; `updates` lists the ids each store update put in. */
function storeWithManualLoader() {
  const waiting = new Map<string, { resolve: (d: LayerData) => void; reject: (e: Error) => void }>();
  const store = createAppStore({
    loader: {
      fetchManifest: async () => MANIFEST,
      fetchLayer: (_dept, file) =>
        new Promise<LayerData>((resolve, reject) => waiting.set(file.replace(/\.geojson$/, ''), { resolve, reject })),
    },
  });
  const updates: string[][] = [];
  store.subscribe((s: AppState, before: AppState) => {
    const done = Object.keys(s.layerStatus).filter(
      (id) => s.layerStatus[id] !== before.layerStatus[id] && (s.layerStatus[id] === 'loaded' || s.layerStatus[id] === 'error'),
    );
    if (done.length) updates.push(done.sort());
  });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    store,
    updates,
    asked: () => [...waiting.keys()].sort(),
    answer: async (id: string) => {
      waiting.get(id)?.resolve(dataOf(id));
      await settle();
    },
    fail: async (id: string, message: string) => {
      waiting.get(id)?.reject(new Error(message));
      await settle();
    },
    settle,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('layer files put in the store together', () => {
  it('waits for the other files in flight, then puts them all in one update', async () => {
    const t = storeWithManualLoader();
    await t.store.getState().loadBundle('99');
    await t.settle();
    for (const id of ['msp', 'cantons', 'epci']) void t.store.getState().ensureLayer(id);
    await t.settle();
    expect(t.asked()).toEqual(['cantons', 'epci', 'msp']);
    await t.answer('cantons');
    await t.answer('epci');
    // two files are in, one is still coming: nothing is in the store yet
    expect(t.store.getState().layerStatus).toEqual({ msp: 'loading', cantons: 'loading', epci: 'loading' });
    expect(t.updates).toEqual([]);
    await t.answer('msp');
    expect(t.updates).toEqual([['cantons', 'epci', 'msp']]);
    const { layerData } = t.store.getState();
    expect(Object.keys(layerData).sort()).toEqual(['cantons', 'epci', 'msp']);
    expect(layerData.cantons).toEqual(dataOf('cantons'));
  });

  it('puts a file in at once when no other is in flight, and the caller’s promise resolves with it in the store', async () => {
    const t = storeWithManualLoader();
    await t.store.getState().loadBundle('99');
    const load = t.store.getState().ensureLayer('epci');
    await t.settle();
    let resolved = false;
    void load.then(() => {
      resolved = t.store.getState().layerStatus.epci === 'loaded';
    });
    await t.answer('epci');
    await load;
    expect(resolved).toBe(true);
    expect(t.updates).toEqual([['epci']]);
  });

  it('holds a file at most ARRIVAL_WINDOW_MS for a slow one, which comes in its own update later', async () => {
    vi.useFakeTimers();
    const t = storeWithManualLoader();
    await t.store.getState().loadBundle('99');
    for (const id of ['cantons', 'epci']) void t.store.getState().ensureLayer(id);
    await t.settle();
    await t.answer('cantons');
    await vi.advanceTimersByTimeAsync(ARRIVAL_WINDOW_MS - 1);
    expect(t.updates).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.updates).toEqual([['cantons']]);
    expect(t.store.getState().layerStatus).toEqual({ cantons: 'loaded', epci: 'loading' });
    await t.answer('epci');
    expect(t.updates).toEqual([['cantons'], ['epci']]);
  });

  it('puts a failed file in with the others, its message kept and the others loaded', async () => {
    const t = storeWithManualLoader();
    await t.store.getState().loadBundle('99');
    for (const id of ['cantons', 'epci']) void t.store.getState().ensureLayer(id);
    await t.settle();
    await t.fail('epci', 'epci.geojson: HTTP 404');
    expect(t.updates).toEqual([]);
    await t.answer('cantons');
    expect(t.updates).toEqual([['cantons', 'epci']]);
    expect(t.store.getState().layerStatus).toEqual({ cantons: 'loaded', epci: 'error' });
    expect(t.store.getState().layerErrors).toEqual({ epci: 'epci.geojson: HTTP 404' });
  });

  it('drops the files of a département left meanwhile, and lets their callers go', async () => {
    const t = storeWithManualLoader();
    await t.store.getState().loadBundle('99');
    const loads = ['cantons', 'epci'].map((id) => t.store.getState().ensureLayer(id));
    await t.settle();
    await t.answer('cantons');
    const other = t.store.getState().loadBundle('98');
    await t.answer('epci');
    await Promise.all(loads);
    await other;
    expect(t.store.getState().dept).toBe('98');
    expect(t.store.getState().layerData).toEqual({});
  });
});

describe('layer files asked for', () => {
  it('asks for the files at once, before what the store’s subscribers queue on the update that marks them loading', async () => {
    const order: string[] = [];
    const store = createAppStore({
      loader: {
        fetchManifest: async () => MANIFEST,
        fetchLayer: (_dept, file) => {
          order.push(`fetch ${file}`);
          return new Promise<LayerData>(() => {});
        },
      },
    });
    // a subscriber working after the update, as React's redraw of the panels does (a microtask)
    store.subscribe((s: AppState, before: AppState) => {
      if (s.layerStatus.epci === 'loading' && before.layerStatus.epci !== 'loading') queueMicrotask(() => order.push('subscriber'));
    });
    // not awaited: a default layer's file would never come
    void store.getState().loadBundle('99');
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(store.getState().manifestStatus).toBe('loaded');
    order.length = 0;
    void store.getState().ensureLayer('epci');
    expect(order).toEqual(['fetch epci.geojson']);
    await Promise.resolve();
    expect(order).toEqual(['fetch epci.geojson', 'subscriber']);
  });

  it('takes a loader failing at once as a failed file, its message kept, and can ask for it again', async () => {
    let fail = true;
    const store = createAppStore({
      loader: {
        fetchManifest: async () => MANIFEST,
        fetchLayer: (_dept, file) => {
          if (fail) throw new Error(`${file} : adresse invalide`);
          return Promise.resolve(dataOf('epci'));
        },
      },
    });
    await store.getState().loadBundle('99');
    await store.getState().ensureLayer('epci');
    expect(store.getState().layerStatus.epci).toBe('error');
    expect(store.getState().layerErrors.epci).toBe('epci.geojson : adresse invalide');
    fail = false;
    await store.getState().ensureLayer('epci');
    expect(store.getState().layerStatus.epci).toBe('loaded');
  });
});
