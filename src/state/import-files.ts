import { importedLayerToCsv, importedLayerToGeoJson, rejectionsToCsv } from '../data/import/import-export.ts';
import { IMPORT_TARGETS, fieldsOf, importTargetOf, type ImportField, type ImportTarget } from '../data/import/import-fields.ts';
import { templateCsv, templateFileName, templateNotice } from '../data/import/import-templates.ts';
import type { ImportedFeature } from '../data/import/import-types.ts';
import type { ImportedLayer } from './app-state.ts';

/**
 * What the Importer tab offers and writes, for src/ui (which never imports src/data): the import
 * targets and their fields, the template CSVs, and the files an imported layer exports to.
 */

/** An import's validation report, as the store keeps it. */
export type ImportReport = ImportedLayer['report'];

/** A file to offer for download. */
export interface DownloadFile {
  name: string;
  text: string;
  type: string;
}

const CSV_TYPE = 'text/csv;charset=utf-8';

/** The layers an import can fill (the registry's targets, then any list of places). */
export function importTargets(): readonly ImportTarget[] {
  return IMPORT_TARGETS;
}

export function importTarget(id: string): ImportTarget | undefined {
  return importTargetOf(id);
}

/** The fields of a target (labels of the column dialog). */
export function importFields(target: ImportTarget): readonly ImportField[] {
  return fieldsOf(target);
}

/** The template CSV of a target. */
export function importTemplate(target: ImportTarget): DownloadFile {
  return { name: templateFileName(target), text: templateCsv(target.id), type: CSV_TYPE };
}

/** The columns of the place templates, with what they hold and the other names recognised. */
export function placeTemplateColumns(): { column: string; label: string; synonyms: string[] }[] {
  return templateNotice('other');
}

/** An imported layer as GeoJSON (with its source) or CSV. */
export function importedLayerFile(layer: ImportedLayer, format: 'geojson' | 'csv'): DownloadFile {
  const features = layer.data.features as ImportedFeature[];
  return format === 'geojson'
    ? {
        name: `${layer.id}.geojson`,
        text: importedLayerToGeoJson(features, { title: layer.title, file: layer.fileName, importedAt: layer.importedAt }),
        type: 'application/geo+json',
      }
    : { name: `${layer.id}.csv`, text: importedLayerToCsv(features), type: CSV_TYPE };
}

/** The rejected rows of a report, as CSV. */
export function rejectionsFile(report: ImportReport, name: string): DownloadFile {
  return { name, text: rejectionsToCsv(report), type: CSV_TYPE };
}
