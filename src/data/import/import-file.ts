import Papa from 'papaparse';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { decodeWindows1252, firstInvalidUtf8Offset } from '../parse/decode-text.ts';
import { FinessImport, looksLikeFiness } from './finess-import.ts';
import { importJson } from './geojson-import.ts';
import type { ImportSession } from './import-session.ts';
import { TabularImport } from './tabular-import.ts';
import {
  DEFAULT_IMPORT_LIMITS,
  ImportFileError,
  type ImportEncoding,
  type ImportFormat,
  type ImportOptions,
  type ImportResult,
} from './import-types.ts';

export type FileWarning = { kind: 'encoding' | 'format'; message: string };

export interface DecodedImport {
  text: string;
  encoding: ImportEncoding;
  warnings: FileWarning[];
}

function megabytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.ceil(n / 1024).toLocaleString('fr-FR')} ko`;
  return `${(n / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

/** One line end: files glued from several sources mix CRLF, LF and CR, which a CSV parser reads as one. */
function oneNewline(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Refuses a file over the size limit before reading it, with a French message. */
export function checkImportSize(size: number, limits = DEFAULT_IMPORT_LIMITS): void {
  if (size > limits.maxBytes) {
    throw new ImportFileError(
      `Fichier trop volumineux : ${megabytes(size)} (limite : ${megabytes(limits.maxBytes)}). Découpez-le, ou ne gardez que les lignes du département.`,
    );
  }
  if (size === 0) throw new ImportFileError('Fichier vide.');
}

/**
 * Decodes an imported file: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "texte
 * Unicode"), otherwise Windows-1252 when the bytes are not valid UTF-8 (said in a warning).
 * Refuses binary files (a spreadsheet not saved as CSV) and files over the size limit.
 */
export function decodeImportBytes(bytes: Uint8Array, limits = DEFAULT_IMPORT_LIMITS): DecodedImport {
  checkImportSize(bytes.length, limits);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new ImportFileError(
      'Classeur Excel ou OpenDocument (fichier compressé) : enregistrez la feuille au format CSV, puis importez ce CSV.',
    );
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: oneNewline(new TextDecoder('utf-16le').decode(bytes.subarray(2))), encoding: 'utf-16le', warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) throw new ImportFileError('Fichier en UTF-16 gros-boutiste : enregistrez-le en UTF-8.');
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw new ImportFileError('Fichier binaire (octets nuls) : un CSV, un GeoJSON ou un JSON en texte est attendu.');
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8Offset(body);
  if (bad < 0) return { text: oneNewline(new TextDecoder('utf-8').decode(body)), encoding: bom ? 'utf-8-bom' : 'utf-8', warnings: [] };
  if (bom) {
    const line = new TextDecoder('utf-8').decode(body.subarray(0, bad)).split('\n').length;
    throw new ImportFileError(
      `Fichier marqué UTF-8 (BOM) mais dont un octet n’est pas de l’UTF-8, ligne ${line} : fichier abîmé ou encodages mélangés.`,
      { line, column: 0 },
    );
  }
  return {
    text: oneNewline(decodeWindows1252(body)),
    encoding: 'windows-1252',
    warnings: [
      { kind: 'encoding', message: 'fichier lu en Windows-1252 (ce n’est pas de l’UTF-8) : vérifiez les accents dans le rapport' },
    ],
  };
}

/** Tells a file's format from its first characters, and a CSV's separator from its header line. */
export function sniffFormat(text: string): { format: ImportFormat; delimiter: string | null } {
  const start = text.search(/\S/);
  if (start < 0) throw new ImportFileError('Fichier vide : aucun caractère visible.');
  const c = text[start];
  if (c === '<')
    throw new ImportFileError(
      'Page HTML ou fichier XML, pas un CSV ni un GeoJSON : le téléchargement a peut-être renvoyé une page d’erreur.',
    );
  if (c === '{' || c === '[') return { format: text.slice(start, start + 4096).includes('"Feature') ? 'geojson' : 'json', delimiter: null };
  const firstLine = text.slice(start, text.indexOf('\n', start) < 0 ? undefined : text.indexOf('\n', start));
  if (looksLikeFiness(firstLine)) return { format: 'finess', delimiter: ';' };
  return { format: 'csv', delimiter: detectDelimiter(firstLine) };
}

/** The separator of a header line: the most frequent of `;`, `,` and tab outside quotes (`,` on a tie). */
export function detectDelimiter(line: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] === ',' ? -1 : b[0] === ',' ? 1 : 0))[0];
  return best[1] > 0 ? best[0] : ',';
}

