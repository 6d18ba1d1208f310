import type { StateCreator } from 'zustand/vanilla';
import type { AppState, Camera, NavigationSlice } from '../app-state.ts';

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
    if (!sameCamera(get().camera, camera)) set({ camera: { lng: camera.lng, lat: camera.lat, zoom: camera.zoom } });
  },

  requestCamera(camera) {
    if (sameCamera(get().camera, camera)) return;
    set((s) => ({ cameraRequest: { lng: camera.lng, lat: camera.lat, zoom: camera.zoom, seq: (s.cameraRequest?.seq ?? 0) + 1 } }));
  },
});
