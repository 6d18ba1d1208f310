import { describe, expect, it } from 'vitest';
import { createPlaceFinder, type PlaceItem } from '../../src/core/search/create-place-finder.ts';

// Real communes of the Nord bundle (INSEE code, name, postcodes, municipal population, centroid).
const raw: [string, string, string, number, number, number][] = [
  ['59009', "Villeneuve-d'Ascq", '59491 59493 59650', 62868, 3.16, 50.64],
  ['59021', 'Assevent', '59600', 1769, 4.02, 50.29],
  ['59072', 'Bersillies', '59600', 237, 3.99, 50.32],
  ['59127', 'Capelle', '59213', 135, 3.56, 50.24],
  ['59129', 'Cappelle-en-Pévèle', '59242', 2257, 3.17, 50.5],
  ['59190', 'Élesmes', '59600', 1013, 4.01, 50.31],
  ['59212', 'Estaires', '59940', 6525, 2.72, 50.66],
  ['59225', 'Feignies', '59750', 6703, 3.91, 50.29],
  ['59295', 'Hazebrouck', '59190', 21912, 2.54, 50.73],
  ['59348', 'Lieu-Saint-Amand', '59111', 1462, 3.35, 50.27],
  ['59350', 'Lille', '59000 59160 59260 59777 59800', 238246, 3.05, 50.631],
  ['59365', 'Louvroil', '59720', 6294, 3.95, 50.26],
  ['59392', 'Maubeuge', '59600', 28767, 3.96, 50.28],
  ['59481', 'Le Quesnoy', '59530', 4878, 3.62, 50.25],
  ['59526', 'Saint-Amand-les-Eaux', '59230', 15974, 3.44, 50.44],
  ['59536', 'Sainte-Marie-Cappel', '59670', 825, 2.52, 50.78],
  ['59546', 'Saint-Jans-Cappel', '59270', 1607, 2.72, 50.76],
  ['59378', 'Marcq-en-Barœul', '59700', 39932, 3.09, 50.67],
  ['59410', 'Mons-en-Barœul', '59370', 21484, 3.11, 50.64],
  ['59594', 'Thun-Saint-Amand', '59158', 1106, 3.45, 50.49],
  ['59114', 'Bruille-Saint-Amand', '59199', 1698, 3.51, 50.46],
];
const communes: PlaceItem[] = raw.map(([code, name, postcodes, population, lng, lat]) => ({
  code,
  name,
  postcodes: postcodes.split(' '),
  population,
  lngLat: [lng, lat],
}));
const finder = createPlaceFinder(communes);
const names = (query: string, limit?: number) => finder.search(query, limit).map((m) => m.item.name);

describe('createPlaceFinder', () => {
  it('finds a commune by its exact name whatever the case and accents', () => {
    for (const q of ['Maubeuge', 'maubeuge', 'MAUBEUGE', ' maubeuge ']) expect(names(q)[0], q).toBe('Maubeuge');
    expect(names('elesmes')[0]).toBe('Élesmes');
    expect(finder.search('Élesmes')[0].kind).toBe('exact');
  });

  it('reads St/Ste for Saint/Sainte, with or without hyphens', () => {
    for (const q of ['St-Amand-les-Eaux', 'st amand les eaux', 'SAINT AMAND LES EAUX', 'saint-amand-lès-eaux']) {
      expect(finder.search(q)[0], q).toMatchObject({ kind: 'exact', item: { code: '59526' } });
    }
    expect(names('ste marie')[0]).toBe('Sainte-Marie-Cappel');
  });

  it('ignores apostrophes and the spaces they leave', () => {
    expect(names("villeneuve d'ascq")[0]).toBe("Villeneuve-d'Ascq");
    expect(names('villeneuve dascq')[0]).toBe("Villeneuve-d'Ascq");
    expect(names('Villeneuve-d’Ascq')[0]).toBe("Villeneuve-d'Ascq");
  });

  it('expands the œ ligature on either side', () => {
    expect(names('marcq en baroeul')[0]).toBe('Marcq-en-Barœul');
    expect(names('Marcq-en-Barœul')[0]).toBe('Marcq-en-Barœul');
  });

  it('finds prefixes, ranked exact, then prefix, then word start, then anywhere; equals by population', () => {
    const found = finder.search('saint amand');
    expect(found.map((m) => [m.item.name, m.kind])).toEqual([
      ['Saint-Amand-les-Eaux', 'prefix'],
      ['Bruille-Saint-Amand', 'word-prefix'],
      ['Lieu-Saint-Amand', 'word-prefix'],
      ['Thun-Saint-Amand', 'word-prefix'],
    ]);
    expect(names('cap')).toEqual(['Cappelle-en-Pévèle', 'Capelle', 'Saint-Jans-Cappel', 'Sainte-Marie-Cappel']);
    expect(names('cappel')).toEqual(['Cappelle-en-Pévèle', 'Saint-Jans-Cappel', 'Sainte-Marie-Cappel']);
    expect(names('quesnoy')).toEqual(['Le Quesnoy']);
  });

  it('puts an exact name before a longer name that starts with it', () => {
    expect(finder.search('Lille')[0]).toMatchObject({ kind: 'exact', item: { name: 'Lille' } });
    expect(finder.search('capelle').map((m) => [m.item.name, m.kind])[0]).toEqual(['Capelle', 'exact']);
  });

  it('finds every commune of a shared postcode, largest first, and says which postcode matched', () => {
    const found = finder.search('59600');
    expect(found.map((m) => m.item.name)).toEqual(['Maubeuge', 'Assevent', 'Élesmes', 'Bersillies']);
    expect(found.every((m) => m.kind === 'exact' && m.postcode === '59600')).toBe(true);
  });

  it('finds a commune by any of its postcodes, and by postcode prefix', () => {
    expect(finder.search('59777')[0]).toMatchObject({ item: { name: 'Lille' }, postcode: '59777' });
    expect(finder.search('5965')[0]).toMatchObject({ item: { name: "Villeneuve-d'Ascq" }, kind: 'prefix', postcode: '59650' });
    expect(names('5960')).toEqual(['Maubeuge', 'Assevent', 'Élesmes', 'Bersillies']);
  });

  it('finds a commune by its INSEE code', () => {
    expect(finder.search('59392')[0]).toMatchObject({ kind: 'exact', item: { name: 'Maubeuge' } });
  });

  it('narrows a shared postcode by name when both are given, in either order', () => {
    expect(names('59600 assev')).toEqual(['Assevent']);
    expect(names('Maubeuge 59600')).toEqual(['Maubeuge']);
    expect(names('Maubeuge 59000')).toEqual([]);
  });

  it('returns nothing for an empty query, a lone digit, or no match', () => {
    expect(finder.search('')).toEqual([]);
    expect(finder.search('  -  ')).toEqual([]);
    expect(finder.search('5')).toEqual([]);
    expect(finder.search('zzz')).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(finder.search('e', 3)).toHaveLength(3);
    expect(finder.search('e', 0)).toEqual([]);
  });

  it('works on any item with a code, a name, postcodes, a population and a point', () => {
    const epci = createPlaceFinder([
      {
        code: '200043396',
        name: 'CA Maubeuge Val de Sambre',
        postcodes: [],
        population: 124000,
        lngLat: [3.95, 50.27] as const,
        kind: 'epci',
      },
    ]);
    expect(epci.search('val de sambre')[0].item.kind).toBe('epci');
    expect(epci.size).toBe(1);
  });

  it('does not modify the items', () => {
    const before = structuredClone(communes);
    createPlaceFinder(communes).search('saint');
    expect(communes).toStrictEqual(before);
  });
});
