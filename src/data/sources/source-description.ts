import type { TextEncoding } from '../parse/decode-text.ts';
import { formatDayFr } from '../../core/timeline/as-of-date.ts';
import { SourceFileError } from '../report.ts';

/**
 * Declarative description of one official dataset format (one JSON file per
 * format under `data/sources/`). Paths are relative to a raw-data folder and
 * may use `{dept}` (département code) and `*` (in the file name).
 */
export interface SourceDescription {
  id: string;
  title: string;
  producer: string;
  licence: string;
  /** The attribution the licence asks for, as shown on the map and in exports. */
  attribution: string;
  /**
   * The attribution of a newer file of the same list (a `data --update` download): `{date}` becomes
   * that file's date in French (« 3 mars 2026 »), so the credit never names the declared file's date.
   */
  attributionDated?: string;
  /** Date or period the data describes (ISO date, year, or range). */
  vintage: string;
  format: 'csv' | 'geojson' | 'json' | 'parquet' | 'npm';
  encoding?: TextEncoding;
  delimiter?: string;
  /** EPSG code of the coordinates, e.g. "EPSG:4326". */
  crs?: string;
  /** Files of this dataset, relative to a raw-data folder. */
  files?: string[];
  /** Optional datasets may be absent: their layer then says so instead of failing the build. */
  optional?: boolean;
  /**
   * The départements a regional extract covers. Elsewhere the source is missing, never zero: its
   * minimum rows do not apply and every layer it feeds says so (`noteUncoveredSources`).
   */
  covers?: string[];
  /** npm package providing the data: the whole reference (format "npm"), or the `files`, read from the installed package. */
  package?: string;
  /** Column or property of the source for each field the build uses. */
  columns?: Record<string, string>;
  download?: {
    /** Direct URL of each file, in `files` order, with the same placeholders. */
    urls?: string[];
    /** Official page of the dataset. */
    page?: string;
  };
  caveats?: string[];
  /** Where data.gouv.fr publishes the latest copy (`data --update`, docs/update.md); only for a source with one file. */
  datagouv?: DatagouvSource;
  /** What a sound copy of this source gives; the data build stops when a new copy breaks it (src/data/gates/). */
  expect?: SourceExpectations;
}

/**
 * Sanity gates of a source, checked by every data build:
 * - `columns`: columns (CSV header, GeoJSON feature properties, JSON record keys, Parquet schema) each
 *   file must have; a list for every file, or a list per file as written in `files`;
 * - `minRows`: fewest rows kept from the source for a département, summed over the layers it feeds
 *   (`default` for a département not listed);
 * - `maxDropPercent`: largest fall, in per cent, of the rows a layer keeps from the source against the
 *   previous bundle of the same département before a person must confirm it (`--accept-drop`).
 */
export interface SourceExpectations {
  columns?: string[] | Record<string, string[]>;
  minRows: Record<string, number> & { default: number };
  maxDropPercent: number;
}

/** A source's dataset on data.gouv.fr: `data --update` takes its latest resource of `resourceFormat` (and `titleContains`). */
export interface DatagouvSource {
  /** Dataset id or slug (`liste-des-structures-france-services`). */
  dataset: string;
  /** Resource format as data.gouv.fr writes it (`csv`). */
  resourceFormat: string;
  /** When set, only resources whose title contains this text (case-insensitive). */
  titleContains?: string;
}

const FORMATS = new Set(['csv', 'geojson', 'json', 'parquet', 'npm']);

