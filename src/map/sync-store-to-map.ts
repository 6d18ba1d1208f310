import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { coverageLevelOf } from '../layers/coverage-classes.ts';
import { findFeature } from '../state/selectors.ts';
import { passesCoverageFilter } from '../state/slices/coverage.slice.ts';
import { selectFilteredLayerData } from '../state/layer-views.ts';
import type { AppState, FeatureRef, LayerData } from '../state/app-state.ts';
import { geometryBBox } from '../core/geo/geometry-bbox.ts';
import { syncCameraRequest } from './sync-camera.ts';
import { COVERAGE_FILL, COVERAGE_LINE, coverageLayers } from './layers/coverage.layer.ts';
import { sourceFor, sourceIdOf, styleLayersFor } from './layers/layer-catalog.ts';
import { mapPropertiesOf, withPropertiesKept } from './layers/map-properties.ts';
import {
  CONTEXT_SOURCE,
  byRegistryOrder,
  featureStateId,
  groupSourceFor,
  isContextLayer,
  isGroupLoading,
  mergeGroup,
  promotedIdOf,
} from './layers/source-groups.ts';
import { emptyAppliedFind, syncFindToMap, type AppliedFind } from './sync-find-to-map.ts';
import { beforeIdFor, emptyAppliedExtras, removeLayerExtras, syncLayerExtras, type AppliedExtras } from './sync-layer-extras.ts';
import { syncBasemap } from './basemap.ts';
import { CANTONS } from '../layers/cantons.ts';
import { isLayerVisible, selectLayerData } from '../state/imported-layers.ts';
import { IMPORTED_TILE_LAYER } from '../data/import/imported-tiles.ts';
import { isTiledLayer, tiledSourceFor, tiledStyleLayers } from './imported-source.ts';

/** What the controller last applied to the map; compared with the store to apply only differences. */
export interface AppliedState {
  data: Record<string, LayerData>;
  styleLayers: Record<string, string[]>;
  visible: Record<string, boolean>;
  selected: FeatureRef | null;
  manifest: AppState['manifest'];
  /** The last camera request applied (a shared link, back/forward). */
  camera: { cameraSeq: number };
  /** The coverage table and filter whose levels are set as feature state, and whether the choropleth shows. */
  coverage: { table: AppState['coverageTable']; filter: AppState['coverageFilter'] | null; shown: boolean; source: unknown };
  /** The searched place and results of "Trouver un service". */
  find: AppliedFind;
  /** Labels, derived layers (rural communes, illectronisme), choropleth colours. */
  extras: AppliedExtras;
  /** The context layers in the shared context source, in its order. */
  context: string[];
  /** Whether the online basemap is on, and the département fill's opacity set for it. */
  basemap: { on: boolean; fillOn: boolean | null };
  /** Layers not to add to the map yet, though the store holds them (arrivals waiting for their moment, src/map/map-controller.ts). */
  held: Set<string>;
}

export function emptyAppliedState(): AppliedState {
  return {
    data: {},
    styleLayers: {},
    visible: {},
    selected: null,
    manifest: null,
    camera: { cameraSeq: 0 },
    coverage: { table: null, filter: null, shown: false, source: null },
    find: emptyAppliedFind(),
    extras: emptyAppliedExtras(),
    context: [],
    basemap: { on: false, fillOn: null },
    held: new Set(),
  };
}

/**
 * The planner's canton choropleth: its two style layers are added once on the cantons
 * source; each canton's level and filter state go in as feature state, only when the
 * table or the filter changes.
 */
