import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { importedLayerToCsv, rejectionsToCsv } from '../../src/data/import/import-export.ts';
import {
  IMPORT_TARGETS,
  POINT_FIELDS,
  foldHeader,
  importTargetOf,
  matchHeaders,
  parseColumnMapping,
} from '../../src/data/import/import-fields.ts';
import { decodeImportBytes, detectDelimiter, importFile, importText, sniffFormat } from '../../src/data/import/import-file.ts';
import { templateCsv, templateNotice } from '../../src/data/import/import-templates.ts';
import { ImportFileError, type ImportCommune, type ImportReport, type ImportedFeature } from '../../src/data/import/import-types.ts';
import { lambert93ToLngLat, readCoordinates } from '../../src/data/import/place-import-row.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

const FIXTURE = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/import/communes.json'), 'utf8')) as {
  communes: ImportCommune[];
  extent: [number, number, number, number];
};
const base = { fileName: 'test.csv', layer: 'first-reception', communes: FIXTURE.communes, extent: FIXTURE.extent };
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('headers', () => {
  it('folds case, accents, spaces and punctuation', () => {
    expect(foldHeader('Code Postal')).toBe('codepostal');
    expect(foldHeader('CODE_POSTAL')).toBe('codepostal');
    expect(foldHeader('LIBELLÉ')).toBe('libelle');
    expect(foldHeader('\uFEFFe-mail')).toBe('email');
  });

  it('recognises the usual names of every field through its synonyms', () => {
    const m = matchHeaders(
      ['Libellé', 'ADRESSE', 'CP', 'Ville', 'codgeo', 'Y', 'X', 'Tél', 'E-mail', 'Horaires d’ouverture'],
      POINT_FIELDS,
    );
    expect(m.columns).toEqual({
      name: 'Libellé',
      address: 'ADRESSE',
      postcode: 'CP',
      commune_name: 'Ville',
      commune_code: 'codgeo',
      lat: 'Y',
      lng: 'X',
      phone: 'Tél',
      mail: 'E-mail',
      hours: 'Horaires d’ouverture',
    });
    expect(m.unknown).toEqual([]);
  });

  it('prefers the best synonym and keeps the others as fallbacks', () => {
    const m = matchHeaders(['lat', 'latitude', 'lon', 'longitude', 'nom'], POINT_FIELDS);
    expect(m.columns.lat).toBe('latitude');
    expect(m.alternates.lat).toEqual(['lat']);
    expect(m.alternates.lng).toEqual(['lon']);
  });

  it('lets an explicit mapping name a column the synonyms do not know', () => {
    const m = matchHeaders(['Raison', 'Pos N', 'Pos E'], POINT_FIELDS, { name: 'Raison', lat: 'Pos N', lng: 'Pos E' });
    expect(m.columns).toEqual({ name: 'Raison', lat: 'Pos N', lng: 'Pos E' });
    expect(m.unknown).toEqual([]);
  });

  it('parses the CLI mapping with template names, ids or synonyms, and commas inside a column name', () => {
    const target = importTargetOf('msp')!;
    expect(parseColumnMapping(target, 'nom=Raison sociale,lat=Coord, Y,longitude=X2')).toEqual({
      name: 'Raison sociale',
      lat: 'Coord, Y',
      lng: 'X2',
    });
    expect(() => parseColumnMapping(target, 'couleur=Bleu')).toThrow(/champ « couleur » inconnu/);
    expect(() => parseColumnMapping(target, 'nom')).toThrow(/champ=colonne/);
  });
});

