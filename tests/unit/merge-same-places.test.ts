import { describe, expect, it } from 'vitest';
import {
  describeMerge,
  mergeSamePlaces,
  SAME_PLACE_THRESHOLDS,
  samePlaceReason,
  type PlaceRecord,
} from '../../src/core/places/merge-same-places.ts';
import { addressKey, placeNameWords, similarNames } from '../../src/core/places/place-keys.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

// Fictional places of the fictional communes Bourgval (99001) and Mont-Fictif (99002).
const BOURGVAL = { communeCode: '99001', communeName: 'Bourgval' };
const ORIGIN: [number, number] = [3.5, 50.3];
/** A point `east` and `north` metres from ORIGIN. */
function at(east: number, north: number): [number, number] {
  return [ORIGIN[0] + east / (111_320 * Math.cos((ORIGIN[1] * Math.PI) / 180)), ORIGIN[1] + north / 110_574];
}
function rec(name: string, east: number, north: number, extra: Partial<PlaceRecord> = {}): PlaceRecord {
  return { source: 'source-a', name, lngLat: at(east, north), precision: 'exact', ...BOURGVAL, ...extra };
}
const groupsOf = (records: PlaceRecord[]) => mergeSamePlaces(records).groups.map((g) => g.members);

describe('mergeSamePlaces: one place listed twice', () => {
  it('merges near-identical names within 50 m, whatever the case, accents and source', () => {
    const r = [rec('Espace numérique des Tilleuls', 0, 0), rec('ESPACE NUMERIQUE DES TILLEULS', 12, 5, { source: 'source-b' })];
    const result = mergeSamePlaces(r);
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0].sources).toEqual(['source-a', 'source-b']);
    expect(result.links).toEqual([{ record: 1, mergedWith: 0, reason: 'same-name', distanceM: expect.any(Number) }]);
    expect(result.links[0].distanceM).toBeCloseTo(13, 0);
  });

  it('reads "COMMUNE DE X", "Mairie de X" and the CCAS abbreviations as one name', () => {
    expect(groupsOf([rec('COMMUNE DE BOURGVAL', 0, 0), rec('Mairie de Bourgval', 30, 0)])).toEqual([[0, 1]]);
    expect(groupsOf([rec('CTRE COM ACTION SOCIALE DE BOURGVAL', 0, 0), rec('CCAS de Bourgval', 0, 20)])).toEqual([[0, 1]]);
    expect(groupsOf([rec('Efficience', 0, 0), rec('EFFICIENCE SOLIDAIRE ET CREATIVE', 10, 10)])).toEqual([[0, 1]]);
  });

  it('merges one SIRET within 50 m even under two names', () => {
    const r = [rec('ASS LES AMIS DU CLIC', 0, 0, { siret: '99999999900011' }), rec('Le Clic', 25, 0, { siret: '999 999 999 00011' })];
    expect(mergeSamePlaces(r).links[0].reason).toBe('same-siret');
  });

  it('merges near-identical names with the same number and street up to 150 m (geocoders differ)', () => {
    const r = [
      rec('La Ruche', 0, 0, { address: '12 AV DES LILAS' }),
      rec('LA RUCHE NUMERIQUE', 120, 0, { address: '12 Avenue des Lilas 99100 Bourgval', source: 'source-b' }),
    ];
    expect(mergeSamePlaces(r).links).toEqual([
      { record: 1, mergedWith: 0, reason: 'same-name-and-address', distanceM: expect.any(Number) },
    ]);
  });

  it('merges the copies of one record in one source (one row per selection committee)', () => {
    const r = [0, 1, 2].map(() => rec('ASSOCIATION DES CENTRES SOCIAUX', 0, 0, { siret: '99999999900029' }));
    expect(groupsOf(r)).toEqual([[0, 1, 2]]);
  });

  it('joins a record known only by its commune to the place of its commune with its SIRET, else its name', () => {
    const r = [
      rec('COMMUNE DE BOURGVAL', 0, 0, { siret: '21999000100013', address: 'Rue du Docteur Martin' }),
      rec('Mairie de Bourgval', 330, 0, { source: 'source-b', address: 'Place de la Mairie' }), // another site of the town
      rec('COMMUNE DE BOURGVAL', 900, 900, { precision: 'commune', siret: '21999000100013', source: 'source-c' }),
      rec('Le Clic', 500, 0),
      rec('LE CLIC', 1200, 1200, { precision: 'commune', source: 'source-c' }),
    ];
    const result = mergeSamePlaces(r);
    expect(result.groups.map((g) => g.members)).toEqual([[0, 2], [1], [3, 4]]);
    expect(result.links).toEqual([
      { record: 2, mergedWith: 0, reason: 'commune-only-same-siret', distanceM: null },
      { record: 4, mergedWith: 3, reason: 'commune-only-same-name', distanceM: null },
    ]);
  });

  it('merges records known only by their commune with each other when nothing placed matches', () => {
    const r = [
      rec('ATOUTS FICTIFS', 0, 0, { precision: 'commune', siret: '99999999900037' }),
      rec('Atouts fictifs', 0, 0, { precision: 'commune', source: 'source-b' }),
    ];
    expect(mergeSamePlaces(r).links).toEqual([{ record: 1, mergedWith: 0, reason: 'commune-only-same-name', distanceM: null }]);
  });
});

