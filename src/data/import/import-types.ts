import type { Feature, Geometry } from 'geojson';
import { cut, escapeControls, listNames } from '../parse/safe-text.ts';

/** Longest message an import error carries (the lists in it are summarised well before). */
const MAX_MESSAGE_CHARS = 2_000;

/** How the file was read. */
export type ImportFormat = 'csv' | 'geojson' | 'json' | 'finess';
/** Which official format the headers revealed; `generic` when none (columns matched through synonyms). */
export type ImportSchema = 'generic' | 'finess' | 'lieux-mediation-numerique' | 'france-services-anct' | 'qpv-2024' | 'qpv-2015';
export type ImportEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252';

/** A row that was not imported: its number, the column at fault (as named in the file) and why, in French. */
export interface ImportRejection {
  /** 1-based data row (the header is row 0; blank lines are not counted). FINESS: line of the file. GeoJSON: feature number. */
  row: number;
  field: string;
  reason: string;
  /** The offending value, shortened. */
  value?: string;
}

export type ImportWarningKind = 'approximate' | 'duplicate' | 'reprojected' | 'swapped' | 'encoding' | 'unused-column' | 'format';

/** Something the user should know about an accepted row (or the whole file, `row: null`). */
export interface ImportWarning {
  row: number | null;
  field: string | null;
  kind: ImportWarningKind;
  message: string;
}

/**
 * The validation report of one import. Every data row is accounted for:
 * `accepted + rejected.length === rows_read`.
 */
export interface ImportReport {
  file: string;
  /** Target layer (an import target id: `msp`, `first-reception`, …). */
  layer: string;
  format: ImportFormat;
  schema: ImportSchema;
  encoding: ImportEncoding;
  delimiter: string | null;
  /** Field → column (or property) of the file that filled it. */
  columns: Record<string, string>;
  rows_read: number;
  accepted: number;
  rejected: ImportRejection[];
  warnings: ImportWarning[];
}

export type ImportedFeature = Feature<Geometry, Record<string, unknown>>;

export interface ImportResult {
  report: ImportReport;
  features: ImportedFeature[];
}

/** Field → column name of the file, given by the user for headers the synonyms do not know. */
export type ColumnMapping = Readonly<Record<string, string>>;

/** A commune of the bundle, to place rows that only give an INSEE code, a postcode or a commune name. */
export interface ImportCommune {
  code: string;
  name: string;
  postcodes: readonly string[];
  /** `[lng, lat]`. */
  centroid: readonly [number, number];
  /** Former INSEE codes merged into this commune. */
  formerCodes?: readonly string[];
}

/** Input size limits; a file beyond them is refused with a French message. */
export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  /** Columns of a table, keys of a JSON list's objects or of features' properties (default 1,000). */
  maxColumns?: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxBytes: 60 * 1024 * 1024, maxRows: 250_000, maxColumns: 1_000 };

/** Options of one import. */
export interface ImportOptions {
  /** File name, for messages and the report. */
  fileName: string;
  /** Target layer id (see IMPORT_TARGETS). */
  layer: string;
  /** Explicit field → column choices for headers the synonyms do not know. */
  mapping?: ColumnMapping;
  /** The département's communes (from the bundle); without them, rows with no coordinates are rejected. */
  communes?: readonly ImportCommune[] | null;
  /** Département extent `[minLng, minLat, maxLng, maxLat]`; points farther than `marginKm` from it are rejected. */
  extent?: readonly [number, number, number, number] | null;
  marginKm?: number;
  limits?: ImportLimits;
}

/** The file cannot be read at all (wrong format, too big, malformed JSON…): a French message, located when possible. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly location: { line: number; column: number } | null = null,
  ) {
    // names and values from the file are quoted and summarised where the message is built; this is the last guard
    super(cut(escapeControls(message), MAX_MESSAGE_CHARS));
    this.name = 'ImportFileError';
  }
}

/** Headers the synonyms do not know hide a needed field: the user must say which column holds it. */
export class ImportMappingNeeded extends Error {
  constructor(
    readonly headers: readonly string[],
    /** Headers matched by no synonym. */
    readonly unknown: readonly string[],
    /** Needed fields (or groups, e.g. `latitude+longitude|code_insee`) with no column. */
    readonly missing: readonly string[],
    /** Field → column already recognised. */
    readonly recognised: Readonly<Record<string, string>>,
  ) {
    super(
      cut(
        `colonnes à associer : ${missing.map((m) => (m === 'name' ? 'nom' : m === 'code' ? 'code_qp' : 'position (latitude et longitude, ou code INSEE, ou commune)')).join(', ')} ; colonnes non reconnues du fichier : ${listNames(unknown)}`,
        MAX_MESSAGE_CHARS,
      ),
    );
    this.name = 'ImportMappingNeeded';
  }
}

/** The canonical values of one point row, whatever the file's format. */
export interface PointInput {
  id?: string | null;
  name?: string | null;
  address?: string | null;
  address_complement?: string | null;
  postcode?: string | null;
  commune_name?: string | null;
  commune_code?: string | null;
  /** Raw coordinate values: longitude / X column, latitude / Y column. */
  lng?: unknown;
  lat?: unknown;
  phone?: string | null;
  mail?: string | null;
  website?: string | null;
  hours?: string | null;
  kind?: string | null;
  services?: string | null;
  comment?: string | null;
  /** Further properties kept on the feature (schema-specific: parsed hours, labels…, and unknown columns under `extra`). */
  more?: Record<string, unknown>;
}

/** How the file names each field, for rejection messages (`field` of a rejection is the file's column). */
export type FieldNames = Readonly<Record<string, string>>;

export interface SessionMeta {
  format: ImportFormat;
  schema: ImportSchema;
  encoding: ImportEncoding;
  delimiter: string | null;
  columns: Record<string, string>;
}
