import writeXlsxFile, { type Cell, type Feature, type SheetData } from 'write-excel-file/universal';
import type { CsvCell } from '../export/csv.ts';
import {
  coverageColumns,
  coverageMetadata,
  coverageTableCells,
  scenarioTitle,
  type CoverageColumn,
  type CoverageExportContext,
} from './coverage-export.ts';
import type { CoverageTable } from './coverage-types.ts';

/** MIME type of an `.xlsx` file. */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Sheet names of the workbook. */
export const XLSX_SHEETS = { data: 'Cantons', readme: 'Lisez-moi' } as const;

/**
 * Number formats (Excel format codes, shown with the reader's own decimal separator):
 * codes and text stay text (`@`, so `0101` keeps its zero), counts get thousands
 * separators, percentages keep the 0–100 value of every other export with a `%` sign.
 */
export const XLSX_FORMATS = { text: '@', integer: '#,##0', percent: '0.0" %"', km: '0.00', decimal: '0.00' } as const;

function formatOf(column: CoverageColumn): string {
  if (column.datatype === 'integer') return XLSX_FORMATS.integer;
  if (column.datatype === 'decimal')
    return column.unit === '%' ? XLSX_FORMATS.percent : column.unit === 'km' ? XLSX_FORMATS.km : XLSX_FORMATS.decimal;
  return XLSX_FORMATS.text;
}

/**
 * A typed cell: a number stays a number with its format; everything else (codes, names,
 * lists, oui/non) is a text cell with the text format, never a formula, whatever it starts
 * with (`=HYPERLINK(…)` is stored as those characters). An empty cell is no data, never zero.
 */
export function typed(value: CsvCell, column: CoverageColumn): Cell {
  // an empty list (no split commune, no priority territory) is an empty cell, as in the CSV
  if (value === null || value === '') return null;
  if (typeof value === 'number') return { type: Number, value, format: formatOf(column) };
  return { type: String, value, format: XLSX_FORMATS.text };
}

/** Column letters of a 0-based index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Width in characters: the longest value, or the header up to 18 characters (headers wrap), between 8 and 48. */
export function width(header: CsvCell, values: readonly CsvCell[]): number {
  const longest = Math.max(Math.min(18, String(header).length), ...values.map((c) => (c === null ? 0 : String(c).length)));
  return Math.min(48, Math.max(8, longest + 2));
}

/**
 * An autofilter on the data sheet's header row: write-excel-file has no option for it, so
 * this feature (its documented extension point) adds the `<autoFilter>` element right after
 * `<sheetData>` (its place in ECMA-376) and the hidden `_xlnm._FilterDatabase` name Excel
 * writes itself. Throws if the library's output no longer has the expected shape.
 */
function autoFilter(sheetName: string, ref: string): Feature<Blob> {
  const absolute = ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transform(content, _options, { sheetIndex }) {
            if (sheetIndex !== 0) return content;
            if (!content.includes('</sheetData>')) throw new Error('xlsx autofilter: no </sheetData> in the data sheet');
            return content.replace('</sheetData>', `</sheetData><autoFilter ref="${ref}"/>`);
          },
        },
        'xl/workbook.xml': {
          transform(content) {
            const name = `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${sheetName.replace(/'/g, "''")}'!${absolute}</definedName>`;
            if (content.includes('<definedNames/>')) return content.replace('<definedNames/>', `<definedNames>${name}</definedNames>`);
            if (content.includes('</definedNames>')) return content.replace('</definedNames>', `${name}</definedNames>`);
            if (content.includes('</sheets>')) return content.replace('</sheets>', `</sheets><definedNames>${name}</definedNames>`);
            throw new Error('xlsx autofilter: no <sheets> in the workbook');
          },
        },
      },
    },
  };
}

