import Papa from 'papaparse';
import { SourceFileError } from '../report.ts';

export interface CsvRecord {
  /** 1-based data record number (the header is record 0). */
  row: number;
  values: Record<string, string>;
}

export interface CsvParseResult {
  headers: string[];
  records: CsvRecord[];
  /** Records papaparse could not read cleanly (wrong field count, bad quotes), with their record number. */
  malformed: { row: number; reason: string }[];
}

/**
 * Parses delimited text with a header row. Every record is returned with its
 * number; structurally broken records are listed in `malformed`, never dropped
 * silently. Throws when required headers are missing.
 */
export function parseCsv(text: string, options: { file: string; delimiter: string; requiredHeaders?: string[] }): CsvParseResult {
  // blank lines are skipped here rather than by papaparse, so that its error row numbers stay aligned with `data`
  const parsed = Papa.parse<string[]>(text, { delimiter: options.delimiter, skipEmptyLines: false });
  const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');
  const headerIndex = parsed.data.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0)
    throw new SourceFileError(options.file, 'fichier vide : pas de ligne d’en-tête', 'remplacez-le par le fichier officiel');
  const headers = parsed.data[headerIndex].map((h) => h.trim());
  const missing = (options.requiredHeaders ?? []).filter((h) => !headers.includes(h));
  if (missing.length) {
    throw new SourceFileError(
      options.file,
      `colonne(s) manquante(s) ${missing.map((m) => `"${m}"`).join(', ')} ; ${headers.length.toLocaleString('fr-FR')} colonne(s) trouvée(s) : ${headers.slice(0, 8).join(', ')}${headers.length > 8 ? ', …' : ''}`,
      `vérifiez le séparateur (« ${options.delimiter} ») et que c’est bien le fichier officiel attendu`,
    );
  }
  const malformed: { row: number; reason: string }[] = [];
  const errorRows = new Map<number, string>();
  for (const e of parsed.errors) {
    if (e.row !== undefined && e.row !== null) errorRows.set(e.row, `${e.code}: ${e.message}`);
  }
  const records: CsvRecord[] = [];
  let row = 0;
  for (let i = headerIndex + 1; i < parsed.data.length; i++) {
    const cells = parsed.data[i];
    const err = errorRows.get(i);
    if (!err && isBlank(cells)) continue;
    row++;
    if (err || cells.length !== headers.length) {
      malformed.push({ row, reason: err ?? `expected ${headers.length} fields, found ${cells.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    headers.forEach((h, j) => {
      values[h] = cells[j];
    });
    records.push({ row, values });
  }
  return { headers, records, malformed };
}

const PLAIN_DECIMAL = /^-?\d+(?:[.,]\d+)?$/;

/** Parses a number written with a decimal point or a decimal comma (and optional thin/no-break/space thousands separators). */
export function parseFrenchNumber(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  // the common case, a plain decimal such as 50.63421 or 50,63421
  if (PLAIN_DECIMAL.test(value)) return Number(value.replace(',', '.'));
  const cleaned = value
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.');
  if (cleaned === '' || !/^[-+]?\d*\.?\d+(e[-+]?\d+)?$/i.test(cleaned)) return null;
  return Number(cleaned);
}