describe('coordinates', () => {
  it('reads WGS84 degrees with a decimal comma', () => {
    expect(readCoordinates('3,06', '50,63')).toEqual({ kind: 'ok', lngLat: [3.06, 50.63], system: 'wgs84', swapped: false });
  });
  it('puts a swapped latitude/longitude pair right', () => {
    expect(readCoordinates('50.63', '3.06')).toEqual({ kind: 'ok', lngLat: [3.06, 50.63], system: 'wgs84', swapped: true });
  });
  it('tells Lambert-93 metres by their magnitude and reprojects them (the projection origin is 3°E, 46.5°N)', () => {
    const r = readCoordinates(700000, 6600000);
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.system).toBe('lambert93');
    expect(r.lngLat[0]).toBeCloseTo(3, 9);
    expect(r.lngLat[1]).toBeCloseTo(46.5, 9);
    const swapped = readCoordinates(6600000, 700000);
    expect(swapped.kind === 'ok' && swapped.swapped && swapped.system === 'lambert93').toBe(true);
  });
  it('places Lambert-93 points of Lille in Lille (checked against a round trip through the same projection)', () => {
    const [lng, lat] = lambert93ToLngLat(704000, 7059500);
    expect(lng).toBeGreaterThan(3.0);
    expect(lng).toBeLessThan(3.1);
    expect(lat).toBeGreaterThan(50.6);
    expect(lat).toBeLessThan(50.66);
  });
  it('treats 0,0 and blanks as no coordinates, text and lone values as unreadable', () => {
    expect(readCoordinates('0', '0').kind).toBe('none');
    expect(readCoordinates('', ' ').kind).toBe('none');
    expect(readCoordinates('abc', '50').kind).toBe('unreadable');
    expect(readCoordinates('3.06', '').kind).toBe('unreadable');
    expect(readCoordinates(-3.7, 40.4).kind).toBe('unreadable');
  });
});

describe('reading files', () => {
  it('detects the separator from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('nom;adresse;cp')).toBe(';');
    expect(detectDelimiter('"nom; long",adresse,cp')).toBe(',');
    expect(detectDelimiter('nom\tadresse')).toBe('\t');
    expect(detectDelimiter('nom')).toBe(',');
  });

  it('decodes Windows-1252 (with a warning) and UTF-8 with a BOM to the same text', () => {
    const text = 'nom;commune\nCafé « L’Œuvre » – été;Lille\n';
    const cp1252 = decodeImportBytes(
      new Uint8Array([...text].map((c) => ({ '«': 0xab, '»': 0xbb, '’': 0x92, Œ: 0x8c, '–': 0x96, é: 0xe9 })[c] ?? c.charCodeAt(0))),
    );
    const bom = decodeImportBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]));
    expect(cp1252.text).toBe(text);
    expect(cp1252.encoding).toBe('windows-1252');
    expect(cp1252.warnings).toHaveLength(1);
    expect(bom.text).toBe(text);
    expect(bom.encoding).toBe('utf-8-bom');
  });

  it('tells CSV, GeoJSON, JSON and FINESS apart', () => {
    expect(sniffFormat('nom;cp\n').format).toBe('csv');
    expect(sniffFormat(' {"type":"FeatureCollection","features":[]}').format).toBe('geojson');
    expect(sniffFormat('[{"nom":"a"}]').format).toBe('json');
    expect(sniffFormat('finess;etalab;100;2024-01-01\nstructureet;…').format).toBe('finess');
  });

  it('refuses a file over the size limit with the sizes in French', () => {
    expect(() => importFile(utf8('nom\n'.repeat(2000)), { ...base, limits: { maxBytes: 4096, maxRows: 10 } })).toThrow(
      /Fichier trop volumineux : 8 ko \(limite : 4 ko\)/,
    );
  });

  it('gives the same report and features whether the CSV is parsed whole or in tiny chunks (quoted newlines across chunks)', () => {
    const rows = ['nom,adresse,code_insee,latitude,longitude'];
    for (let i = 0; i < 300; i++)
      rows.push(
        `"Lieu fictif ${i}","${i} rue Exemple\nBât. ${i % 7}",${['59350', '59606', '', '62041'][i % 4]},${i % 5 === 0 ? '' : 50.3 + (i % 50) / 100},${i % 5 === 0 ? '' : 3 + (i % 30) / 100}`,
      );
    const decoded = decodeImportBytes(utf8(rows.join('\n')));
    const whole = importText(decoded, base);
    const batches: number[] = [];
    const chunked = importText(decoded, base, { chunkSize: 97, batchSize: 40, onBatch: (f) => batches.push(f.length) });
    expect(chunked.report).toEqual(whole.report);
    expect(chunked.features).toEqual(whole.features);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(whole.report.accepted);
    expect(Math.max(...batches)).toBeLessThanOrEqual(40);
  });
});

