import type { StateCreator } from 'zustand/vanilla';
import type { AppState, SelectionSlice } from '../app-state.ts';

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selected: null,
  revealSelected: true,

  select(ref, options) {
    const current = get().selected;
    if (current && current.layer === ref.layer && current.id === ref.id) return;
    if (!get().visible[ref.layer]) get().setLayerVisible(ref.layer, true);
    set({ selected: { layer: ref.layer, id: ref.id }, revealSelected: options?.reveal ?? true });
  },

  clearSelection() {
    if (get().selected !== null) set({ selected: null });
  },
});
