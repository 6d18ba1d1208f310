import { describe, expect, it } from 'vitest';
import { createPointIndex, type NearestResult } from '../../src/core/index/point-index.ts';
import { distanceKm } from '../../src/core/geo/distance-km.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

function randomPoints(seed: number, n: number): [number, number][] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => [uniform(random, 2.0, 4.3), uniform(random, 49.9, 51.1)] as [number, number]);
}

/** Brute force: every point sorted by haversine distance, ties by input order. */
function bruteForce(
  points: [number, number][],
  query: [number, number],
  k: number,
  options: { maxDistanceKm?: number; filter?: (index: number) => boolean } = {},
): NearestResult[] {
  return points
    .map((p, index) => ({ index, distanceKm: distanceKm(query, p) }))
    .filter(
      (r) => (options.maxDistanceKm === undefined || r.distanceKm <= options.maxDistanceKm) && (!options.filter || options.filter(r.index)),
    )
    .sort((a, b) => a.distanceKm - b.distanceKm || a.index - b.index)
    .slice(0, k);
}

describe('createPointIndex', () => {
  const points = randomPoints(1, 2000);
  // queries over and slightly beyond the points' extent
  const random = mulberry32(2);
  const queries = Array.from({ length: 200 }, () => [uniform(random, 1.8, 4.5), uniform(random, 49.7, 51.3)] as [number, number]);
  const index = createPointIndex(points);

  for (const k of [1, 3, 10]) {
    it(`returns the same ${k} nearest ids, in the same order and at the same distances, as sorting all points (k = ${k})`, () => {
      for (const q of queries) expect(index.nearest(q, k), `query ${q.join(',')}`).toEqual(bruteForce(points, q, k));
    });
  }

  it('returns only the points within maxDistanceKm, nearest first, like the brute force', () => {
    let total = 0,
      empty = 0;
    for (const q of queries) {
      const got = index.nearest(q, 50, { maxDistanceKm: 4 });
      expect(got).toEqual(bruteForce(points, q, 50, { maxDistanceKm: 4 }));
      for (const r of got) expect(r.distanceKm).toBeLessThanOrEqual(4);
      total += got.length;
      if (got.length === 0) empty++;
    }
    // the radius is neither so large nor so small that the check is trivial
    expect(total).toBeGreaterThan(queries.length);
    expect(empty).toBeGreaterThan(0);
  });

  it('stops at k even when more points lie within maxDistanceKm', () => {
    for (const q of queries.slice(0, 50))
      expect(index.nearest(q, 3, { maxDistanceKm: 30 })).toEqual(bruteForce(points, q, 3, { maxDistanceKm: 30 }));
  });

  it('returns only the points that pass the filter, like the brute force', () => {
    const filter = (i: number) => i % 3 === 0;
    for (const q of queries) {
      const got = index.nearest(q, 10, { filter });
      expect(got).toEqual(bruteForce(points, q, 10, { filter }));
      expect(got.every((r) => r.index % 3 === 0)).toBe(true);
    }
  });

  it('combines the filter with maxDistanceKm', () => {
    const filter = (i: number) => i % 2 === 1;
    for (const q of queries)
      expect(index.nearest(q, 10, { filter, maxDistanceKm: 6 })).toEqual(bruteForce(points, q, 10, { filter, maxDistanceKm: 6 }));
  });

  it('returns every point, sorted, when k exceeds the number of points', () => {
    const few = randomPoints(5, 12);
    const q: [number, number] = [3.06, 50.63];
    expect(createPointIndex(few).nearest(q, 100)).toEqual(bruteForce(few, q, 100));
  });

  it('returns nothing for k = 0 or an empty index', () => {
    expect(index.nearest([3, 50.5], 0)).toEqual([]);
    const empty = createPointIndex([]);
    expect(empty.size).toBe(0);
    expect(empty.nearest([3, 50.5], 5)).toEqual([]);
  });

  it('gives distance 0 for a query on an indexed point', () => {
    expect(index.nearest(points[123], 1)).toEqual([{ index: 123, distanceKm: 0 }]);
  });

  it('breaks ties between points at the same place by input order', () => {
    const p: [number, number] = [3.0573, 50.6292];
    const dup = [[2.5, 50.1], p, [4.0, 51.0], p, p] as [number, number][];
    expect(index.size).toBe(2000);
    expect(
      createPointIndex(dup)
        .nearest([3.05, 50.62], 3)
        .map((r) => r.index),
    ).toEqual([1, 3, 4]);
  });

  // Regression test, bug fixed (src/core/index/point-index.ts, nearest): geokdbush `around()` stops after k candidates,
  // popping tied ones in heap order; the re-sort by (distance, index) only orders those k. When k cuts
  // a group of co-located points (common: approximate points all sit on their commune's centroid),
  // the result is not "ties by input order": here [0, 4, 8] instead of [0, 2, 4].
  //
  it('keeps the lowest input indexes when a tie is cut by k', () => {
    const p: [number, number] = [3.0573, 50.6292];
    const dup = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? p : ([2.2 + i * 0.01, 50.1] as [number, number])));
    expect(
      createPointIndex(dup)
        .nearest([3.06, 50.63], 1)
        .map((r) => r.index),
    ).toEqual([0]);
    expect(
      createPointIndex(dup)
        .nearest([3.06, 50.63], 3)
        .map((r) => r.index),
    ).toEqual([0, 2, 4]);
  });

  it('does not modify the input points', () => {
    const input = randomPoints(9, 300);
    const before = structuredClone(input);
    const idx = createPointIndex(input);
    idx.nearest([3, 50.5], 10, { maxDistanceKm: 20, filter: (i) => i > 5 });
    expect(input).toStrictEqual(before);
  });
});

describe('distanceKm', () => {
  it('gives about 204 km from Lille to Paris on the 6371 km sphere', () => {
    // Lille (3.0573, 50.6292), Paris Notre-Dame (2.3499, 48.8530)
    expect(distanceKm([3.0573, 50.6292], [2.3499, 48.853])).toBeCloseTo(203.5, 0);
  });

  it('is symmetric and zero for identical points', () => {
    const a: [number, number] = [2.5, 50.2],
      b: [number, number] = [4.1, 51.0];
    expect(distanceKm(a, b)).toBe(distanceKm(b, a));
    expect(distanceKm(a, a)).toBe(0);
  });

  it('gives 111.19 km for one degree of latitude', () => {
    expect(distanceKm([3, 50], [3, 51])).toBeCloseTo((6371 * Math.PI) / 180, 6);
  });
});