/** The "Lisez-moi" sheet: what the table is, its date, rule, sources with vintages and licences, method, attribution, columns. */
function readmeRows(table: CoverageTable, generatedAt: Date, context: CoverageExportContext): SheetData {
  const meta = coverageMetadata(table, generatedAt, context);
  const text = (value: string): Cell => ({ type: String, value, format: XLSX_FORMATS.text, wrap: true, alignVertical: 'top' });
  const head = (value: string): Cell => ({ type: String, value, fontWeight: 'bold', alignVertical: 'top' });
  const listDate = table.sources.find((s) => s.layer === 'france-services')?.vintage ?? null;
  const rows: SheetData = [
    [head(meta.title), null],
    [],
    [
      head('Date des données'),
      text(
        context.asOf
          ? `Réseau au ${context.asOf} : France Services labellisées à cette date ou avant, d'après la liste ANCT${listDate ? ` du ${listDate}` : ''} (les sites fermés avant la date de la liste n'y figurent pas).`
          : `Liste des France Services${listDate ? ` du ${listDate}` : ''}.`,
      ),
    ],
    ...(table.scenario
      ? [[head('Scénario'), text(`${scenarioTitle(table)} : comprend des sites hypothétiques, pas seulement des sites existants.`)]]
      : []),
    [head('Produit le'), text(`${meta.generated_at} (UTC), par ${meta.generator}`)],
    [head('Règle'), text(meta.method[0])],
    [head('Canton prioritaire'), text(meta.method[1])],
    [],
    [head('Méthode'), null],
    ...meta.method.slice(2).map((line) => [null, text(line)]),
    [],
    [head('Sources'), null],
    ...meta.sources.map((s) => [text(s.producer), text(`${s.title} — millésime ${s.vintage} — ${s.licence} (couche ${s.layer})`)]),
    [],
    [
      head('Attribution'),
      text(
        `Données : ${[...new Set(meta.sources.map((s) => s.producer))].join(' ; ')}. Traitement : ${meta.generator}. Citez les sources et leur millésime en réutilisant ce tableau.`,
      ),
    ],
    [],
    [head('Colonnes de la feuille « Cantons »'), null],
    ...coverageColumns(table).map((c) => [text(c.titleFr), text(c.description)]),
  ];
  return rows;
}

/**
 * The canton table as an Excel workbook (`.xlsx`), for handing on as is: a "Cantons"
 * sheet with French headers, typed numbers and percentages (number formats), codes as
 * text, a frozen header row and first two columns, an autofilter and readable widths; and
 * a "Lisez-moi" sheet with the rule, the date of the data, the sources with their vintages
 * and licences, the method, the attribution and every column's meaning. No cell is a
 * formula. Same content from the CLI and the app; the bytes differ (the zip stamps the time).
 */
export async function coverageToXlsx(table: CoverageTable, generatedAt: Date, context: CoverageExportContext = {}): Promise<Blob> {
  const columns = coverageColumns(table);
  const [header, ...body] = coverageTableCells(table, 'fr');
  const data: SheetData = [
    header.map(
      (title) =>
        ({ type: String, value: String(title), fontWeight: 'bold', wrap: true, alignVertical: 'top', format: XLSX_FORMATS.text }) as Cell,
    ),
    ...body.map((row) => row.map((value, i) => typed(value, columns[i]))),
  ];
  const ref = `A1:${columnLetter(columns.length - 1)}${body.length + 1}`;
  return writeXlsxFile(
    [
      {
        data,
        sheet: XLSX_SHEETS.data,
        stickyRowsCount: 1,
        stickyColumnsCount: 2,
        columns: columns.map((_, i) => ({
          width: width(
            header[i],
            body.map((r) => r[i]),
          ),
        })),
      },
      { data: readmeRows(table, generatedAt, context), sheet: XLSX_SHEETS.readme, columns: [{ width: 34 }, { width: 110 }] },
    ],
    { fontFamily: 'Calibri', fontSize: 11, features: [autoFilter(XLSX_SHEETS.data, ref)] },
  ).toBlob();
}
