import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchBundleIndex, fetchBundleSource, fetchLayer, fetchManifest, fetchNational } from './data/bundle/fetch-bundle.ts';
import { readBundleChanges } from './data/bundle/bundle-changes.ts';
import { createAppStore } from './state/store.ts';
import { App } from './ui/App.tsx';
import { applyUrlState, bindUrlToStore } from './ui/url-sync.ts';
import { parseUrlState } from './state/url-state.ts';
import { createWorkerCoverageRunner } from './workers/coverage-client.ts';
import { createWorkerImportRunner } from './workers/import-client.ts';
import { setImportedTileProvider } from './map/imported-tiles-protocol.ts';
import { createWorkerTimelineRunner } from './workers/timeline-client.ts';
import { createWorkerRoadTimesRunner } from './workers/roads-client.ts';
import { createIndexedDbImportStore } from './data/sources/import-store.ts';
import { createIndexedDbScenarioStore } from './data/sources/scenario-store.ts';
import { StoreProvider } from './ui/use-app-store.ts';
import { geocodeAddress } from './data/geocode/geocode-address.ts';
import './ui/styles.css';

const importer = createWorkerImportRunner();
// the map's tiles of large imported layers, cut in their import workers (src/map/imported-source.ts)
setImportedTileProvider(
  (layerId, z, x, y) => importer.tile(layerId, z, x, y),
  (layerId) => importer.indexed(layerId),
);
const store = createAppStore({
  loader: { fetchManifest, fetchLayer, fetchIndex: fetchBundleIndex, fetchNational },
  coverage: createWorkerCoverageRunner(),
  importer,
  importStore: createIndexedDbImportStore(),
  timeline: createWorkerTimelineRunner(),
  scenarioStore: createIndexedDbScenarioStore(),
  changes: (dept, manifest) => readBundleChanges(fetchBundleSource, dept, manifest),
  roadTimes: createWorkerRoadTimesRunner(),
  // the IGN Géoplateforme geocoder, only when the user asks for an address; skipped at once when the device is offline
  geocode: (query, near) => geocodeAddress(query, { near, limit: 5, isOnline: () => navigator.onLine !== false }),
});
// the link: département (Nord by default), view, layers, selection, planner, embed mode
const link = parseUrlState(window.location.search);
void store.getState().loadBundle(link.dept ?? '59');
// the user's imported layers, kept in IndexedDB (a corrupt store is reported in the import panel)
void store.getState().restoreImports();
// the planner's scenarios, kept in IndexedDB
void store.getState().restoreScenarios();
applyUrlState(store, link);
bindUrlToStore(store);

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StoreProvider value={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
