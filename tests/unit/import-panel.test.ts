// @vitest-environment jsdom
/**
 * The Importer tab's accessibility: the column dialog takes focus and is named by its heading,
 * Escape or « Annuler » cancels it and gives focus back to the file control; only the progress
 * and count line is a live region, never the report table.
 */
import { createElement, act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportReport, ImportedFeature } from '../../src/data/import/import-types.ts';
import { createMemoryImportStore } from '../../src/data/sources/import-store.ts';
import { createAppStore, type AppStore } from '../../src/state/store.ts';
import type { BundleManifestFile } from '../../src/state/app-state.ts';
import type { ImportRunner } from '../../src/data/pipeline-runners.ts';
import { ImportPanel } from '../../src/ui/ImportPanel.tsx';
import { StoreProvider } from '../../src/ui/use-app-store.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Département fictif', extent: [1, 1, 1.2, 1.2] },
  layers: {},
} as unknown as BundleManifestFile;
const FEATURES: ImportedFeature[] = [
  { type: 'Feature', geometry: { type: 'Point', coordinates: [1.1, 1.1] }, properties: { id: 'a', name: 'Lieu fictif' } },
];
const REPORT: ImportReport = {
  file: 'lieux.csv',
  layer: 'first-reception',
  format: 'csv',
  schema: 'generic',
  encoding: 'utf-8',
  delimiter: ';',
  columns: { name: 'nom' },
  rows_read: 2,
  accepted: 1,
  rejected: [{ row: 2, field: 'nom', reason: 'nom manquant' }],
  warnings: [],
};

/** Unknown headers for `inconnu…` files; other files stream one batch, then wait for `finish()`. */
function runner(): ImportRunner & { finish(): void } {
  let finish = () => {};
  return {
    finish: () => finish(),
    async run(_file, options, on) {
      if (!options.mapping && options.fileName.startsWith('inconnu'))
        return {
          kind: 'needs-mapping',
          headers: ['Structure', 'Pos N', 'Pos E'],
          unknown: ['Structure', 'Pos N', 'Pos E'],
          missing: ['name', 'latitude+longitude|code_insee'],
          recognised: {},
        };
      on.batch(FEATURES, { rowsRead: 1, fraction: 0.5 });
      await new Promise<void>((resolve) => (finish = resolve));
      return { kind: 'done', report: REPORT, elapsedMs: 5 };
    },
    cancel() {},
  };
}

const file = (name: string) => Object.assign(new Blob(['x']), { name });

describe('Importer tab accessibility', () => {
  let host: HTMLElement;
  let root: Root;
  let store: AppStore;
  let importer: ReturnType<typeof runner>;

  beforeEach(async () => {
    importer = runner();
    store = createAppStore({
      loader: { fetchManifest: async () => MANIFEST, fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }) },
      importer,
      importStore: createMemoryImportStore(),
    });
    await store.getState().loadBundle('99');
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    await act(async () => root.render(createElement(StoreProvider, { value: store }, createElement(ImportPanel))));
  });

  afterEach(async () => {
    await act(async () => root.unmount());
    host.remove();
  });

  const dialog = () => host.querySelector<HTMLElement>('[role="dialog"]');
  const fileControl = () => host.querySelector<HTMLInputElement>('#import-file')!;

  async function openDialog(): Promise<HTMLElement> {
    await act(async () => store.getState().startImport(file('inconnu.csv'), 'first-reception'));
    const d = dialog();
    expect(d).not.toBeNull();
    return d!;
  }

  it('opens the column dialog named by its heading, with focus on its first field', async () => {
    const d = await openDialog();
    const title = document.getElementById(d.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent).toBe('Associer les colonnes de « inconnu.csv »');
    expect(document.getElementById(d.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/colonnes n’ont pas été reconnues/);
    expect(document.activeElement).toBe(d.querySelector('select'));
    expect(document.activeElement?.id).toBe('map-name');
  });

  it('closes on Escape, cancels the import and gives focus back to the file control', async () => {
    await openDialog();
    await act(async () => {
      document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(dialog()).toBeNull();
    expect(store.getState().importJob.status).toBe('cancelled');
    expect(document.activeElement).toBe(fileControl());
  });

  it('gives focus back to the file control on « Annuler » too', async () => {
    const d = await openDialog();
    const cancel = [...d.querySelectorAll('button')].find((b) => b.textContent === 'Annuler')!;
    await act(async () => cancel.click());
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(fileControl());
  });

  it('announces the progress and count line only, never the report table', async () => {
    let importing!: Promise<void>;
    await act(async () => {
      importing = store.getState().startImport(file('lieux.csv'), 'first-reception');
    });
    const live = () => [...host.querySelectorAll('[aria-live], [role="status"]')];
    expect(host.querySelector('.import-job')?.hasAttribute('aria-live')).toBe(false);
    expect(live()).toHaveLength(1);
    expect(live()[0].textContent).toBe('Analyse de « lieux.csv » : 1 lignes lues, 1 acceptées…');
    await act(async () => {
      importer.finish();
      await importing;
    });
    expect(host.querySelector('.import-job .import-report__table')).not.toBeNull();
    expect(live()).toHaveLength(1);
    expect(live()[0].querySelector('table, dl')).toBeNull();
    expect(live()[0].textContent).toMatch(
      /^« lieux\.csv » importé dans « .+ » : 1 lieu\(x\) sur la carte \(0 s\)\. 1 ligne\(s\) rejetée\(s\)\.$/,
    );
  });
});
