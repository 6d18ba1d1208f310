import type { LayerManifest } from '../data/bundle/bundle-types.ts';
import { foldHeader } from '../data/import/import-fields.ts';
import type { ImportedFeature } from '../data/import/import-types.ts';
import { IMPORT_RECORD_SCHEMA, type StoredImport } from '../data/sources/import-store.ts';
import type { ImportJob, ImportedLayer, LayerData } from './app-state.ts';

/** An imported layer as the store holds it, and as the browser's store keeps it (pure helpers of the import slice). */

export const IDLE_JOB: ImportJob = {
  status: 'idle',
  fileName: null,
  target: null,
  stage: null,
  rowsRead: 0,
  accepted: 0,
  fraction: 0,
  mapping: null,
  error: null,
  layerId: null,
  elapsedMs: null,
};

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A layer id for an import: `import-<target>-<file name folded>`, made unique. */
export function layerIdFor(target: string, fileName: string, taken: readonly string[]): string {
  const base = `import-${target}-${foldHeader(fileName.replace(/\.[a-z0-9]{1,8}$/i, '')).slice(0, 24) || 'fichier'}`;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** The manifest entry of an imported layer: what the details panel and exports say of its source. */
function manifestOf(layer: Omit<ImportedLayer, 'manifest'>): LayerManifest {
  const r = layer.report;
  return {
    id: layer.id,
    title: layer.title,
    file: layer.fileName,
    status: 'ok',
    features: r.accepted,
    sources: [
      {
        id: 'import',
        title: `Fichier importé « ${layer.fileName} »`,
        producer: 'Import de l’utilisateur (données non vérifiées par Maillage)',
        licence: 'non précisée',
        attribution: '',
        vintage: layer.importedAt.slice(0, 10),
        files: [layer.fileName],
        rows_read: r.rows_read,
        rows_kept: r.accepted,
        rows_rejected: r.rejected.length,
      },
    ],
    caveats: [`${r.rejected.length} ligne(s) rejetée(s) sur ${r.rows_read} : voir le rapport dans l’onglet « Importer ».`],
  };
}

export function layerFrom(record: Omit<StoredImport, 'schema'>): ImportedLayer {
  const data: LayerData = { type: 'FeatureCollection', features: record.features as LayerData['features'] };
  const base = {
    id: record.id,
    target: record.target,
    title: record.title,
    fileName: record.fileName,
    dept: record.dept,
    importedAt: record.importedAt,
    report: record.report,
    data,
  };
  return { ...base, manifest: manifestOf(base) };
}

/** The record the browser's store keeps of a layer, but its report and features (what its import worker has). */
export function storedMetaOf(layer: ImportedLayer): Omit<StoredImport, 'report' | 'features'> {
  return {
    schema: IMPORT_RECORD_SCHEMA,
    id: layer.id,
    target: layer.target,
    title: layer.title,
    fileName: layer.fileName,
    dept: layer.dept,
    importedAt: layer.importedAt,
  };
}

/** The record the browser's store keeps of a layer. */
export function storedRecordOf(layer: ImportedLayer): StoredImport {
  return { ...storedMetaOf(layer), report: layer.report, features: layer.data.features as ImportedFeature[] };
}
