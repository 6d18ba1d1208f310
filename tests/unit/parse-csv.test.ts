import { describe, expect, it } from 'vitest';
import { parseCsv, parseFrenchNumber } from '../../src/data/parse/parse-csv.ts';
import { decodeText } from '../../src/data/parse/decode-text.ts';
import { SourceFileError } from '../../src/data/report.ts';

const semi = { file: 'fictif/sites.csv', delimiter: ';' };

describe('parseCsv', () => {
  it('reads a semicolon-delimited file with its header, numbering records from 1', () => {
    const out = parseCsv('nom;commune;code\nMairie de Testville;Testville;59999\nCCAS de Fictifbourg;Fictifbourg;59998\n', semi);
    expect(out.headers).toEqual(['nom', 'commune', 'code']);
    expect(out.records).toEqual([
      { row: 1, values: { nom: 'Mairie de Testville', commune: 'Testville', code: '59999' } },
      { row: 2, values: { nom: 'CCAS de Fictifbourg', commune: 'Fictifbourg', code: '59998' } },
    ]);
    expect(out.malformed).toEqual([]);
  });

  it('keeps a newline inside a quoted field as part of the value', () => {
    const out = parseCsv('nom;adresse;cp\n"Maison Test";"1 rue Imaginaire\nBâtiment B";59999\nAutre;2 rue;59998\n', semi);
    expect(out.records.map((r) => r.values.adresse)).toEqual(['1 rue Imaginaire\nBâtiment B', '2 rue']);
    expect(out.records.map((r) => r.row)).toEqual([1, 2]);
  });

  it('does not split on a comma when the delimiter is a semicolon', () => {
    const out = parseCsv('lat;lng\n50,63;3,06\n', semi);
    expect(out.records[0].values).toEqual({ lat: '50,63', lng: '3,06' });
  });

  it('keeps a quoted delimiter inside a value', () => {
    const out = parseCsv('nom;tel\n"Test; annexe";0300000000\n', semi);
    expect(out.records[0].values.nom).toBe('Test; annexe');
  });

  it('trims spaces around header names', () => {
    expect(parseCsv(' a ; b \n1;2\n', semi).headers).toEqual(['a', 'b']);
  });

  it('reads CRLF line endings without leaving a carriage return in the last field', () => {
    const out = parseCsv('a;b\r\n1;2\r\n3;4\r\n', semi);
    expect(out.records.map((r) => r.values.b)).toEqual(['2', '4']);
  });

  it('skips blank lines', () => {
    const out = parseCsv('a;b\n\n1;2\n   \n3;4\n\n', semi);
    expect(out.records.map((r) => r.values.a)).toEqual(['1', '3']);
    expect(out.malformed).toEqual([]);
  });

  it('lists records with too few or too many fields in malformed, with their record number, and keeps the others', () => {
    const out = parseCsv('a;b;c\n1;2;3\n4;5\n6;7;8;9\n10;11;12\n', semi);
    expect(out.records.map((r) => r.row)).toEqual([1, 4]);
    expect(out.malformed).toEqual([
      { row: 2, reason: 'expected 3 fields, found 2' },
      { row: 3, reason: 'expected 3 fields, found 4' },
    ]);
  });

  it('counts a record spanning two lines once when numbering the following records', () => {
    const out = parseCsv('a;b\n"x\ny";1\n2\n', semi);
    expect(out.malformed).toEqual([{ row: 2, reason: 'expected 2 fields, found 1' }]);
  });

  it('lists a record with an unterminated quote in malformed with the parser reason', () => {
    const out = parseCsv('a;b;c\n1;2;3\n4;"5;6\n7;8;9\n', semi);
    expect(out.records.map((r) => r.row)).toEqual([1]);
    expect(out.malformed).toHaveLength(1);
    expect(out.malformed[0].row).toBe(2);
    expect(out.malformed[0].reason).toMatch(/Quote/);
  });

  it('lists a record with a malformed closing quote in malformed and keeps the records around it', () => {
    const out = parseCsv('a;b;c\n1;2;3\n4;"5"x";6\n7;8;9\n10;11;12\n', semi);
    expect(out.malformed.map((m) => m.row)).toEqual([2]);
    expect(out.records.map((r) => r.row)).toEqual([1, 3, 4]);
  });

  // Regression test, bug fixed (src/data/parse/parse-csv.ts, errorRows built from papaparse `e.row`): with
  // skipEmptyLines, papaparse numbers error rows counting the skipped blank lines, while
  // parsed.data omits them. A quoting error after blank lines is pinned on the wrong record:
  // here record 4 ("10;11;12", valid) is rejected and record 2 (the bad one) is kept.
  //
  it('pins a quoting error on the right record when blank lines come before it', () => {
    const out = parseCsv('a;b;c\n\n\n1;2;3\n4;"5"x";6\n7;8;9\n10;11;12\n13;14;15\n', semi);
    expect(out.malformed.map((m) => m.row)).toEqual([2]);
    expect(out.records.map((r) => r.row)).toEqual([1, 3, 4, 5]);
  });

  it('throws an error naming the file and every missing required column', () => {
    let error: unknown;
    try {
      parseCsv('nom,commune\nx,y\n', { file: 'raw/fictif/sites.csv', delimiter: ';', requiredHeaders: ['nom', 'insee', 'lat'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceFileError);
    const e = error as SourceFileError;
    expect(e.file).toBe('raw/fictif/sites.csv');
    expect(e.message).toContain('raw/fictif/sites.csv');
    expect(e.message).toContain('"insee"');
    expect(e.message).toContain('"lat"');
    expect(e.fix).toContain('séparateur (« ; »)');
  });

  it('does not complain when every required column is present', () => {
    expect(() => parseCsv('nom;insee\nx;59999\n', { ...semi, requiredHeaders: ['insee', 'nom'] })).not.toThrow();
  });

  it('throws an error naming the file for an empty file', () => {
    expect(() => parseCsv('', semi)).toThrow(/fictif\/sites\.csv : fichier vide/);
  });

  it('finds the first column after decodeText removed the byte order mark', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('insee;nom\n59999;Testville\n')]);
    const out = parseCsv(decodeText(withBom, 'utf-8', 'f.csv'), { ...semi, requiredHeaders: ['insee'] });
    expect(out.headers[0]).toBe('insee');
    expect(out.records[0].values.insee).toBe('59999');
  });
});

