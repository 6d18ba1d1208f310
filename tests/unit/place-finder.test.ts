import { describe, expect, it } from 'vitest';
import { createPlaceFinder, judgePlaceForTest, maxEditsFor, type PlaceItem } from '../../src/core/search/create-place-finder.ts';
import { frenchPhoneticKey } from '../../src/core/search/french-phonetic.ts';
import { boundedEditDistance } from '../../src/core/text/edit-distance.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

// Fictional communes of a fictional département 99 (names, codes, postcodes and populations invented).
// "Tournelle" has the INSEE code 99600, which is also the postcode of Maubertin and Assaing.
const raw: [string, string, string, number | null][] = [
  ['99001', "Villeneuve-d'Orval", '99100 99110', 50000],
  ['99002', 'Saint-Aubert-les-Bois', '99200', 12000],
  ['99003', 'Bruille-Saint-Aubert', '99201', 1500],
  ['99004', 'Lieu-Saint-Aubert', '99202', 1400],
  ['99005', 'Sainte-Marthe-Cappel', '99670', 800],
  ['99006', 'Le Quesnel', '99530', 4800],
  ['99007', 'Quesnel-sur-Lys', '99890', 6800],
  ['99008', 'Maubertin', '99600', 30000],
  ['99009', 'Assaing', '99600', 1700],
  ['99010', 'Élesmont', '99600', 1000],
  ['99600', 'Tournelle', '99300', 600],
  ['99011', 'Bourbecque', '99166', 5000],
  ['99012', 'Mons-en-Cœurval', '99370', 21000],
  ['99013', 'Mons-en-Pévelle', '99246', 2000],
  ['99014', 'La Madelière', '99110', 21000],
  ['99015', "Condé-sur-l'Aune", '99163', 9000],
  ['99016', 'Vieux-Condé', '99690', 10000],
  ['99017', 'Hem', '99510', 18000],
  ['99018', 'Hem-Lenglin', '99247', 900],
  ['99019', 'Capelle', '99213', 135],
  ['99020', 'Cappelle-la-Grande', '99180', 7800],
  ['99021', 'Grande-Sinthe', '99760', 20000],
  ['99022', 'Douay-le-Haut', '99500', null],
];
const communes: PlaceItem[] = raw.map(([code, name, postcodes, population], i) => ({
  code,
  name,
  postcodes: postcodes.split(' '),
  population,
  lngLat: [2 + i / 100, 50 + i / 100],
}));
const finder = createPlaceFinder(communes);
const names = (query: string, limit?: number) => finder.search(query, limit).map((m) => m.item.name);
const first = (query: string) => finder.search(query, 1)[0]?.item.name;

