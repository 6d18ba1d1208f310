import {
  coverageCsvMetadata,
  coverageFileName,
  coverageMetadataFileName,
  exportCoverage,
  type CoverageFormat,
} from '../../core/coverage/coverage-export.ts';
import type { CantonFeature, CoverageTable } from '../../core/coverage/coverage-types.ts';
import { downloadText } from '../download-file.ts';
import { XlsxDownload } from './XlsxDownload.tsx';

/** The table's downloads (CSV, CSV for Excel, GeoJSON, JSON) and their metadata files. */
export function CoverageDownloads({ table, cantons }: { table: CoverageTable; cantons: CantonFeature[] | null }) {
  const download = (format: CoverageFormat) => {
    if (format === 'geojson' && !cantons) return;
    const now = new Date();
    const text = exportCoverage(table, format, cantons ?? [], now);
    const type = format === 'geojson' ? 'application/geo+json' : format === 'json' ? 'application/json' : 'text/csv;charset=utf-8';
    downloadText(coverageFileName(table, format), text, type);
  };
  const downloadMetadata = (format: 'csv' | 'csv-fr') => {
    downloadText(
      coverageMetadataFileName(table, format),
      JSON.stringify(coverageCsvMetadata(table, format, new Date()), null, 2) + '\n',
      'application/csvm+json',
    );
  };
  return (
    <div className="downloads">
      <h3>Télécharger le tableau</h3>
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
          <XlsxDownload table={table} />
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
      </ul>
      <p className="hint">
        Les métadonnées (fichier CSVW « …-metadata.json », lisible dans un éditeur de texte) donnent les sources et millésimes, la règle, la
        méthode et la date de génération. Sans couche importée, le même tableau s’obtient en ligne de commande :{' '}
        <code>npm run -s cli -- coverage --dept {table.departement.code}</code> ; les couches importées ajoutent leurs colonnes.
      </p>
    </div>
  );
}
