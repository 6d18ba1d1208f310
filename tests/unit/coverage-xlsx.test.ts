/**
 * The Excel workbook of the canton table, read back with another library (ExcelJS) and
 * as raw OOXML: both sheets, typed numbers with their formats, codes kept as text with their
 * leading zeros, frozen header, autofilter, widths, no formula anywhere (names such as
 * `=HYPERLINK(…)` stay text), and the same figures as the CSV. Fictional fixtures only.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeCoverage } from '../../src/core/coverage/compute-coverage.ts';
import { coverageColumns, coverageFileName, coverageTableCells, ruleSlug } from '../../src/core/coverage/coverage-export.ts';
import { columnLetter, coverageToXlsx, XLSX_FORMATS, XLSX_MIME, XLSX_SHEETS } from '../../src/core/coverage/coverage-xlsx.ts';
import type { CoverageInput, CoverageRule, CoverageTable } from '../../src/core/coverage/coverage-types.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/coverage');
const golden = (name: string) =>
  JSON.parse(readFileSync(resolve(FIXTURES, name, 'input.json'), 'utf8')) as { input: CoverageInput; rule: CoverageRule };
const GENERATED_AT = new Date('2099-01-01T00:00:00.000Z');

/** The tricky-text fixture with a département code starting with 0 and a canton name that is a hyperlink formula. */
function trickyTable(): CoverageTable {
  const { input, rule } = golden('centroids-tricky-text');
  const renamed: CoverageInput = {
    ...input,
    departement: { code: '01', name: 'Ain-des-Épreuves' },
    cantons: input.cantons.map((c, i) =>
      i === 1 ? { ...c, properties: { ...c.properties, code: '0101', name: '=HYPERLINK("http://exemple.invalid","clic")' } } : c,
    ),
    communes: input.communes.map((c) => (c.cantonCode === input.cantons[1].properties.code ? { ...c, cantonCode: '0101' } : c)),
  };
  return computeCoverage(renamed, rule);
}

interface Read {
  blob: Blob;
  files: Record<string, string>;
  workbook: ExcelJS.Workbook;
}
async function read(table: CoverageTable, context = {}): Promise<Read> {
  const blob = await coverageToXlsx(table, GENERATED_AT, context);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const files = Object.fromEntries(Object.entries(unzipSync(bytes)).map(([k, v]) => [k, strFromU8(v)]));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
  return { blob, files, workbook };
}

