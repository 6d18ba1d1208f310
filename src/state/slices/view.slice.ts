import type { StateCreator } from 'zustand/vanilla';
import { LAYERS, dataLayerIdOf } from '../../layers/layer-registry.ts';
import { isLayerVisible } from '../imported-layers.ts';
import { selectLayersToLoad } from '../selectors.ts';
import type { AppState, ViewSlice } from '../app-state.ts';

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set, get) => {
  return {
    visible: Object.fromEntries(LAYERS.map((l) => [l.id, l.defaultVisible])),
    layerFilters: {},
    mediatorsYear: null,
    basemap: false,
    basemapStatus: 'off',

    setLayerVisible(id, visible) {
      if (isLayerVisible(get(), id) === visible) return;
      set((s) => ({
        visible: { ...s.visible, [id]: visible },
        // A hidden layer cannot keep a selected feature on the map.
        selected: !visible && s.selected?.layer === id ? null : s.selected,
      }));
      // a layer drawn from a closer zoom is fetched when the view reaches it (navigation slice)
      if (visible && selectLayersToLoad(get()).includes(dataLayerIdOf(id))) void get().ensureLayer(dataLayerIdOf(id));
    },

    setLayerFilter(layerId, field, values) {
      const current = get().layerFilters[layerId] ?? {};
      const next = [...new Set(values)].sort();
      const before = current[field] ?? [];
      if (before.length === next.length && before.every((v, i) => v === next[i])) return;
      const filter = { ...current };
      if (next.length) filter[field] = next;
      else delete filter[field];
      set((s) => {
        const layerFilters = { ...s.layerFilters };
        if (Object.keys(filter).length) layerFilters[layerId] = filter;
        else delete layerFilters[layerId];
        return { layerFilters };
      });
    },

    clearLayerFilters(layerId) {
      if (!(layerId in get().layerFilters)) return;
      set((s) => {
        const layerFilters = { ...s.layerFilters };
        delete layerFilters[layerId];
        return { layerFilters };
      });
    },

    setMediatorsYear(year) {
      if (get().mediatorsYear !== year) set({ mediatorsYear: year });
    },

    setBasemap(on) {
      if (get().basemap === on) return;
      set({ basemap: on, basemapStatus: on ? 'loading' : 'off' });
    },

    reportBasemapStatus(status) {
      const s = get();
      if (!s.basemap || s.basemapStatus === status) return;
      set({ basemapStatus: status });
    },
  };
};
