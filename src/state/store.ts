import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CoverageRunner, ImportRunner } from '../data/pipeline-runners.ts';
import type { TimelineRunner } from '../data/timeline/timeline-runner.ts';
import type { RoadTimesRunner } from '../data/roads/road-times.ts';
import type { AppState, BundleLoader, Geocode, ImportStore, ScenarioStore } from './app-state.ts';
import { createCoverageSlice } from './slices/coverage.slice.ts';
import { createNavigationSlice } from './slices/navigation.slice.ts';
import { createDataSlice } from './slices/data.slice.ts';
import { createFindSlice } from './slices/find.slice.ts';
import { createImportSlice } from './slices/import.slice.ts';
import { createScenarioSlice } from './slices/scenario.slice.ts';
import { createSelectionSlice } from './slices/selection.slice.ts';
import { createViewSlice } from './slices/view.slice.ts';
import { createTimelineSlice } from './slices/timeline.slice.ts';
import { createChangesSlice } from './slices/changes.slice.ts';
import type { ChangesLoader } from './changes-state.ts';
import { createRoadTimesSlice } from './slices/road-times.slice.ts';
import { createNationalSlice } from './slices/national.slice.ts';

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
  /** Computes the network over time and the plan status (a worker in the browser); without it those views say they are unavailable. */
  timeline?: TimelineRunner;
  /** Keeps the planner's scenarios across reloads (IndexedDB in the browser, a fake in tests). */
  scenarioStore?: ScenarioStore;
  /** Reads the bundle's update report (`changes.json`); without it the « Nouveautés » panel stays hidden. */
  changes?: ChangesLoader;
  /** Drive minutes of the finder's results on the bundle's road graph (a worker in the browser); without it the results keep their estimates. */
  roadTimes?: RoadTimesRunner;
}

/** Creates the one application store, composed from its slices. */
export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createDataSlice(deps.loader)(...a),
    ...createViewSlice(...a),
    ...createSelectionSlice(...a),
    ...createCoverageSlice(deps.coverage)(...a),
    ...createScenarioSlice(deps.coverage, deps.scenarioStore)(...a),
    ...createNavigationSlice(...a),
    ...createFindSlice(deps.geocode)(...a),
    ...createImportSlice(deps.importer, deps.importStore)(...a),
    ...createTimelineSlice(deps.timeline)(...a),
    ...createChangesSlice(deps.changes)(...a),
    ...createRoadTimesSlice(deps.roadTimes)(...a),
    ...createNationalSlice(deps.loader)(...a),
  }));
}