describe('coverageToXlsx', () => {
  let table: CoverageTable;
  let r: Read;
  beforeAll(async () => {
    table = trickyTable();
    r = await read(table, { asOf: '2021-06-30' });
  });

  it('is an xlsx with the two sheets, data first', () => {
    expect(r.blob.type).toBe(XLSX_MIME);
    expect(r.workbook.worksheets.map((w) => w.name)).toEqual([XLSX_SHEETS.data, XLSX_SHEETS.readme]);
  });

  it('holds every row of the table, total last, with French headers', () => {
    const ws = r.workbook.getWorksheet(XLSX_SHEETS.data)!;
    const columns = coverageColumns(table);
    expect(ws.rowCount).toBe(table.rows.length + 2);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.titleFr));
    expect(ws.getRow(ws.rowCount).getCell(3).value).toBe('total');
    expect(ws.getRow(ws.rowCount).getCell(1).value).toBe('01');
  });

  it('types every cell as the CSV for French spreadsheets writes it: numbers as numbers with a format, the rest as text', () => {
    const ws = r.workbook.getWorksheet(XLSX_SHEETS.data)!;
    const columns = coverageColumns(table);
    const [, ...body] = coverageTableCells(table, 'fr');
    body.forEach((row, i) => {
      row.forEach((value, j) => {
        const c = ws.getRow(i + 2).getCell(j + 1);
        const where = `${columns[j].name}, row ${i + 2}`;
        if (value === null || value === '') expect(c.type, where).toBe(ExcelJS.ValueType.Null);
        else if (typeof value === 'number') {
          expect([where, c.type, c.value]).toEqual([where, ExcelJS.ValueType.Number, value]);
          const expected =
            columns[j].datatype === 'integer' ? XLSX_FORMATS.integer : columns[j].unit === '%' ? XLSX_FORMATS.percent : XLSX_FORMATS.km;
          expect([where, c.numFmt]).toEqual([where, expected]);
        } else {
          expect([where, c.type, c.value]).toEqual([where, ExcelJS.ValueType.String, value]);
          expect([where, c.numFmt]).toEqual([where, '@']);
        }
      });
    });
  });

  it('keeps codes as text with their leading zeros, and shares as percentages 0–100', () => {
    const ws = r.workbook.getWorksheet(XLSX_SHEETS.data)!;
    // rows are sorted by code: the renamed canton 0101 comes first
    const code = ws.getRow(2).getCell(1);
    expect([code.type, code.value]).toEqual([ExcelJS.ValueType.String, '0101']);
    const rural = coverageColumns(table).findIndex((c) => c.name === 'rural_population_pct') + 1;
    for (let row = 2; row <= ws.rowCount; row++) {
      const v = ws.getRow(row).getCell(rural).value as number;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
    expect(ws.getRow(4).getCell(rural).value).toBe(100);
    expect(ws.getRow(2).getCell(rural).value).toBe(Math.round(table.rows[0].ruralPopulationShare * 1000) / 10);
  });

  it('never writes a formula: a =HYPERLINK(…) name is a text cell', () => {
    const ws = r.workbook.getWorksheet(XLSX_SHEETS.data)!;
    const name = ws.getRow(2).getCell(2);
    expect([name.type, name.value]).toEqual([ExcelJS.ValueType.String, '=HYPERLINK("http://exemple.invalid","clic")']);
    for (const [path, xml] of Object.entries(r.files)) if (path.startsWith('xl/worksheets/sheet')) expect(xml, path).not.toMatch(/<f[ >]/);
    r.workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((c) => expect(c.type, `${sheet.name}!${c.address}`).not.toBe(ExcelJS.ValueType.Formula))),
    );
  });

  it('freezes the header row and the first two columns, filters on every column, and sets widths', () => {
    const ws = r.workbook.getWorksheet(XLSX_SHEETS.data)!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 2 });
    const last = columnLetter(coverageColumns(table).length - 1);
    expect(ws.autoFilter).toBe(`A1:${last}${ws.rowCount}`);
    expect(r.files['xl/workbook.xml']).toContain(
      `<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'Cantons'!$A$1:$${last}$${ws.rowCount}</definedName>`,
    );
    for (const c of ws.columns) {
      expect(c.width).toBeGreaterThanOrEqual(8);
      expect(c.width).toBeLessThanOrEqual(48);
    }
  });

  it('says on the Lisez-moi sheet the date, rule, sources with vintage and licence, method, attribution and columns', () => {
    const ws = r.workbook.getWorksheet(XLSX_SHEETS.readme)!;
    const text = ws
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === 'string')
      .join('\n');
    expect(text).toMatch(/Réseau au 2021-06-30/);
    expect(text).toMatch(/Règle : 2 France Services par canton, 3 dans un canton prioritaire/);
    for (const s of table.sources) {
      expect(text).toContain(s.producer);
      expect(text).toContain(`millésime ${s.vintage} — ${s.licence}`);
    }
    expect(text).toMatch(/Attribution/);
    expect(text).toMatch(/Cellule vide : donnée absente/);
    for (const c of coverageColumns(table)) expect(text).toContain(c.titleFr);
  });
});

describe('coverageFileName', () => {
  const { input, rule } = golden('three-cantons-grid');
  const table = computeCoverage(input, rule);

  it('carries the département, the date of the data and the rule', () => {
    expect(ruleSlug(rule)).toBe('regle-1-2-bus-qpv-rural50-terr');
    expect(coverageFileName(table, 'csv')).toBe('couverture-cantons-99-au-2099-regle-1-2-bus-qpv-rural50-terr.csv');
    expect(coverageFileName(table, 'csv-fr', { asOf: '2021-06-30' })).toBe(
      'couverture-cantons-99-au-2021-06-30-regle-1-2-bus-qpv-rural50-terr-excel-fr.csv',
    );
    expect(coverageFileName(table, 'xlsx')).toMatch(/\.xlsx$/);
    expect(coverageFileName(table, 'geojson')).toMatch(/terr\.geojson$/);
  });

  it('adds the scenario as ASCII, and says when no criterion makes a canton a priority', () => {
    expect(coverageFileName({ ...table, scenario: { name: 'Deux bus de plus à Lille-Sud !', sites: [] } }, 'json')).toBe(
      'couverture-cantons-99-au-2099-regle-1-2-bus-qpv-rural50-terr-scenario-deux-bus-de-plus-a-lille-sud.json',
    );
    const bare = { ...rule, countBuses: false, priority: { qpv: false, ruralPopulationShareMin: null, territories: false } };
    expect(ruleSlug(bare)).toBe('regle-1-2-sans-bus-sans-priorite');
  });
});
