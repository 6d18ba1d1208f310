import { parseDayHours, type DayHours } from '../../core/hours/parse-day-hours.ts';
import { describeValueProblem, previewValue, VALUE_LIMITS } from '../parse/bounded-json.ts';
import { listFieldNames, listNames, quoteName } from '../parse/safe-text.ts';
import { fieldsOf, foldHeader, importTargetOf, matchHeaders, missingFields, type HeaderMatch, type ImportTarget } from './import-fields.ts';
import { checkColumnCount, createExtraColumns } from './import-records.ts';
import { ImportSession, clean, type FieldNames, type PointInput, type SessionMeta } from './import-session.ts';
import {
  ImportFileError,
  ImportMappingNeeded,
  type ImportEncoding,
  type ImportFormat,
  type ImportOptions,
  type ImportSchema,
} from './import-types.ts';
import { LIEUX_KEYS, SCHEMA_COLUMNS, validateLieu } from './lieux-schema.ts';

/** Columns that reveal the ANCT France Services list. */
const FS_KEYS = ['id_fs', 'lib_fs'];
const FS_DAYS: [string, string][] = [
  ['monday', 'h_lundi'],
  ['tuesday', 'h_mardi'],
  ['wednesday', 'h_mercredi'],
  ['thursday', 'h_jeudi'],
  ['friday', 'h_vendredi'],
  ['saturday', 'h_samedi'],
];

/** Which official format a header row reveals. */
export function schemaOfHeaders(headers: readonly string[]): ImportSchema {
  const folded = new Set(headers.map(foldHeader));
  if (LIEUX_KEYS.every((k) => folded.has(foldHeader(k)))) return 'lieux-mediation-numerique';
  if (FS_KEYS.every((k) => folded.has(foldHeader(k)))) return 'france-services-anct';
  return 'generic';
}

/** Header cells cleaned (BOM, spaces); refuses too many columns and a column named twice. */
function readHeaders(cells: readonly string[], options: ImportOptions): string[] {
  checkColumnCount(cells.length, options);
  const headers = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
  const seen = new Set<string>();
  headers.forEach((h, i) => {
    if (h === '') return;
    if (seen.has(h)) throw new ImportFileError(`Colonne ${quoteName(h)} en double dans l’en-tête (colonne ${i + 1}).`);
    seen.add(h);
  });
  return headers;
}

/**
 * Reads records of a table (CSV rows, or the objects of a JSON array): the header row
 * first (official format, columns through synonyms or the user's mapping), then each
 * record, which becomes a feature or a located rejection.
 */
export class TabularImport {
  private session: ImportSession | null = null;
  private headers: string[] = [];
  private names: FieldNames = {};
  private schema: ImportSchema = 'generic';
  private byFolded = new Map<string, number>();
  private fieldIndex = new Map<string, number[]>();
  private extraIndex: [string, number][] = [];
  private schemaColumns: [string, string, number][] = [];
  private readonly target: ImportTarget;

  constructor(
    private readonly options: ImportOptions,
    private readonly meta: {
      format: ImportFormat;
      encoding: ImportEncoding;
      delimiter: string | null;
      warnings?: { kind: 'encoding' | 'format'; message: string }[];
    },
  ) {
    const target = importTargetOf(options.layer);
    if (!target) throw new ImportFileError(`Couche inconnue : ${quoteName(options.layer)}.`);
    this.target = target;
  }

  get started(): boolean {
    return this.session !== null;
  }