const JSON_ERRORS: Record<string, string> = {
  InvalidSymbol: 'caractère inattendu',
  InvalidNumberFormat: 'nombre mal écrit',
  PropertyNameExpected: 'nom de propriété attendu',
  ValueExpected: 'valeur attendue',
  ColonExpected: '« : » attendu',
  CommaExpected: 'virgule attendue',
  CloseBraceExpected: '« } » attendu',
  CloseBracketExpected: '« ] » attendu',
  EndOfFileExpected: 'texte en trop après la fin du JSON',
  InvalidCommentToken: 'commentaire non permis en JSON',
  UnexpectedEndOfComment: 'commentaire non fermé',
  UnexpectedEndOfString: 'texte entre guillemets non fermé',
  UnexpectedEndOfNumber: 'nombre incomplet',
  InvalidUnicode: 'séquence \\u invalide',
  InvalidEscapeCharacter: 'échappement invalide',
  InvalidCharacter: 'caractère de contrôle dans un texte',
};

/** Parses JSON text; a syntax error becomes a French message with its line and column. */
export function parseImportJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // the location from a tolerant parser: the same in Node and every browser
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const offset = errors.length ? Math.min(errors[0].offset, text.length) : text.length;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const near = text
      .slice(offset, offset + 20)
      .replace(/\s+/g, ' ')
      .trim();
    const what = errors.length ? (JSON_ERRORS[printParseErrorCode(errors[0].error)] ?? 'syntaxe invalide') : 'syntaxe invalide';
    throw new ImportFileError(
      `JSON mal formé, ligne ${line}, colonne ${column} : ${what}${near ? ` (près de « ${near} »)` : ' (fin du fichier atteinte)'}.`,
      { line, column },
    );
  }
}

/**
 * The number of fields of one physical line read alone when it is a clean CSV row (every
 * quoted field closed and followed by the separator, no quote inside an unquoted field), else
 * -1. A line that is a whole row on its own, found inside a multi-line quoted field, means a
 * stray quote swallowed it.
 */
export function cleanRowFields(line: string, delimiter: string): number {
  let count = 0;
  let i = 0;
  for (;;) {
    count++;
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return -1;
        if (line[q + 1] === '"') {
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      if (i === line.length) break;
      if (!line.startsWith(delimiter, i)) return -1;
      i += delimiter.length;
    } else {
      const d = line.indexOf(delimiter, i);
      const field = d < 0 ? line.slice(i) : line.slice(i, d);
      if (field.includes('"')) return -1;
      if (d < 0) break;
      i = d + delimiter.length;
    }
  }
  return count;
}

type QuoteCode = 'MissingQuotes' | 'InvalidQuotes';

/**
 * Feeds CSV rows parsed by papaparse (whole text or one chunk at a time) to a table
 * import: skips blank lines, takes the first non-blank line as the header, numbers the
 * data rows (1 = first row after the header) and follows the physical lines of the file.
 *
 * A misplaced or unclosed `"` makes papaparse read every line up to the next quote (or the
 * end of the file) as one field. Such a record — a quote error on a record spanning several
 * lines, a multi-line record with the wrong number of fields, a field over several lines holding
 * as many separators as a whole row, or a line inside that is a whole row on its own — is never
 * counted as one row: each non-blank line it spans is
 * rejected with its own row number, a reason naming the line where the quote opened, and the
 * line as written. A quote error in the header refuses the file, naming the line.
 */
export class CsvFeeder {
  private row = 0;
  /** Line of the file (1-based) where the next record starts. */
  private line = 1;
  private lineStarts: number[] | null = null;

  constructor(
    readonly table: TabularImport,
    private readonly text: string,
    private readonly delimiter: string,
  ) {}