describe('createPlaceFinder: spelling', () => {
  it('finds a commune by its exact name whatever the case and accents', () => {
    for (const q of ['Maubertin', 'maubertin', 'MAUBERTIN', ' maubertin ']) expect(first(q), q).toBe('Maubertin');
    expect(finder.search('elesmont')[0]).toMatchObject({ kind: 'exact', score: 1, item: { name: 'Élesmont' } });
  });

  it('forgives one slip in a word of 4 to 6 letters: dropped, doubled, swapped or neighbouring key', () => {
    for (const q of ['asaing', 'asssaing', 'asasing', 'assaimg', 'asdaing']) expect(first(q), q).toBe('Assaing');
    expect(finder.search('asdaing')[0]).toMatchObject({ kind: 'fuzzy', edits: 1 });
    expect(finder.search('asaing')[0]).toMatchObject({ kind: 'fuzzy', edits: 0.5 }); // a doubled letter dropped sounds the same
  });

  it('forgives two slips from 7 letters, none below 4', () => {
    expect(first('maubretni')).toBe('Maubertin');
    expect(first('bourbekue')).toBe('Bourbecque');
    expect(names('hme')).toEqual([]); // 3 letters: "hem" swapped is not read as Hem
    expect(maxEditsFor(3)).toBe(0);
    expect(maxEditsFor(6)).toBe(1);
    expect(maxEditsFor(7)).toBe(2);
  });

  it('reads spellings that sound the same in French', () => {
    expect(finder.search('mobertin')[0]).toMatchObject({ item: { name: 'Maubertin' }, kind: 'fuzzy', edits: 0.5 });
    expect(first('bourbeque')).toBe('Bourbecque');
    expect(first('grande synthe')).toBe('Grande-Sinthe');
    expect(first('douai le haut')).toBe('Douay-le-Haut');
  });

  it('reads St/Ste for Saint/Sainte, with or without hyphens', () => {
    for (const q of ['St-Aubert-les-Bois', 'st aubert les bois', 'SAINT AUBERT LES BOIS', 'saint-aubert-lès-bois']) {
      expect(finder.search(q)[0], q).toMatchObject({ kind: 'exact', item: { code: '99002' } });
    }
    expect(first('ste marthe')).toBe('Sainte-Marthe-Cappel');
  });

  it('ignores apostrophes, hyphens and the spaces they leave, and reads the words in any order', () => {
    for (const q of ["villeneuve d'orval", 'villeneuve dorval', 'Villeneuve-d’Orval', 'villeneuve d orval', 'villeneuvedorval']) {
      expect(first(q), q).toBe("Villeneuve-d'Orval");
    }
    expect(finder.search('orval villeneuve')[0]).toMatchObject({ kind: 'word-prefix', item: { name: "Villeneuve-d'Orval" } });
    expect(first('villeneuve dorvl')).toBe("Villeneuve-d'Orval"); // the elided "d" glued to a misspelt word
  });

  it('makes articles and particles optional', () => {
    expect(finder.search('madeliere')[0]).toMatchObject({ kind: 'exact', item: { name: 'La Madelière' } });
    expect(first('lamadeliere')).toBe('La Madelière');
    expect(first('la madeliaire')).toBe('La Madelière');
    expect(first('conde sur aune')).toBe("Condé-sur-l'Aune");
    expect(first('conde aune')).toBe("Condé-sur-l'Aune");
  });

  it('expands the œ ligature on either side', () => {
    expect(first('mons en coeurval')).toBe('Mons-en-Cœurval');
    expect(first('Mons-en-Cœurval')).toBe('Mons-en-Cœurval');
  });

  it('finds nothing for an empty query, stray digits or a word too far from every name', () => {
    expect(finder.search('')).toEqual([]);
    expect(finder.search('  -  ')).toEqual([]);
    expect(finder.search('5')).toEqual([]);
    expect(finder.search('zzz')).toEqual([]);
    expect(finder.search('xylophone')).toEqual([]);
    expect(finder.search('99600 1')).toEqual([]);
  });
});

