import { describe, expect, it } from 'vitest';
import { createSiteIndex, type NearestSite, type Site } from '../../src/core/nearest/create-site-index.ts';
import { findNearestSites } from '../../src/core/nearest/find-nearest-sites.ts';
import { estimateTravel, TRAVEL_ASSUMPTIONS } from '../../src/core/nearest/estimate-travel.ts';
import { directionsUrl } from '../../src/core/nearest/directions-url.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

type Props = { n: number };

/** Seeded sites of one layer: the Nord's box for `inside`, a band south and east of it for `nearby`. */
function randomSites(seed: number, n: number, layer: string, box: [number, number, number, number]): Site<Props>[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => ({
    layer,
    id: `${layer}-${i}`,
    lngLat: [uniform(random, box[0], box[2]), uniform(random, box[1], box[3])] as [number, number],
    properties: { n: i },
  }));
}

/** Brute force: every site of every layer sorted by haversine distance; ties by layer order, then input order. */
function bruteForce(
  layers: Site<Props>[][],
  query: [number, number],
  k: number,
  maxDistanceKm = Infinity,
): { id: string; distanceKm: number }[] {
  return layers
    .flatMap((sites, layerRank) => sites.map((site, i) => ({ id: site.id, distanceKm: distanceKm(query, site.lngLat), layerRank, i })))
    .filter((r) => r.distanceKm <= maxDistanceKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || a.layerRank - b.layerRank || a.i - b.i)
    .slice(0, k)
    .map(({ id, distanceKm: d }) => ({ id, distanceKm: d }));
}

const simplify = (rs: NearestSite<Props>[]) => rs.map((r) => ({ id: r.site.id, distanceKm: r.distanceKm }));

describe('findNearestSites over several layer indexes', () => {
  const inside = randomSites(11, 1500, 'france-services', [2.06, 49.96, 4.24, 51.09]);
  const nearby = randomSites(12, 600, 'france-services-nearby', [1.6, 49.6, 4.7, 50.1]);
  const indexes = [createSiteIndex('france-services', inside), createSiteIndex('france-services-nearby', nearby)];
  const random = mulberry32(13);
  // queries over the département and beyond its southern border, where the nearest site is often a neighbour's
  const queries = Array.from({ length: 300 }, () => [uniform(random, 1.8, 4.5), uniform(random, 49.5, 51.2)] as [number, number]);

  for (const k of [1, 3, 10]) {
    it(`returns the same ${k} nearest ids, in the same order and at the same distances, as sorting every site (k = ${k})`, () => {
      for (const q of queries)
        expect(simplify(findNearestSites(indexes, q, k)), `query ${q.join(',')}`).toEqual(bruteForce([inside, nearby], q, k));
    });
  }

  it('crosses the border: some queries get a neighbouring site as their nearest', () => {
    const firsts = queries.map((q) => findNearestSites(indexes, q, 1)[0].site.layer);
    expect(firsts.filter((l) => l === 'france-services-nearby').length).toBeGreaterThan(10);
    expect(firsts.filter((l) => l === 'france-services').length).toBeGreaterThan(100);
  });

  it('respects maxDistanceKm like the brute force', () => {
    for (const q of queries.slice(0, 100)) {
      expect(simplify(findNearestSites(indexes, q, 20, { maxDistanceKm: 5 }))).toEqual(bruteForce([inside, nearby], q, 20, 5));
    }
  });

  it('answers one index alone exactly as that index does', () => {
    for (const q of queries.slice(0, 50)) expect(simplify(findNearestSites([indexes[0]], q, 3))).toEqual(bruteForce([inside], q, 3));
  });

  it('breaks a tie between layers by the order of the indexes', () => {
    const p: [number, number] = [3.5, 50.3];
    const a = createSiteIndex('a', [{ layer: 'a', id: 'a1', lngLat: p, properties: { n: 0 } }]);
    const b = createSiteIndex('b', [{ layer: 'b', id: 'b1', lngLat: p, properties: { n: 0 } }]);
    expect(findNearestSites([b, a], [3.51, 50.3], 2).map((r) => r.site.id)).toEqual(['b1', 'a1']);
    expect(findNearestSites([a, b], [3.51, 50.3], 1).map((r) => r.site.id)).toEqual(['a1']);
  });

  it('returns nothing for k = 0, no index or empty indexes', () => {
    expect(findNearestSites(indexes, [3, 50.5], 0)).toEqual([]);
    expect(findNearestSites([], [3, 50.5], 3)).toEqual([]);
    expect(findNearestSites([createSiteIndex('empty', []), createSiteIndex('empty2', [])], [3, 50.5], 3)).toEqual([]);
  });

  it('returns the sites themselves (same objects), and does not modify them', () => {
    const before = structuredClone(inside);
    const got = findNearestSites(indexes, [3.06, 50.63], 5);
    expect(inside).toContain(got[0].site);
    expect(inside).toStrictEqual(before);
  });
});

describe('estimateTravel', () => {
  it('states its assumptions in one place', () => {
    expect(TRAVEL_ASSUMPTIONS).toEqual({ detourFactor: 1.3, carSpeedKmh: 35, walkSpeedKmh: 4, walkMaxKm: 2 });
  });

  it('turns 10 km in a straight line into 13 km of road and 23 minutes by car, with no walking time', () => {
    // 13 km at 35 km/h = 22.3 min, rounded up
    expect(estimateTravel(10)).toEqual({ roadKm: 13, carMinutes: 23 });
  });

  it('adds a walking time under 2 km: 1.5 km → 1.95 km of streets, 30 minutes on foot at 4 km/h', () => {
    expect(estimateTravel(1.5)).toEqual({ roadKm: 1.5 * 1.3, carMinutes: 4, walkMinutes: 30 });
    expect(estimateTravel(2).walkMinutes).toBeUndefined();
  });

  it('never says 0 minutes', () => {
    expect(estimateTravel(0)).toEqual({ roadKm: 0, carMinutes: 1, walkMinutes: 1 });
  });

  it('rejects a negative or non-finite distance', () => {
    expect(() => estimateTravel(-1)).toThrow(RangeError);
    expect(() => estimateTravel(Number.NaN)).toThrow(RangeError);
  });
});

describe('directionsUrl', () => {
  it('builds the OpenStreetMap car directions link, each point written lat,lng', () => {
    expect(directionsUrl([3.961234, 50.281357], [3.97068, 50.27756])).toBe(
      'https://www.openstreetmap.org/directions?engine=fossgis_osrm_car&route=50.281357,3.961234;50.277560,3.970680',
    );
  });
});
