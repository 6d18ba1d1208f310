import type { BundleManifestFile, LayerData, LayerManifest } from '../data/bundle/bundle-types.ts';
import type { BundleIndex, BundleIndexEntry } from '../data/bundle/bundle-index.ts';
import type { CoverageBase } from '../core/coverage/coverage-base.ts';
import type { CoverageRule, CoverageTable } from '../core/coverage/coverage-types.ts';
import type { ScenarioOperation } from '../core/coverage/scenario-types.ts';
import type { ScenarioOutcome } from '../core/planning/planning-session.ts';
import type { PlacementCandidate, SuggestionResult, SuggestOptions } from '../core/planning/suggest-placements.ts';
import type { ScenarioStore, ScenarioStoreStatus, StoredScenario } from '../data/sources/scenario-store.ts';
import type { ColumnMapping } from '../data/import/import-types.ts';
import type { ImportStore, ImportStoreStatus, StoredImport } from '../data/sources/import-store.ts';
import type { GeocodedAddress } from '../data/geocode/geocode-address.ts';
import type { TimelineSlice } from './timeline-state.ts';
import type { ChangesSlice } from './changes-state.ts';
import type { RoadTimesSlice } from './road-times-state.ts';
import type { NationalSlice } from './national-state.ts';
import type { NationalComparison } from '../core/national/national-comparison.ts';

/**
 * The shape of the one application store: each slice's state with its actions.
 * Declared here, apart from the slice implementations (slices/*.slice.ts), so that
 * slices can see the whole store without importing each other or store.ts.
 */

export type { BundleManifestFile, LayerData, LayerManifest };

