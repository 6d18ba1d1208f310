import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/universal';
import { coverageColumns, type CoverageColumn } from '../coverage/coverage-export.ts';
import { XLSX_FORMATS, typed, width } from '../coverage/coverage-xlsx.ts';
import type { CoverageTable } from '../coverage/coverage-types.ts';
import { NATIONAL_HEAD_COLUMNS, nationalMetadata, nationalTableCells } from './national-table.ts';

/**
 * The national canton table as an Excel workbook: a "Cantons" sheet (French headers, typed numbers,
 * codes as text, frozen header and first columns, no formula) and a "Lisez-moi" sheet with the rule,
 * the method, the sources and their vintages, and every column's meaning, as the département workbook.
 */
export async function nationalTableXlsx(tables: readonly CoverageTable[], generatedAt: Date, notes: readonly string[] = []): Promise<Blob> {
  const columns: CoverageColumn[] = [...NATIONAL_HEAD_COLUMNS.map((c) => ({ ...c, value: () => null })), ...coverageColumns(tables[0])];
  const [header, ...body] = nationalTableCells(tables, 'fr');
  const bold = (value: string): Cell => ({
    type: String,
    value,
    fontWeight: 'bold',
    wrap: true,
    alignVertical: 'top',
    format: XLSX_FORMATS.text,
  });
  const text = (value: string): Cell => ({ type: String, value, format: XLSX_FORMATS.text, wrap: true, alignVertical: 'top' });
  const meta = nationalMetadata(tables, generatedAt, notes);
  const readme: SheetData = [
    [bold(meta.title), null],
    [],
    [bold('Produit le'), text(`${meta.generated_at} (UTC), par ${meta.generator}`)],
    [bold('Méthode'), null],
    ...meta.method.map((line) => [null, text(line)]),
    ...(meta.notes.length ? [[bold('Limites des contours'), null], ...meta.notes.map((line) => [null, text(line)])] : []),
    [],
    [bold('Sources'), null],
    ...meta.sources.map((s) => [text(s.producer), text(`${s.title} — millésime ${s.vintage} — ${s.licence}`)]),
    [],
    [bold('Colonnes de la feuille « Cantons »'), null],
    ...columns.map((c) => [text(c.titleFr), text(c.description)]),
  ];
  return writeXlsxFile(
    [
      {
        data: [header.map((h) => bold(String(h))), ...body.map((row) => row.map((v, i) => typed(v, columns[i])))],
        sheet: 'Cantons',
        stickyRowsCount: 1,
        stickyColumnsCount: 4,
        columns: columns.map((_, i) => ({
          width: width(
            header[i],
            body.slice(0, 500).map((r) => r[i]),
          ),
        })),
      },
      { data: readme, sheet: 'Lisez-moi', columns: [{ width: 34 }, { width: 110 }] },
    ],
    { fontFamily: 'Calibri', fontSize: 11 },
  ).toBlob();
}
