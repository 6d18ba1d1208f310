import type { Map as MapLibreMap } from 'maplibre-gl';
import type { AppState } from '../state/app-state.ts';
import type { AppStore } from '../state/store.ts';

/**
 * Moves the map to a view requested through the store (a shared link, back/forward),
 * once per request. Returns true when it moved the map.
 */
export function syncCameraRequest(map: MapLibreMap, state: AppState, applied: { cameraSeq: number }): boolean {
  const request = state.cameraRequest;
  if (!request || request.seq === applied.cameraSeq) return false;
  applied.cameraSeq = request.seq;
  map.jumpTo({ center: [request.lng, request.lat], zoom: request.zoom });
  return true;
}

/** Reports the map's view to the store after every move (for the URL). Returns an unbinder. */
export function bindCameraReports(map: MapLibreMap, store: AppStore): () => void {
  const report = () => {
    const c = map.getCenter();
    store.getState().reportCamera({ lng: c.lng, lat: c.lat, zoom: map.getZoom() });
  };
  map.on('moveend', report);
  return () => map.off('moveend', report);
}
