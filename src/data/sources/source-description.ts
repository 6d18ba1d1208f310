import type { TextEncoding } from '../parse/decode-text.ts';

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
}

const FORMATS = new Set(['csv', 'geojson', 'json', 'parquet', 'npm']);

/** Validates a parsed source description, naming the file and field at fault. */
export function validateSourceDescription(value: unknown, file: string): SourceDescription {
  const fail = (field: string, reason: string): never => {
    throw new Error(`${file}: field "${field}" ${reason}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('(root)', 'must be an object');
  const v = value as Record<string, unknown>;
  for (const key of ['id', 'title', 'producer', 'licence', 'attribution', 'vintage', 'format']) {
    if (typeof v[key] !== 'string' || (v[key] as string).trim() === '') fail(key, 'must be a non-empty string');
  }
  if (!FORMATS.has(v.format as string)) fail('format', `must be one of ${[...FORMATS].join(', ')}`);
  if (v.format === 'npm') {
    if (typeof v.package !== 'string') fail('package', 'is required for format "npm"');
  } else {
    if (!Array.isArray(v.files) || v.files.length === 0 || !v.files.every((f) => typeof f === 'string')) {
      fail('files', 'must be a non-empty list of relative paths');
    }
    for (const f of v.files as string[]) {
      if (f.startsWith('/') || f.split('/').includes('..')) fail('files', `must stay inside the raw folder: "${f}"`);
    }
  }
  if (v.format === 'csv' && typeof v.delimiter !== 'string') fail('delimiter', 'is required for CSV');
  if (v.encoding !== undefined && v.encoding !== 'utf-8' && v.encoding !== 'windows-1252') {
    fail('encoding', 'must be "utf-8" or "windows-1252"');
  }
  const urls = (v.download as { urls?: unknown } | undefined)?.urls;
  if (urls !== undefined) {
    if (!Array.isArray(v.files)) fail('download.urls', 'is only allowed with "files" (one URL per file)');
    if (!Array.isArray(urls) || urls.length !== (v.files as string[]).length) fail('download.urls', 'must give one URL per file');
  }
  return v as unknown as SourceDescription;
}

/** Fills `{dept}` and `{deptSlug}` placeholders. */
export function expandPath(template: string, dept: { code: string; slug: string }): string {
  return template.replaceAll('{dept}', dept.code).replaceAll('{deptSlug}', dept.slug);
}
