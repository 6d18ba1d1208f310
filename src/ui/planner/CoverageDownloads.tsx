import {
  coverageCsvMetadata,
  coverageFileName,
  coverageMetadataFileName,
  exportCoverage,
  type CoverageExportContext,
  type CoverageFormat,
} from '../../core/coverage/coverage-export.ts';
import type { CantonFeature, CoverageTable } from '../../core/coverage/coverage-types.ts';
import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import { downloadText } from '../download-file.ts';
import { XlsxDownload } from './XlsxDownload.tsx';

/**
 * The table's downloads (CSV, CSV for Excel, GeoJSON, JSON) and their metadata
 * files: the table shown, so the network as of the chosen day, or with the scenario applied
 * (its hypothetical sites flagged in every file and in the metadata).
 */
export function CoverageDownloads({
  table,
  cantons,
  asOf,
}: {
  table: CoverageTable;
  cantons: CantonFeature[] | null;
  asOf: string | null;
}) {
  const context: CoverageExportContext = { asOf };
  const download = (format: CoverageFormat) => {
    if (format === 'geojson' && !cantons) return;
    const text = exportCoverage(table, format, cantons ?? [], new Date(), context);
    const type = format === 'geojson' ? 'application/geo+json' : format === 'json' ? 'application/json' : 'text/csv;charset=utf-8';
    downloadText(coverageFileName(table, format, context), text, type);
  };
  const downloadMetadata = (format: 'csv' | 'csv-fr') => {
    downloadText(
      coverageMetadataFileName(table, format, context),
      JSON.stringify(coverageCsvMetadata(table, format, new Date(), context), null, 2) + '\n',
      'application/csvm+json',
    );
  };
  return (
    <div className="downloads">
      <h3>Télécharger le tableau</h3>
      <p className="hint">
        {asOf ? `Réseau au ${formatDayFr(asOf)}. ` : ''}
        {table.scenario
          ? `Scénario « ${table.scenario.name ?? 'sans nom'} » appliqué : les sites hypothétiques sont signalés dans chaque fichier et ses métadonnées.`
          : ''}
      </p>
      <ul>
        <li>
          <button type="button" onClick={() => download('csv')}>
            CSV
          </button>{' '}
          (séparateur virgule, UTF-8) —{' '}
          <button type="button" className="link-button" onClick={() => downloadMetadata('csv')}>
            métadonnées
          </button>
        </li>
        <li>
          <button type="button" onClick={() => download('csv-fr')}>
            CSV pour Excel (FR)
          </button>{' '}
          (point-virgule, virgule décimale) —{' '}
          <button type="button" className="link-button" onClick={() => downloadMetadata('csv-fr')}>
            métadonnées
          </button>
        </li>
        <li>
          <button type="button" onClick={() => download('geojson')} disabled={!cantons}>
            GeoJSON des cantons
          </button>{' '}
          (métadonnées incluses)
        </li>
        <li>
          <button type="button" onClick={() => download('json')}>
            JSON
          </button>{' '}
          (métadonnées incluses)
        </li>
        <li>
          <XlsxDownload table={table} context={context} />
        </li>
      </ul>
      <p className="hint">
        Les métadonnées (fichier CSVW « …-metadata.json », lisible dans un éditeur de texte) donnent les sources et millésimes, la règle, la
        méthode et la date de génération. Sans couche importée, le même tableau s’obtient en ligne de commande :{' '}
        <code>
          npm run -s cli -- coverage --dept {table.departement.code}
          {asOf ? ` --at ${asOf}` : ''}
          {table.scenario ? ' --scenario scenario.geojson' : ''}
        </code>{' '}
        ; les couches importées ajoutent leurs colonnes.
      </p>
    </div>
  );
}