describe('every row is accounted for', () => {
  /**
   * 2,000 seeded rows of good and bad values, with quotes of every kind: quoted separators,
   * doubled quotes, multi-line quoted comments, and stray quotes (unclosed, or closed by a later
   * one) that make the parser read the following lines as one field. Each generated row starts
   * with its token `T<i>` (an unknown column, kept on the feature), so the report can be walked in
   * order: an accepted row or a line rejected for its quote gives its token, a row rejected for a
   * value takes the next one; every token must be consumed, in order, none skipped.
   */
  function seededRows(seed: number, count: number): string {
    const rand = mulberry32(seed);
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const lines = ['jeton;id;nom;code_insee;code_postal;commune;latitude;longitude;commentaire'];
    for (let i = 0; i < count; i++) {
      lines.push(
        [
          `T${i}`,
          pick([`R${i}`, `R${i}`, '']),
          pick([
            'Lieu fictif',
            '',
            '<img src=x onerror=alert(1)>',
            '=1+1',
            'Café',
            '"Lieu; annexe"',
            '"Le ""Relais"" fictif"',
            '"Lieu fictif',
            'Lieu "fictif',
            'Lieu fictif"',
          ]),
          pick(['59350', '59606', '62041', 'ABC', '', '']),
          pick(['59000', '99999', '', '']),
          pick(['Lille', 'Atlantide', '', '']),
          pick(['50,63', '3,06', 'abc', '', '704000', '0', '48.85']),
          pick(['3,06', '50,63', '', '7059000', '0', '2.35']),
          pick(['', '', 'ouvert le matin', '"sur rendez-vous;\nle mardi"', '"accès:\n- rue A\n- rue B"', '"dit ""le relais"""']),
        ].join(';') + pick(['', '', '', ';en trop']),
      );
    }
    return lines.join('\n');
  }

  function walkTokens(report: ImportReport, features: readonly ImportedFeature[], count: number): void {
    const byRow = new Map(features.map((f) => [f.properties.source_row as number, f]));
    const rejected = new Map(report.rejected.map((r) => [r.row, r]));
    let next = 0;
    const take = (token: number, row: number) => {
      expect(token, `row ${row}: token T${token} where T${next} was due`).toBe(next);
      next++;
    };
    for (let row = 1; row <= report.rows_read; row++) {
      const feature = byRow.get(row);
      const rejection = rejected.get(row);
      expect(Boolean(feature) !== Boolean(rejection), `row ${row} is accepted or rejected, once`).toBe(true);
      if (feature) {
        take(Number(String((feature.properties.extra as Record<string, string>).jeton).slice(1)), row);
        expect(String(feature.properties.name ?? '')).not.toMatch(/\n|;T\d+;/);
      } else if (/^guillemet/.test(rejection!.reason)) {
        const token = /^"?T(\d+);/.exec(rejection!.value ?? '');
        if (token) take(Number(token[1]), row); // else a continuation line of a quoted comment
      } else next++;
    }
    expect(next, 'every generated row accounted for').toBe(count);
  }

  it('accepted + rejected = rows read on 2,000 seeded random rows of good and bad values, quotes included, each row traced', () => {
    const text = seededRows(42, 2000);
    const { report, features } = importFile(utf8(text), base);
    expect(report.accepted + report.rejected.length).toBe(report.rows_read);
    expect(report.rows_read).toBeGreaterThanOrEqual(2000);
    expect(features).toHaveLength(report.accepted);
    expect(new Set(features.map((f) => f.properties.id)).size).toBe(features.length);
    for (const r of report.rejected) {
      expect(r.row).toBeGreaterThanOrEqual(1);
      expect(r.field).not.toBe('');
      expect(r.reason).not.toBe('');
    }
    const rows = new Set([...report.rejected.map((r) => r.row), ...features.map((f) => f.properties.source_row as number)]);
    expect(rows.size).toBe(report.rows_read);
    // the seed does put lines under a stray quote, and quoted comments over several lines
    expect(report.rejected.filter((r) => /fait partie d’un champ entre guillemets/.test(r.reason)).length).toBeGreaterThan(0);
    expect(features.some((f) => String(f.properties.comment ?? '').includes('\n'))).toBe(true);
    walkTokens(report, features, 2000);
    // and in tiny chunks, the same outcome
    const chunked = importText(decodeImportBytes(utf8(text)), base, { chunkSize: 101, batchSize: 64, onBatch: () => {} });
    expect(chunked.report).toEqual(report);
  });

  it.each([7, 1234, 99])('traces every row of 300 seeded rows with quotes (seed %i)', (seed) => {
    const { report, features } = importFile(utf8(seededRows(seed, 300)), base);
    walkTokens(report, features, 300);
  });

  it('a stray quote on line 3 of a 502-line file rejects each of the 500 lines it swallows, each with its own row and line', () => {
    const lines = ['nom,code_insee', 'A,59350', '"B,59606'];
    for (let i = 0; i < 499; i++) lines.push(`Lieu fictif ${i},59350`);
    const { report } = importFile(utf8(`${lines.join('\n')}\n`), base);
    expect(lines).toHaveLength(502);
    expect(report.rows_read).toBe(501);
    expect(report.accepted).toBe(1);
    expect(report.rejected.map((r) => r.row)).toEqual(Array.from({ length: 500 }, (_, i) => i + 2));
    expect(report.rejected[0].reason).toMatch(/^guillemet ouvert ligne 3 et jamais fermé : les lignes 3 à 502 du fichier/);
    expect(report.rejected[0].value).toBe('"B,59606');
    expect(report.rejected[499]).toEqual({
      row: 501,
      field: '(ligne)',
      reason: 'guillemet non fermé ouvert ligne 3 : la ligne fait partie d’un champ entre guillemets (lignes 3 à 502 du fichier)',
      value: 'Lieu fictif 498,59350',
    });
  });

  it('rejects past the row limit with a French message rather than importing part of the file', () => {
    expect(() =>
      importFile(utf8(`nom,code_insee\n${'Lieu,59350\n'.repeat(11)}`), { ...base, limits: { maxBytes: 1e6, maxRows: 10 } }),
    ).toThrow(ImportFileError);
  });
});