/** Where the bundle comes from; the browser app injects the fetch implementation (src/data/bundle/fetch-bundle.ts). */
export interface BundleLoader {
  fetchManifest(dept: string): Promise<BundleManifestFile>;
  /** A layer's GeoJSON `file`, or its TopoJSON copy when the manifest names one (`topology`). */
  fetchLayer(dept: string, file: string, topology?: string): Promise<LayerData>;
  /** The list of built départements (`data/index.json`); absent: the app offers no other département. */
  fetchIndex?(): Promise<BundleIndex>;
  /** Reads the bundle's national comparison (`manifest.national`); absent: the app says it is not available. */
  fetchNational?(dept: string, manifest: BundleManifestFile): Promise<NationalComparison | null>;
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
  /** The départements with a built bundle on this site (from `data/index.json`), once asked for. */
  builtDepartements: readonly BundleIndexEntry[] | null;
  builtDepartementsStatus: LoadStatus;
  builtDepartementsError: string | null;
  /** Fetches the list of built départements (once; later calls do nothing). */
  loadBuiltDepartements(): Promise<void>;
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
  | 'populationWithin10KmPct'
  | 'populationWithin30MinPct'
  | 'meanDriveMinutes';

/** The canton table's quick filters (all that are on must pass). */
export interface CoverageFilter {
  priorityOnly: boolean;
  gapsOnly: boolean;
  /** Cantons without any France Services (fixed or bus). */
  withoutOnly: boolean;
}

/** The network over time as the planning session knows it (the date slider's range). */
export interface CoverageTimelineInfo {
  /** Date of the France Services list (`YYYY-MM-DD`): the network is known up to that day. */
  listDate: string;
  /** First labelling day of the département's sites; null when none is dated. */
  firstDay: string | null;
  /** Rows whose labelling text gave no date (they count from the list's date). */
  undated: number;
}

/** Coverage slice: the planners' canton table, its rule, filters and sort order, the network as of a date. */
export interface CoverageSlice {
  /** Whether the planner's workspace (`?vue=planifier`: map, canton table, scenarios) is shown. */
  plannerOpen: boolean;
  coverageStatus: LoadStatus;
  /** Stage while loading: fetching layers, or computing. */
  coverageStage: 'loading' | 'computing' | null;
  coverageError: string | null;
  /** The planning session the worker holds for the data of the moment (requests name it). */
  coverageSession: number | null;
  /** Today's figures (the list's network, no scenario). */
  coverageBase: CoverageBase | null;
  /** Where a site may be placed or suggested: the communes' label points (code, name, canton). */
  coverageCandidates: readonly PlacementCandidate[] | null;
  coverageRule: CoverageRule | null;
  /** Why the last rule edit was refused (the table keeps the previous rule). */
  coverageRuleError: string | null;
  /**
   * The table shown, for the current rule: the network as of `coverageDate` when one is chosen,
   * else with the scenario applied when there is one, else today's. The map and the details read it.
   */
  coverageTable: CoverageTable | null;
  coverageFilter: CoverageFilter;
  coverageSort: { key: CoverageSortKey; descending: boolean };
  coverageTimeline: CoverageTimelineInfo | null;
  /** Why the network over time is not available (labelling dates unreadable). */
  coverageTimelineError: string | null;
  /**
   * The day the network is shown as of (`YYYY-MM-DD`: sites labelled on or before it); null: the
   * list's date, today's network. Set by the date slider and the link (`date=`); components of
   * other views (the growth chart) read it.
   */
  coverageDate: string | null;
  /** Figures as of `coverageDate` (from the worker's timeline), once they arrived. */
  coverageDateBase: CoverageBase | null;
  coverageDateStatus: LoadStatus;
  coverageDateError: string | null;
  /** Shows or hides the planner's workspace; showing it starts the computation if needed. */
  setPlannerOpen(open: boolean): void;
  /** Computes the table of the loaded département (no-op while computing or when done). */
  computeCoverage(): Promise<void>;
  setCoverageRule(rule: CoverageRule): void;
  setCoverageFilter(filter: Partial<CoverageFilter>): void;
  /** Sorts by `key`; the same key again flips the order. */
  setCoverageSort(key: CoverageSortKey): void;
  /** Shows the network as of a day (null: the list's date); an impossible day is refused with a French message. */
  setCoverageDate(day: string | null): void;
}

/** A France Services of the scenario: an existing one (by id), or one the scenario adds (by its operation's index). */
export type PlannerSiteRef = { kind: 'existing'; id: string } | { kind: 'added'; operation: number };

/** The planner's active scenario. */
export interface PlannerScenario {
  /** Id of its stored record (IndexedDB). */
  id: string;
  name: string;
  operations: ScenarioOperation[];
  /** False until it is written to the store (a scenario opened from a link is stored once edited). */
  saved: boolean;
}

/** What a click on the map does in the planner: nothing special, add a site, move one, close one. */
export type PlannerTool = 'none' | 'add' | 'move' | 'close';

/** Scenario slice: the planner's what-if scenarios, their outcome, suggested placements. */
export interface ScenarioSlice {
  scenario: PlannerScenario | null;
  /** The active scenario applied (its table, before / after, sites), for its operations and the current rule. */
  scenarioOutcome: ScenarioOutcome | null;
  scenarioStatus: 'idle' | 'computing' | 'loaded' | 'error';
  scenarioError: string | null;
  /** A message about the scenario for the user (operations of a link left out…). */
  scenarioNotice: string | null;
  /** The scenarios kept across reloads for this département, latest first. */
  savedScenarios: StoredScenario[];
  scenarioStore: { status: 'idle' | 'loading' | ScenarioStoreStatus; message: string | null };
  plannerTool: PlannerTool;
  /** A site picked to be moved (the next click on the map, or a chosen commune, says where). */
  plannerPick: PlannerSiteRef | null;
  /** The canton hovered on the map or focused in the table (its figures are shown). */
  plannerHover: string | null;
  suggestion: { status: LoadStatus; options: SuggestOptions | null; result: SuggestionResult | null; error: string | null };
  /** Starts a new empty scenario (the current one stays saved). */
  startScenario(name?: string): void;
  renameScenario(name: string): void;
  /** Adds a hypothetical France Services (a commune's code when chosen by commune; else the commune holding the point). */
  addScenarioSite(lngLat: readonly [number, number], options?: { communeCode?: string; name?: string }): void;
  /** Moves an existing France Services, or a site the scenario adds, to a point. */
  moveScenarioSite(ref: PlannerSiteRef, lngLat: readonly [number, number], communeCode?: string): void;
  closeScenarioSite(id: string): void;
  removeScenarioOperation(index: number): void;
  /** Makes a saved scenario the active one. */
  openScenario(id: string): void;
  deleteScenario(id: string): Promise<void>;
  /** Back to today's network (the scenario stays saved). */
  closeScenario(): void;
  /** Applies a link's scenario (a saved one with the same name and operations is reused). */
  setLinkScenario(link: { name: string; operations: ScenarioOperation[]; ignored: number } | null): void;
  /** Reads the saved scenarios back (at start). */
  restoreScenarios(): Promise<void>;
  /** Applies the active scenario again (new data, new rule). */
  recomputeScenario(): void;
  setPlannerTool(tool: PlannerTool): void;
  setPlannerPick(ref: PlannerSiteRef | null): void;
  setPlannerHover(cantonCode: string | null): void;
  suggestPlacements(options: SuggestOptions): Promise<void>;
  /** Adds suggested sites to the scenario (by rank; all when none given), starting one if needed. */
  addSuggestions(ranks?: readonly number[]): void;
  clearSuggestions(): void;
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

export type { ImportStore, ScenarioStore };

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
  /**
   * Loads what an import needs before a file is picked (the communes, to place rows by INSEE code
   * or commune name), so that picking a file starts the worker at once. Called when the tab opens.
   */
  prepareImport(): Promise<void>;
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

export type AppState = DataSlice &
  ViewSlice &
  SelectionSlice &
  CoverageSlice &
  ScenarioSlice &
  FindSlice &
  NavigationSlice &
  ImportSlice &
  TimelineSlice &
  ChangesSlice &
  RoadTimesSlice &
  NationalSlice;
