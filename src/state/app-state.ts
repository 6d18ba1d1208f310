import type { BundleManifestFile, LayerData, LayerManifest } from '../data/bundle/bundle-types.ts';
import type { CoverageBase } from '../core/coverage/coverage-base.ts';
import type { CoverageRule, CoverageTable } from '../core/coverage/coverage-types.ts';
import type { ColumnMapping } from '../data/import/import-types.ts';
import type { ImportStore, ImportStoreStatus, StoredImport } from '../data/sources/import-store.ts';
import type { GeocodedAddress } from '../data/geocode/geocode-address.ts';

/**
 * The shape of the one application store: each slice's state with its actions.
 * Declared here, apart from the slice implementations (slices/*.slice.ts), so that
 * slices can see the whole store without importing each other or store.ts.
 */

export type { BundleManifestFile, LayerData, LayerManifest };

/** Where the bundle comes from; the browser app injects the fetch implementation (src/data/bundle/fetch-bundle.ts). */
export interface BundleLoader {
  fetchManifest(dept: string): Promise<BundleManifestFile>;
  fetchLayer(dept: string, file: string): Promise<LayerData>;
}

export type LoadStatus = 'idle' | 'loading' | 'loaded' | 'error';

/** Data slice: the département's manifest and the layers loaded so far. */
export interface DataSlice {
  dept: string | null;
  manifest: BundleManifestFile | null;
  manifestStatus: LoadStatus;
  manifestError: string | null;
  /** Load status per layer id (absent means idle). */
  layerStatus: Record<string, LoadStatus>;
  layerErrors: Record<string, string>;
  /** Loaded GeoJSON per layer id; a new object reference means new data. */
  layerData: Record<string, LayerData>;
  /** Loads the manifest of a département, then every visible layer. */
  loadBundle(dept: string): Promise<void>;
  /** Loads one layer if the manifest has data for it and it is not loaded yet; while it is loading, resolves with that same load. */
  ensureLayer(id: string): Promise<void>;
}

/**
 * Filter of one layer: property → the values kept (a feature passes when its property, or one
 * element of it for a list, is among them; several properties must all pass). Absent or empty: no filter.
 */
export type LayerFilter = Record<string, readonly string[]>;

/** State of the online basemap: off, tiles loading, at least one tile shown, or unreachable. */
export type BasemapStatus = 'off' | 'loading' | 'ok' | 'error';

/** View slice: which layers are shown, their filters and options, the online basemap. */
export interface ViewSlice {
  /** Visibility per layer id. */
  visible: Record<string, boolean>;
  /** Filters per layer id (e.g. `digital-inclusion`: `{ labels: ['Aidants Connect'] }`). */
  layerFilters: Record<string, LayerFilter>;
  /** Year shown by the adultes-relais choropleth; null: the latest year of the data. */
  mediatorsYear: number | null;
  /** Whether the online basemap (Plan IGN) is shown under the layers; off by default. */
  basemap: boolean;
  basemapStatus: BasemapStatus;
  /** Shows or hides a layer; showing loads its data (or its base layer's) if needed. */
  setLayerVisible(id: string, visible: boolean): void;
  /** Keeps only the features of `layerId` whose `field` is among `values` (empty: no filter on that field). */
  setLayerFilter(layerId: string, field: string, values: readonly string[]): void;
  clearLayerFilters(layerId: string): void;
  setMediatorsYear(year: number | null): void;
  setBasemap(on: boolean): void;
  /** Reported by the map: tiles loaded, or unreachable (ignored while the basemap is off). */
  reportBasemapStatus(status: Exclude<BasemapStatus, 'off'>): void;
}

/** A feature of a layer, by its stable id from the official dataset (`properties.id`, or `properties.code` for areas). */
export interface FeatureRef {
  layer: string;
  id: string;
}

/** Selection slice: the feature whose details are shown. */
export interface SelectionSlice {
  selected: FeatureRef | null;
  /** Whether the map brings the selection into view (not when a shared link gives its own view). */
  revealSelected: boolean;
  /** Selects a feature, showing its layer if it was hidden; `reveal: false` leaves the map view alone. */
  select(ref: FeatureRef, options?: { reveal?: boolean }): void;
  clearSelection(): void;
}

export type CoverageSortKey =
  | 'cantonCode'
  | 'cantonName'
  | 'population'
  | 'franceServices'
  | 'target'
  | 'gap'
  | 'priority'
  | 'inhabitantsPerFranceServices'
  | 'meanDistanceKm'
  | 'maxDistanceKm'
  | 'populationWithin30MinPct'
  | 'meanDriveMinutes';

