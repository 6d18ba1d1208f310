/**
 * The national comparison's per-département summary: counts and shares checked by hand on a tiny
 * fictional country, the within-distance share against a brute-force haversine loop on seeded random
 * points, the distribution and the rank.
 */
import { describe, expect, it } from 'vitest';
import {
  distribution,
  rankOf,
  summariseDepartements,
  type NationalCommune,
  type NationalSite,
} from '../../src/core/national/departement-summary.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

const haversineKm = (a: [number, number], b: [number, number]) => {
  const r = Math.PI / 180;
  const h = Math.sin(((b[1] - a[1]) * r) / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(((b[0] - a[0]) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
};

describe('summariseDepartements', () => {
  const deps = [
    { code: '98', name: 'Essais', cantons: ['9801', '9802', '9803'] },
    { code: '99', name: 'Épreuves', cantons: ['9901'] },
  ];
  const communes: NationalCommune[] = [
    { code: '98001', dept: '98', population: 1000, point: [3, 50] },
    { code: '98002', dept: '98', population: 3000, point: [3.5, 50] }, // about 36 km east of the site
    { code: '98003', dept: '98', population: 500, point: null },
    { code: '99001', dept: '99', population: 200_000, point: [3.04, 50] }, // about 3 km from the 98 site
  ];
  const sites: NationalSite[] = [
    { id: 'a', dept: '98', canton: '9801', point: [3, 50] },
    { id: 'b', dept: '98', canton: '9801', point: null },
    { id: 'c', dept: '98', canton: null, point: null },
  ];
  const rows = summariseDepartements(deps, communes, sites, 10);

  it('counts the list rows, the cantons with a site, per 100,000 and the shares', () => {
    expect(rows[0]).toEqual({
      dept: '98',
      name: 'Essais',
      france_services: 3,
      population: 4500,
      france_services_per_100k: 66.67,
      cantons: 3,
      cantons_covered: 1,
      cantons_covered_pct: 33.3,
      population_within_km_pct: 25,
      population_not_measured: 500,
    });
  });

  it('counts a site of another département for distance, never for the count', () => {
    expect(rows[1]).toMatchObject({ france_services: 0, cantons_covered: 0, population_within_km_pct: 100, france_services_per_100k: 0 });
  });

  it('agrees with a brute-force haversine loop on seeded random points', () => {
    const random = mulberry32(15);
    const pts = (n: number) => Array.from({ length: n }, () => [uniform(random, 2, 4), uniform(random, 49, 51)] as [number, number]);
    const randomCommunes: NationalCommune[] = pts(400).map((point, i) => ({ code: String(i), dept: '98', population: 1 + (i % 7), point }));
    const randomSites: NationalSite[] = pts(25).map((point, i) => ({ id: String(i), dept: '98', canton: null, point }));
    for (const km of [3, 10, 25]) {
      const [row] = summariseDepartements([deps[0]], randomCommunes, randomSites, km);
      const total = randomCommunes.reduce((s, c) => s + c.population, 0);
      const within = randomCommunes
        .filter((c) => randomSites.some((s) => haversineKm(c.point!, s.point!) <= km))
        .reduce((s, c) => s + c.population, 0);
      expect(row.population_within_km_pct, `${km} km`).toBe(Math.round((within / total) * 1000) / 10);
    }
  });

  it('does not modify its inputs', () => {
    const before = JSON.stringify([deps, communes, sites]);
    summariseDepartements(deps, communes, sites, 10);
    expect(JSON.stringify([deps, communes, sites])).toBe(before);
  });
});

describe('distribution and rankOf', () => {
  it('gives min, quartiles (interpolated), median and max of the values, nulls left out', () => {
    expect(distribution([4, null, 1, 3, 2, 5])).toEqual({ min: 1, q1: 2, median: 3, q3: 4, max: 5 });
    expect(distribution([null])).toBeNull();
  });

  it('ranks 1 for the highest value, ties sharing a rank, null without a value', () => {
    const rows = summariseDepartements(
      [
        { code: '01', name: 'a', cantons: [] },
        { code: '02', name: 'b', cantons: [] },
        { code: '03', name: 'c', cantons: [] },
      ],
      [
        { code: '1', dept: '01', population: 100_000, point: null },
        { code: '2', dept: '02', population: 100_000, point: null },
        { code: '3', dept: '03', population: 100_000, point: null },
      ],
      [
        { id: 'x', dept: '01', canton: null, point: null },
        { id: 'y', dept: '01', canton: null, point: null },
        { id: 'z', dept: '02', canton: null, point: null },
      ],
    );
    expect(rankOf(rows, '01', 'france_services_per_100k')).toBe(1);
    expect(rankOf(rows, '02', 'france_services_per_100k')).toBe(2);
    expect(rankOf(rows, '03', 'france_services_per_100k')).toBe(3);
    expect(rankOf(rows, '01', 'cantons_covered_pct')).toBeNull();
  });
});
