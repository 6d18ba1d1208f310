import { useEffect, useRef } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { createMapController } from '../map/map-controller.ts';
import type { AppStore } from '../state/store.ts';
import { useAppStoreApi } from './use-app-store.ts';

declare global {
  interface Window {
    /** Test and debugging hook: the live map and the store. */
    __maillage?: { map: MapLibreMap; store: AppStore };
  }
}

/** Mounts the MapLibre map; everything else about the map lives in src/map. */
export function MapView() {
  const store = useAppStoreApi();
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const controller = createMapController(container, store);
    window.__maillage = { map: controller.map, store };
    return () => {
      controller.destroy();
      if (window.__maillage?.map === controller.map) delete window.__maillage;
    };
  }, [store]);

  return <div ref={containerRef} className="map" data-testid="map" />;
}