describe('mergeSamePlaces: near-misses stay apart', () => {
  it('keeps two places of one building apart', () => {
    expect(groupsOf([rec('CCAS de Bourgval', 0, 0), rec('Médiathèque de Bourgval', 0, 0)])).toEqual([[0], [1]]);
    expect(groupsOf([rec('Mairie de Bourgval', 0, 0), rec('CCAS de Bourgval', 0, 0)])).toEqual([[0], [1]]);
    expect(
      groupsOf([rec('Annexe des Tilleuls, centre social du Parc', 0, 0), rec('Mairie annexe des Tilleuls - Pont du Parc', 0, 0)]),
    ).toEqual([[0], [1]]);
  });

  it('keeps the branches of one network apart: other communes, other streets', () => {
    const mont = { communeCode: '99002', communeName: 'Mont-Fictif' };
    expect(groupsOf([rec('Agence France Travail', 0, 0), rec('Agence France Travail', 20, 0, mont)])).toEqual([[0], [1]]);
    expect(groupsOf([rec('Agence France Travail Gare', 0, 0), rec('Agence France Travail Centre', 40, 0)])).toEqual([[0], [1]]);
    expect(groupsOf([rec('Agence France Travail', 0, 0), rec('Agence France Travail', 400, 0)])).toEqual([[0], [1]]);
  });

  it('needs the same house number, and stops at 150 m even then', () => {
    expect(
      groupsOf([rec('La Ruche', 0, 0, { address: '12 rue des Lilas' }), rec('La Ruche', 100, 0, { address: '40 rue des Lilas' })]),
    ).toEqual([[0], [1]]);
    expect(
      groupsOf([rec('La Ruche', 0, 0, { address: '12 rue des Lilas' }), rec('La Ruche', 0, 160, { address: '12 rue des Lilas' })]),
    ).toEqual([[0], [1]]);
    expect(groupsOf([rec('Centre', 0, 0, { address: 'rue des Lilas' }), rec('Centre', 100, 0, { address: 'rue des Lilas' })])).toEqual([
      [0],
      [1],
    ]);
  });

  it('does not take a name made only of the commune as telling', () => {
    expect(groupsOf([rec('Bourgval', 0, 0), rec('Mairie de Bourgval', 10, 0)])).toEqual([[0], [1]]);
  });

  it('leaves a commune-only record alone when several places of its commune match, and never links them', () => {
    const r = [
      rec('COMMUNE DE BOURGVAL', 0, 0),
      rec('Mairie de Bourgval', 330, 0),
      rec('Commune de Bourgval', 900, 900, { precision: 'commune' }),
    ];
    const result = mergeSamePlaces(r);
    expect(result.groups.map((g) => g.members)).toEqual([[0], [1], [2]]);
    expect(result.ambiguous).toEqual([2]);
  });

  it('never merges records without a commune', () => {
    expect(groupsOf([rec('La Ruche', 0, 0, { communeCode: null }), rec('La Ruche', 0, 0, { communeCode: null })])).toEqual([[0], [1]]);
  });
});

describe('mergeSamePlaces: the representative record', () => {
  it('prefers a placed record, then the trusted source, then the latest update, then input order; hours from the first that has them', () => {
    const r = [
      rec('La Ruche', 0, 0, { precision: 'commune', source: 'anct', hasHours: true }),
      rec('La Ruche', 0, 0, { source: 'survey', updated: '2023-01-01' }),
      rec('La Ruche', 5, 0, { source: 'survey', updated: '2024-06-01' }),
      rec('La Ruche', 5, 5, { source: 'anct', hasHours: true }),
    ];
    const [g] = mergeSamePlaces(r, { sourcePriority: ['anct', 'survey'] }).groups;
    expect(g.representative).toBe(3);
    expect(g.hoursFrom).toBe(3);
    expect(g.sources).toEqual(['anct', 'survey']);
    const [byDate] = mergeSamePlaces(r).groups;
    expect(byDate.representative).toBe(2); // no priority: the latest update among placed records
    expect(byDate.hoursFrom).toBe(3);
  });

  it('says why in a line for the build report', () => {
    const r = [rec('Efficience', 0, 0, { source: 'source-b' }), rec('EFFICIENCE SOLIDAIRE ET CREATIVE', 10, 0)];
    const result = mergeSamePlaces(r);
    expect(describeMerge(result.links[0], r)).toBe('same place as "Efficience" (source-b): near-identical name, 10 m apart');
  });
});

