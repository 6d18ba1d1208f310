import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { selectIsLoading, selectLayerIds } from '../state/selectors.ts';
import type { AppState } from '../state/app-state.ts';
import type { AppStore } from '../state/store.ts';
import { baseStyle } from './base-style.ts';
import { attributionOf } from './layers/layer-catalog.ts';
import { FRENCH_LOCALE } from './french-locale.ts';
import { LayerAttributionControl, type AttributionEntry } from './attribution-control.ts';
import { bindMapEvents } from './map-events.ts';
import { BASEMAP_ATTRIBUTION, bindBasemapStatus } from './basemap.ts';
import { FitDepartementControl } from './fit-control.ts';
import { gatherFirstViewRepaints, trackUnindexedSources } from './first-view-repaint.ts';
import { placeNewSymbolsOnce } from './symbol-placement.ts';
import { bindCameraReports } from './sync-camera.ts';
import { arrivingLayers, emptyAppliedState, syncStoreToMap } from './sync-store-to-map.ts';
import { afterFrameAnd } from './arrival-gate.ts';
import { isTiledLayer } from './imported-source.ts';
import { importedTilesServable } from './imported-tiles-protocol.ts';
import { bindPlannerCamera } from './planner/planner-camera.ts';
import { bindPlannerInteractions } from './planner/planner-interactions.ts';
import { emptyAppliedPlanner, syncPlannerToMap } from './planner/sync-planner-to-map.ts';

setWorkerUrl(workerUrl);

export interface MapController {
  map: MapLibreMap;
  destroy(): void;
}

/** Attribution of every loaded layer, in legend order. */
function attributionEntries(state: AppState): AttributionEntry[] {
  const entries: AttributionEntry[] = [];
  for (const id of selectLayerIds(state)) {
    if (!state.layerData[id]) continue;
    const layer = state.manifest?.layers[id];
    const text = attributionOf(layer);
    if (layer && text) entries.push({ layer: layer.title, attribution: text });
  }
  if (state.basemap) entries.push({ layer: 'Fond de carte en ligne', attribution: BASEMAP_ATTRIBUTION });
  return entries;
}

function isNarrowScreen(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(max-width: 699px)').matches;
}

/**
 * How the map's redraws are spaced while the first view's data arrives (./first-view-repaint.ts):
 * at least a second apart, and eight times what a redraw takes when that is more (at most three
 * seconds), so that drawing takes no more than about an eighth of the loading time.
 */
const FIRST_VIEW_PACING = { minIntervalMs: 1000, maxIntervalMs: 3000, costFactor: 8 };

/** The longest a layer arriving after the first view waits for its frame and its tiles (see `sync`). */
const ARRIVAL_CAP_MS = 5000;

/** Metropolitan France, shown until the département's manifest arrives. */
const FRANCE_BOUNDS: [[number, number], [number, number]] = [
  [-5.2, 41.3],
  [9.6, 51.2],
];

/**
 * Creates the map in `container` and keeps it in step with the store through
 * `store.subscribe`, outside React. Sets `data-map-idle="true"` on the container
 * once the map has rendered everything the store holds and nothing is loading.
 */
