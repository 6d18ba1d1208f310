import { importTarget, importTargets, importTemplate, importedLayerFile, placeTemplateColumns } from '../../state/import-files.ts';
import { legendFor } from '../../layers/layer-registry.ts';
import type { ImportedLayer } from '../../state/app-state.ts';
import { downloadFile } from '../download-file.ts';
import { formatCountFr } from '../../layers/french-format.ts';
import { LegendSwatch } from '../LegendSwatch.tsx';
import { isLayerVisible } from '../../state/imported-layers.ts';
import { useAppStore } from '../use-app-store.ts';
import { ImportReportView } from './ImportReportView.tsx';

/** One imported layer: legend entry with its visibility, counts, report, exports, removal. */
export function ImportedLayerEntry({ layer }: { layer: ImportedLayer }) {
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
        <button type="button" onClick={() => downloadFile(importedLayerFile(layer, 'geojson'))}>
          Exporter en GeoJSON
        </button>{' '}
        <button type="button" onClick={() => downloadFile(importedLayerFile(layer, 'csv'))}>
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
export function Templates() {
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
              <button type="button" className="link-button" onClick={() => downloadFile(importTemplate(t))}>
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
