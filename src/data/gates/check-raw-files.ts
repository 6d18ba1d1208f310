import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { RawFile } from '../builders/build-types.ts';
import { decodeText, parseJsonText } from '../parse/decode-text.ts';
import { parseCsv } from '../parse/parse-csv.ts';
import { SourceFileError } from '../report.ts';
import type { SourceDescription } from '../sources/source-description.ts';

/** One broken expectation of the data build: the file (or source), the expectation and what was found. */
export interface GateFailure {
  source: string;
  /** The file at fault, or null for a count over the whole source. */
  file: string | null;
  /** Which expectation: `columns`, `rows`, `minRows`, `maxDropPercent`. */
  expectation: 'columns' | 'rows' | 'minRows' | 'maxDropPercent';
  /** French, for the terminal and the manifest. */
  message: string;
}

/** What a raw file holds, as far as the gates look: its column names and its number of records. */
export interface RawFileShape {
  columns: Set<string>;
  /** Records (CSV data rows, features, array items, keyed records, Parquet rows); null for a file that is not a list of records. */
  records: number | null;
}

/** Keys of the records of a parsed JSON file, or null when it is not a list of records. */
function recordsOf(value: unknown): Record<string, unknown>[] | null {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(value)) return value.filter(isObject);
  if (!isObject(value)) return null;
  if (value.type === 'FeatureCollection' && Array.isArray(value.features)) {
    return value.features.map((f) => (isObject(f) && isObject(f.properties) ? f.properties : {}));
  }
  if (value.type === 'Feature') return [isObject(value.properties) ? value.properties : {}];
  const values = Object.values(value);
  return values.length > 0 && values.every(isObject) ? values : null;
}

/** Reads the shape of one raw file without building anything (CSV header and rows, JSON records, Parquet schema). */
export function rawFileShape(file: RawFile, desc: SourceDescription): RawFileShape {
  if (file.path.endsWith('.parquet')) {
    const buffer = file.bytes.buffer.slice(file.bytes.byteOffset, file.bytes.byteOffset + file.bytes.byteLength) as ArrayBuffer;
    try {
      const metadata = parquetMetadata(buffer);
      return { columns: new Set(parquetSchema(metadata).children.map((c) => c.element.name)), records: Number(metadata.num_rows) };
    } catch (error) {
      throw new SourceFileError(
        file.location,
        `fichier Parquet illisible : ${(error as Error).message}`,
        'remplacez-le par une copie intacte du fichier officiel',
      );
    }
  }
  if (desc.format === 'csv') {
    const text = decodeText(file.bytes, desc.encoding ?? 'utf-8', file.location);
    const parsed = parseCsv(text, { file: file.location, delimiter: desc.delimiter ?? ',' });
    return { columns: new Set(parsed.headers), records: parsed.records.length + parsed.malformed.length };
  }
  const value = parseJsonText(decodeText(file.bytes, desc.encoding ?? 'utf-8', file.location), file.location);
  const records = recordsOf(value);
  const columns = new Set<string>();
  for (const r of records ?? []) for (const k of Object.keys(r)) columns.add(k);
  return { columns, records: records ? records.length : null };
}

/** The columns a source expects in one of its files (declared for every file, or per file as written in `files`). */
function expectedColumns(desc: SourceDescription, fileIndex: number): string[] {
  const columns = desc.expect?.columns;
  if (!columns) return [];
  if (Array.isArray(columns)) return columns;
  const pattern = desc.files?.[fileIndex];
  return pattern !== undefined && Object.hasOwn(columns, pattern) ? columns[pattern] : [];
}

const list = (names: string[], max = 8): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} … et ${(names.length - max).toLocaleString('fr-FR')} autres`;

/**
 * The gates on raw files, before anything is built: every file of a source has the columns its
 * description expects and at least one record (a CSV cut to its header line, an empty
 * FeatureCollection or an empty list is never a successful build), except where the source's
 * `minRows` for département `dept` is explicitly 0 (an empty file is then the truth). Returns every failure.
 */
export function checkRawFiles(
  sources: readonly SourceDescription[],
  files: ReadonlyMap<string, readonly RawFile[]>,
  dept?: string,
): GateFailure[] {
  const failures: GateFailure[] = [];
  for (const desc of sources) {
    const found = files.get(desc.id) ?? [];
    // a département whose minimum is explicitly 0 may have an empty file (Paris has no canton polygon)
    const mayBeEmpty = dept !== undefined && desc.expect?.minRows[dept] === 0 && Object.hasOwn(desc.expect.minRows, dept);
    found.forEach((file, i) => {
      // files come in `files` order (a wildcard pattern resolves to one file)
      const wanted = expectedColumns(desc, i);
      const shape = rawFileShape(file, desc);
      if (mayBeEmpty && shape.records === 0) return;
      const missing = wanted.filter((c) => !shape.columns.has(c));
      if (missing.length) {
        failures.push({
          source: desc.id,
          file: file.location,
          expectation: 'columns',
          message: `colonne(s) attendue(s) absente(s) : ${list(missing)} (${shape.columns.size.toLocaleString('fr-FR')} colonne(s) trouvée(s) : ${list([...shape.columns])})`,
        });
      }
      if (shape.records === 0) {
        failures.push({
          source: desc.id,
          file: file.location,
          expectation: 'rows',
          message: 'aucune ligne de données (fichier vide, ou réduit à sa ligne d’en-tête)',
        });
      }
    });
  }
  return failures;
}
