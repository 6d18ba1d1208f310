import { useEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { createMapController } from '../map/map-controller.ts';
import type { AppStore } from '../state/store.ts';
import { useAppStoreApi } from './use-app-store.ts';
import { MapLegend } from './map/MapLegend.tsx';
import { MapLoading } from './map/MapLoading.tsx';

declare global {
  interface Window {
    /** Test hook (the live map and the store): only in the build made for the e2e tests (`vite build --mode e2e`). */
    __maillage?: { map: MapLibreMap; store: AppStore };
  }
}

/** True only in the e2e build: a production build drops the hook and its name (the condition is replaced at build time). */
const TEST_HOOK = import.meta.env.MODE === 'e2e';

/** Mounts the MapLibre map (with its legend, and a loading state until it has drawn once); everything else about the map lives in src/map. */
export function MapView() {
  const store = useAppStoreApi();
  const containerRef = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const controller = createMapController(container, store);
    controller.map.once('idle', () => setReady(true));
    if (TEST_HOOK) window.__maillage = { map: controller.map, store };
    return () => {
      controller.destroy();
      if (TEST_HOOK && window.__maillage?.map === controller.map) delete window.__maillage;
    };
  }, [store]);

  return (
    <>
      <div ref={containerRef} className="map" data-testid="map" />
      <MapLoading ready={ready} />
      <MapLegend />
    </>
  );
}
