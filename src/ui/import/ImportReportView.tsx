import { useMemo } from 'react';
import { rejectionsFile, type ImportReport } from '../../state/import-files.ts';
import { downloadFile, downloadText } from '../download-file.ts';
import { formatCountFr } from '../../layers/french-format.ts';

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
          onClick={() => downloadFile(rejectionsFile(report, `rejets-${baseName(report.file)}.csv`))}
        >
          Lignes rejetées (CSV)
        </button>
      </p>
    </div>
  );
}
