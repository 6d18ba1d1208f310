/**
 * The CSV writer of the downloads (src/core/export/csv.ts): RFC 4180 quoting and
 * CRLF line ends, the Excel FR variant (BOM, `;`, decimal comma), neutralisation
 * of spreadsheet formulas, and a round trip through PapaParse on seeded random cells.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { EXCEL_FR, neutraliseFormula, RFC4180, toCsv, type CsvCell, type CsvOptions } from '../../src/core/export/csv.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

const BOM = '\uFEFF';

/** Parses CSV text back into rows of strings with PapaParse (BOM removed first, final empty line dropped). */
function parse(text: string, options: CsvOptions): string[][] {
  const body = options.bom ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { delimiter: options.delimiter, newline: '\r\n', header: false });
  expect(result.errors).toEqual([]);
  const rows = result.data;
  expect(rows.at(-1)).toEqual(['']); // the text ends with CRLF
  return rows.slice(0, -1);
}

/** What a cell should read back as: text neutralised, numbers as written (decimal comma for FR), null empty. */
function expectedCell(cell: CsvCell, options: CsvOptions): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return options.decimalComma ? String(cell).replace('.', ',') : String(cell);
  return neutraliseFormula(cell);
}

describe('toCsv (RFC 4180)', () => {
  it('ends every record with CRLF, including the last, and writes no BOM', () => {
    const text = toCsv([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(text).toBe('a,b\r\nc,d\r\n');
    expect(text.startsWith(BOM)).toBe(false);
  });

  it('leaves plain text and numbers unquoted, and writes null as an empty cell', () => {
    expect(toCsv([['Lille', 59350, null, 0.25, 'Saint-Amand-les-Eaux', 0]])).toBe('Lille,59350,,0.25,Saint-Amand-les-Eaux,0\r\n');
  });

  it.each([
    ['the delimiter', 'Lille, Roubaix', '"Lille, Roubaix"'],
    ['a quote, doubled', 'dit "le Centre"', '"dit ""le Centre"""'],
    ['a line feed', 'ligne 1\nligne 2', '"ligne 1\nligne 2"'],
    ['a carriage return', 'ligne 1\rligne 2', '"ligne 1\rligne 2"'],
    ['a CRLF', 'ligne 1\r\nligne 2', '"ligne 1\r\nligne 2"'],
    ['a leading space', ' Lille', '" Lille"'],
    ['a trailing space', 'Lille ', '"Lille "'],
    ['only a quote', '"', '""""'],
  ])('quotes a field holding %s', (_, cell, written) => {
    expect(toCsv([[cell]])).toBe(`${written}\r\n`);
  });

  it('does not quote a semicolon with the comma delimiter', () => {
    expect(toCsv([['a; b', 'c']])).toBe('a; b,c\r\n');
  });

  it('never quotes numbers nor neutralises negative ones', () => {
    expect(toCsv([[-3, -0.5, 1e3]])).toBe('-3,-0.5,1000\r\n');
  });

  it('refuses numbers a spreadsheet cannot read', () => {
    for (const n of [Number.NaN, Infinity, -Infinity]) expect(() => toCsv([[n]])).toThrow(RangeError);
  });

  it('writes an empty row as an empty line', () => {
    expect(toCsv([['a'], [], ['b']])).toBe('a\r\n\r\nb\r\n');
  });
});

describe('toCsv (Excel FR)', () => {
  it('starts with a UTF-8 BOM, separates with ";" and ends records with CRLF', () => {
    const text = toCsv(
      [
        ['Code', 'Nom'],
        ['5901', 'Aniche'],
      ],
      EXCEL_FR,
    );
    expect(text).toBe(`${BOM}Code;Nom\r\n5901;Aniche\r\n`);
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('writes numbers with a decimal comma, and text as given', () => {
    expect(toCsv([[0.1967, 2.5, -14.62, 100, '1.5']], EXCEL_FR)).toBe(`${BOM}0,1967;2,5;-14,62;100;1.5\r\n`);
  });

  it('quotes the ";" delimiter but not commas', () => {
    expect(toCsv([['rural ; territoire', 'Lille, Roubaix']], EXCEL_FR)).toBe(`${BOM}"rural ; territoire";Lille, Roubaix\r\n`);
  });
});

describe('formula-injection neutralisation', () => {
  it.each(['=1+2', '+33 3 20 00 00 00', '-Tiret', '@SUM(A1:A2)', '\tcmd', '\r=1', '=HYPERLINK("http://x","y")', '-', '='])(
    'neutralises a text cell starting with %j',
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
      const row = parse(toCsv([[cell]]), RFC4180)[0];
      expect(row).toEqual([`'${cell}`]);
    },
  );

  it.each(['a=b', 'Saint-Amand', 'x+y', 'mail@exemple.fr', '1-2', "'=déjà neutralisé", ''])(
    'leaves %j unchanged (the sign is not first)',
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(cell);
    },
  );

  it('neutralises text in headers too', () => {
    expect(
      toCsv(
        [
          ['=Titre', '-x'],
          ['a', 'b'],
        ],
        EXCEL_FR,
      ),
    ).toBe(`${BOM}'=Titre;'-x\r\na;b\r\n`);
  });

  it('neutralises then quotes: the quote guards a cell whose formula is in quotes', () => {
    expect(toCsv([['=A1,"B"']])).toBe(`"'=A1,""B"""\r\n`);
  });

  it('writes HTML as plain text: CSV is not HTML, nothing is escaped', () => {
    const html = '<img src=x onerror=alert(1)>';
    expect(toCsv([[html, '<b>Lille & Roubaix</b>']])).toBe(`${html},<b>Lille & Roubaix</b>\r\n`);
  });
});

describe('round trip through PapaParse', () => {
  const PIECES = [
    'Lille',
    'Roubaix',
    ',',
    ';',
    '"',
    '""',
    '\r\n',
    '\n',
    '\r',
    ' ',
    '\t',
    '=',
    '+',
    '-',
    '@',
    'é',
    'Œ',
    "'",
    '<img src=x onerror=alert(1)>',
    'SUM(A1)',
    '0.5',
    '€',
  ];

  function randomCell(random: () => number): CsvCell {
    const r = random();
    if (r < 0.1) return null;
    if (r < 0.3) return Math.round((random() - 0.5) * 1e6) / 100;
    const n = 1 + Math.floor(random() * 5);
    let s = '';
    for (let i = 0; i < n; i++) s += PIECES[Math.floor(random() * PIECES.length)];
    return s;
  }

  it.each([
    ['RFC 4180', RFC4180],
    ['Excel FR', EXCEL_FR],
  ])('gives every cell back as written (%s, seeded random cells)', (_, options) => {
    const random = mulberry32(4180);
    for (let trial = 0; trial < 50; trial++) {
      const width = 1 + Math.floor(random() * 6);
      const rows: CsvCell[][] = Array.from({ length: 1 + Math.floor(random() * 8) }, () =>
        Array.from({ length: width }, () => randomCell(random)),
      );
      // a record of one empty cell is an empty line, which no CSV reader can tell from "no record"
      if (width === 1) for (const row of rows) if (row[0] === null || row[0] === '') row[0] = 'x';
      const text = toCsv(rows, options);
      expect(text.startsWith(BOM)).toBe(options.bom);
      expect(parse(text, options)).toEqual(rows.map((row) => row.map((cell) => expectedCell(cell, options))));
    }
  });

  it('separates records with CRLF only: no bare CR or LF outside quoted fields', () => {
    const text = toCsv([
      ['a\nb', 'c'],
      ['d', 'e\rf'],
    ]);
    const outsideQuotes = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(outsideQuotes).toBe(',c\r\nd,\r\n');
  });
});
