import type { StateCreator } from 'zustand/vanilla';
import { importCommunesFromLayer } from '../../data/import/import-communes.ts';
import { importTargetOf } from '../../data/import/import-fields.ts';
import type { ColumnMapping, ImportReport, ImportedFeature } from '../../data/import/import-types.ts';
import type { ImportRunner } from '../../data/pipeline-runners.ts';
import type { AppState, ImportSlice, ImportStore, ImportedLayer } from '../app-state.ts';
import { COMMUNES } from '../../layers/communes.ts';
import { IDLE_JOB, layerFrom, layerIdFor, messageOf, storedMetaOf, storedRecordOf } from '../imported-layer-record.ts';
import { CLOSED_MESSAGE } from '../../data/sources/import-store.ts';
import { importedSiteOf, isTiledImport, primeImportedSites } from '../imported-layers.ts';
import type { CoverageSite } from '../../core/coverage/coverage-types.ts';

export function createImportSlice(
  runner: ImportRunner | undefined,
  store: ImportStore | undefined,
  now: () => Date = () => new Date(),
): StateCreator<AppState, [], [], ImportSlice> {
  return (set, get) => {
    let pending: { file: Blob & { name: string }; target: string } | null = null;
    let run = 0;
    /** The stored layers being read back: a new import takes its id only once they are known. */
    let restoring: Promise<void> | null = null;

    // a newer version of the app opened the database in another tab: this page's connection is closed
    store?.onVersionChange?.(() => set({ importStore: { status: 'closed', message: CLOSED_MESSAGE } }));

    /** Writes a layer to the browser's store: from the page, or `written` by its import worker. */
    const persist = async (layer: ImportedLayer, written?: Promise<void>) => {
      if (!store) return void written?.catch(() => undefined);
      try {
        await (written ?? store.save(storedRecordOf(layer)));
      } catch (err) {
        if (get().importStore.status === 'closed') return;
        // removed meanwhile (its worker stopped before writing it): nothing is lost
        if (!get().imports.some((l) => l.id === layer.id)) return;
        set({
          importStore: {
            status: 'unavailable',
            message: `La couche « ${layer.title} » n’a pas pu être enregistrée dans le navigateur (${messageOf(err)}) : elle sera perdue au prochain chargement.`,
          },
        });
      }
    };

    /** The import's target, or null with the reason set on the job (unknown layer, no runner here). */
    const targetOf = (file: Blob & { name: string }, target: string) => {
      const t = importTargetOf(target);
      if (!t) {
        set({ importJob: { ...IDLE_JOB, status: 'error', fileName: file.name, error: `Couche inconnue : « ${target} ».` } });
        return null;
      }
      if (!runner) {
        set({
          importJob: {
            ...IDLE_JOB,
            status: 'error',
            fileName: file.name,
            target,
            error: 'L’import n’est pas disponible dans cet environnement.',
          },
        });
        return null;
      }
      return { t, runner };
    };

    /** Runs the import in the worker; progress and batches go to the job while `id` is the current run. */
    const runWorker = (
      r: ImportRunner,
      id: number,
      file: Blob & { name: string },
      target: string,
      mapping: ColumnMapping | undefined,
      features: ImportedFeature[],
      sites: CoverageSite[],
    ) =>
      r.run(
        file,
        {
          fileName: file.name,
          layer: target,
          mapping,
          communes: importCommunesFromLayer(get().layerData[COMMUNES.id]),
          extent: get().manifest?.departement.extent ?? null,
        },
        {
          progress: (p) =>
            id === run && set((s) => ({ importJob: { ...s.importJob, stage: p.stage, rowsRead: p.rowsRead, fraction: p.fraction } })),
          batch: (batch, p) => {
            if (id !== run) return;
            for (const f of batch) {
              features.push(f);
              const site = importedSiteOf(f);
              if (site) sites.push(site);
            }
            set((s) => ({
              importJob: { ...s.importJob, stage: 'parsing', rowsRead: p.rowsRead, fraction: p.fraction, accepted: features.length },
            }));
          },
        },
      );

    /** A finished import becomes a layer of its own: added, shown, stored. */
    const addLayer = async (
      id: number,
      file: Blob & { name: string },
      target: string,
      title: string,
      report: ImportReport,
      elapsedMs: number,
      features: ImportedFeature[],
      sites: CoverageSite[],
    ) => {
      const dept = get().dept ?? '';
      // an id taken before the stored layers are read back could overwrite one of them
      if (restoring) {
        set((s) => ({ importJob: { ...s.importJob, stage: 'saving' } }));
        await restoring;
        if (id !== run) return;
      }
      const importedAt = now().toISOString();
      const layerId = layerIdFor(
        target,
        file.name,
        get().imports.map((l) => l.id),
      );
      const layer = layerFrom({
        id: layerId,
        target,
        title: `${title} — ${file.name}`,
        fileName: file.name,
        dept,
        importedAt,
        report,
        features,
      });
      primeImportedSites(layer.data, sites);
      // the worker that holds the features stores the layer and, for a large point layer, cuts its map
      // tiles (registered before the map asks): the page clones neither the features nor the report
      const written = runner?.adopt?.(layerId, storedMetaOf(layer), isTiledImport(layer));
      set((s) => ({
        imports: [...s.imports, layer],
        importJob: {
          ...IDLE_JOB,
          status: 'done',
          fileName: file.name,
          target,
          rowsRead: report.rows_read,
          accepted: report.accepted,
          fraction: 1,
          layerId,
          elapsedMs,
        },
      }));
      // shown when it arrives (an older choice for a removed layer of the same id does not hide it)
      get().setLayerVisible(layerId, true);
      await persist(layer, written);
    };

    const startRun = async (file: Blob & { name: string }, target: string, mapping: ColumnMapping | undefined) => {
      const ok = targetOf(file, target);
      if (!ok) return;
      const id = ++run;
      pending = null;
      set({ importJob: { ...IDLE_JOB, status: 'running', fileName: file.name, target, stage: 'reading' } });
      // communes place the rows that only give an INSEE code or a commune: wait for them, even
      // when another panel started loading them; still missing, the rows say the communes are not loaded
      if (get().manifest?.layers[COMMUNES.id]?.status === 'ok') await get().ensureLayer(COMMUNES.id);
      if (id !== run) return;
      const features: ImportedFeature[] = [];
      const sites: CoverageSite[] = [];
      try {
        const outcome = await runWorker(ok.runner, id, file, target, mapping, features, sites);
        if (id !== run) return;
        if (outcome.kind === 'needs-mapping') {
          pending = { file, target };
          set({
            importJob: {
              ...IDLE_JOB,
              status: 'needs-mapping',
              fileName: file.name,
              target,
              mapping: { headers: outcome.headers, unknown: outcome.unknown, missing: outcome.missing, recognised: outcome.recognised },
            },
          });
          return;
        }
        await addLayer(id, file, target, ok.t.title, outcome.report, outcome.elapsedMs, features, sites);
      } catch (err) {
        if (id !== run) return;
        set({ importJob: { ...IDLE_JOB, status: 'error', fileName: file.name, target, error: messageOf(err) } });
      }
    };

    return {
      imports: [],
      importJob: IDLE_JOB,
      importStore: { status: 'idle', message: null },

      async prepareImport() {
        if (get().manifest?.layers[COMMUNES.id]?.status !== 'ok') return;
        try {
          await get().ensureLayer(COMMUNES.id);
        } catch {
          // said by the import itself: rows that need the communes are rejected, naming why
        }
      },

      startImport(file, target, mapping) {
        return startRun(file, target, mapping);
      },

      async continueImport(mapping) {
        if (!pending) return;
        const { file, target } = pending;
        await startRun(file, target, mapping);
      },

      cancelImport() {
        if (get().importJob.status !== 'running' && get().importJob.status !== 'needs-mapping') return;
        run++;
        pending = null;
        runner?.cancel();
        set((s) => ({ importJob: { ...IDLE_JOB, status: 'cancelled', fileName: s.importJob.fileName, target: s.importJob.target } }));
      },

      dismissImportJob() {
        pending = null;
        set({ importJob: IDLE_JOB });
      },

      async removeImport(id) {
        if (!get().imports.some((l) => l.id === id)) return;
        if (get().selected?.layer === id) get().clearSelection();
        set((s) => ({ imports: s.imports.filter((l) => l.id !== id) }));
        runner?.forget?.(id);
        try {
          await store?.remove(id);
        } catch (err) {
          if (get().importStore.status !== 'closed')
            set({ importStore: { status: 'unavailable', message: `Suppression non enregistrée (${messageOf(err)}).` } });
        }
      },

      restoreImports() {
        if (!store) return Promise.resolve();
        set({ importStore: { status: 'loading', message: null } });
        const restore = (async () => {
          try {
            const loaded = await store.loadAll();
            const known = new Set(get().imports.map((l) => l.id));
            const layers = loaded.layers.filter((l) => !known.has(l.id)).map(layerFrom);
            for (const l of layers) if (isTiledImport(l)) runner?.serve?.(l.id, l.data.features as ImportedFeature[]);
            set((s) => ({ imports: [...layers, ...s.imports], importStore: { status: loaded.status, message: loaded.message } }));
          } catch (err) {
            set({ importStore: { status: 'unavailable', message: `Couches importées non relues (${messageOf(err)}).` } });
          }
        })();
        restoring = restore;
        void restore.then(() => {
          if (restoring === restore) restoring = null;
        });
        return restore;
      },

      async clearImportStore() {
        if (!store) return;
        try {
          await store.clear();
          // the layers still in memory are written again, cleanly
          for (const layer of get().imports) await persist(layer);
          if (get().importStore.status !== 'unavailable') set({ importStore: { status: 'ok', message: null } });
        } catch (err) {
          set({ importStore: { status: 'unavailable', message: `Stockage du navigateur inutilisable (${messageOf(err)}).` } });
        }
      },
    };
  };
}
