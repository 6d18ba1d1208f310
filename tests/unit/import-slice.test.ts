/**
 * The import slice: a finished import becomes a layer (map data and visible, through selectLayerData and isLayerVisible), is stored and read
 * back after a reload, counts at once in the coverage table and joins the nearest search;
 * a corrupt or outdated store is reported, never thrown; unknown headers wait for a mapping.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { CoverageInput } from '../../src/core/coverage/coverage-types.ts';
import type { ImportOptions, ImportReport, ImportedFeature } from '../../src/data/import/import-types.ts';
import { createMemoryImportStore, IMPORT_RECORD_SCHEMA, type ImportStore } from '../../src/data/sources/import-store.ts';
import type { BundleLoader, LayerData } from '../../src/state/app-state.ts';
import { createAppStore } from '../../src/state/store.ts';
import { selectFindResults } from '../../src/state/slices/find.slice.ts';
import type { BundleManifestFile } from '../../src/state/app-state.ts';
import type { ImportRunner } from '../../src/data/pipeline-runners.ts';
import { isLayerVisible, selectImportedCountedLayers, selectLayerData } from '../../src/state/imported-layers.ts';
import { createFakeCoverageRunner } from './helpers/fake-coverage-runner.ts';

const FIXTURE = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/coverage/three-cantons-grid/input.json'), 'utf8')) as {
  input: CoverageInput;
};

const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Département fictif', extent: [1, 1, 1.2, 1.2] },
  coverage: {
    target: 1,
    priorityTarget: 2,
    priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
    ruralDensityLevels: [],
    basis: 'test',
  },
  layers: {
    cantons: { id: 'cantons', title: 'Cantons', file: 'cantons.geojson', status: 'ok', features: 0, sources: [], caveats: [] },
    msp: { id: 'msp', title: 'MSP', file: 'msp.geojson', status: 'no-data', features: 0, sources: [], caveats: [] },
  },
} as unknown as BundleManifestFile;

const point = (id: string, lng: number, lat: number): ImportedFeature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties: { id, name: `MSP fictive ${id}`, commune_code: null, approximate: false },
});
const FEATURES = [point('a', 1.05, 1.05), point('b', 1.06, 1.04), point('c', 1.15, 1.05)];
const REPORT: ImportReport = {
  file: 'msp.csv',
  layer: 'msp',
  format: 'csv',
  schema: 'generic',
  encoding: 'utf-8',
  delimiter: ';',
  columns: { name: 'nom' },
  rows_read: 4,
  accepted: 3,
  rejected: [{ row: 4, field: 'nom', reason: 'nom manquant' }],
  warnings: [],
};

function fakeRunner(): ImportRunner & { mappings: unknown[]; calls: ImportOptions[] } {
  const mappings: unknown[] = [];
  const calls: ImportOptions[] = [];
  return {
    mappings,
    calls,
    async run(_file, options, on) {
      mappings.push(options.mapping);
      calls.push(options);
      if (!options.mapping && options.fileName.includes('inconnu'))
        return { kind: 'needs-mapping', headers: ['Raison'], unknown: ['Raison'], missing: ['name'], recognised: {} };
      on.progress({ stage: 'parsing', rowsRead: 0, fraction: 0 });
      on.batch(FEATURES.slice(0, 2), { rowsRead: 2, fraction: 0.5 });
      on.batch(FEATURES.slice(2), { rowsRead: 4, fraction: 1 });
      return { kind: 'done', report: REPORT, elapsedMs: 1 };
    },
    cancel() {},
  };
}

function makeStore(
  records: unknown[] = [],
  options: { loader?: BundleLoader; importStore?: ImportStore & { records: Map<string, unknown> } } = {},
) {
  const importStore = options.importStore ?? createMemoryImportStore(records);
  const coverage = createFakeCoverageRunner(FIXTURE.input);
  const extras = coverage.extras;
  const runner = fakeRunner();
  const store = createAppStore({
    loader: options.loader ?? {
      fetchManifest: async () => MANIFEST,
      fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }),
    },
    coverage,
    importer: runner,
    importStore,
  });
  return { store, importStore, extras, runner };
}
const file = (name: string) => Object.assign(new Blob(['x']), { name });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('import slice', () => {
  it('turns a finished import into a shown layer with its report, and stores it', async () => {
    const { store, importStore } = makeStore();
    await store.getState().loadBundle('99');
    await store.getState().startImport(file('msp.csv'), 'msp');
    const s = store.getState();
    expect(s.importJob).toMatchObject({ status: 'done', rowsRead: 4, accepted: 3, layerId: 'import-msp-msp' });
    expect(s.imports).toHaveLength(1);
    const layer = s.imports[0];
    expect(layer.report).toEqual(REPORT);
    expect(selectLayerData(s)[layer.id].features).toHaveLength(3);
    expect(isLayerVisible(s, layer.id)).toBe(true);
    expect(layer.manifest.sources[0]).toMatchObject({ rows_read: 4, rows_kept: 3, rows_rejected: 1 });
    expect([...importStore.records.keys()]).toEqual([layer.id]);
  });

  it('reads stored layers back after a reload, even when the bundle loads after them', async () => {
    const first = makeStore();
    await first.store.getState().loadBundle('99');
    await first.store.getState().startImport(file('msp.csv'), 'msp');
    const { store } = makeStore([...first.importStore.records.values()]);
    await store.getState().restoreImports();
    await store.getState().loadBundle('99');
    const s = store.getState();
    expect(s.importStore.status).toBe('ok');
    expect(s.imports.map((l) => l.id)).toEqual(['import-msp-msp']);
    expect(selectLayerData(s)['import-msp-msp'].features).toHaveLength(3);
  });

  it('reports a corrupt or outdated store in French and keeps the readable layers', async () => {
    const good = makeStore();
    await good.store.getState().loadBundle('99');
    await good.store.getState().startImport(file('msp.csv'), 'msp');
    const record = [...good.importStore.records.values()][0] as Record<string, unknown>;
    const corrupt = makeStore([record, { ...record, id: 'import-msp-x', title: 'Couche abîmée', features: 'oops' }]);
    await corrupt.store.getState().restoreImports();
    expect(corrupt.store.getState().importStore.status).toBe('corrupt');
    expect(corrupt.store.getState().importStore.message).toMatch(/« Couche abîmée » \(liste des lieux manquante\)/);
    expect(corrupt.store.getState().imports).toHaveLength(1);
    const outdated = makeStore([{ ...record, schema: IMPORT_RECORD_SCHEMA + 1 }]);
    await outdated.store.getState().restoreImports();
    expect(outdated.store.getState().importStore.status).toBe('outdated');
    expect(outdated.store.getState().imports).toHaveLength(0);
    await outdated.store.getState().clearImportStore();
    expect(outdated.importStore.records.size).toBe(0);
    expect(outdated.store.getState().importStore.status).toBe('ok');
  });

  it('counts an import in the coverage table at once, and drops it again when removed', async () => {
    const { store, extras } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setPlannerOpen(true);
    await tick();
    expect(store.getState().coverageTable?.countedLayers.map((l) => l.id)).toEqual(['first-reception', 'msp']);
    await store.getState().startImport(file('msp.csv'), 'msp');
    await tick();
    await tick();
    const table = store.getState().coverageTable!;
    const id = 'import-msp-msp';
    expect(extras.at(-1)?.map((l) => l.id)).toEqual([id]);
    expect(table.countedLayers.map((l) => l.id)).toEqual(['first-reception', 'msp', id]);
    expect(table.rows.map((r) => r.layerCounts[id])).toEqual([2, 1, 0]);
    expect(table.total.layerCounts[id]).toBe(3);
    await store.getState().removeImport(id);
    await tick();
    await tick();
    expect(store.getState().coverageTable?.countedLayers.map((l) => l.id)).toEqual(['first-reception', 'msp']);
    expect(selectLayerData(store.getState())[id]).toBeUndefined();
  });

  it('adds an import to its service group of the nearest search', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    await store.getState().startImport(file('msp.csv'), 'msp');
    store.getState().findNearestFrom({ kind: 'geolocation', label: 'ici', lngLat: [1.15, 1.05] });
    const results = selectFindResults(store.getState())!;
    const msp = results.groups.find((g) => g.group.id === 'msp')!;
    expect(msp.status).toBe('ok');
    expect(msp.items.map((i) => i.site.id)).toEqual(['c', 'b', 'a']);
  });

  it('waits for a column mapping when headers are unknown, then goes on with it', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    await store.getState().startImport(file('inconnu.csv'), 'msp');
    expect(store.getState().importJob).toMatchObject({ status: 'needs-mapping', mapping: { unknown: ['Raison'], missing: ['name'] } });
    await store.getState().continueImport({ name: 'Raison' });
    expect(store.getState().importJob.status).toBe('done');
    expect(store.getState().imports[0].id).toBe('import-msp-inconnu');
  });
  describe('while the communes are still loading', () => {
    const WITH_COMMUNES = {
      ...MANIFEST,
      layers: {
        ...MANIFEST.layers,
        communes: { id: 'communes', title: 'Communes', file: 'communes.geojson', status: 'ok', features: 1, sources: [], caveats: [] },
      },
    } as unknown as BundleManifestFile;
    const COMMUNES = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [1.1, 1.1] },
          properties: { code: '99001', name: 'Commune fictive', postcodes: '99100', centroid_lng: 1.1, centroid_lat: 1.1 },
        },
      ],
    } as unknown as LayerData;

    /** A loader whose communes arrive only when released (or fail then). */
    function stalledLoader() {
      const fetched: string[] = [];
      let settle: ((ok: boolean) => void) | null = null;
      const loader: BundleLoader = {
        fetchManifest: async () => WITH_COMMUNES,
        fetchLayer: (_dept, file) => {
          fetched.push(file);
          if (file !== 'communes.geojson') return Promise.resolve({ type: 'FeatureCollection', features: [] } as LayerData);
          return new Promise<LayerData>((resolve, reject) => {
            settle = (ok) => (ok ? resolve(COMMUNES) : reject(new Error('réseau coupé')));
          });
        },
      };
      return { loader, fetched, release: (ok = true) => settle!(ok) };
    }

    it('waits for the communes being loaded (one load for every caller) and places rows with them', async () => {
      const stalled = stalledLoader();
      const { store, runner } = makeStore([], { loader: stalled.loader });
      // the map closer in than zoom 9: the communes (drawn from there) load with the bundle
      store.getState().requestCamera({ lng: 1.1, lat: 1.1, zoom: 10 });
      const bundle = store.getState().loadBundle('99');
      await tick();
      expect(store.getState().layerStatus.communes).toBe('loading');
      const importing = store.getState().startImport(file('msp.csv'), 'msp');
      const other = store.getState().ensureLayer('communes');
      await tick();
      expect(runner.calls).toHaveLength(0);
      stalled.release();
      await Promise.all([importing, other, bundle]);
      expect(stalled.fetched.filter((f) => f === 'communes.geojson')).toHaveLength(1);
      expect(runner.calls[0].communes?.map((c) => c.code)).toEqual(['99001']);
      expect(store.getState().importJob.status).toBe('done');
    });

    it('passes no communes (null, not an empty list) when they failed to load, so rows say the communes are not loaded', async () => {
      const stalled = stalledLoader();
      const { store, runner } = makeStore([], { loader: stalled.loader });
      // the map closer in than zoom 9: the communes (drawn from there) load with the bundle
      store.getState().requestCamera({ lng: 1.1, lat: 1.1, zoom: 10 });
      const bundle = store.getState().loadBundle('99');
      await tick();
      const importing = store.getState().startImport(file('msp.csv'), 'msp');
      await tick();
      expect(store.getState().layerStatus.communes).toBe('loading');
      stalled.release(false);
      await Promise.all([importing, bundle]);
      expect(store.getState().layerStatus.communes).toBe('error');
      expect(runner.calls[0].communes).toBeNull();
    });
  });
  it('an import finished before the stored layers are read back does not take (and overwrite) the id of one of them', async () => {
    const first = makeStore();
    await first.store.getState().loadBundle('99');
    await first.store.getState().startImport(file('msp.csv'), 'msp');
    const stored = structuredClone([...first.importStore.records.values()][0]) as Record<string, unknown>;
    // a store slow to read back (IndexedDB on a cold start)
    const memory = createMemoryImportStore([stored]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = Object.assign(Object.create(memory) as typeof memory, {
      async loadAll() {
        await gate;
        return memory.loadAll();
      },
    });
    const { store, runner } = makeStore([], { importStore: slow });
    await store.getState().loadBundle('99');
    const restoring = store.getState().restoreImports();
    const importing = store.getState().startImport(file('msp.csv'), 'msp');
    await tick();
    expect(runner.calls).toHaveLength(1);
    expect(store.getState().importJob.status).toBe('running');
    release();
    await Promise.all([restoring, importing]);
    const ids = store.getState().imports.map((l) => l.id);
    expect(ids).toEqual(['import-msp-msp', 'import-msp-msp-2']);
    expect(store.getState().importJob.layerId).toBe('import-msp-msp-2');
    // the older stored layer is still there, untouched, next to the new one
    expect([...memory.records.keys()].sort()).toEqual(['import-msp-msp', 'import-msp-msp-2']);
    expect(memory.records.get('import-msp-msp')).toEqual(stored);
  });
});

