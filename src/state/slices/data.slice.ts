import type { StateCreator } from 'zustand/vanilla';
import { COVERAGE_RESET } from './coverage.slice.ts';
import type { AppState, BundleLoader, BundleManifestFile, DataSlice, LayerData } from '../app-state.ts';
import { selectLayersToLoad } from '../selectors.ts';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Layer files that arrive while other layers of the same département are still coming are put in
 * the store together, waiting at most this long for the others: one store update (one render of the
 * panels, one sync of the map) for the first view's layers rather than one per file. A file that
 * arrives when no other is in flight is put in at once (docs/benchmarks.md, "Map idle", sixth round).
 */
export const ARRIVAL_WINDOW_MS = 150;

/** A layer file read (its data) or failed (its message); an arrival waits to be put in the store. */
type LayerRead = { dept: string; id: string } & ({ data: LayerData } | { error: string });
type Arrival = LayerRead & { done: () => void };

export function createDataSlice(loader: BundleLoader): StateCreator<AppState, [], [], DataSlice> {
  // loads in flight, by département and layer: a second caller awaits the same load
  const pending = new Map<string, Promise<void>>();
  let arrivals: Arrival[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  return (set, get) => {
    /** Puts every waiting arrival of the current département in the store in one update, then lets their loads end. */
    const flush = () => {
      if (flushTimer !== null) clearTimeout(flushTimer);
      flushTimer = null;
      const batch = arrivals;
      arrivals = [];
      const live = batch.filter((a) => a.dept === get().dept);
      if (live.length)
        set((s) => {
          const layerStatus = { ...s.layerStatus };
          const layerData = { ...s.layerData };
          const layerErrors = { ...s.layerErrors };
          for (const a of live) {
            if ('data' in a) {
              layerStatus[a.id] = 'loaded';
              layerData[a.id] = a.data;
              delete layerErrors[a.id];
            } else {
              layerStatus[a.id] = 'error';
              layerErrors[a.id] = a.error;
            }
          }
          return { layerStatus, layerData, layerErrors };
        });
      for (const a of batch) a.done();
    };
    /** An arrival waits while another layer of its département is in flight (up to `ARRIVAL_WINDOW_MS`). */
    const arrive = (arrival: LayerRead) =>
      new Promise<void>((done) => {
        arrivals.push({ ...arrival, done } as Arrival);
        const waiting = new Set(arrivals.map((a) => `${a.dept}/${a.id}`));
        const othersInFlight = [...pending.keys()].some((key) => key.startsWith(`${arrival.dept}/`) && !waiting.has(key));
        if (!othersInFlight) flush();
        else if (flushTimer === null) flushTimer = setTimeout(flush, ARRIVAL_WINDOW_MS);
      });
    /** Starts the loads of `ids` not loaded nor in flight, marked as loading in one update; resolves once each is in the store. */
    const ensureLayers = (ids: readonly string[]): Promise<void> => {
      const { dept, manifest, layerStatus } = get();
      if (!dept || !manifest) return Promise.resolve();
      const loads: Promise<void>[] = [];
      const starting: [string, (typeof manifest.layers)[string]][] = [];
      for (const id of new Set(ids)) {
        const layer = manifest.layers[id];
        if (layer?.status !== 'ok') continue;
        const inFlight = pending.get(`${dept}/${id}`);
        if (inFlight) loads.push(inFlight);
        else if ((layerStatus[id] ?? 'idle') !== 'loaded') starting.push([id, layer]);
      }
      if (starting.length)
        set((s) => ({ layerStatus: { ...s.layerStatus, ...Object.fromEntries(starting.map(([id]) => [id, 'loading' as const])) } }));
      for (const [id, layer] of starting) {
        const key = `${dept}/${id}`;
        // the request goes out now (a promise's executor runs at once), before React redraws the panels
        // for the update above (in a microtask after it); a loader failing at once is a rejection
        const fetched = new Promise<LayerData>((resolve) => resolve(loader.fetchLayer(dept, layer.file, layer.topology)));
        // registered before it can end: its first step awaits
        const load = (async () => {
          try {
            let arrival: LayerRead;
            try {
              arrival = { dept, id, data: await fetched };
            } catch (err) {
              arrival = { dept, id, error: messageOf(err) };
            }
            await arrive(arrival);
          } finally {
            pending.delete(key);
          }
        })();
        pending.set(key, load);
        loads.push(load);
      }
      return Promise.all(loads).then(() => undefined);
    };
    return {
      dept: null,
      manifest: null,
      manifestStatus: 'idle',
      manifestError: null,
      layerStatus: {},
      layerErrors: {},
      layerData: {},
      builtDepartements: null,
      builtDepartementsStatus: 'idle',
      builtDepartementsError: null,

      async loadBuiltDepartements() {
        if (get().builtDepartementsStatus !== 'idle') return;
        if (!loader.fetchIndex) {
          set({ builtDepartements: [], builtDepartementsStatus: 'loaded' });
          return;
        }
        set({ builtDepartementsStatus: 'loading' });
        try {
          const index = await loader.fetchIndex();
          set({ builtDepartements: index.departements, builtDepartementsStatus: 'loaded' });
        } catch (err) {
          set({ builtDepartementsStatus: 'error', builtDepartementsError: messageOf(err) });
        }
      },

      async loadBundle(dept) {
        set({
          dept,
          manifest: null,
          manifestStatus: 'loading',
          manifestError: null,
          layerStatus: {},
          layerErrors: {},
          layerData: {},
          selected: null,
          ...COVERAGE_RESET,
        });
        let manifest: BundleManifestFile;
        try {
          manifest = await loader.fetchManifest(dept);
        } catch (err) {
          if (get().dept === dept) set({ manifestStatus: 'error', manifestError: messageOf(err) });
          return;
        }
        if (get().dept !== dept) return; // another département was asked for meanwhile
        set({ manifest, manifestStatus: 'loaded' });
        // the one "département loaded" step: the planner's table if it is open, and every layer the
        // view needs (visible layers, a derived layer's base, a search's service layers)
        if (get().plannerOpen) void get().computeCoverage();
        await ensureLayers(selectLayersToLoad(get()));
      },

      ensureLayer(id) {
        return ensureLayers([id]);
      },
    };
  };
}
