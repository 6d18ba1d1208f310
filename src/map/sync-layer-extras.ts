import type { FeatureCollection, Point } from 'geojson';
import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { labelPointOf } from '../core/geo/label-point.ts';
import { CHOROPLETH_LAYERS, LAYERS, dataLayerIdOf } from '../layers/layer-registry.ts';
import { selectChoropleth } from '../state/layer-views.ts';
import type { AppState, LayerData } from '../state/app-state.ts';
import type { Choropleth } from '../layers/layer-types.ts';
import { labelLayerFor, sourceIdOf, styleLayersFor, zIndexOf } from './layers/layer-catalog.ts';
import { LABEL_SOURCE, byRegistryOrder, isGroupLoading, mergeGroup } from './layers/source-groups.ts';

/**
 * What the map shows beyond each layer's own source and style layers: names of areas
 * (a point source per named layer), derived layers drawn on another layer's source (rural
 * communes, illectronisme) and choropleth colours set as feature state. Applied by
 * minimal differences, like the rest of the controller (sync-store-to-map.ts).
 */
export interface AppliedExtras {
  /** Per named layer: the data its label points were made from, and whether they show. */
  labels: Record<string, { data: LayerData; visible: boolean }>;
  /** The layers whose names the shared label source holds, with the data they were made from, in its order. */
  labelSource: [string, LayerData][];
  /** Per derived layer: its style layer ids and whether they show. */
  derived: Record<string, { styleLayers: string[]; visible: boolean }>;
  /** Per choropleth layer: the classes set as feature state, on which source object. */
  choropleths: Record<string, { choropleth: Choropleth; source: unknown }>;
}

export function emptyAppliedExtras(): AppliedExtras {
  return { labels: {}, labelSource: [], derived: {}, choropleths: {} };
}

/** The existing style layer that a new style layer must be inserted before, to keep the stacking order. */
export function beforeIdFor(map: MapLibreMap, styleLayerId: string): string | undefined {
  const z = zIndexOf(styleLayerId);
  let best: { id: string; z: number } | undefined;
  for (const id of map.getLayersOrder()) {
    if (id === 'background') continue;
    const lz = zIndexOf(id);
    if (lz > z && (!best || lz < best.z)) best = { id, z: lz };
  }
  return best?.id;
}

function addStyleLayer(map: MapLibreMap, spec: LayerSpecification, visible: boolean): void {
  map.addLayer(
    { ...spec, layout: { ...(spec.layout ?? {}), visibility: visible ? 'visible' : 'none' } } as LayerSpecification,
    beforeIdFor(map, spec.id),
  );
}

const labelPointsCache = new WeakMap<object, FeatureCollection<Point>>();

/**
 * One point per named area, where its name is written (inside its largest part), carrying
 * `id`, `name` and `rank` (population, or area when unknown: larger areas win collisions).
 */
export function labelPointsFor(data: LayerData): FeatureCollection<Point> {
  const cached = labelPointsCache.get(data);
  if (cached) return cached;
  const features: FeatureCollection<Point>['features'] = [];
  for (const f of data.features) {
    const g = f.geometry;
    const p = f.properties ?? {};
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || typeof p.name !== 'string') continue;
    const at = labelPointOf(g);
    if (!at) continue;
    const rank =
      typeof p.population === 'number' ? p.population : typeof p.population_in_departement === 'number' ? p.population_in_departement : 0;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: { id: String(p.code ?? p.id ?? p.name), name: p.name, rank },
    });
  }
  const result: FeatureCollection<Point> = { type: 'FeatureCollection', features };
  labelPointsCache.set(data, result);
  return result;
}

/**
 * Names of the named layers, all in the shared label source (./layers/source-groups.ts): one
 * `setData` when a named layer's data arrives, changes or goes; each layer's label style layer
 * shows or hides with the layer.
 */
