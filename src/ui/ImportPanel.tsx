import { useEffect, useRef, useState, type DragEvent } from 'react';
import { importTarget, importTargets } from '../state/import-files.ts';
import { useAppStore } from './use-app-store.ts';
import { ImportProgress } from './import/ImportProgress.tsx';
import { ImportedLayerEntry, Templates } from './import/ImportedLayers.tsx';
import { MappingDialog } from './import/MappingDialog.tsx';

const ACCEPT = '.csv,.tsv,.txt,.geojson,.json,text/csv,application/json,application/geo+json';

/** The "Importer" tab: choose a layer and a file (or drop it), follow the import, read its report, manage imported layers. */
export function ImportPanel() {
  const [target, setTarget] = useState('first-reception');
  const [dragging, setDragging] = useState(false);
  const startImport = useAppStore((s) => s.startImport);
  const running = useAppStore((s) => s.importJob.status === 'running');
  const imports = useAppStore((s) => s.imports);
  const dept = useAppStore((s) => s.dept);
  const storeState = useAppStore((s) => s.importStore);
  const clearStore = useAppStore((s) => s.clearImportStore);
  const prepareImport = useAppStore((s) => s.prepareImport);
  const manifest = useAppStore((s) => s.manifest);
  const input = useRef<HTMLInputElement>(null);
  // the communes an import places rows with load while the user picks a file, not after
  useEffect(() => {
    if (manifest) void prepareImport();
  }, [manifest, prepareImport]);
  const shown = imports.filter((l) => l.dept === dept);
  const chosen = importTarget(target);

  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (file) void startImport(file, target);
    if (input.current) input.current.value = '';
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!running) take(e.dataTransfer.files);
  };

  return (
    <div className="import-panel">
      <h2>Importer vos données</h2>
      {storeState.message && (
        <div className={`import-store import-store--${storeState.status}`} role="alert">
          <p>{storeState.message}</p>
          {(storeState.status === 'corrupt' || storeState.status === 'outdated') && (
            <button type="button" onClick={() => void clearStore()}>
              Vider le stockage des imports
            </button>
          )}
          {storeState.status === 'closed' && (
            <button type="button" onClick={() => window.location.reload()}>
              Recharger la page
            </button>
          )}
        </div>
      )}
      <div className="import-form">
        <label htmlFor="import-target">Couche à remplir</label>
        <select id="import-target" value={target} onChange={(e) => setTarget(e.currentTarget.value)} disabled={running}>
          {importTargets().map((t) => (
            <option key={t.id} value={t.id}>
              {t.title}
            </option>
          ))}
        </select>
        {chosen && <p className="import-form__hint">{chosen.description}</p>}
        <div
          className={`import-drop${dragging ? ' import-drop--over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-drop"
        >
          <p>Déposez un fichier CSV, GeoJSON ou JSON ici, ou</p>
          <input
            ref={input}
            id="import-file"
            type="file"
            accept={ACCEPT}
            disabled={running}
            onChange={(e) => take(e.currentTarget.files)}
          />
          <label htmlFor="import-file" className="visually-hidden">
            Choisir un fichier à importer
          </label>
          <p className="import-drop__limits">
            CSV (séparateur , ; ou tabulation ; UTF-8 ou Windows-1252), GeoJSON, JSON, extraction FINESS. 60 Mo et 250 000 lignes au plus.
          </p>
        </div>
      </div>
      <MappingDialog fileControl={input} />
      <ImportProgress />
      <h3>Couches importées</h3>
      {shown.length === 0 ? (
        <p className="import-panel__empty">Aucune couche importée pour ce département.</p>
      ) : (
        <ul className="imported-layers">
          {shown.map((l) => (
            <ImportedLayerEntry key={l.id} layer={l} />
          ))}
        </ul>
      )}
      <p className="import-panel__note">
        Les couches importées restent dans ce navigateur (elles ne sont envoyées nulle part), comptent dans le tableau « Couverture par
        canton » et dans « Trouver un service ».
      </p>
      <Templates />
    </div>
  );
}