  /** Reads the header row; throws when a needed column is missing (ImportMappingNeeded when unknown headers could hold it). */
  header(cells: readonly string[]): void {
    if (this.target.geometry === 'area') {
      throw new ImportFileError(`Les périmètres de « ${this.target.title} » s’importent en GeoJSON (polygones), pas en tableau.`);
    }
    const headers = readHeaders(cells, this.options);
    this.headers = headers;
    headers.forEach((h, i) => {
      this.byFolded.set(foldHeader(h), i);
    });
    this.schema = schemaOfHeaders(headers);
    const match = matchHeaders(headers, fieldsOf(this.target), this.options.mapping);
    const missing = missingFields(this.target, match.columns);
    if (missing.length) {
      if (match.unknown.length) throw new ImportMappingNeeded(headers, match.unknown, missing, match.columns);
      throw new ImportFileError(
        `Colonnes introuvables : ${missing.map(describeMissing).join(' ; ')}. Colonnes du fichier : ${listNames(headers.filter(Boolean))}. Vérifiez le séparateur et la ligne d’en-tête, ou partez du modèle CSV de la couche.`,
      );
    }
    this.names = match.columns;
    const position = new Map(headers.map((h, i) => [h, i]));
    for (const [f, h] of Object.entries(match.columns))
      this.fieldIndex.set(
        f,
        [h, ...(match.alternates[f] ?? [])].map((x) => position.get(x) ?? -1),
      );
    this.extraIndex = match.unknown.map((h) => [h, position.get(h) ?? -1]);
    this.schemaColumns = headers.flatMap((h, i) => {
      const key = SCHEMA_COLUMNS.get(foldHeader(h));
      return key ? [[h, key, i] as [string, string, number]] : [];
    });
    const meta: SessionMeta = {
      format: this.meta.format,
      schema: this.schema,
      encoding: this.meta.encoding,
      delimiter: this.meta.delimiter,
      columns: match.columns,
    };
    this.session = new ImportSession(this.options, meta);
    this.warnColumns(this.session, match);
  }

  /** Warnings of the header: the file's own, columns read only as fallbacks, columns kept as they are. */
  private warnColumns(session: ImportSession, match: HeaderMatch): void {
    for (const w of this.meta.warnings ?? []) session.warn(null, null, w.kind, w.message);
    for (const [field, others] of Object.entries(match.alternates)) {
      session.warn(
        null,
        listFieldNames(others),
        'unused-column',
        `${listNames(others)} : lu(s) seulement quand ${quoteName(match.columns[field])} est vide (même champ)`,
      );
    }
    if (match.unknown.length && this.schema === 'generic') {
      session.warn(
        null,
        listFieldNames(match.unknown),
        'unused-column',
        `colonnes non reconnues, conservées telles quelles : ${listNames(match.unknown)}`,
      );
    }
  }

  get sessionOrThrow(): ImportSession {
    if (!this.session) throw new ImportFileError('Fichier vide : aucune ligne d’en-tête.');
    return this.session;
  }

  /** Columns of the header row (0 before it is read). */
  get columnCount(): number {
    return this.headers.length;
  }

  /** Whether a record has the header's number of fields (trailing empty ones allowed). */
  fitsHeader(cells: readonly string[]): boolean {
    if (cells.length === this.headers.length) return true;
    return cells.length > this.headers.length && cells.slice(this.headers.length).every((c) => c.trim() === '');
  }

  /** Counts and rejects one record whose value in `field` cannot be read (too deep, too large). */
  rejectRecord(row: number, field: string, reason: string, value?: string): void {
    const s = this.sessionOrThrow;
    s.countRow();
    s.reject(row, field, reason, value);
  }

