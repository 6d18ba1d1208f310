import { SERVICE_GROUPS } from '../data/nearest/service-groups.ts';
import { LAYERS, dataLayerIdOf } from '../layers/layer-registry.ts';
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

/**
 * Layers whose data the view needs now: each visible layer (a derived layer's base) and, while a
 * place is searched, every layer of "Trouver un service". Loaded when a département is loaded.
 */
export function selectLayersToLoad(state: AppState): string[] {
  const ids = new Set<string>();
  for (const [id, on] of Object.entries(state.visible)) if (on) ids.add(dataLayerIdOf(id));
  if (state.findOrigin) for (const g of SERVICE_GROUPS) for (const id of g.layers) ids.add(id);
  return [...ids];
}