function syncCoverage(map: MapLibreMap, state: AppState, applied: AppliedState): boolean {
  const source = sourceIdOf(CANTONS.id);
  const sourceObject = map.getSource(source);
  if (!sourceObject) return false;
  let changed = false;
  if (!map.getLayer(COVERAGE_FILL)) {
    for (const spec of coverageLayers(source))
      map.addLayer({ ...spec, layout: { ...(spec.layout ?? {}), visibility: 'none' } } as LayerSpecification, beforeIdFor(map, spec.id));
    applied.coverage = { table: null, filter: null, shown: false, source: sourceObject };
    changed = true;
  }
  const c = applied.coverage;
  const table = state.coverageTable;
  if (table && (c.table !== table || c.filter !== state.coverageFilter || c.source !== sourceObject)) {
    for (const row of table.rows) {
      map.setFeatureState(
        { source, id: row.cantonCode },
        { coverage: coverageLevelOf(row), dimmed: !passesCoverageFilter(row, state.coverageFilter) },
      );
    }
    c.table = table;
    c.filter = state.coverageFilter;
    c.source = sourceObject;
    changed = true;
  }
  const shown = state.plannerOpen && table !== null;
  if (c.shown !== shown) {
    for (const id of [COVERAGE_FILL, COVERAGE_LINE]) map.setLayoutProperty(id, 'visibility', shown ? 'visible' : 'none');
    c.shown = shown;
    changed = true;
    // the planner widens the side column: once the layout has changed, show the whole département again
    const extent = state.manifest?.departement.extent;
    const view = map.getBounds();
    // only when the whole département was in view (not after the user, or a link, zoomed in)
    if (extent && view.contains([extent[0], extent[1]]) && view.contains([extent[2], extent[3]])) {
      requestAnimationFrame(() => {
        map.resize();
        map.fitBounds(
          [
            [extent[0], extent[1]],
            [extent[2], extent[3]],
          ],
          { padding: 16, animate: false },
        );
      });
    }
  }
  return changed;
}

function removeLayer(map: MapLibreMap, applied: AppliedState, id: string): void {
  // Layers before their source (a source in use cannot be removed), those drawn from it first.
  removeLayerExtras(map, applied.extras, id);
  for (const styleId of applied.styleLayers[id] ?? []) if (map.getLayer(styleId)) map.removeLayer(styleId);
  // the shared context source stays while other layers use it (syncContextSource)
  if (!isContextLayer(id) && map.getSource(sourceIdOf(id))) map.removeSource(sourceIdOf(id));
  delete applied.data[id];
  delete applied.styleLayers[id];
  delete applied.visible[id];
}

/** Each layer data's copy for the map, with the set of properties it was narrowed to. */
const forMapCache = new WeakMap<LayerData, { kept: ReadonlySet<string>; data: LayerData }>();
/**
 * A layer's data as MapLibre gets it: each feature with only the properties the map reads
 * (src/map/layers/map-properties.ts; the store keeps the whole features). An imported feature's
 * `extra` (the file's own columns) is among those left out: its keys come from the file, and
 * MapLibre's worker messages refuse an object whose own `constructor` key is not a registered class.
 */
function forMapLibre(id: string, data: LayerData): LayerData {
  const kept = mapPropertiesOf(id);
  const cached = forMapCache.get(data);
  if (cached?.kept === kept) return cached.data;
  const narrowed = withPropertiesKept(data, kept);
  forMapCache.set(data, { kept, data: narrowed });
  return narrowed;
}

/** Shows or hides a layer's style layers. */
function applyVisibility(map: MapLibreMap, applied: AppliedState, id: string): void {
  for (const styleId of applied.styleLayers[id] ?? [])
    if (map.getLayer(styleId)) map.setLayoutProperty(styleId, 'visibility', applied.visible[id] ? 'visible' : 'none');
}

/**
 * A layer's data to the map: as GeoJSON, or for a large imported point layer a vector source of the
 * tiles its import worker cuts (src/map/imported-source.ts; its features never go to MapLibre).
 */
function setSourceData(map: MapLibreMap, state: AppState, id: string, data: LayerData, source?: GeoJSONSource): void {
  if (isTiledLayer(state, id)) {
    // an imported layer's data never changes: its tiles stay as they are
    if (!source) map.addSource(sourceIdOf(id), tiledSourceFor(id, state.manifest?.layers[id]));
    return;
  }
  if (source) source.setData(forMapLibre(id, data) as Parameters<GeoJSONSource['setData']>[0]);
  else map.addSource(sourceIdOf(id), sourceFor(forMapLibre(id, data), state.manifest?.layers[id], id));
}