  feed(rows: readonly string[][], errors: readonly { row?: number | null; code: string; message: string }[]): void {
    // errors past the rows belong to the partial last line of a chunk, parsed again with the next one
    const problems = new Map<number, { code: string; message: string }>();
    for (const e of errors) {
      if (e.row === undefined || e.row === null || e.row >= rows.length) continue;
      const known = problems.get(e.row);
      if (!known || e.code === 'MissingQuotes') problems.set(e.row, e);
    }
    rows.forEach((cells, i) => {
      const first = this.line;
      let breaks = 0;
      for (const c of cells) for (let k = c.indexOf('\n'); k >= 0; k = c.indexOf('\n', k + 1)) breaks++;
      this.line += breaks + 1;
      const problem = problems.get(i);
      const quote = problem?.code === 'MissingQuotes' || problem?.code === 'InvalidQuotes' ? (problem.code as QuoteCode) : null;
      if (!problem && cells.every((c) => c.trim() === '')) return;
      if (!this.table.started) {
        if (
          quote ||
          (breaks > 0 && (cells.some((c) => c.includes('\n') && c.includes(this.delimiter)) || this.holdsRows(first, breaks, 2, true)))
        ) {
          throw new ImportFileError(
            `Guillemet ${quote === 'MissingQuotes' ? 'non fermé' : 'mal placé'} dans la ligne d’en-tête (ligne ${first} du fichier) : les lignes suivantes seraient lues comme un nom de colonne. Corrigez ce guillemet.`,
            { line: first, column: 0 },
          );
        }
        this.table.header(cells);
        return;
      }
      if (
        breaks > 0 &&
        (quote ||
          cells.length !== this.table.columnCount ||
          this.holdsRowInCell(cells) ||
          this.holdsRows(first, breaks, this.table.columnCount, false))
      ) {
        this.rejectLines(first, first + breaks, quote);
        return;
      }
      this.row++;
      const reason = !problem
        ? undefined
        : quote === 'MissingQuotes'
          ? `guillemet ouvrant sans guillemet fermant (ligne ${first} du fichier)`
          : quote === 'InvalidQuotes'
            ? `guillemets mal placés (ligne ${first} du fichier)`
            : problem.message;
      this.table.record(this.row, cells, reason, reason ? this.lineText(first) : undefined);
    });
  }

  /** Whether a field over several lines holds as many separators as a whole row: the rest of a line and the next, swallowed by a stray quote. */
  private holdsRowInCell(cells: readonly string[]): boolean {
    const enough = Math.max(1, this.table.columnCount - 1);
    return cells.some((c) => c.includes('\n') && c.split(this.delimiter).length - 1 >= enough);
  }

  /** Whether a line after the first of a record is a whole row on its own (`atLeast`: or more fields). */
  private holdsRows(first: number, breaks: number, fields: number, atLeast: boolean): boolean {
    if (fields < 2) return false;
    for (let n = first + 1; n <= first + breaks; n++) {
      const count = cleanRowFields(this.lineText(n), this.delimiter);
      if (atLeast ? count >= fields : count === fields) return true;
    }
    return false;
  }

  /** Rejects each non-blank line of a record that a misplaced quote made span lines `first` to `last`. */
  private rejectLines(first: number, end: number, quote: QuoteCode | null): void {
    let last = end;
    while (last > first && this.lineText(last).trim() === '') last--;
    const span = `lignes ${first} à ${last} du fichier`;
    const opener =
      quote === 'MissingQuotes'
        ? `guillemet ouvert ligne ${first} et jamais fermé : les ${span} (fin du fichier) ont été lues comme un seul champ ; chaque ligne est rejetée, corrigez ce guillemet`
        : quote === 'InvalidQuotes'
          ? `guillemet mal placé ligne ${first} : les ${span} ont été lues comme un seul champ entre guillemets ; chaque ligne est rejetée, corrigez ce guillemet`
          : `guillemet ouvert ligne ${first} et fermé seulement ligne ${last} : les ${span} ont été lues comme un seul champ ; chaque ligne est rejetée, corrigez ce guillemet`;
    const inside = `guillemet ${quote ? 'non fermé ' : ''}ouvert ligne ${first} : la ligne fait partie d’un champ entre guillemets (${span})`;
    for (let n = first; n <= last; n++) {
      const text = this.lineText(n);
      if (n > first && text.trim() === '') continue;
      this.row++;
      this.table.record(this.row, null, n === first ? opener : inside, text);
    }
  }

