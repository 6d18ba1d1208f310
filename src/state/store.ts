import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Feature, Geometry } from 'geojson';
import type { AppState, BundleLoader, CoverageRunner, FeatureRef, Geocode, ImportRunner, ImportStore } from './app-state.ts';
import { createCoverageSlice } from './slices/coverage.slice.ts';
import { createNavigationSlice } from './slices/navigation.slice.ts';
import { createDataSlice } from './slices/data.slice.ts';
import { createFindSlice } from './slices/find.slice.ts';
import { createImportSlice } from './slices/import.slice.ts';
import { createSelectionSlice } from './slices/selection.slice.ts';
import { createViewSlice, LAYER_LEGEND } from './slices/view.slice.ts';

export type {
  AppState,
  BasemapStatus,
  BundleLoader,
  BundleManifestFile,
  Camera,
  CoverageRunner,
  CoverageSlice,
  CoverageSortKey,
  DataSlice,
  FeatureRef,
  FindOrigin,
  FindSlice,
  Geocode,
  ImportJob,
  ImportRunner,
  ImportSlice,
  ImportStore,
  ImportedLayer,
  LayerData,
  LayerFilter,
  LayerManifest,
  LoadStatus,
  NavigationSlice,
  SelectionSlice,
  ViewSlice,
} from './app-state.ts';
export { COVERAGE_CLASSES, coverageLevelOf, passesCoverageFilter } from './slices/coverage.slice.ts';
export {
  findCommunes,
  openStatusOf,
  selectFindResults,
  type FindGroupStatus,
  type FindGroupView,
  type FindItem,
  type FindResults,
} from './slices/find.slice.ts';
export { SERVICE_GROUPS, type ServiceGroup } from '../data/nearest/service-groups.ts';
export { importsOfDept, isImportedLayer, selectFindGroups, selectImportedCountedLayers } from './imported-layers.ts';
export { TRAVEL_ASSUMPTIONS } from '../core/nearest/estimate-travel.ts';
export type { OpenStatus } from '../core/hours/open-status.ts';
export type { CommunePlace } from '../data/nearest/places-from-communes.ts';
export type { PlaceMatch } from '../core/search/create-place-finder.ts';
export {
  COLORBREWER,
  LAYER_LEGEND,
  OKABE_ITO,
  dataLayerIdOf,
  derivedLayersOf,
  legendFor,
  type LayerLegend,
  type LegendGroup,
  type LegendSymbol,
} from './slices/view.slice.ts';
export {
  CHOROPLETH_LAYERS,
  LAYER_FILTER_FIELDS,
  derivedFeatureFilter,
  passesLayerFilter,
  selectChoropleth,
  selectFilteredLayerData,
  selectLayerFacets,
  selectLayerInfo,
  selectLegendLayerIds,
  selectMediatorsYear,
  selectMediatorsYears,
  type Choropleth,
  type ChoroplethClass,
  type Facet,
  type FacetOption,
  type LayerFacets,
  type LayerInfo,
} from './layer-views.ts';

export type AppStore = StoreApi<AppState>;

export interface StoreDeps {
  loader: BundleLoader;
  /** Runs the coverage computation (a worker in the browser); without it the planner view says it is unavailable. */
  coverage?: CoverageRunner;
  /** Geocodes addresses; the IGN Géoplateforme by default (tests pass a stand-in). */
  geocode?: Geocode;
  /** Runs imports off the main thread (a worker in the browser); without it the import panel says it is unavailable. */
  importer?: ImportRunner;
  /** Keeps imported layers across reloads (IndexedDB in the browser, a fake in tests). */
  importStore?: ImportStore;
}

/** Creates the one application store, composed from its slices. */
export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createDataSlice(deps.loader)(...a),
    ...createViewSlice(...a),
    ...createSelectionSlice(...a),
    ...createCoverageSlice(deps.coverage)(...a),
    ...createNavigationSlice(...a),
    ...createFindSlice(deps.geocode)(...a),
    ...createImportSlice(deps.importer, deps.importStore)(...a),
  }));
}

export type AnyFeature = Feature<Geometry | null, Record<string, unknown>>;

/** The stable id of a feature: `properties.id` for sites and zones, `properties.code` for administrative areas. */
export function featureIdOf(feature: AnyFeature): string | null {
  const p = feature.properties ?? {};
  const id = p.id ?? p.code;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

const orderedIdsCache = new WeakMap<object, string[]>();

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
    const known = LAYER_LEGEND.map((l) => l.id).filter((id) => present.includes(id));
    ids = [...known, ...present.filter((id) => !known.includes(id))];
    orderedIdsCache.set(manifest, ids);
  }
  return ids;
}
const EMPTY_IDS: string[] = [];

/** The selected feature, or null when nothing is selected or its layer is not loaded. */
export function selectSelectedFeature(state: AppState): AnyFeature | null {
  return findFeature(state, state.selected);
}

export function findFeature(state: AppState, ref: FeatureRef | null): AnyFeature | null {
  if (!ref) return null;
  const data = state.layerData[ref.layer];
  if (!data) return null;
  return (data.features as AnyFeature[]).find((f) => featureIdOf(f) === ref.id) ?? null;
}

/** True while the manifest or any layer is loading. */
export function selectIsLoading(state: AppState): boolean {
  return state.manifestStatus === 'loading' || Object.values(state.layerStatus).some((s) => s === 'loading');
}
