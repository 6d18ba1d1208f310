import { SERVICE_GROUPS } from '../data/nearest/service-groups.ts';
import { LAYERS, dataLayerIdOf, layerDef } from '../layers/layer-registry.ts';
import { featureIdOf, type AnyFeature } from '../layers/feature-props.ts';
import type { AppState, FeatureRef } from './app-state.ts';
import { selectLayerData } from './imported-layers.ts';

/** Selectors over the whole store that belong to no one slice. */

const orderedIdsCache = new WeakMap<object, string[]>();
const EMPTY_IDS: string[] = [];

/**
 * Layer ids of the manifest, known layers in legend order first, then any other
 * layer in manifest order. Memoised per manifest, so it is a stable selector result.
 */
export function selectLayerIds(state: AppState): string[] {
  const manifest = state.manifest;
  if (!manifest) return EMPTY_IDS;
  let ids = orderedIdsCache.get(manifest);
  if (!ids) {
    const present = Object.keys(manifest.layers);
    const known = LAYERS.map((l) => l.id).filter((id) => present.includes(id));
    ids = [...known, ...present.filter((id) => !known.includes(id))];
    orderedIdsCache.set(manifest, ids);
  }
  return ids;
}

/** The selected feature, or null when nothing is selected or its layer is not loaded. */
export function selectSelectedFeature(state: AppState): AnyFeature | null {
  return findFeature(state, state.selected);
}

export function findFeature(state: AppState, ref: FeatureRef | null): AnyFeature | null {
  if (!ref) return null;
  const data = selectLayerData(state)[ref.layer];
  if (!data) return null;
  return (data.features as AnyFeature[]).find((f) => featureIdOf(f) === ref.id) ?? null;
}

/** True while the manifest or any layer is loading. */
export function selectIsLoading(state: AppState): boolean {
  return state.manifestStatus === 'loading' || Object.values(state.layerStatus).some((s) => s === 'loading');
}

/** The zoom the map shows or is asked to show (0 before the map has reported any). */
export function selectZoom(state: AppState): number {
  return state.camera?.zoom ?? state.cameraRequest?.zoom ?? 0;
}

/** True when a layer drawn only from some zoom (its registry `minzoom`) is out of range at `zoom`. */
export function isBelowLayerMinzoom(id: string, zoom: number): boolean {
  const minzoom = layerDef(id)?.minzoom;
  return minzoom !== undefined && zoom < minzoom;
}

/**
 * Layers whose data the view needs now: each visible layer (a derived layer's base) drawn at the
 * current zoom (a layer drawn from a closer zoom waits for it: its `minzoom`) and, while a place is
 * searched, every layer of "Trouver un service". Loaded when a département is loaded.
 */
export function selectLayersToLoad(state: AppState): string[] {
  const ids = new Set<string>();
  const zoom = selectZoom(state);
  for (const [id, on] of Object.entries(state.visible)) if (on && !isBelowLayerMinzoom(id, zoom)) ids.add(dataLayerIdOf(id));
  if (state.findOrigin) for (const g of SERVICE_GROUPS) for (const id of g.layers) ids.add(id);
  return [...ids];
}
