import Papa from 'papaparse';
import { ImportFileError } from './import-types.ts';
import type { TabularImport } from './tabular-import.ts';

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

/**
 * Parses a CSV text with papaparse in chunks of `chunkSize` characters (quoted newlines may
 * straddle two chunks) and feeds each chunk's rows to `table`; `onChunk` gets the fraction of
 * the text read after each one (the worker posts its batches then). Throws the first error.
 */
export function feedCsvInChunks(
  table: TabularImport,
  text: string,
  delimiter: string,
  chunkSize: number,
  onChunk: (fraction: number) => void,
): void {
  const feeder = new CsvFeeder(table, text, delimiter);
  let consumed = 0;
  let failure: unknown = null;
  parseStringInChunks(text, {
    delimiter,
    newline: '\n',
    skipEmptyLines: false,
    chunkSize,
    chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser) {
      try {
        feeder.feed(results.data, results.errors);
        consumed = Math.min(text.length, consumed + chunkSize);
        if (table.started) onChunk(consumed / text.length);
      } catch (err) {
        failure = err;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
}
