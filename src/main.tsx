import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchLayer, fetchManifest } from './data/sources/fetch-bundle.ts';
import { createAppStore } from './state/store.ts';
import { App } from './ui/App.tsx';
import { applyUrlState, bindUrlToStore } from './ui/url-sync.ts';
import { parseUrlState } from './state/url-state.ts';
import { createWorkerCoverageRunner } from './workers/coverage-client.ts';
import { StoreProvider } from './ui/use-app-store.ts';
import './ui/styles.css';

const store = createAppStore({ loader: { fetchManifest, fetchLayer }, coverage: createWorkerCoverageRunner() });
// the link: département (Nord by default), view, layers, selection, planner, embed mode
const link = parseUrlState(window.location.search);
void store.getState().loadBundle(link.dept ?? '59');
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