describe('parseFrenchNumber', () => {
  it('reads a decimal comma', () => {
    expect(parseFrenchNumber('50,6292')).toBe(50.6292);
    expect(parseFrenchNumber('-0,5')).toBe(-0.5);
  });

  it('reads a decimal point', () => {
    expect(parseFrenchNumber('3.0573')).toBe(3.0573);
    expect(parseFrenchNumber('.5')).toBe(0.5);
  });

  it('removes narrow no-break (U+202F), no-break (U+00A0) and plain space thousands separators', () => {
    expect(parseFrenchNumber('1\u202f234,5')).toBe(1234.5);
    expect(parseFrenchNumber('2\u00a0345')).toBe(2345);
    expect(parseFrenchNumber('1 000 000')).toBe(1_000_000);
  });

  it('passes finite numbers through and rejects non-finite ones', () => {
    expect(parseFrenchNumber(42.5)).toBe(42.5);
    expect(parseFrenchNumber(Number.NaN)).toBeNull();
    expect(parseFrenchNumber(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('returns null for empty, missing and non-numeric values', () => {
    for (const v of ['', '   ', null, undefined, 'abc', 'NC', '12abc', 'Infinity', '1,234,5']) {
      expect(parseFrenchNumber(v)).toBeNull();
    }
  });

  it('reads a leading sign and an exponent', () => {
    expect(parseFrenchNumber('+3')).toBe(3);
    expect(parseFrenchNumber('1e3')).toBe(1000);
  });
});
