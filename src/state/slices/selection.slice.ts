import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from '../store.ts';

/** A feature of a layer, by its stable id from the official dataset (`properties.id`, or `properties.code` for areas). */
export interface FeatureRef {
  layer: string;
  id: string;
}

export interface SelectionSlice {
  selected: FeatureRef | null;
  /** Selects a feature, showing its layer if it was hidden. */
  select(ref: FeatureRef): void;
  clearSelection(): void;
}

export const createSelectionSlice: StateCreator<AppState, [], [], SelectionSlice> = (set, get) => ({
  selected: null,

  select(ref) {
    const current = get().selected;
    if (current && current.layer === ref.layer && current.id === ref.id) return;
    if (!get().visible[ref.layer]) get().setLayerVisible(ref.layer, true);
    set({ selected: { layer: ref.layer, id: ref.id } });
  },

  clearSelection() {
    if (get().selected !== null) set({ selected: null });
  },
});