  /** Reads one data record (`row` 1-based); `cells` in header order, or null with a structural problem (`value`: the line as written). */
  record(row: number, cells: readonly string[] | null, problem?: string, value?: string): void {
    const s = this.sessionOrThrow;
    s.countRow();
    if (!cells || problem) {
      s.reject(row, '(ligne)', problem ?? 'ligne illisible', value);
      return;
    }
    if (!this.fitsHeader(cells)) {
      s.reject(
        row,
        '(ligne)',
        `${cells.length} champ(s) au lieu de ${this.headers.length} : séparateur dans une valeur sans guillemets, ou ligne coupée`,
      );
      return;
    }
    const long = cells.findIndex((c) => c.length > VALUE_LIMITS.maxChars);
    if (long >= 0) {
      const reason = describeValueProblem({ kind: 'size', maxChars: VALUE_LIMITS.maxChars });
      s.reject(row, this.headers[long] || `colonne ${long + 1}`, reason, previewValue(cells[long]));
      return;
    }
    const input = this.pointInput(cells);
    if (this.schema === 'lieux-mediation-numerique') {
      const invalid = validateLieu(cells, this.schemaColumns);
      if (invalid) {
        s.reject(row, invalid.field, invalid.reason, invalid.value);
        return;
      }
      this.addLieuFields(input, cells);
    } else if (this.schema === 'france-services-anct') this.addFranceServicesFields(s, row, input, cells);
    s.addPoint(row, input, this.names);
  }

  /** The canonical fields of a record, with the file's unknown columns under `more.extra`. */
  private pointInput(cells: readonly string[]): PointInput {
    const get = (field: string): string | null => {
      for (const i of this.fieldIndex.get(field) ?? []) if (cells[i] !== undefined && cells[i].trim() !== '') return cells[i];
      return null;
    };
    const input: PointInput = {
      id: get('id'),
      name: get('name'),
      address: get('address'),
      address_complement: get('address_complement'),
      postcode: get('postcode'),
      commune_name: get('commune_name'),
      commune_code: get('commune_code'),
      lat: get('lat'),
      lng: get('lng'),
      phone: get('phone'),
      mail: get('mail'),
      website: get('website'),
      hours: get('hours'),
      kind: get('kind'),
      services: get('services'),
      comment: get('comment'),
      more: {},
    };
    const extra = createExtraColumns();
    let extras = 0;
    for (const [h, i] of this.extraIndex) {
      const v = clean(cells[i]);
      if (v !== null) {
        extra[h] = v;
        extras++;
      }
    }
    if (extras) input.more!.extra = extra;
    return input;
  }

  private raw(cells: readonly string[], column: string): string | null {
    const i = this.byFolded.get(foldHeader(column));
    return i === undefined ? null : (cells[i] ?? null);
  }

  private addLieuFields(input: PointInput, cells: readonly string[]): void {
    const labels = clean(this.raw(cells, 'dispositif_programmes_nationaux'));
    input.more!.labels = labels ? labels.split(/\s*[|;]\s*/).filter(Boolean) : [];
    input.more!.updated = clean(this.raw(cells, 'date_maj'));
    input.more!.source = clean(this.raw(cells, 'source'));
  }

  private addFranceServicesFields(s: ImportSession, row: number, input: PointInput, cells: readonly string[]): void {
    const format = clean(this.raw(cells, 'format_fs')) ?? '';
    input.kind = /bus|itin/i.test(format) ? 'bus' : 'fixed';
    input.more!.format = format || null;
    const hours: Record<string, DayHours> = {};
    for (const [day, col] of FS_DAYS) {
      if (!this.byFolded.has(foldHeader(col))) continue;
      hours[day] = parseDayHours(this.raw(cells, col));
      const h = hours[day];
      if (h.status === 'unknown')
        s.warn(
          row,
          col,
          'format',
          `horaires gardés en texte seulement (${quoteName(h.text ?? '')}) : pas une liste de plages HH:MM - HH:MM`,
        );
    }
    if (Object.keys(hours).length) input.more!.hours = hours;
    const rdv = clean(this.raw(cells, 'prise_rdv'));
    input.more!.appointment = rdv === null ? null : /^(oui|yes|true|1)$/i.test(rdv);
  }
}

function describeMissing(m: string): string {
  if (m === 'name') return 'le nom du lieu (nom, libellé, name…)';
  if (m === 'code') return 'le code du quartier (code_qp)';
  return 'une position (latitude et longitude, ou code INSEE, ou code postal / commune)';
}