describe('templates', () => {
  it.each(IMPORT_TARGETS.filter((t) => t.geometry === 'point').map((t) => t.id))(
    'the %s template imports back with every column recognised',
    (layer) => {
      const csv = templateCsv(layer);
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const { report, features } = importFile(utf8(csv), { ...base, layer, fileName: 'modele.csv' });
      expect(Object.keys(report.columns).sort()).toEqual(POINT_FIELDS.map((f) => f.id).sort());
      expect(report.rejected).toEqual([]);
      expect(features).toHaveLength(2);
    },
  );

  it('documents each column with its accepted synonyms', () => {
    const notice = templateNotice('msp');
    expect(notice.find((n) => n.column === 'latitude')?.synonyms).toContain('lat');
    expect(notice.find((n) => n.column === 'code_insee')?.synonyms).toContain('codgeo');
  });
});

describe('exports', () => {
  const { features, report } = importFile(
    utf8(
      'nom,code_insee,commentaire,Divers\n"=HYPERLINK(""http://x.invalid"")",59350,-2,@SUM(1)\n<img src=x onerror=alert(1)>,59606,+1,ok\n,59178,,\n',
    ),
    base,
  );

  it('neutralises spreadsheet formulas in the CSV export and keeps the unknown columns', () => {
    const csv = importedLayerToCsv(features);
    const rows = Papa.parse<string[]>(csv.trim(), { delimiter: ',' }).data;
    const col = (name: string) => rows[0].indexOf(name);
    expect(rows[1][col('name')]).toBe('\'=HYPERLINK("http://x.invalid")');
    expect(rows[1][col('comment')]).toBe("'-2");
    expect(rows[1][col('Divers')]).toBe("'@SUM(1)");
    expect(rows[2][col('name')]).toBe('<img src=x onerror=alert(1)>');
    expect(rows[2][col('comment')]).toBe("'+1");
  });

  it('lists rejections as CSV with row, column and reason', () => {
    const rows = Papa.parse<string[]>(rejectionsToCsv(report).trim(), { delimiter: ',' }).data;
    expect(rows).toEqual([
      ['ligne', 'colonne', 'motif', 'valeur'],
      ['3', 'nom', 'nom manquant', ''],
    ]);
  });

  it('writes area layers without geometry columns', () => {
    const areas: ImportedFeature[] = [
      {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [] },
        properties: { id: 'QN1', code: 'QN1', name: '=Quartier', communes: 'Lille', source_row: 1 },
      },
    ];
    expect(importedLayerToCsv(areas)).toBe("id,code,name,communes,geometry_type,source_row\r\nQN1,QN1,'=Quartier,Lille,Polygon,1\r\n");
  });
});
