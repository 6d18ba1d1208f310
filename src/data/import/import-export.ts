import type { FeatureCollection, Geometry } from 'geojson';
import { RFC4180, toCsv, type CsvCell, type CsvOptions } from '../../core/export/csv.ts';
import { jsonValueProblem, previewValue } from '../parse/bounded-json.ts';
import { extraColumnsOf, ownValue } from './import-records.ts';
import type { ImportReport, ImportedFeature } from './import-types.ts';

/** Columns of an imported point layer's CSV export, in order (then any extra column of the file). */
const POINT_COLUMNS = [
  'id',
  'name',
  'address',
  'address_complement',
  'postcode',
  'commune_name',
  'commune_code',
  'latitude',
  'longitude',
  'approximate',
  'phone',
  'mail',
  'website',
  'hours_text',
  'kind',
  'services',
  'comment',
  'source_row',
] as const;

function cell(v: unknown): CsvCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'string') return v;
  // imported and stored values are bounded (VALUE_LIMITS); a value that is not is summarised, never a stack overflow
  if (typeof v === 'object' && jsonValueProblem(v)) return previewValue(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * An imported layer as CSV: one row per point (areas: code, name, communes; no geometry), the
 * file's unknown columns after ours. Text cells are neutralised against spreadsheet formulas
 * (src/core/export/csv.ts), so a name such as `=HYPERLINK(…)` stays text.
 */
export function importedLayerToCsv(features: readonly ImportedFeature[], options: CsvOptions = RFC4180): string {
  const areas = features.some((f) => f.geometry.type !== 'Point');
  if (areas) {
    const header = ['id', 'code', 'name', 'communes', 'geometry_type', 'source_row'];
    return toCsv(
      [
        header,
        ...features.map((f) => [
          cell(ownValue(f.properties, 'id')),
          cell(ownValue(f.properties, 'code')),
          cell(ownValue(f.properties, 'name')),
          cell(ownValue(f.properties, 'communes')),
          f.geometry.type,
          cell(ownValue(f.properties, 'source_row')),
        ]),
      ],
      options,
    );
  }
  // the file's own columns, read as own properties only: `constructor` or `__proto__` are columns like any other
  const extras: string[] = [];
  const seen = new Set<string>();
  for (const f of features)
    for (const [k] of extraColumnsOf(f.properties))
      if (!seen.has(k)) {
        seen.add(k);
        extras.push(k);
      }
  const rows: CsvCell[][] = [[...POINT_COLUMNS, ...extras]];
  for (const f of features) {
    const p = f.properties;
    const [lng, lat] = f.geometry.type === 'Point' ? f.geometry.coordinates : [null, null];
    const extra = new Map(extraColumnsOf(p));
    rows.push([
      ...POINT_COLUMNS.map((c) => (c === 'latitude' ? cell(lat) : c === 'longitude' ? cell(lng) : cell(ownValue(p, c)))),
      ...extras.map((k) => cell(extra.get(k))),
    ]);
  }
  return toCsv(rows, options);
}

/** An imported layer as a GeoJSON FeatureCollection, with where it came from. */
export function importedLayerToGeoJson(
  features: readonly ImportedFeature[],
  meta: { title: string; file: string; importedAt: string },
): string {
  const fc: FeatureCollection<Geometry, Record<string, unknown>> & { metadata: unknown } = {
    type: 'FeatureCollection',
    metadata: {
      title: meta.title,
      source_file: meta.file,
      imported_at: meta.importedAt,
      note: 'Couche importée dans Maillage ; positions approximatives signalées par approximate = true.',
    },
    features: [...features],
  };
  return `${JSON.stringify(fc)}\n`;
}

/** The rejected rows of a report as CSV (row, column, reason, value), neutralised against formulas. */
export function rejectionsToCsv(report: ImportReport, options: CsvOptions = RFC4180): string {
  return toCsv(
    [['ligne', 'colonne', 'motif', 'valeur'], ...report.rejected.map((r) => [r.row, r.field, r.reason, r.value ?? null])],
    options,
  );
}
