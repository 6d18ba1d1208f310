import type { StateCreator } from 'zustand/vanilla';
import type { AppState, SelectionSlice } from '../app-state.ts';
import { isLayerVisible } from '../imported-layers.ts';

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selected: null,
  revealSelected: true,

  select(ref, options) {
    const current = get().selected;
    if (current && current.layer === ref.layer && current.id === ref.id) return;
    if (!isLayerVisible(get(), ref.layer)) get().setLayerVisible(ref.layer, true);
    set({ selected: { layer: ref.layer, id: ref.id }, revealSelected: options?.reveal ?? true });
  },

  clearSelection() {
    if (get().selected !== null) set({ selected: null });
  },
});
