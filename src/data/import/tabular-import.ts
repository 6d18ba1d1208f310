import { fromSchemaLieuDeMediationNumerique, ModelError } from '@gouvfr-anct/lieux-de-mediation-numerique';
import { parseDayHours, type DayHours } from '../../core/hours/parse-day-hours.ts';
import { fieldsOf, foldHeader, importTargetOf, matchHeaders, missingFields, type ImportTarget } from './import-fields.ts';
import { ImportSession, clean, type FieldNames, type PointInput, type SessionMeta } from './import-session.ts';
import {
  ImportFileError,
  ImportMappingNeeded,
  type ImportEncoding,
  type ImportFormat,
  type ImportOptions,
  type ImportSchema,
} from './import-types.ts';

/** Columns that reveal the national "lieux de médiation numérique" schema. */
const LIEUX_KEYS = ['id', 'pivot', 'nom', 'services'];
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
/** List columns of the lieux schema: `|` in the schema, `;` seen in the wild. */
const LIEUX_LISTS = new Set([
  'services',
  'courriels',
  'site_web',
  'typologie',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'itinerance',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
]);

/** Which official format a header row reveals. */
export function schemaOfHeaders(headers: readonly string[]): ImportSchema {
  const folded = new Set(headers.map(foldHeader));
  if (LIEUX_KEYS.every((k) => folded.has(foldHeader(k)))) return 'lieux-mediation-numerique';
  if (FS_KEYS.every((k) => folded.has(foldHeader(k)))) return 'france-services-anct';
  return 'generic';
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
  private fieldIndex: Record<string, number[]> = {};
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
    if (!target) throw new ImportFileError(`Couche inconnue : « ${options.layer} ».`);
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
    const headers = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
    const seen = new Set<string>();
    headers.forEach((h, i) => {
      if (h === '') return;
      if (seen.has(h)) throw new ImportFileError(`Colonne « ${h} » en double dans l’en-tête (colonne ${i + 1}).`);
      seen.add(h);
    });
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
        `Colonnes introuvables : ${missing.map(describeMissing).join(' ; ')}. Colonnes du fichier : ${headers
          .filter(Boolean)
          .map((h) => `« ${h} »`)
          .join(', ')}. Vérifiez le séparateur et la ligne d’en-tête, ou partez du modèle CSV de la couche.`,
      );
    }
    this.names = match.columns;
    this.fieldIndex = Object.fromEntries(
      Object.entries(match.columns).map(([f, h]) => [f, [h, ...(match.alternates[f] ?? [])].map((x) => headers.indexOf(x))]),
    );
    this.extraIndex = match.unknown.map((h) => [h, headers.indexOf(h)]);
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
    for (const w of this.meta.warnings ?? []) this.session.warn(null, null, w.kind, w.message);
    for (const [field, others] of Object.entries(match.alternates)) {
      this.session.warn(
        null,
        others.join(', '),
        'unused-column',
        `${others.map((u) => `« ${u} »`).join(', ')} : lu(s) seulement quand « ${match.columns[field]} » est vide (même champ)`,
      );
    }
    if (match.unknown.length && this.schema === 'generic') {
      this.session.warn(
        null,
        match.unknown.join(', '),
        'unused-column',
        `colonnes non reconnues, conservées telles quelles : ${match.unknown.map((u) => `« ${u} »`).join(', ')}`,
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
    const get = (field: string): string | null => {
      const list = this.fieldIndex[field];
      if (list === undefined) return null;
      for (const i of list) if (cells[i] !== undefined && cells[i].trim() !== '') return cells[i];
      return null;
    };
    const raw = (column: string): string | null => {
      const i = this.byFolded.get(foldHeader(column));
      return i === undefined ? null : (cells[i] ?? null);
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
    if (this.extraIndex.length) {
      const extra: Record<string, string> = {};
      for (const [h, i] of this.extraIndex) {
        const v = clean(cells[i]);
        if (v !== null) extra[h] = v;
      }
      if (Object.keys(extra).length) input.more!.extra = extra;
    }
    if (this.schema === 'lieux-mediation-numerique') {
      const problem = validateLieu(cells, this.schemaColumns);
      if (problem) {
        s.reject(row, problem.field, problem.reason, problem.value);
        return;
      }
      const labels = clean(raw('dispositif_programmes_nationaux'));
      input.more!.labels = labels ? labels.split(/\s*[|;]\s*/).filter(Boolean) : [];
      input.more!.updated = clean(raw('date_maj'));
      input.more!.source = clean(raw('source'));
    } else if (this.schema === 'france-services-anct') {
      const format = clean(raw('format_fs')) ?? '';
      input.kind = /bus|itin/i.test(format) ? 'bus' : 'fixed';
      input.more!.format = format || null;
      const hours: Record<string, DayHours> = {};
      for (const [day, col] of FS_DAYS) {
        if (!this.byFolded.has(foldHeader(col))) continue;
        hours[day] = parseDayHours(raw(col));
        const h = hours[day];
        if (h.status === 'unknown')
          s.warn(row, col, 'format', `horaires gardés en texte seulement (« ${h.text} ») : pas une liste de plages HH:MM - HH:MM`);
      }
      if (Object.keys(hours).length) input.more!.hours = hours;
      const rdv = clean(raw('prise_rdv'));
      input.more!.appointment = rdv === null ? null : /^(oui|yes|true|1)$/i.test(rdv);
    }
    s.addPoint(row, input, this.names);
  }
}

function describeMissing(m: string): string {
  if (m === 'name') return 'le nom du lieu (nom, libellé, name…)';
  if (m === 'code') return 'le code du quartier (code_qp)';
  return 'une position (latitude et longitude, ou code INSEE, ou code postal / commune)';
}

/** Field of the file that a schema error is about. */
const LIEUX_ERROR_FIELDS: Record<string, string> = { voie: 'adresse', courriel: 'courriels', url: 'site_web', typologies: 'typologie' };
/** Fields the schema requires on every row. */
const LIEUX_REQUIRED = ['id', 'pivot', 'nom', 'adresse', 'commune', 'code_postal'];

/**
 * Validates one record against the national lieux de médiation numérique schema with the
 * ANCT library (@gouvfr-anct/lieux-de-mediation-numerique), plus the update date. Coordinates
 * are left to our own reading (which puts swapped and Lambert-93 pairs right).
 */
function validateLieu(
  cells: readonly string[],
  columns: readonly [string, string, number][],
): { field: string; reason: string; value?: string } | null {
  const item: Record<string, string | undefined> = {};
  for (const [, key, i] of columns) {
    if (key === 'latitude' || key === 'longitude') continue;
    let v = clean(cells[i]) ?? undefined;
    if (v !== undefined && LIEUX_LISTS.has(key))
      v = v
        .split(/\s*[|;]\s*/)
        .filter(Boolean)
        .join('|');
    item[key] = v;
  }
  const headerFor = (key: string) => columns.find(([, k]) => k === key)?.[0] ?? key;
  for (const key of LIEUX_REQUIRED) {
    if (item[key] === undefined)
      return { field: headerFor(key), reason: `schéma des lieux de médiation numérique : champ obligatoire « ${key} » vide` };
  }
  const date = item.date_maj;
  if (!date || !/^\d{4}-\d{2}-\d{2}/.test(date) || Number.isNaN(Date.parse(date.slice(0, 10)))) {
    return {
      field: headerFor('date_maj'),
      reason: 'date de mise à jour (date_maj) manquante ou invalide : AAAA-MM-JJ attendu',
      value: date,
    };
  }
  try {
    fromSchemaLieuDeMediationNumerique(item as never);
    return null;
  } catch (err) {
    if (err instanceof ModelError) {
      const errKey = String(err.key);
      const key = LIEUX_ERROR_FIELDS[errKey] ?? errKey;
      return { field: headerFor(key), reason: `schéma des lieux de médiation numérique : ${err.message}` };
    }
    return { field: '(ligne)', reason: `schéma des lieux de médiation numérique : ${(err as Error).message}` };
  }
}

/** The schema's column names, by folded header (`Code postal` → `code_postal`). */
const SCHEMA_COLUMNS = new Map(
  [
    'id',
    'pivot',
    'nom',
    'commune',
    'code_postal',
    'code_insee',
    'adresse',
    'complement_adresse',
    'latitude',
    'longitude',
    'telephone',
    'courriels',
    'site_web',
    'horaires',
    'presentation_resume',
    'presentation_detail',
    'source',
    'structure_parente',
    'date_maj',
    'services',
    'publics_specifiquement_adresses',
    'prise_en_charge_specifique',
    'frais_a_charge',
    'itinerance',
    'dispositif_programmes_nationaux',
    'formations_labels',
    'autres_formations_labels',
    'modalites_acces',
    'modalites_accompagnement',
    'fiche_acces_libre',
    'prise_rdv',
    'typologie',
  ].map((c) => [foldHeader(c), c]),
);
