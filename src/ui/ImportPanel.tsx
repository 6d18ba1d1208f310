import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import {
  importFields,
  importTarget,
  importTargets,
  importTemplate,
  importedLayerFile,
  placeTemplateColumns,
  rejectionsFile,
  type DownloadFile,
  type ImportReport,
} from '../state/import-files.ts';
import { legendFor } from '../layers/layer-registry.ts';
import type { ImportedLayer } from '../state/app-state.ts';
import { downloadText } from './download-file.ts';
import { formatCountFr } from '../layers/french-format.ts';
import { LegendSwatch } from './LegendSwatch.tsx';
import { isLayerVisible } from '../state/imported-layers.ts';
import { useAppStore } from './use-app-store.ts';

/** Offers a file for download. */
const download = (f: DownloadFile) => downloadText(f.name, f.text, f.type);

const ACCEPT = '.csv,.tsv,.txt,.geojson,.json,text/csv,application/json,application/geo+json';
/** Rejections listed on screen; the full list is in the downloads. */
const SHOWN_REJECTIONS = 50;

function baseName(fileName: string): string {
  return fileName.replace(/\.[a-z0-9]{1,8}$/i, '').replace(/[^\p{L}\p{N}_-]+/gu, '-');
}

/** Rejections grouped by reason, most frequent first. */
function reasonsOf(report: ImportReport): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of report.rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
}