describe('createPlaceFinder: ranking', () => {
  it('puts an exact name before a longer name that starts with it', () => {
    expect(finder.search('hem').map((m) => [m.item.name, m.kind])).toEqual([
      ['Hem', 'exact'],
      ['Hem-Lenglin', 'prefix'],
    ]);
    expect(finder.search('capelle').map((m) => [m.item.name, m.kind])[0]).toEqual(['Capelle', 'exact']);
    expect(finder.search('quesnel').map((m) => m.item.name)).toEqual(['Le Quesnel', 'Quesnel-sur-Lys']);
  });

  it('ranks by kind: exact, start of the name, words of the name, inside the name, misspelt', () => {
    expect(finder.search('saint aubert').map((m) => [m.item.name, m.kind])).toEqual([
      ['Saint-Aubert-les-Bois', 'prefix'],
      ['Bruille-Saint-Aubert', 'word-prefix'],
      ['Lieu-Saint-Aubert', 'word-prefix'],
    ]);
    expect(finder.search('ubert').map((m) => [m.item.name, m.kind])).toEqual([
      ['Maubertin', 'contains'],
      ['Saint-Aubert-les-Bois', 'contains'],
      ['Bruille-Saint-Aubert', 'contains'],
      ['Lieu-Saint-Aubert', 'contains'],
    ]);
    expect(finder.search('maubertn')[0]).toMatchObject({ kind: 'fuzzy', item: { name: 'Maubertin' } });
  });

  it('breaks equal scores by population, larger first; unknown population last', () => {
    expect(names('mons')).toEqual(['Mons-en-Cœurval', 'Mons-en-Pévelle']);
    const found = finder.search('99600');
    expect(found.map((m) => m.item.name)).toEqual(['Maubertin', 'Assaing', 'Élesmont']);
    expect(new Set(found.map((m) => m.score)).size).toBe(1);
  });

  it('covers the whole name before a name that only contains the word', () => {
    expect(names('cappelle grande')).toEqual(['Cappelle-la-Grande']);
    // "capelle" is the exact name of a small commune; "capelle la grande" means the other one
    expect(first('capelle la grande')).toBe('Cappelle-la-Grande');
  });

  it('gives scores that never increase down the list, 1 only for an exact name or code', () => {
    for (const q of ['saint aubert', 'mons', 'e', 'cap', 'asaing', '99', 'quesnel', 'condé']) {
      const scores = finder.search(q, 50).map((m) => m.score);
      expect(scores, q).toEqual([...scores].sort((a, b) => b - a));
      for (const m of finder.search(q, 50)) expect(m.score === 1, q).toBe(m.kind === 'exact');
    }
  });

  it('stops at the limit', () => {
    expect(finder.search('s', 3)).toHaveLength(3);
    expect(finder.search('s', 0)).toEqual([]);
  });
});

describe('createPlaceFinder: postcodes and codes', () => {
  it('reads a 5-digit number as a postcode first, never as the INSEE code of another commune', () => {
    const found = finder.search('99600');
    expect(found.map((m) => m.item.name)).not.toContain('Tournelle');
    expect(found.every((m) => m.kind === 'exact' && m.postcode === '99600' && !m.byCode)).toBe(true);
  });

  it('reads an INSEE code when it is labelled as such', () => {
    for (const q of ['insee 99600', 'INSEE 99600', 'code insee 99600', 'insee: 99600', 'COG 99600']) {
      expect(finder.search(q), q).toEqual([
        expect.objectContaining({ item: expect.objectContaining({ name: 'Tournelle' }), byCode: true }),
      ]);
    }
  });

  it('reads a number that is nobody’s postcode as an INSEE code', () => {
    expect(finder.search('99009')).toEqual([expect.objectContaining({ item: expect.objectContaining({ name: 'Assaing' }), byCode: true })]);
    expect(finder.search('99999')).toEqual([]);
  });

  it('finds a commune by any of its postcodes, and by the start of one', () => {
    expect(finder.search('99110').map((m) => m.item.name)).toEqual(["Villeneuve-d'Orval", 'La Madelière']);
    expect(finder.search('9911')[0]).toMatchObject({ item: { name: "Villeneuve-d'Orval" }, kind: 'prefix', postcode: '99110' });
    expect(names('9960')).toEqual(['Maubertin', 'Assaing', 'Élesmont']);
  });

  it('reads digits typed in groups as one postcode', () => {
    expect(names('99 600')).toEqual(['Maubertin', 'Assaing', 'Élesmont']);
  });

  it('narrows a shared postcode by name when both are given, in either order, misspelt or not', () => {
    expect(names('99600 assai')).toEqual(['Assaing']);
    expect(names('Maubertin 99600')).toEqual(['Maubertin']);
    expect(names('99600 asaing')).toEqual(['Assaing']);
    expect(names('Maubertin 99100')).toEqual([]);
  });
});