describe('mergeSamePlaces: index and inputs', () => {
  it('finds through its index the same groups as comparing every pair, on seeded random records', () => {
    const random = mulberry32(59);
    const names = [
      'La Ruche',
      'LA RUCHE NUMERIQUE',
      'Mairie de Bourgval',
      'COMMUNE DE BOURGVAL',
      'CCAS de Bourgval',
      'Le Clic',
      'Médiathèque',
    ];
    const streets = ['12 rue des Lilas', '12 AV DES LILAS', '3 place du Parc', null];
    const records: PlaceRecord[] = Array.from({ length: 600 }, () => {
      const cluster = Math.floor(random() * 40);
      return rec(
        names[Math.floor(random() * names.length)],
        (cluster % 8) * 400 + random() * 180,
        Math.floor(cluster / 8) * 400 + random() * 180,
        {
          communeCode: random() < 0.9 ? `9900${cluster % 3}` : null,
          address: streets[Math.floor(random() * streets.length)],
          siret: random() < 0.3 ? `9999999990001${Math.floor(random() * 3)}` : null,
          source: random() < 0.5 ? 'source-a' : 'source-b',
        },
      );
    });
    // the reference: every pair compared, joined with a plain union-find
    const parent = records.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (let i = 0; i < records.length; i++) {
      for (let j = i + 1; j < records.length; j++) if (samePlaceReason(records[i], records[j])) parent[find(j)] = find(i);
    }
    const reference = new Map<number, number[]>();
    for (let i = 0; i < records.length; i++) (reference.get(find(i)) ?? reference.set(find(i), []).get(find(i))!).push(i);
    const expected = [...reference.values()].sort((a, b) => a[0] - b[0]);
    const result = mergeSamePlaces(records);
    expect(result.groups.map((g) => g.members)).toEqual(expected);
    expect(expected.some((g) => g.length > 2)).toBe(true);
    expect(result.links).toHaveLength(records.length - expected.length);
  });

  it('does not modify the records', () => {
    const r = [rec('La Ruche', 0, 0), rec('LA RUCHE', 5, 0)];
    const before = structuredClone(r);
    mergeSamePlaces(r);
    expect(r).toStrictEqual(before);
  });

  it('states its thresholds', () => {
    expect(SAME_PLACE_THRESHOLDS).toEqual({ nearMetres: 50, sameAddressMetres: 150 });
  });
});

describe('place keys', () => {
  it('folds names, expands abbreviations and makes town-hall names one', () => {
    expect(placeNameWords('COMMUNE DE BOURGVAL')).toEqual(['mairie', 'bourgval']);
    expect(placeNameWords('Hôtel de Ville de Bourgval')).toEqual(['mairie', 'bourgval']);
    expect(placeNameWords('CTRE COM ACTION SOCIALE DE BOURGVAL')).toEqual(['ccas', 'bourgval']);
    expect(placeNameWords('ASS CTRE SOCIAL DU PARC')).toEqual(['association', 'centre', 'social', 'parc']);
    expect(similarNames(['mediatheque', 'bourgval'], ['mediathque', 'municipale', 'bourgval'])).toBe(true); // one slip
    expect(similarNames([], ['a'])).toBe(false);
  });

  it('reduces an address to its number and street, before the postcode', () => {
    expect(addressKey('20 AV ALPHONSE DE LAMARTINE')).toEqual({ number: '20', street: 'avenue alphonse lamartine' });
    expect(addressKey('20 Avenue Alphonse de Lamartine 99600 Bourgval')).toEqual({ number: '20', street: 'avenue alphonse lamartine' });
    expect(addressKey('12 bis, Bd du Parc')).toEqual({ number: '12bis', street: 'boulevard parc' });
    expect(addressKey('PL DU GENERAL DE GAULLE')).toEqual({ number: '', street: 'place general gaulle' });
    expect(addressKey('')).toBeNull();
    expect(addressKey('99600 Bourgval')).toBeNull();
  });
});