/** The validation report: counts, warnings, rejected rows, downloads. Data strings are React text only. */
export function ImportReportView({ report, title }: { report: ImportReport; title: string }) {
  const reasons = useMemo(() => reasonsOf(report), [report]);
  const approximate = report.warnings.filter((w) => w.kind === 'approximate').length;
  const duplicates = report.warnings.filter((w) => w.kind === 'duplicate').length;
  const fileWarnings = report.warnings.filter((w) => w.row === null);
  return (
    <div className="import-report">
      <h4>Rapport de validation : {title}</h4>
      <dl className="import-report__counts" data-testid="import-counts">
        <div>
          <dt>Lignes lues</dt>
          <dd data-count="rows_read">{formatCountFr(report.rows_read)}</dd>
        </div>
        <div>
          <dt>Acceptées</dt>
          <dd data-count="accepted">{formatCountFr(report.accepted)}</dd>
        </div>
        <div>
          <dt>Rejetées</dt>
          <dd data-count="rejected">{formatCountFr(report.rejected.length)}</dd>
        </div>
        <div>
          <dt>Placées au centre de leur commune</dt>
          <dd data-count="approximate">{formatCountFr(approximate)}</dd>
        </div>
        <div>
          <dt>Doublons signalés</dt>
          <dd data-count="duplicates">{formatCountFr(duplicates)}</dd>
        </div>
      </dl>
      <p className="import-report__format">
        Format reconnu : {report.schema === 'generic' ? 'tableau simple' : report.schema} ({report.format}, {report.encoding}
        {report.delimiter ? `, séparateur « ${report.delimiter === '\t' ? 'tabulation' : report.delimiter} »` : ''}).
      </p>
      {fileWarnings.length > 0 && (
        <ul className="import-report__warnings">
          {fileWarnings.map((w) => (
            <li key={w.message}>{w.message}</li>
          ))}
        </ul>
      )}
      {reasons.length > 0 && (
        <>
          <h5>Motifs de rejet</h5>
          <ul className="import-report__reasons">
            {reasons.map((r) => (
              <li key={r.reason}>
                {r.reason} : {formatCountFr(r.count)}
              </li>
            ))}
          </ul>
          <div className="table-scroll">
            <table className="import-report__table">
              <caption>
                Lignes rejetées
                {report.rejected.length > SHOWN_REJECTIONS
                  ? ` (les ${SHOWN_REJECTIONS} premières sur ${formatCountFr(report.rejected.length)} : toutes dans les fichiers à télécharger)`
                  : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Ligne</th>
                  <th scope="col">Colonne</th>
                  <th scope="col">Motif</th>
                  <th scope="col">Valeur</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.slice(0, SHOWN_REJECTIONS).map((r) => (
                  <tr key={`${r.row}|${r.field}|${r.reason}`}>
                    <td className="num">{r.row}</td>
                    <td>{r.field}</td>
                    <td>{r.reason}</td>
                    <td>{r.value ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="import-report__downloads">
        <button
          type="button"
          onClick={() => downloadText(`rapport-${baseName(report.file)}.json`, `${JSON.stringify(report, null, 2)}\n`, 'application/json')}
        >
          Rapport complet (JSON)
        </button>{' '}
        <button
          type="button"
          disabled={report.rejected.length === 0}
          onClick={() => download(rejectionsFile(report, `rejets-${baseName(report.file)}.csv`))}
        >
          Lignes rejetées (CSV)
        </button>
      </p>
    </div>
  );
}

/**
 * Which column holds each missing field: asked when the headers name nothing the synonyms know.
 * A non-modal dialog named by its heading: focus moves to its first field when it opens; Escape
 * or « Annuler » cancels and gives focus back to the file control.
 */
function MappingDialog({ fileControl }: { fileControl: RefObject<HTMLInputElement | null> }) {
  const job = useAppStore((s) => s.importJob);
  const continueImport = useAppStore((s) => s.continueImport);
  const cancel = useAppStore((s) => s.cancelImport);
  const target = importTarget(job.target ?? '');
  const [choice, setChoice] = useState<Record<string, string>>({});
  const titleId = useId();
  const introId = useId();
  const firstField = useRef<HTMLSelectElement>(null);
  const open = job.status === 'needs-mapping' && job.mapping !== null && target !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new file opens a new dialog, focused again
  useEffect(() => {
    if (open) firstField.current?.focus();
  }, [open, job.fileName]);
  if (!open || !job.mapping || !target) return null;
  const fields = importFields(target);
  const asked = job.mapping.missing.flatMap((m) => (m === 'name' ? ['name'] : m === 'code' ? ['code'] : ['lat', 'lng', 'commune_code']));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const mapping = Object.fromEntries(Object.entries(choice).filter(([, v]) => v !== ''));
    void continueImport({ ...job.mapping!.recognised, ...mapping });
  };
  const onCancel = () => {
    cancel();
    fileControl.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onCancel();
  };
  return (
    <form
      className="import-mapping"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
    >
      <h4 id={titleId}>Associer les colonnes de « {job.fileName} »</h4>
      <p id={introId}>
        Certaines colonnes n’ont pas été reconnues : {job.mapping.unknown.map((u) => `« ${u} »`).join(', ')}. Indiquez celle qui contient
        chaque information (au moins le nom, et une position : latitude et longitude, ou code INSEE).
      </p>
      {asked.map((fieldId, i) => {
        const field = fields.find((f) => f.id === fieldId)!;
        const id = `map-${fieldId}`;
        return (
          <div key={fieldId} className="import-mapping__row">
            <label htmlFor={id}>{field.label}</label>
            <select
              id={id}
              ref={i === 0 ? firstField : undefined}
              value={choice[fieldId] ?? ''}
              onChange={(e) => setChoice({ ...choice, [fieldId]: e.currentTarget.value })}
            >
              <option value="">— aucune —</option>
              {job.mapping!.headers.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <p>
        <button type="submit">Continuer l’import</button>{' '}
        <button type="button" onClick={onCancel}>
          Annuler
        </button>
      </p>
    </form>
  );
}

/** What the status line announces: the progress (at most every few seconds while rows stream in), then the outcome. */
function useAnnouncement(text: string, throttle: boolean, everyMs = 3000): string {
  const [shown, setShown] = useState(text);
  const last = useRef(0);
  useEffect(() => {
    // the first progress line at once, then one every `everyMs`; an outcome at once
    const wait = throttle ? last.current + everyMs - Date.now() : 0;
    const show = () => {
      last.current = throttle ? Date.now() : 0;
      setShown(text);
    };
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [text, throttle, everyMs]);
  return shown;
}

/**
 * The import in progress: progress bar, rows read, cancel; then its outcome. Only the progress
 * and count line is announced (a status region always present, so that its changes are read);
 * the report below it is not live, an error is an alert.
 */
function ImportProgress() {
  const job = useAppStore((s) => s.importJob);
  const cancel = useAppStore((s) => s.cancelImport);
  const dismiss = useAppStore((s) => s.dismissImportJob);
  const layer = useAppStore((s) => s.imports.find((l) => l.id === s.importJob.layerId));
  const progressLine = `${job.stage === 'reading' ? 'Lecture de' : 'Analyse de'} « ${job.fileName} » : ${formatCountFr(job.rowsRead)} lignes lues, ${formatCountFr(job.accepted)} acceptées…`;
  const doneLine = layer
    ? `« ${job.fileName} » importé dans « ${importTarget(layer.target)?.title ?? layer.target} » : ${formatCountFr(layer.report.accepted)} lieu(x) sur la carte${
        job.elapsedMs !== null ? ` (${(job.elapsedMs / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s)` : ''
      }.`
    : '';
  const cancelledLine = `Import de « ${job.fileName} » annulé : rien n’a été ajouté.`;
  const announced = useAnnouncement(
    job.status === 'running'
      ? progressLine
      : job.status === 'done'
        ? `${doneLine} ${formatCountFr(layer?.report.rejected.length ?? 0)} ligne(s) rejetée(s).`
        : job.status === 'cancelled'
          ? cancelledLine
          : '',
    job.status === 'running',
  );
  const shown = job.status !== 'idle' && job.status !== 'needs-mapping';
  return (
    <>
      <p className="visually-hidden import-job__live" role="status" aria-atomic="true">
        {announced}
      </p>
      {shown && (
        <div className="import-job">
          {job.status === 'running' && (
            <>
              <p className="import-job__progress">{progressLine}</p>
              <progress max={1} value={job.fraction} aria-label="Avancement de l’import" />
              <button type="button" onClick={cancel}>
                Annuler l’import
              </button>
            </>
          )}
          {job.status === 'cancelled' && <p>{cancelledLine}</p>}
          {job.status === 'error' && (
            <p className="import-job__error" role="alert">
              « {job.fileName} » n’a pas pu être importé : {job.error}
            </p>
          )}
          {job.status === 'done' && layer && (
            <>
              <p className="import-job__done">{doneLine}</p>
              <ImportReportView report={layer.report} title={layer.fileName} />
            </>
          )}
          {job.status !== 'running' && (
            <button type="button" className="link-button" onClick={dismiss}>
              Fermer
            </button>
          )}
        </div>
      )}
    </>
  );
}

/** One imported layer: legend entry with its visibility, counts, report, exports, removal. */
function ImportedLayerEntry({ layer }: { layer: ImportedLayer }) {
  const visible = useAppStore((s) => isLayerVisible(s, layer.id));
  const setLayerVisible = useAppStore((s) => s.setLayerVisible);
  const removeImport = useAppStore((s) => s.removeImport);
  const legend = legendFor(layer.id);
  const inputId = `import-layer-${layer.id}`;
  const area = importTarget(layer.target)?.geometry === 'area';
  return (
    <li className="imported-layer" data-layer={layer.id}>
      <div className="layer__head">
        <input type="checkbox" id={inputId} checked={visible} onChange={(e) => setLayerVisible(layer.id, e.currentTarget.checked)} />
        <label htmlFor={inputId}>
          <LegendSwatch symbol={area ? 'area' : 'point'} colour={legend.colour} />
          <span className="layer__name">
            <span className="layer__title">{layer.title}</span> <span className="layer__count">{formatCountFr(layer.report.accepted)}</span>
          </span>
        </label>
      </div>
      <p className="imported-layer__meta">
        Importé le {new Date(layer.importedAt).toLocaleString('fr-FR')} — {formatCountFr(layer.report.rows_read)} lignes lues,{' '}
        {formatCountFr(layer.report.rejected.length)} rejetée(s).
      </p>
      <details className="imported-layer__report">
        <summary>Rapport de validation</summary>
        <ImportReportView report={layer.report} title={layer.fileName} />
      </details>
      <p className="imported-layer__actions">
        <button type="button" onClick={() => download(importedLayerFile(layer, 'geojson'))}>
          Exporter en GeoJSON
        </button>{' '}
        <button type="button" onClick={() => download(importedLayerFile(layer, 'csv'))}>
          Exporter en CSV
        </button>{' '}
        <button type="button" className="imported-layer__remove" onClick={() => void removeImport(layer.id)}>
          Supprimer<span className="visually-hidden"> la couche {layer.title}</span>
        </button>
      </p>
    </li>
  );
}

/** The template CSV of every layer, with the notice of its columns. */
function Templates() {
  return (
    <details className="import-templates">
      <summary>Modèles CSV par couche</summary>
      <p>
        Un modèle par couche, à remplir dans un tableur (séparateur « ; », virgule décimale). Les noms de colonnes usuels sont aussi
        reconnus (synonymes ci-dessous).
      </p>
      <ul>
        {importTargets()
          .filter((t) => t.geometry === 'point')
          .map((t) => (
            <li key={t.id}>
              <button type="button" className="link-button" onClick={() => download(importTemplate(t))}>
                {importTemplate(t).name}
              </button>{' '}
              — {t.title}
            </li>
          ))}
      </ul>
      <table className="import-templates__notice">
        <caption>Colonnes des modèles de lieux</caption>
        <thead>
          <tr>
            <th scope="col">Colonne</th>
            <th scope="col">Contenu</th>
            <th scope="col">Autres noms reconnus</th>
          </tr>
        </thead>
        <tbody>
          {placeTemplateColumns().map((n) => (
            <tr key={n.column}>
              <th scope="row">{n.column}</th>
              <td>{n.label}</td>
              <td>{n.synonyms.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Reconnus aussi : l’extraction FINESS des établissements (MSP : catégorie 603, coordonnées Lambert-93), le schéma national des lieux
        de médiation numérique, la liste ANCT des France Services, les périmètres QPV 2024 en GeoJSON (code_qp, nom_qp).
      </p>
    </details>
  );
}

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
  const input = useRef<HTMLInputElement>(null);
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