function addLayer(map: MapLibreMap, state: AppState, applied: AppliedState, id: string, data: LayerData): void {
  setSourceData(map, state, id, data);
  addStyleLayers(map, state, applied, id, data);
}

function addStyleLayers(map: MapLibreMap, state: AppState, applied: AppliedState, id: string, data: LayerData): void {
  const visibility = isLayerVisible(state, id) ? 'visible' : 'none';
  const own: LayerSpecification[] = styleLayersFor(id);
  const specs = isTiledLayer(state, id) ? tiledStyleLayers(own, id, sourceIdOf(id)) : own;
  for (const spec of specs) {
    const withVisibility = { ...spec, layout: { ...(spec.layout ?? {}), visibility } } as LayerSpecification;
    map.addLayer(withVisibility, beforeIdFor(map, spec.id));
  }
  applied.data[id] = data;
  applied.styleLayers[id] = specs.map((s) => s.id);
  applied.visible[id] = isLayerVisible(state, id);
}

/**
 * The context layers' shared source (src/map/layers/source-groups.ts): one `setData` with every
 * loaded context layer when one of them changes, arrives or goes, once none is still loading; the
 * source goes with the last one.
 */
function syncContextSource(map: MapLibreMap, state: AppState, applied: AppliedState, members: [string, LayerData][]): boolean {
  const source = map.getSource(CONTEXT_SOURCE) as GeoJSONSource | undefined;
  const ids = members.map(([id]) => id);
  const same =
    source !== undefined &&
    ids.length === applied.context.length &&
    members.every(([id, data], i) => applied.context[i] === id && applied.data[id] === data);
  if (same || isGroupLoading(state.layerStatus, isContextLayer)) return false;
  if (members.length === 0) {
    if (source) map.removeSource(CONTEXT_SOURCE);
    applied.context = [];
    return source !== undefined;
  }
  const merged = mergeGroup(
    members.map(([id, data]) => [id, forMapLibre(id, data)] as const),
    promotedIdOf,
  );
  if (source) void source.setData(merged);
  else map.addSource(CONTEXT_SOURCE, groupSourceFor(merged));
  for (const [id, data] of members) {
    if (!source || !(id in applied.styleLayers)) addStyleLayers(map, state, applied, id, data);
    applied.data[id] = data;
  }
  applied.context = ids;
  return true;
}

function setSelected(map: MapLibreMap, applied: AppliedState, ref: FeatureRef, selected: boolean): boolean {
  const source = sourceIdOf(ref.layer);
  if (!map.getSource(source)) return false;
  // the shared context source is there as soon as one context layer is: wait for this one's features
  if (isContextLayer(ref.layer) && !applied.context.includes(ref.layer)) return false;
  // a tiled imported layer's features are in the tiles' one source layer
  const sourceLayer = map.getSource(source)?.type === 'vector' ? IMPORTED_TILE_LAYER : undefined;
  map.setFeatureState({ source, sourceLayer, id: featureStateId(ref.layer, ref.id) }, { selected });
  return true;
}

function sameRef(a: FeatureRef | null, b: FeatureRef | null): boolean {
  return a === b || (a !== null && b !== null && a.layer === b.layer && a.id === b.id);
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Brings a newly selected point into view when it is off screen (e.g. chosen from the list). */
function revealSelection(map: MapLibreMap, state: AppState): void {
  const feature = findFeature(state, state.selected);
  const g = feature?.geometry;
  if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
    // an area (a canton chosen in the table): fit it when it is not wholly in view
    const [minLng, minLat, maxLng, maxLat] = geometryBBox(g);
    const view = map.getBounds();
    if (view.contains([minLng, minLat]) && view.contains([maxLng, maxLat])) return;
    map.fitBounds(
      [
        [minLng, minLat],
        [maxLng, maxLat],
      ],
      { padding: 40, maxZoom: 12, animate: !prefersReducedMotion(), duration: 600 },
    );
    return;
  }
  if (feature?.geometry?.type !== 'Point') return;
  const [lng, lat] = feature.geometry.coordinates;
  if (map.getBounds().contains([lng, lat])) return;
  if (prefersReducedMotion()) map.jumpTo({ center: [lng, lat] });
  else map.easeTo({ center: [lng, lat], duration: 600 });
}

