import { useEffect, useRef, useState } from 'react';
import { importTarget } from '../../state/import-files.ts';
import { formatCountFr } from '../../layers/french-format.ts';
import { useAppStore } from '../use-app-store.ts';
import { ImportReportView } from './ImportReportView.tsx';

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
export function ImportProgress() {
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
