import type { StateCreator } from 'zustand/vanilla';
import { COVERAGE_RESET } from './coverage.slice.ts';
import type { AppState, BundleLoader, BundleManifestFile, DataSlice } from '../app-state.ts';
import { selectLayersToLoad } from '../selectors.ts';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createDataSlice(loader: BundleLoader): StateCreator<AppState, [], [], DataSlice> {
  // loads in flight, by département and layer: a second caller awaits the same load
  const pending = new Map<string, Promise<void>>();
  return (set, get) => ({
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
      await Promise.all(selectLayersToLoad(get()).map((id) => get().ensureLayer(id)));
    },

    ensureLayer(id) {
      const { dept, manifest, layerStatus } = get();
      const layer = manifest?.layers[id];
      if (!dept || !layer || layer.status !== 'ok') return Promise.resolve();
      const key = `${dept}/${id}`;
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      if ((layerStatus[id] ?? 'idle') === 'loaded') return Promise.resolve();
      set((s) => ({ layerStatus: { ...s.layerStatus, [id]: 'loading' } }));
      // the fetch starts once the load is registered, so a loader failing at once cannot leave it behind
      const load = Promise.resolve().then(async () => {
        try {
          const data = await loader.fetchLayer(dept, layer.file, layer.topology);
          if (get().dept !== dept) return;
          set((s) => {
            const layerErrors = { ...s.layerErrors };
            delete layerErrors[id];
            return { layerStatus: { ...s.layerStatus, [id]: 'loaded' }, layerData: { ...s.layerData, [id]: data }, layerErrors };
          });
        } catch (err) {
          if (get().dept !== dept) return;
          set((s) => ({
            layerStatus: { ...s.layerStatus, [id]: 'error' },
            layerErrors: { ...s.layerErrors, [id]: messageOf(err) },
          }));
        } finally {
          pending.delete(key);
        }
      });
      pending.set(key, load);
      return load;
    },
  });
}
