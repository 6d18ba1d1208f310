import type { StateCreator } from 'zustand/vanilla';
import { dataLayerIdOf } from '../../layers/layer-registry.ts';
import type { AppState, Camera, NavigationSlice } from '../app-state.ts';
import { isBelowLayerMinzoom, selectZoom } from '../selectors.ts';

const sameCamera = (a: Camera | null, b: Camera) =>
  a !== null && Math.abs(a.lng - b.lng) < 1e-6 && Math.abs(a.lat - b.lat) < 1e-6 && Math.abs(a.zoom - b.zoom) < 1e-3;

export const createNavigationSlice: StateCreator<AppState, [], [], NavigationSlice> = (set, get) => ({
  embed: false,
  camera: null,
  cameraRequest: null,

  setEmbed(embed) {
    if (get().embed !== embed) set({ embed });
  },

  reportCamera(camera) {
    const before = selectZoom(get());
    if (!sameCamera(get().camera, camera)) set({ camera: { lng: camera.lng, lat: camera.lat, zoom: camera.zoom } });
    // the visible layers drawn from a closer zoom (registry `minzoom`) that the view has just reached
    for (const [id, on] of Object.entries(get().visible))
      if (on && isBelowLayerMinzoom(id, before) && !isBelowLayerMinzoom(id, camera.zoom)) void get().ensureLayer(dataLayerIdOf(id));
  },

  requestCamera(camera) {
    if (sameCamera(get().camera, camera)) return;
    set((s) => ({ cameraRequest: { lng: camera.lng, lat: camera.lat, zoom: camera.zoom, seq: (s.cameraRequest?.seq ?? 0) + 1 } }));
  },
});