export function createMapController(container: HTMLElement, store: AppStore): MapController {
  const map = new MapLibreMap({
    container,
    style: baseStyle(),
    bounds: FRANCE_BOUNDS,
    minZoom: 4,
    maxZoom: 16,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    attributionControl: false,
    // On a phone the map sits in a scrolling page: one finger scrolls the page, two move the map.
    cooperativeGestures: isNarrowScreen(),
    locale: FRENCH_LOCALE,
    // names appear and go at once, without MapLibre's 300 ms fade: the fade redraws the whole map at
    // every frame until it ends, after any change of the names shown; drawn in software, 60–90 ms a
    // frame, that was 6 or 7 more frames when the cantons are ticked, 3 more when an imported layer's
    // clusters arrive (docs/benchmarks.md, "Import", sixth round). The names are then placed at every
    // frame (all at once, as MapLibre does before its first idle); dashes no longer cross-fade either
    fadeDuration: 0,
  });
  // the frame that takes in the names' tiles places them: no second placement, one frame later
  placeNewSymbolsOnce(map);
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  const fitControl = new FitDepartementControl(() => store.getState().manifest?.departement.extent ?? null);
  map.addControl(fitControl, 'top-right');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  const attribution = new LayerAttributionControl();
  map.addControl(attribution, 'bottom-right');

  const applied = emptyAppliedState();
  const appliedPlanner = emptyAppliedPlanner();
  let styleReady = false;
  let syncing = false;
  container.dataset.mapIdle = 'false';

  const isSettled = () => {
    if (applied.held.size > 0) return false;
    const s = store.getState();
    return !selectIsLoading(s) && (s.manifestStatus === 'loaded' || s.manifestStatus === 'error');
  };

  // sources whose data the map's worker is still indexing: a frame drawn meanwhile draws nothing new
  const unindexed = trackUnindexedSources(map);
  // the first view: a redraw a second or so while its data arrives, not one per tile
  const restoreRepaints = gatherFirstViewRepaints(map, FIRST_VIEW_PACING, {
    done: () => container.dataset.mapIdle === 'true',
    // the store holds all the first view needs, every source is indexed (the next frame asks for
    // their tiles) and every tile asked for is in: the frame that asks for the tiles, and the
    // completing frame, at once
    ready: () => isSettled() && unindexed.size === 0 && map.areTilesLoaded(),
    // only the first view's pacing needs it: no listener on every tile event afterwards
    released: () => unindexed.stop(),
  });

  /** Set once the map has been idle with everything the store held drawn (the first view complete). */
  let firstViewDone = false;
  /** Set once MapLibre has drawn a frame: the first one waits until the store has settled (`gatherFirstViewRepaints`). */
  let drawnOnce = false;
  map.once('render', () => {
    drawnOnce = true;
  });
  /** Cancels the arrivals waiting for their moment. */
  const cancelArrivals = new Set<() => void>();

  const apply = () => {
    syncing = true;
    try {
      const state = store.getState();
      const changedLayers = syncStoreToMap(map, state, applied);
      const changed = syncPlannerToMap(map, state, appliedPlanner) || changedLayers;
      attribution.update(attributionEntries(state));
      fitControl.update();
      if (changed || !isSettled()) container.dataset.mapIdle = 'false';
      // during a camera move only MapLibre's `idle` says when it is over
      else if (!map.isMoving() && map.loaded()) container.dataset.mapIdle = 'true';
      // settled with nothing new for the map (a manifest that failed, a link with its own camera and no
      // layer): MapLibre asks for no frame, so the first one would wait for the pacing's interval
      else if (!drawnOnce) map.triggerRepaint();
    } finally {
      syncing = false;
    }
  };

  /**
   * A layer arriving after the first view (an import done, a layer switched on) goes to the map in
   * a task after the browser's next frame: that frame draws what the page shows of it (an import's
   * report, the legend), the map the next ones. A large import's layer also waits until its
   * worker's tile index is built, so that the map asks for its tiles when they can be served at
   * once. On a machine drawing in software, the report, the map's frame and the index being built
   * made frames of 150–250 ms (docs/benchmarks.md, "Import, fourth round"). Meanwhile (at most
   * `ARRIVAL_CAP_MS`) the layer is held back (`applied.held`) and everything else is applied as usual.
   */
  const sync = () => {
    if (!styleReady || syncing) return;
    const state = store.getState();
    const arriving = firstViewDone ? arrivingLayers(state, applied) : [];
    if (arriving.length > 0) {
      for (const id of arriving) applied.held.add(id);
      const tiled = arriving.filter((id) => isTiledLayer(state, id)).map(importedTilesServable);
      const cancel = afterFrameAnd(
        () => {
          cancelArrivals.delete(cancel);
          for (const id of arriving) applied.held.delete(id);
          // not `sync`: it would hold them again
          if (styleReady) apply();
        },
        Promise.all(tiled),
        ARRIVAL_CAP_MS,
      );
      cancelArrivals.add(cancel);
    }
    apply();
  };

  map.on('style.load', () => {
    styleReady = true;
    sync();
  });
  // Re-apply if the style is ever replaced (sources and layers would be gone).
  map.on('styledata', sync);
  // a camera move draws new tiles and places names again: not idle until MapLibre says so
  map.on('movestart', () => {
    container.dataset.mapIdle = 'false';
  });
  map.on('idle', () => {
    const settled = isSettled();
    container.dataset.mapIdle = settled ? 'true' : 'false';
    if (settled) firstViewDone = true;
  });
  const unsubscribe = store.subscribe(sync);
  // the planner's handlers first: the selection's handlers skip what they handled
  const unbindPlanner = bindPlannerInteractions(map, store);
  const unbindPlannerCamera = bindPlannerCamera(map, store);
  const unbindEvents = bindMapEvents(map, store);
  const unbindBasemap = bindBasemapStatus(map, store);
  const unbindCamera = bindCameraReports(map, store);

  return {
    map,
    destroy() {
      unsubscribe();
      unbindPlanner();
      unbindPlannerCamera();
      unbindEvents();
      unbindBasemap();
      unbindCamera();
      restoreRepaints();
      for (const cancel of cancelArrivals) cancel();
      map.remove();
      delete container.dataset.mapIdle;
    },
  };
}
