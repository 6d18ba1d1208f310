import type { ErrorEvent, Map as MapLibreMap, MapSourceDataEvent, RasterSourceSpecification } from 'maplibre-gl';
import { DEPARTEMENT } from '../layers/departement.ts';
import type { AppState } from '../state/app-state.ts';
import type { AppStore } from '../state/store.ts';
import { areaFillOpacity } from './layers/area-fill.layer.ts';
import { beforeIdFor } from './sync-layer-extras.ts';

/** Source and style layer of the online basemap. */
export const BASEMAP_SOURCE = 'maillage-basemap';
export const BASEMAP_LAYER = 'basemap--raster';

/** Attribution of the online basemap, shown on the map while it is on. */
export const BASEMAP_ATTRIBUTION = 'IGN – Plan IGN v2 (Géoplateforme, data.geopf.fr), Licence Ouverte';

/**
 * Plan IGN v2 raster tiles from the IGN Géoplateforme (public WMTS, no key), Web Mercator
 * tile matrix set "PM". Only requested while the user has switched the basemap on.
 */
export function basemapSource(): RasterSourceSpecification {
  return {
    type: 'raster',
    tiles: [
      'https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2' +
        '&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}',
    ],
    tileSize: 256,
    minzoom: 0,
    maxzoom: 19,
    attribution: BASEMAP_ATTRIBUTION,
  };
}

/** How opaque the white fill of the département is: lighter over the basemap, so the plan shows through. */
const DEPARTEMENT_FILL = `${DEPARTEMENT.id}--fill`;
const DEPARTEMENT_FILL_OPACITY = {
  off: DEPARTEMENT.style.kind === 'areas' ? (DEPARTEMENT.style.fill?.opacity ?? 0.85) : 0.85,
  on: 0.35,
};

/**
 * Adds or removes the basemap (just above the background, under every data layer) to match
 * the store. `applied.on` is what the map shows. Returns true if it changed the map.
 */
export function syncBasemap(map: MapLibreMap, state: AppState, applied: { on: boolean; fillOn: boolean | null }): boolean {
  let changed = false;
  const want = state.basemap;
  const present = Boolean(map.getLayer(BASEMAP_LAYER));
  if (want && !present) {
    if (!map.getSource(BASEMAP_SOURCE)) map.addSource(BASEMAP_SOURCE, basemapSource());
    map.addLayer(
      { id: BASEMAP_LAYER, type: 'raster', source: BASEMAP_SOURCE, paint: { 'raster-opacity': 0.9 } },
      beforeIdFor(map, BASEMAP_LAYER),
    );
    changed = true;
  } else if (!want && present) {
    map.removeLayer(BASEMAP_LAYER);
    changed = true;
  }
  if (!want && map.getSource(BASEMAP_SOURCE)) map.removeSource(BASEMAP_SOURCE);
  applied.on = want;
  // the département's white fill lightens only once the plan shows (unreachable: the map looks as offline)
  const light = want && state.basemapStatus === 'ok';
  if (map.getLayer(DEPARTEMENT_FILL) && applied.fillOn !== light) {
    const opacity = areaFillOpacity(light ? DEPARTEMENT_FILL_OPACITY.on : DEPARTEMENT_FILL_OPACITY.off);
    // a paint change starts a 300 ms transition, drawn frame by frame: none when the layer already has it
    // (the fill is added with the offline opacity, so a first load changes nothing)
    if (JSON.stringify(map.getPaintProperty(DEPARTEMENT_FILL, 'fill-opacity')) !== JSON.stringify(opacity)) {
      map.setPaintProperty(DEPARTEMENT_FILL, 'fill-opacity', opacity);
      changed = true;
    }
    applied.fillOn = light;
  } else if (!map.getLayer(DEPARTEMENT_FILL)) applied.fillOn = null;
  return changed;
}

/**
 * Reports the basemap's state to the store: "ok" once a tile has loaded, "error" when tiles
 * fail before any loaded (no network, server down). Every other map error is still logged,
 * as MapLibre does when nothing listens. Returns an unbinder.
 */
export function bindBasemapStatus(map: MapLibreMap, store: AppStore): () => void {
  let loadedOne = false;
  const onError = (e: ErrorEvent & { sourceId?: string }) => {
    if (e.sourceId === BASEMAP_SOURCE) {
      if (!loadedOne) store.getState().reportBasemapStatus('error');
      return;
    }
    console.error(e.error);
  };
  const onData = (e: MapSourceDataEvent) => {
    if (e.sourceId !== BASEMAP_SOURCE || !e.tile) return;
    loadedOne = true;
    store.getState().reportBasemapStatus('ok');
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.basemap && !prev.basemap) loadedOne = false;
  });
  map.on('error', onError);
  map.on('sourcedata', onData);
  return () => {
    unsubscribe();
    map.off('error', onError);
    map.off('sourcedata', onData);
  };
}