function syncLabels(map: MapLibreMap, state: AppState, applied: AppliedExtras): boolean {
  let changed = false;
  const named = Object.keys(state.layerData)
    .filter((id) => labelLayerFor(id) !== null)
    .sort(byRegistryOrder);
  for (const id of Object.keys(applied.labels)) {
    if (named.includes(id)) continue;
    removeLabelLayer(map, applied, id);
    changed = true;
  }
  let source = map.getSource(LABEL_SOURCE) as GeoJSONSource | undefined;
  const held = applied.labelSource;
  const same =
    source !== undefined &&
    named.length === held.length &&
    named.every((id, i) => held[i]?.[0] === id && held[i][1] === state.layerData[id]);
  if (!same && !isGroupLoading(state.layerStatus, (id) => labelLayerFor(id) !== null)) {
    applied.labelSource = named.map((id) => [id, state.layerData[id]]);
    const merged = mergeGroup(
      named.map((id) => [id, labelPointsFor(state.layerData[id])] as const),
      (f, i) => String(f.properties?.id ?? i),
    );
    if (named.length === 0) {
      if (source) map.removeSource(LABEL_SOURCE);
      source = undefined;
    } else if (source) void source.setData(merged);
    else {
      map.addSource(LABEL_SOURCE, { type: 'geojson', data: merged });
      source = map.getSource(LABEL_SOURCE) as GeoJSONSource;
    }
    changed = true;
  }
  const inSource = new Set(applied.labelSource.map(([id]) => id));
  for (const id of named) {
    // its names wait for the shared source's next setData (another named layer is still loading)
    if (!inSource.has(id)) continue;
    const spec = labelLayerFor(id)!;
    const data = state.layerData[id];
    const visible = Boolean(state.visible[id]);
    if (!map.getLayer(spec.id)) {
      addStyleLayer(map, spec, visible);
      changed = true;
    } else if (applied.labels[id]?.visible !== visible) {
      map.setLayoutProperty(spec.id, 'visibility', visible ? 'visible' : 'none');
      changed = true;
    }
    applied.labels[id] = { data, visible };
  }
  return changed;
}

function removeLabelLayer(map: MapLibreMap, applied: AppliedExtras, id: string): void {
  const spec = labelLayerFor(id);
  if (spec && map.getLayer(spec.id)) map.removeLayer(spec.id);
  delete applied.labels[id];
}

function syncDerived(map: MapLibreMap, state: AppState, applied: AppliedExtras): boolean {
  let changed = false;
  for (const legend of LAYERS) {
    if (!legend.derived) continue;
    const id = legend.id;
    if (!map.getSource(sourceIdOf(legend.derived.from))) continue;
    const visible = Boolean(state.visible[id]);
    const current = applied.derived[id];
    const specs = styleLayersFor(id);
    if (!current || specs.some((s) => !map.getLayer(s.id))) {
      for (const spec of specs) if (!map.getLayer(spec.id)) addStyleLayer(map, spec, visible);
      for (const spec of specs) map.setLayoutProperty(spec.id, 'visibility', visible ? 'visible' : 'none');
      applied.derived[id] = { styleLayers: specs.map((s) => s.id), visible };
      changed = true;
    } else if (current.visible !== visible) {
      for (const styleId of current.styleLayers) map.setLayoutProperty(styleId, 'visibility', visible ? 'visible' : 'none');
      current.visible = visible;
      changed = true;
    }
  }
  return changed;
}

function syncChoropleths(map: MapLibreMap, state: AppState, applied: AppliedExtras): boolean {
  let changed = false;
  for (const id of CHOROPLETH_LAYERS) {
    const sourceId = sourceIdOf(dataLayerIdOf(id));
    const source = map.getSource(sourceId);
    const choropleth = selectChoropleth(state, id);
    if (!source || !choropleth) continue;
    const current = applied.choropleths[id];
    if (current && current.choropleth === choropleth && current.source === source) continue;
    if (current && current.source === source) {
      for (const key of current.choropleth.classOf.keys()) {
        if (!choropleth.classOf.has(key)) map.setFeatureState({ source: sourceId, id: key }, { choropleth: null, fill: null });
      }
    }
    for (const [key, cls] of choropleth.classOf)
      map.setFeatureState({ source: sourceId, id: key }, { choropleth: cls, fill: choropleth.colours[cls] });
    applied.choropleths[id] = { choropleth, source };
    changed = true;
  }
  return changed;
}

/** Applies labels, derived layers and choropleth colours; true if the map changed. */
export function syncLayerExtras(map: MapLibreMap, state: AppState, applied: AppliedExtras): boolean {
  const a = syncLabels(map, state, applied);
  const b = syncDerived(map, state, applied);
  const c = syncChoropleths(map, state, applied);
  return a || b || c;
}

/** Removes what was drawn on or from the source of data layer `id` (before that source goes). */
export function removeLayerExtras(map: MapLibreMap, applied: AppliedExtras, id: string): void {
  for (const legend of LAYERS) {
    if (legend.derived?.from !== id) continue;
    for (const styleId of applied.derived[legend.id]?.styleLayers ?? []) if (map.getLayer(styleId)) map.removeLayer(styleId);
    delete applied.derived[legend.id];
  }
  // the shared label source keeps the other layers' names (syncLabels gives it the rest)
  removeLabelLayer(map, applied, id);
  for (const c of CHOROPLETH_LAYERS) if (dataLayerIdOf(c) === id) delete applied.choropleths[c];
}