/**
 * The layers whose data the store holds and the map has not been given yet (their first arrival:
 * `syncStoreToMap` would add their sources and style layers), those held back already excepted.
 * The shared context layers are left out.
 */
export function arrivingLayers(state: AppState, applied: AppliedState): string[] {
  return Object.keys(selectLayerData(state)).filter((id) => !isContextLayer(id) && !(id in applied.data) && !applied.held.has(id));
}

/**
 * Applies the store to the map with minimal calls: `addSource`/`addLayer` the first
 * time a layer's data arrives, `setData` only when that data changes, `setLayoutProperty`
 * for visibility, feature state for the selection; a layer in `applied.held` is not added yet.
 * Idempotent; returns true if it changed the map.
 */
export function syncStoreToMap(map: MapLibreMap, state: AppState, applied: AppliedState): boolean {
  let changed = false;

  if (state.manifest !== applied.manifest) {
    applied.manifest = state.manifest;
    if (state.manifest && !state.cameraRequest) {
      // a shared link's view wins over the département's extent
      const [minLng, minLat, maxLng, maxLat] = state.manifest.departement.extent;
      map.fitBounds(
        [
          [minLng, minLat],
          [maxLng, maxLat],
        ],
        { padding: 16, animate: false },
      );
      changed = true;
    }
  }

  const layerData = selectLayerData(state);
  for (const id of Object.keys(applied.data)) {
    if (!(id in layerData)) {
      removeLayer(map, applied, id);
      changed = true;
    }
  }

  const context: [string, LayerData][] = [];
  for (const id of Object.keys(layerData)) {
    // what the map gets: the layer's data with its filter applied (clusters count only what is shown)
    const data = selectFilteredLayerData(state, id)!;
    if (isContextLayer(id)) {
      context.push([id, data]);
      continue;
    }
    const source = map.getSource(sourceIdOf(id)) as GeoJSONSource | undefined;
    if (!source) {
      if (applied.held.has(id)) continue;
      // First arrival, or the style was reset: (re)create source and layers.
      addLayer(map, state, applied, id, data);
      changed = true;
    } else if (applied.data[id] !== data) {
      setSourceData(map, state, id, data, source);
      applied.data[id] = data;
      changed = true;
    }
  }

  // in the registry's order, whatever order the layers arrived in
  context.sort(([a], [b]) => byRegistryOrder(a, b));
  if (syncContextSource(map, state, applied, context)) changed = true;

  for (const id of Object.keys(applied.styleLayers)) {
    const visible = isLayerVisible(state, id);
    if (applied.visible[id] === visible) continue;
    applied.visible[id] = visible;
    applyVisibility(map, applied, id);
    changed = true;
  }

  if (syncCameraRequest(map, state, applied.camera)) changed = true;
  if (syncLayerExtras(map, state, applied.extras)) changed = true;
  if (syncBasemap(map, state, applied.basemap)) changed = true;
  if (syncCoverage(map, state, applied)) changed = true;
  if (syncFindToMap(map, state, applied.find)) changed = true;

  if (!sameRef(applied.selected, state.selected)) {
    if (applied.selected) setSelected(map, applied, applied.selected, false);
    if (state.selected) {
      // Wait for the layer's data if it is not on the map yet; the next sync retries.
      if (setSelected(map, applied, state.selected, true)) {
        applied.selected = state.selected;
        if (state.revealSelected) revealSelection(map, state);
      } else applied.selected = null;
    } else applied.selected = null;
    changed = true;
  }

  return changed;
}