/** Validates a parsed source description, naming the file and field at fault. */
export function validateSourceDescription(value: unknown, file: string): SourceDescription {
  const fail = (field: string, reason: string): never => {
    throw new SourceFileError(file, `champ « ${field} » ${reason}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('(racine)', 'doit être un objet');
  const v = value as Record<string, unknown>;
  for (const key of ['id', 'title', 'producer', 'licence', 'attribution', 'vintage', 'format']) {
    if (typeof v[key] !== 'string' || (v[key] as string).trim() === '') fail(key, 'doit être un texte non vide');
  }
  if (v.attributionDated !== undefined && (typeof v.attributionDated !== 'string' || !v.attributionDated.includes('{date}')))
    fail('attributionDated', 'doit être un texte contenant {date} (la date du fichier téléchargé)');
  if (!FORMATS.has(v.format as string)) fail('format', `doit valoir l’un de ${[...FORMATS].join(', ')}`);
  if (v.format === 'npm') {
    if (typeof v.package !== 'string') fail('package', 'est obligatoire pour le format "npm"');
  } else {
    if (!Array.isArray(v.files) || v.files.length === 0 || !v.files.every((f) => typeof f === 'string')) {
      fail('files', 'doit être une liste non vide de chemins relatifs');
    }
    for (const f of v.files as string[]) {
      if (f.startsWith('/') || f.split('/').includes('..')) fail('files', `doit rester dans le dossier des fichiers bruts : "${f}"`);
    }
  }
  if (v.format === 'csv' && typeof v.delimiter !== 'string') fail('delimiter', 'est obligatoire pour un CSV');
  if (v.encoding !== undefined && v.encoding !== 'utf-8' && v.encoding !== 'windows-1252') {
    fail('encoding', 'doit valoir "utf-8" ou "windows-1252"');
  }
  const urls = (v.download as { urls?: unknown } | undefined)?.urls;
  if (urls !== undefined) {
    if (!Array.isArray(v.files)) fail('download.urls', 'n’est permis qu’avec "files" (une adresse par fichier)');
    if (!Array.isArray(urls) || urls.length !== (v.files as string[]).length) fail('download.urls', 'doit donner une adresse par fichier');
  }
  if (
    v.covers !== undefined &&
    (!Array.isArray(v.covers) || !v.covers.every((d) => typeof d === 'string' && /^(\d{2,3}|2[AB])$/.test(d)))
  ) {
    fail('covers', 'doit être une liste de codes de département');
  }
  if (v.datagouv !== undefined) checkDatagouv(v.datagouv, v.files, fail);
  if (v.format !== 'npm' || v.expect !== undefined) checkExpectations(v.expect, (v.files as string[] | undefined) ?? [], fail);
  return v as unknown as SourceDescription;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
const isNameList = (l: unknown): l is string[] => Array.isArray(l) && l.every((c) => typeof c === 'string' && c !== '');

function checkDatagouv(value: unknown, files: unknown, fail: (field: string, reason: string) => never): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('datagouv', 'doit être un objet { dataset, resourceFormat }');
  const d = value as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (!['dataset', 'resourceFormat', 'titleContains'].includes(key))
      fail(`datagouv.${key}`, 'est inconnu (dataset, resourceFormat, titleContains)');
  }
  if (typeof d.dataset !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/.test(d.dataset)) {
    fail('datagouv.dataset', 'doit être l’identifiant ou le nom court (slug) du jeu de données');
  }
  if (typeof d.resourceFormat !== 'string' || d.resourceFormat.trim() === '')
    fail('datagouv.resourceFormat', 'doit être un texte non vide (csv…)');
  if (d.titleContains !== undefined && (typeof d.titleContains !== 'string' || d.titleContains === '')) {
    fail('datagouv.titleContains', 'doit être un texte non vide');
  }
  if (!Array.isArray(files) || files.length !== 1) fail('datagouv', 'n’est permis que pour une source d’un seul fichier');
}

function checkExpectations(value: unknown, files: string[], fail: (field: string, reason: string) => never): void {
  if (value === undefined) fail('expect', 'est obligatoire : colonnes, lignes minimales, baisse maximale (voir docs/guarantees.md)');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expect', 'doit être un objet');
  const e = value as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if (!['columns', 'minRows', 'maxDropPercent'].includes(key)) fail(`expect.${key}`, 'est inconnu (columns, minRows, maxDropPercent)');
  }
  if (e.columns !== undefined && !isNameList(e.columns)) {
    if (typeof e.columns !== 'object' || e.columns === null || Array.isArray(e.columns)) {
      fail('expect.columns', 'doit être une liste de colonnes, ou une liste par fichier');
    }
    for (const [f, list] of Object.entries(e.columns as object)) {
      if (!files.includes(f)) fail(`expect.columns.${f}`, 'ne nomme pas un fichier de "files"');
      if (!isNameList(list)) fail(`expect.columns.${f}`, 'doit être une liste de noms de colonnes');
    }
  }
  const min = e.minRows as Record<string, unknown> | undefined;
  if (typeof min !== 'object' || min === null || Array.isArray(min) || !Object.hasOwn(min, 'default')) {
    fail('expect.minRows', 'doit être un objet avec au moins "default" (et un nombre par code de département)');
  }
  for (const [dept, n] of Object.entries(min as object)) {
    if (dept !== 'default' && !/^(\d{2,3}|2[AB])$/.test(dept)) fail(`expect.minRows.${dept}`, 'n’est pas un code de département');
    if (!isCount(n)) fail(`expect.minRows.${dept}`, 'doit être un nombre entier positif ou nul');
  }
  const drop = e.maxDropPercent;
  if (typeof drop !== 'number' || !Number.isFinite(drop) || drop < 0 || drop > 100)
    fail('expect.maxDropPercent', 'doit être un nombre de 0 à 100');
}

/** Fills `{dept}` and `{deptSlug}` placeholders. */
export function expandPath(template: string, dept: { code: string; slug: string }): string {
  return template.replaceAll('{dept}', dept.code).replaceAll('{deptSlug}', dept.slug);
}

/**
 * The description of a source for a build from one given file of it (a `data --update` download,
 * `datagouv/<source>/<file>` in a raw folder): that file only, its date as the vintage, the address it
 * came from when known; the expected columns of the declared file carried over to it.
 */
export function describeDownloadedFile(desc: SourceDescription, file: string, vintage: string, url?: string): SourceDescription {
  const columns = desc.expect?.columns;
  const expect = desc.expect && {
    ...desc.expect,
    columns: columns && !Array.isArray(columns) ? { [file]: Object.values(columns)[0] ?? [] } : columns,
  };
  const date = formatDayFr(vintage);
  return {
    ...desc,
    // the declared attribution may name the declared file's date: the downloaded file's date instead
    attribution: desc.attributionDated ? desc.attributionDated.replaceAll('{date}', date) : `${desc.attribution} (fichier du ${date})`,
    files: [file],
    vintage,
    ...(url ? { download: { ...desc.download, urls: [url] } } : {}),
    ...(expect ? { expect } : {}),
  };
}
