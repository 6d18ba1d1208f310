/** A cell: text is quoted as needed and neutralised; numbers are written as given; null is an empty cell. */
export type CsvCell = string | number | null;

export interface CsvOptions {
  /** `,` (RFC 4180) or `;` (French spreadsheets). */
  delimiter: ',' | ';';
  /** Write numbers with a decimal comma (French spreadsheets). */
  decimalComma: boolean;
  /** Start with a UTF-8 byte-order mark, so that Excel reads the accents right. */
  bom: boolean;
}

export const RFC4180: CsvOptions = { delimiter: ',', decimalComma: false, bom: false };
export const EXCEL_FR: CsvOptions = { delimiter: ';', decimalComma: true, bom: true };

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a text cell against spreadsheet formula injection: a cell starting
 * with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single quote,
 * which spreadsheets show as text. Other text is returned unchanged.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function formatNumber(n: number, decimalComma: boolean): string {
  if (!Number.isFinite(n)) throw new RangeError(`cannot write ${n} in a CSV cell`);
  const s = String(n);
  return decimalComma ? s.replace('.', ',') : s;
}

function quote(text: string, delimiter: string): string {
  return text.includes('"') || text.includes(delimiter) || /[\r\n]/.test(text) || text !== text.trim()
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}

/**
 * Writes rows as CSV: CRLF line ends (RFC 4180), fields quoted when they hold the
 * delimiter, a quote, a line break or edge spaces; text cells neutralised against
 * formula injection; numbers never quoted.
 */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = RFC4180): string {
  const lines = rows.map((row) =>
    row
      .map((cell) => {
        if (cell === null) return '';
        if (typeof cell === 'number') return formatNumber(cell, options.decimalComma);
        return quote(neutraliseFormula(cell), options.delimiter);
      })
      .join(options.delimiter),
  );
  return (options.bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n';
}