  /** Line `n` (1-based) of the file as written. */
  private lineText(n: number): string {
    if (!this.lineStarts) {
      const starts = [0];
      for (let k = this.text.indexOf('\n'); k >= 0; k = this.text.indexOf('\n', k + 1)) starts.push(k + 1);
      this.lineStarts = starts;
    }
    const start = this.lineStarts[n - 1];
    if (start === undefined) return '';
    const end = this.lineStarts[n];
    return this.text.slice(start, end === undefined ? undefined : end - 1);
  }
}

/** papaparse on a string, chunk by chunk (synchronous; the typings only describe chunks for files). */
const parseStringInChunks = Papa.parse as unknown as (
  text: string,
  config: Papa.ParseConfig<string[]> & { chunkSize: number; chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser): void },
) => void;

/** Receives accepted features as they come (the browser worker posts them to the page). */
export interface ImportSink {
  /** Features per batch (default 5,000). */
  batchSize?: number;
  /** CSV text per papaparse chunk, in characters (default 256 Ki). */
  chunkSize?: number;
  onBatch(features: ImportResult['features'], progress: { rowsRead: number; fraction: number }): void;
}

/**
 * Imports decoded text: a CSV is parsed by papaparse in chunks (quoted newlines may straddle
 * two chunks), each row placed as it comes; accepted features go to `sink` in batches. The
 * same function serves the CLI, the tests and the browser worker.
 */
export function importText(decoded: DecodedImport, options: ImportOptions, sink?: ImportSink): ImportResult {
  const { format, delimiter } = sniffFormat(decoded.text);
  const batchSize = sink?.batchSize ?? 5_000;
  let session: ImportSession;
  // batches of at most `batchSize` features: each costs the page one bounded structured clone
  const flush = (fraction: number, force = false) => {
    if (!sink || !session) return;
    while (session.report.accepted - sent >= batchSize || (force && session.report.accepted > sent)) {
      const batch = session.takeFeatures(batchSize);
      sent += batch.length;
      sink.onBatch(batch, { rowsRead: session.report.rows_read, fraction });
    }
    if (force && session.report.accepted === sent && session.report.accepted === 0)
      sink.onBatch([], { rowsRead: session.report.rows_read, fraction });
  };
  let sent = 0;
  if (format === 'geojson' || format === 'json') {
    session = importJson(parseImportJson(decoded.text), options, decoded.encoding, decoded.warnings);
  } else if (format === 'finess') {
    const finess = new FinessImport(options, decoded.encoding, decoded.warnings);
    finess.lines(Papa.parse<string[]>(decoded.text, { delimiter: ';', skipEmptyLines: false }).data);
    session = finess.finish();
  } else {
    const table = new TabularImport(options, { format: 'csv', encoding: decoded.encoding, delimiter, warnings: decoded.warnings });
    const feeder = new CsvFeeder(table, decoded.text, delimiter!);
    const chunkSize = sink?.chunkSize ?? 1 << 18;
    let consumed = 0;
    let failure: unknown = null;
    parseStringInChunks(decoded.text, {
      delimiter: delimiter!,
      newline: '\n',
      skipEmptyLines: false,
      chunkSize,
      chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
        try {
          feeder.feed(results.data, results.errors);
          consumed = Math.min(decoded.text.length, consumed + chunkSize);
          if (table.started) {
            session = table.sessionOrThrow;
            flush(consumed / decoded.text.length);
          }
        } catch (err) {
          failure = err;
          parser.abort();
        }
      },
    });
    if (failure) throw failure;
    session = table.sessionOrThrow;
  }
  const report = session.finish();
  // JSON and FINESS rows are placed in one go: their features still go out in batches
  if (sink) flush(1, true);
  return { report, features: session.features() };
}

/** Imports a file's bytes in one go: decoding, format, columns, rows → features and a report. */
export function importFile(bytes: Uint8Array, options: ImportOptions): ImportResult {
  return importText(decodeImportBytes(bytes, options.limits), options);
}
