import { describe, expect, it } from 'vitest';
import { decodeText, parseJsonText } from '../../src/data/parse/decode-text.ts';
import { SourceFileError } from '../../src/data/report.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

function thrown(fn: () => unknown): SourceFileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SourceFileError);
    return e as SourceFileError;
  }
  throw new Error('expected an error');
}

describe('decodeText', () => {
  it('decodes UTF-8 text with accents', () => {
    expect(decodeText(utf8('nom;commune\nMairie;Sainte-Marie-Cappel\n'), 'utf-8', 'f.csv')).toBe(
      'nom;commune\nMairie;Sainte-Marie-Cappel\n',
    );
    expect(decodeText(utf8('Hénin'), 'utf-8', 'f.csv')).toBe('Hénin');
  });

  it('removes a UTF-8 byte order mark', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'a;b\n1;2\n'), 'utf-8', 'f.csv')).toBe('a;b\n1;2\n');
  });

  it('keeps a BOM-less file unchanged', () => {
    expect(decodeText(utf8('a;b'), 'utf-8', 'f.csv')).toBe('a;b');
  });

  it('rejects invalid UTF-8 with an error naming the file, the line and the column', () => {
    // "Fictiveville" spelt with a Windows-1252 é (0xE9) on line 3
    const e = thrown(() => decodeText(bytes('nom;n\nok;1\nFictiv', [0xe9], 'ville;2\n'), 'utf-8', 'raw/fictif/liste.csv'));
    expect(e.file).toBe('raw/fictif/liste.csv');
    expect(e.message).toContain('raw/fictif/liste.csv');
    expect(e.message).toContain('pas de l’UTF-8 valide');
    expect(e.message).toContain('ligne 3, colonne 7');
    expect(e.fix).toMatch(/windows-1252/);
  });

  it('locates an invalid first byte at line 1, column 1', () => {
    expect(thrown(() => decodeText(new Uint8Array([0xff, 0x41]), 'utf-8', 'x.csv')).message).toContain('ligne 1, colonne 1');
  });

  it('rejects a truncated multi-byte sequence at the end of the file', () => {
    expect(thrown(() => decodeText(bytes('A\nBC', [0xc3]), 'utf-8', 'x.csv')).message).toContain('ligne 2, colonne 3');
  });

  // Regression test, bug fixed (src/data/parse/decode-text.ts, `lossy.indexOf('\uFFFD')`): a file that legitimately contains
  // U+FFFD (EF BF BD, common in open data that was once mis-converted) before the real invalid byte is
  // located at that earlier character, not at the invalid byte.
  it('locates the invalid byte even when a genuine U+FFFD character comes earlier', () => {
    const e = thrown(() => decodeText(bytes('Rue de l\uFFFDEglise\nok\nbad', [0xff], '\n'), 'utf-8', 'x.csv'));
    expect(e.message).toContain('ligne 3, colonne 4');
  });

  it('decodes Windows-1252 accents in the Latin-1 range', () => {
    // "Créée à Lîlle" in Windows-1252
    const cp1252 = new Uint8Array([0x43, 0x72, 0xe9, 0xe9, 0x65, 0x20, 0xe0, 0x20, 0x4c, 0xee, 0x6c, 0x6c, 0x65]);
    expect(decodeText(cp1252, 'windows-1252', 'f.csv')).toBe('Créée à Lîlle');
  });

  // Regression test, bug fixed (src/data/parse/decode-text.ts, `new TextDecoder(encoding)`): Node 20's TextDecoder decodes
  // "windows-1252" as ISO-8859-1, so the bytes 0x80–0x9F (’ œ € … “ ” in French text) become C1
  // control characters (U+0092, U+009C…) instead of the Windows-1252 characters; decodeText now
  // decodes Windows-1252 itself.
  it('decodes the Windows-1252 characters of 0x80–0x9F (œ, ’, €)', () => {
    // "Cœur l’Euro €" in Windows-1252
    const cp1252 = new Uint8Array([0x43, 0x9c, 0x75, 0x72, 0x20, 0x6c, 0x92, 0x45, 0x75, 0x72, 0x6f, 0x20, 0x80]);
    expect(decodeText(cp1252, 'windows-1252', 'f.csv')).toBe('Cœur l’Euro €');
  });

  it('decodes Windows-1252 bytes that are invalid UTF-8 without error', () => {
    expect(decodeText(new Uint8Array([0xc9, 0x74, 0xe9]), 'windows-1252', 'f.csv')).toBe('Été');
  });
});

describe('parseJsonText', () => {
  it('parses valid JSON', () => {
    expect(parseJsonText('{"a": [1, 2]}', 'f.json')).toEqual({ a: [1, 2] });
  });

  it('locates trailing garbage at its line and column, naming the file', () => {
    const e = thrown(() => parseJsonText('{"a":1}\n\n  x', 'dir/f.json'));
    expect(e.file).toBe('dir/f.json');
    expect(e.message).toMatch(/^dir\/f\.json : JSON mal formé, ligne 3, colonne 3/);
  });

  it('locates a missing comma in an array', () => {
    expect(thrown(() => parseJsonText('[1,2\n,3 4]', 'f.json')).message).toContain('ligne 2, colonne 4');
  });

  it('names the file for an empty document', () => {
    const e = thrown(() => parseJsonText('', 'dir/empty.json'));
    expect(e.message).toMatch(/^dir\/empty\.json : JSON mal formé/);
  });

  // Regression test, bug fixed (src/data/parse/decode-text.ts, parseJsonText): the location is taken from "position N" in
  // V8's message, but on Node 20 the commonest errors ("Unexpected token '}', ... is not valid JSON",
  // "Unexpected end of JSON input") carry no position, so no line/column is given.
  it('locates an unexpected token at its line and column', () => {
    expect(thrown(() => parseJsonText('{"a": 1,\n "b": }', 'f.json')).message).toContain('ligne 2, colonne 7');
  });

  it('locates an unexpected end of input at the end of the text', () => {
    expect(thrown(() => parseJsonText('{"a":\n', 'f.json')).message).toMatch(/, ligne 2/);
  });
});
