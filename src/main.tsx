import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchLayer, fetchManifest } from './data/sources/fetch-bundle.ts';
import { createAppStore } from './state/store.ts';
import { App } from './ui/App.tsx';
import { createWorkerCoverageRunner } from './workers/coverage-client.ts';
import { StoreProvider } from './ui/use-app-store.ts';
import './ui/styles.css';

/** Département code from `?dept=`, Nord (59) by default. */
function deptFromUrl(): string {
  const dept = new URLSearchParams(window.location.search).get('dept')?.trim().toUpperCase();
  return dept && /^(\d{2}|2A|2B|97\d)$/.test(dept) ? dept : '59';
}

const store = createAppStore({ loader: { fetchManifest, fetchLayer }, coverage: createWorkerCoverageRunner() });
void store.getState().loadBundle(deptFromUrl());

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StoreProvider value={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
