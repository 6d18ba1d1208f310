/**
 * Probable duplicates in an import (src/data/import/import-session.ts): a kept row with the same
 * folded name as an earlier kept row at the same position (to 1e-4 degree) is flagged with that row's
 * number. Names are folded only where positions meet, so this checks the session against the plain
 * definition (every name folded, one key per name and position) on seeded fictional rows where
 * positions and names meet often, including many rows at one position, among rejected rows (no
 * name, unreadable or far-away coordinates) that must not count.
 */
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/data/import/import-file.ts';
import { normalizeText } from '../../src/core/text/normalize-text.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

const OPTIONS = { fileName: 'lieux.csv', layer: 'other', communes: null, extent: [2.0, 50.0, 4.3, 51.1] as const };
const NAMES = [
  'Accueil fictif',
  'ACCUEIL FICTIF',
  'Accueil fictif bis',
  'Mairie fictive',
  'mairie-fictive',
  'Maïrie fictive',
  'St Fictif',
  'Saint-Fictif',
];
const POSITIONS = [
  ['50.63', '3.06'],
  ['50.63001', '3.06001'],
  ['50.7', '3.2'],
  ['50.70004', '3.19996'],
  ['50.8', '2.9'],
];

/** Rows the import rejects: no name, unreadable coordinates, or far from the département. */
const REJECTED = [
  { name: '', lat: '50.63', lng: '3.06' },
  { name: 'Accueil fictif', lat: 'abc', lng: '3.06' },
  { name: 'Mairie fictive', lat: '43.3', lng: '5.4' },
];

/** Row → the earlier row it duplicates, by the plain definition (rejected rows left out). */
function expected(rows: { row: number; name: string; lat: string; lng: string; kept: boolean }[]): Map<number, number> {
  const first = new Map<string, number>();
  const dupes = new Map<number, number>();
  for (const r of rows) {
    if (!r.kept) continue;
    const key = `${normalizeText(r.name)}|${Math.round(Number(r.lng) * 1e4)}|${Math.round(Number(r.lat) * 1e4)}`;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, r.row);
    else dupes.set(r.row, seen);
  }
  return dupes;
}

const duplicatesOf = (text: string) =>
  new Map(
    importFile(new TextEncoder().encode(text), OPTIONS)
      .report.warnings.filter((w) => w.kind === 'duplicate')
      .map((w) => [w.row, Number(/ligne (\d+)/.exec(w.message)?.[1])] as const),
  );

describe('probable duplicates (same folded name, same position)', () => {
  it('flags each against the first kept row with that name there, whatever the order names meet in', () => {
    const text = [
      'nom;latitude;longitude',
      'Accueil fictif;50.63;3.06',
      'Autre accueil;50.63;3.06',
      'ACCUEIL FICTIF;50.63001;3.06001',
      'autre-accueil;50.63;3.06',
      'Accueil fictif;50.7;3.2',
    ].join('\n');
    expect([...duplicatesOf(text)]).toEqual([
      [3, 1],
      [4, 2],
    ]);
  });

  it('agrees with the plain definition on seeded rows', () => {
    const random = mulberry32(590);
    for (let round = 0; round < 10; round++) {
      const rows = Array.from({ length: 300 }, (_, i) => {
        if (random() < 0.15) return { row: i + 1, ...REJECTED[Math.floor(random() * REJECTED.length)], kept: false };
        const [lat, lng] = POSITIONS[Math.floor(random() * (round % 2 ? 1 : POSITIONS.length))];
        return { row: i + 1, name: NAMES[Math.floor(random() * NAMES.length)], lat, lng, kept: true };
      });
      const text = ['nom;latitude;longitude', ...rows.map((r) => `${r.name};${r.lat};${r.lng}`)].join('\n');
      const result = importFile(new TextEncoder().encode(text), OPTIONS);
      expect(result.report.rejected.map((r) => r.row)).toEqual(rows.filter((r) => !r.kept).map((r) => r.row));
      const want = expected(rows);
      expect(want.size).toBeGreaterThan(100);
      expect(duplicatesOf(text)).toEqual(want);
    }
  });
});