/** Coverage slice: the planners' canton table, its rule, filters and sort order. */
export interface CoverageSlice {
  /** Whether the planner view (choropleth + table) is shown. */
  plannerOpen: boolean;
  coverageStatus: LoadStatus;
  /** Stage while loading: fetching layers, or computing. */
  coverageStage: 'loading' | 'computing' | null;
  coverageError: string | null;
  coverageBase: CoverageBase | null;
  coverageRule: CoverageRule | null;
  /** Why the last rule edit was refused (the table keeps the previous rule). */
  coverageRuleError: string | null;
  /** The table for the current rule (recomputed on every rule change, no geometry involved). */
  coverageTable: CoverageTable | null;
  coverageFilter: { priorityOnly: boolean; gapsOnly: boolean };
  coverageSort: { key: CoverageSortKey; descending: boolean };
  /** Shows or hides the planner view; showing it starts the computation if needed. */
  setPlannerOpen(open: boolean): void;
  /** Computes the table of the loaded département (no-op while computing or when done). */
  computeCoverage(): Promise<void>;
  setCoverageRule(rule: CoverageRule): void;
  setCoverageFilter(filter: Partial<CoverageSlice['coverageFilter']>): void;
  /** Sorts by `key`; the same key again flips the order. */
  setCoverageSort(key: CoverageSortKey): void;
}

/** Geocodes an address typed by the user (the IGN Géoplateforme in the browser), favouring answers near `near`. */
export type Geocode = (query: string, near?: readonly [number, number]) => Promise<GeocodedAddress[]>;

/** The place a resident searches from: a commune (its centre), a geocoded address, or their position. */
export interface FindOrigin {
  kind: 'commune' | 'address' | 'geolocation';
  /** French label shown to the user ("Maubeuge (59600)", an address label, "votre position"). */
  label: string;
  /** `[lng, lat]` WGS84. */
  lngLat: readonly [number, number];
  /** INSEE code of a commune origin. */
  code?: string;
  /** Accuracy of a geolocated position, metres. */
  accuracyM?: number;
}

/** Find slice: "Trouver un service" — the searched place; results are derived (selectFindResults). */
export interface FindSlice {
  findOrigin: FindOrigin | null;
  /** Sites per service group (3 by default). */
  findK: number;
  /** A message about the search for the user (a place far from the département, geolocation refused…). */
  findNotice: string | null;
  addressSearch: { status: LoadStatus | 'done'; query: string; candidates: GeocodedAddress[]; error: string | null };
  /** Searches from a place: loads every service layer; results follow from the data. */
  findNearestFrom(origin: FindOrigin): void;
  /** Geocodes an address (online), then searches from its best answer. */
  searchAddress(query: string): Promise<void>;
  setFindNotice(text: string | null): void;
  clearFind(): void;
}

/** A map view: centre and zoom. */
export interface Camera {
  lng: number;
  lat: number;
  zoom: number;
}

/** Navigation slice: the map view as the map reports it, views requested by links or back/forward, embed mode. */
export interface NavigationSlice {
  /** Embedded in another site (`?embed=1`): the map alone, without the surrounding chrome. */
  embed: boolean;
  /** The map's current view, reported by the map after each move. */
  camera: Camera | null;
  /** A view the map must move to (from a shared link, or back/forward); `seq` grows with each request. */
  cameraRequest: (Camera & { seq: number }) | null;
  setEmbed(embed: boolean): void;
  reportCamera(camera: Camera): void;
  requestCamera(camera: Camera): void;
}

export type { ImportStore };

/** A layer the user imported: shown, counted in the coverage table and searched like the bundle's. */
export interface ImportedLayer extends Omit<StoredImport, 'schema' | 'features'> {
  /** The stored fields (`id`: `import-…`, also its id in `layerData` and `visible`), with the features as GeoJSON. */
  data: LayerData;
  /** A manifest entry for the details panel and exports (title, source). */
  manifest: LayerManifest;
}

/** The import in progress (or its outcome), for the import panel. */
export interface ImportJob {
  status: 'idle' | 'running' | 'needs-mapping' | 'done' | 'error' | 'cancelled';
  fileName: string | null;
  target: string | null;
  stage: 'reading' | 'parsing' | 'saving' | null;
  rowsRead: number;
  accepted: number;
  /** 0–1. */
  fraction: number;
  /** Headers to map before the import can go on. */
  mapping: { headers: string[]; unknown: string[]; missing: string[]; recognised: Record<string, string> } | null;
  error: string | null;
  /** The layer the last finished import created. */
  layerId: string | null;
  elapsedMs: number | null;
}

/** Import slice: the user's own layers, their reports, the import in progress, the stored copy. */
export interface ImportSlice {
  imports: ImportedLayer[];
  importJob: ImportJob;
  /** State of the stored copy (IndexedDB): a corrupt or outdated store is said, never fatal. */
  importStore: { status: 'idle' | 'loading' | ImportStoreStatus; message: string | null };
  /** Imports a file into a new layer of `target`; asks for a column mapping when headers are unknown. */
  startImport(file: Blob & { name: string }, target: string, mapping?: ColumnMapping): Promise<void>;
  /** Goes on with the file waiting for its column mapping. */
  continueImport(mapping: ColumnMapping): Promise<void>;
  cancelImport(): void;
  dismissImportJob(): void;
  removeImport(id: string): Promise<void>;
  /** Reads the stored layers back (at start). */
  restoreImports(): Promise<void>;
  /** Empties a corrupt or outdated store. */
  clearImportStore(): Promise<void>;
}

export type AppState = DataSlice & ViewSlice & SelectionSlice & CoverageSlice & FindSlice & NavigationSlice & ImportSlice;