/**
 * A runner whose finished run stores its layer and serves its tiles itself (as the worker runner,
 * src/workers/import-client.ts): the slice hands it the layer's meta (never the features or the
 * report), asks tiles only for a large point layer, serves read-back large layers, forgets removed ones.
 */
describe('import slice with a runner that stores and tiles its layers', () => {
  const many = Array.from({ length: 2_500 }, (_, i) => point(`m${i}`, 1 + (i % 50) / 250, 1 + Math.floor(i / 50) / 250));
  function adoptingRunner(fail = false) {
    const log: string[] = [];
    const saved: unknown[] = [];
    const runner: ImportRunner = {
      async run(_file, _options, on) {
        for (let i = 0; i < many.length; i += 1_000) on.batch(many.slice(i, i + 1_000), { rowsRead: i, fraction: i / many.length });
        return { kind: 'done', report: { ...REPORT, rows_read: many.length + 1, accepted: many.length }, elapsedMs: 1 };
      },
      cancel() {},
      async adopt(layerId, meta, tiles) {
        log.push(`adopt ${layerId} ${tiles}`);
        saved.push(meta);
        if (fail) throw new Error('quota dépassé');
      },
      serve: (layerId, features) => void log.push(`serve ${layerId} ${features.length}`),
      forget: (layerId) => void log.push(`forget ${layerId}`),
    };
    return { runner, log, saved };
  }
  const storeWith = (runner: ImportRunner, importStore = createMemoryImportStore()) => ({
    importStore,
    store: createAppStore({
      loader: { fetchManifest: async () => MANIFEST, fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }) },
      coverage: createFakeCoverageRunner(FIXTURE.input),
      importer: runner,
      importStore,
    }),
  });

  it('lets the run store its layer and cut its tiles; the coverage sites are every point, in order', async () => {
    const { runner, log, saved } = adoptingRunner();
    const { store, importStore } = storeWith(runner);
    await store.getState().loadBundle('99');
    await store.getState().startImport(file('grand.csv'), 'other');
    const s = store.getState();
    expect(s.imports).toHaveLength(1);
    expect(log).toEqual(['adopt import-other-grand true']);
    expect(saved).toEqual([
      {
        schema: IMPORT_RECORD_SCHEMA,
        id: 'import-other-grand',
        target: 'other',
        title: s.imports[0].title,
        fileName: 'grand.csv',
        dept: '99',
        importedAt: s.imports[0].importedAt,
      },
    ]);
    // written by the run, not by the page
    expect(importStore.records.size).toBe(0);
    expect(s.importStore.status).not.toBe('unavailable');
    const counted = selectImportedCountedLayers(s).find((l) => l.id === 'import-other-grand');
    expect(counted?.sites).toEqual(
      many.map((f) => ({ id: f.properties.id, lngLat: (f.geometry as { coordinates: number[] }).coordinates, communeCode: null })),
    );
    await store.getState().removeImport('import-other-grand');
    expect(log.at(-1)).toBe('forget import-other-grand');
  });

  it('says when the run could not store the layer', async () => {
    const { runner } = adoptingRunner(true);
    const { store } = storeWith(runner);
    await store.getState().loadBundle('99');
    await store.getState().startImport(file('grand.csv'), 'other');
    expect(store.getState().importStore).toMatchObject({ status: 'unavailable', message: expect.stringContaining('quota dépassé') });
  });

  it('says nothing when a layer removed before its run stored it is not stored', async () => {
    let refuse!: (err: Error) => void;
    const { runner } = adoptingRunner();
    runner.adopt = () =>
      new Promise<void>((_resolve, reject) => {
        refuse = reject;
      });
    const { store } = storeWith(runner);
    await store.getState().loadBundle('99');
    const importing = store.getState().startImport(file('grand.csv'), 'other');
    await vi.waitFor(() => expect(store.getState().imports).toHaveLength(1));
    await store.getState().removeImport('import-other-grand');
    // its worker stopped before writing it
    refuse(new Error('le worker de la couche a été arrêté'));
    await importing;
    expect(store.getState().importStore.status).not.toBe('unavailable');
  });

  it('serves the tiles of a large layer read back from the store, not of a small one', async () => {
    const record = (id: string, features: ImportedFeature[]) => ({
      schema: IMPORT_RECORD_SCHEMA,
      id,
      target: 'other',
      title: id,
      fileName: `${id}.csv`,
      dept: '99',
      importedAt: '2026-11-30T00:00:00.000Z',
      report: { ...REPORT, rows_read: features.length, accepted: features.length, rejected: [] },
      features,
    });
    const { runner, log } = adoptingRunner();
    const { store } = storeWith(
      runner,
      createMemoryImportStore([record('import-other-big', many), record('import-other-small', FEATURES)]),
    );
    await store.getState().restoreImports();
    expect(
      store
        .getState()
        .imports.map((l) => l.id)
        .sort(),
    ).toEqual(['import-other-big', 'import-other-small']);
    expect(log).toEqual([`serve import-other-big ${many.length}`]);
  });
});