describe('createPlaceFinder: index and inputs', () => {
  /** Every item judged alone, sorted by the documented rule: the reference for the index. */
  function bruteForce(query: string): { code: string; score: number }[] {
    return communes
      .map((c) => ({ c, j: judgePlaceForTest(c.name, query) }))
      .filter((x) => x.j !== null)
      .sort(
        (a, b) =>
          b.j!.score - a.j!.score ||
          (b.c.population ?? -1) - (a.c.population ?? -1) ||
          a.c.name.localeCompare(b.c.name, 'fr', { sensitivity: 'base' }) ||
          (a.c.code < b.c.code ? -1 : 1),
      )
      .map((x) => ({ code: x.c.code, score: x.j!.score }));
  }

  it('finds through its index exactly what judging every name finds, on seeded random queries', () => {
    const random = mulberry32(12);
    const letters = 'abcdeilmnorstuvq ';
    const queries: string[] = [];
    for (const c of communes) {
      const name = c.name.toLowerCase();
      for (let k = 0; k < 6; k++) {
        const at = Math.floor(random() * name.length);
        const len = 1 + Math.floor(random() * (name.length - at));
        const piece = name.slice(at, at + len);
        const slip = Math.floor(random() * name.length);
        queries.push(piece, name.slice(0, slip) + letters[Math.floor(random() * letters.length)] + name.slice(slip + 1));
      }
    }
    for (let k = 0; k < 200; k++) {
      queries.push(Array.from({ length: 2 + Math.floor(random() * 8) }, () => letters[Math.floor(random() * letters.length)]).join(''));
    }
    for (const q of queries) {
      expect(
        finder.search(q, Infinity).map((m) => ({ code: m.item.code, score: m.score })),
        q,
      ).toEqual(bruteForce(q));
    }
  });

  it('works on any item with a code, a name, postcodes, a population and a point', () => {
    const epci = createPlaceFinder([
      { code: '999000001', name: 'CA Fictive du Val', postcodes: [], population: 124000, lngLat: [3.95, 50.27] as const, kind: 'epci' },
    ]);
    expect(epci.search('val fictive')[0].item.kind).toBe('epci');
    expect(epci.size).toBe(1);
  });

  it('does not modify the items', () => {
    const before = structuredClone(communes);
    createPlaceFinder(communes).search('saint');
    expect(communes).toStrictEqual(before);
  });
});

describe('boundedEditDistance', () => {
  /** Restricted Damerau–Levenshtein, full table, no bound: the reference. */
  function osa(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  }

  it('counts a swap of neighbours as one edit', () => {
    expect(boundedEditDistance('tourocing', 'tourcoing', 2)).toBe(1);
    expect(boundedEditDistance('abc', 'abc', 0)).toBe(0);
    expect(boundedEditDistance('', 'abc', 5)).toBe(3);
  });

  it('equals the full table up to the bound, and says max + 1 beyond, on seeded random words', () => {
    const random = mulberry32(3);
    const word = () => Array.from({ length: Math.floor(random() * 12) }, () => 'abcde'[Math.floor(random() * 5)]).join('');
    for (let k = 0; k < 3000; k++) {
      const a = word();
      const b = random() < 0.5 ? word() : a.slice(0, Math.floor(random() * a.length)) + word().slice(0, 2);
      const max = Math.floor(random() * 4);
      const full = osa(a, b);
      expect(boundedEditDistance(a, b, max), `${a} ${b} ${max}`).toBe(Math.min(full, max + 1));
    }
    // long words grow the reused buffers
    expect(boundedEditDistance('a'.repeat(200), `${'a'.repeat(199)}b`, 2)).toBe(1);
  });
});

describe('frenchPhoneticKey', () => {
  it('gives one key to spellings that sound alike, and keeps short words and numbers', () => {
    const same = [
      ['maubeuge', 'mobeuje'],
      ['dunkerque', 'dunkerke'],
      ['roubaix', 'roubais'],
      ['cambrai', 'cambray'],
      ['bailleul', 'bayeul'],
      ['hazebrouck', 'azebrouk'],
    ];
    for (const [a, b] of same) expect(frenchPhoneticKey(a), `${a} ${b}`).toBe(frenchPhoneticKey(b));
    expect(frenchPhoneticKey('lille')).not.toBe(frenchPhoneticKey('lens'));
    expect(frenchPhoneticKey('le')).toBe('le');
    expect(frenchPhoneticKey('59600')).toBe('59600');
  });
});
