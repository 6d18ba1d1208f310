import { parquetReadObjects } from 'hyparquet';
import type { FeatureCollection } from 'geojson';
import { decodeText, parseJsonText } from '../parse/decode-text.ts';
import { parseCsv, type CsvParseResult } from '../parse/parse-csv.ts';
import { SourceFileError } from '../report.ts';
import type { SourceDescription } from '../sources/source-description.ts';
import type { RawFile } from './build-types.ts';

/** The file's parsed content from its cache (when it has one), else parsed now and kept there. */
function cached<T>(file: RawFile, key: string, parse: () => T): T {
  if (!file.parsed) return parse();
  if (!file.parsed.has(key)) file.parsed.set(key, parse());
  return file.parsed.get(key) as T;
}

/** Reads a raw GeoJSON file; a bare Feature is wrapped into a collection. */
export function readGeoJson(file: RawFile, desc: SourceDescription): FeatureCollection {
  return cached(file, `geojson|${desc.encoding ?? ''}`, () => parseGeoJson(file, desc));
}

function parseGeoJson(file: RawFile, desc: SourceDescription): FeatureCollection {
  const value = parseJsonText(decodeText(file.bytes, desc.encoding ?? 'utf-8', file.location), file.location) as {
    type?: string;
    features?: unknown;
  };
  if (value && value.type === 'Feature') return { type: 'FeatureCollection', features: [value as never] };
  if (value?.type !== 'FeatureCollection' || !Array.isArray(value.features)) {
    throw new SourceFileError(file.location, 'not a GeoJSON FeatureCollection or Feature', 'replace it with the official GeoJSON file');
  }
  return value as FeatureCollection;
}

/** Reads a raw JSON file. */
export function readJson(file: RawFile, desc: SourceDescription): unknown {
  return parseJsonText(decodeText(file.bytes, desc.encoding ?? 'utf-8', file.location), file.location);
}

/** Reads a raw JSON file that must hold an array of records. */
export function readJsonArray(file: RawFile, desc: SourceDescription): Record<string, unknown>[] {
  const value = readJson(file, desc);
  if (!Array.isArray(value))
    throw new SourceFileError(file.location, 'expected a JSON array of records', 'replace it with the official file');
  return value as Record<string, unknown>[];
}

/** Reads a raw CSV with the delimiter and encoding its mapping declares, requiring the mapped columns. */
export function readCsv(file: RawFile, desc: SourceDescription, required: string[]): CsvParseResult {
  return cached(file, `csv|${desc.encoding ?? ''}|${desc.delimiter ?? ''}|${required.join(',')}`, () => parseCsvFile(file, desc, required));
}

function parseCsvFile(file: RawFile, desc: SourceDescription, required: string[]): CsvParseResult {
  const text = decodeText(file.bytes, desc.encoding ?? 'utf-8', file.location);
  return parseCsv(text, { file: file.location, delimiter: desc.delimiter ?? ',', requiredHeaders: required });
}

/** Reads a Parquet file's rows as objects (selected columns). */
export function readParquet(file: RawFile, columns: string[]): Promise<Record<string, unknown>[]> {
  return cached(file, `parquet|${columns.join(',')}`, () => parseParquet(file, columns));
}

async function parseParquet(file: RawFile, columns: string[]): Promise<Record<string, unknown>[]> {
  const buffer = file.bytes.buffer.slice(file.bytes.byteOffset, file.bytes.byteOffset + file.bytes.byteLength) as ArrayBuffer;
  try {
    return (await parquetReadObjects({ file: buffer, columns })) as Record<string, unknown>[];
  } catch (error) {
    throw new SourceFileError(
      file.location,
      `unreadable Parquet file: ${(error as Error).message}`,
      'replace it with an intact copy of the official file',
    );
  }
}

/** Column names of a mapping, failing clearly when a field is not mapped. */
export function columnsOf(desc: SourceDescription, ...fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const c = desc.columns?.[f];
    if (!c) throw new Error(`source mapping ${desc.id}: no column declared for field "${f}"`);
    out[f] = c;
  }
  return out;
}

/** Trimmed string value of a record field ('' when absent). */
export function str(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}
