import type { StateCreator } from 'zustand/vanilla';
import type { AppState, BundleLoader, BundleManifestFile, DataSlice } from '../app-state.ts';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createDataSlice(loader: BundleLoader): StateCreator<AppState, [], [], DataSlice> {
  return (set, get) => ({
    dept: null,
    manifest: null,
    manifestStatus: 'idle',
    manifestError: null,
    layerStatus: {},
    layerErrors: {},
    layerData: {},

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
        coverageStatus: 'idle',
        coverageStage: null,
        coverageError: null,
        coverageBase: null,
        coverageRule: null,
        coverageRuleError: null,
        coverageTable: null,
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
      if (get().plannerOpen) void get().computeCoverage();
      const { visible } = get();
      await Promise.all(Object.keys(manifest.layers).filter((id) => visible[id]).map((id) => get().ensureLayer(id)));
    },

    async ensureLayer(id) {
      const { dept, manifest, layerStatus } = get();
      const layer = manifest?.layers[id];
      if (!dept || !layer || layer.status !== 'ok') return;
      const status = layerStatus[id] ?? 'idle';
      if (status === 'loading' || status === 'loaded') return;
      set((s) => ({ layerStatus: { ...s.layerStatus, [id]: 'loading' } }));
      try {
        const data = await loader.fetchLayer(dept, layer.file);
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
      }
    },
  });
}
