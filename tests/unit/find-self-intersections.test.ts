import kinks from '@turf/kinks';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { findSelfIntersections } from '../../src/core/geo/find-self-intersections.ts';
import { flatPolygonsOf } from '../../src/core/geo/flat-polygons.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [3, 50],
      [3.1, 50],
      [3.1, 50.1],
      [3, 50.1],
      [3, 50],
    ],
  ],
};

describe('findSelfIntersections', () => {
  it('finds nothing in a simple square, nor in a square with a hole inside', () => {
    expect(findSelfIntersections(square)).toEqual({ points: [], count: 0 });
    const holed: Polygon = {
      type: 'Polygon',
      coordinates: [
        ...square.coordinates,
        [
          [3.02, 50.02],
          [3.05, 50.02],
          [3.05, 50.05],
          [3.02, 50.02],
        ],
      ],
    };
    expect(findSelfIntersections(holed).count).toBe(0);
  });

  it('finds the crossing of a bow-tie, in [lng, lat]', () => {
    const bowTie: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [3, 50],
          [3.2, 50.2],
          [3.2, 50],
          [3, 50.2],
          [3, 50],
        ],
      ],
    };
    const found = findSelfIntersections(bowTie);
    expect(found.count).toBe(1);
    expect(found.points[0][0]).toBeCloseTo(3.1, 12);
    expect(found.points[0][1]).toBeCloseTo(50.1, 12);
  });

  it('ignores a vertex repeated in a row', () => {
    const repeated: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [3, 50],
          [3.1, 50],
          [3.1, 50],
          [3.1, 50.1],
          [3, 50.1],
          [3, 50],
        ],
      ],
    };
    expect(findSelfIntersections(repeated).count).toBe(0);
  });

  it('finds a hole crossing its shell and two polygons of a MultiPolygon sharing an edge', () => {
    const holeOut: Polygon = {
      type: 'Polygon',
      coordinates: [
        ...square.coordinates,
        [
          [3.05, 50.02],
          [3.2, 50.02],
          [3.2, 50.05],
          [3.05, 50.02],
        ],
      ],
    };
    expect(findSelfIntersections(holeOut).count).toBe(2);
    const shifted = square.coordinates[0].map(([x, y]) => [x + 0.1, y]);
    const twins: MultiPolygon = { type: 'MultiPolygon', coordinates: [square.coordinates, [shifted]] };
    expect(findSelfIntersections(twins).count).toBeGreaterThan(0);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(square);
    findSelfIntersections(square);
    expect(square).toEqual(copy);
  });

  it('finds the same crossings as Turf kinks (every pair compared) on 200 seeded random rings', () => {
    const random = mulberry32(16);
    for (let n = 0; n < 200; n++) {
      const size = 4 + Math.floor(random() * 40);
      const ring: [number, number][] = [];
      for (let i = 0; i < size; i++) ring.push([uniform(random, 2, 4), uniform(random, 50, 51)]);
      ring.push(ring[0]);
      const polygon: Polygon = { type: 'Polygon', coordinates: [ring] };
      const expected = kinks(polygon).features.map((f) => f.geometry.coordinates as [number, number]);
      const found = findSelfIntersections(polygon, Number.POSITIVE_INFINITY);
      expect(found.count, `ring ${n}`).toBe(expected.length);
      const key = (p: number[]) => `${p[0].toFixed(9)},${p[1].toFixed(9)}`;
      expect(found.points.map(key).sort(), `ring ${n}`).toEqual(expected.map(key).sort());
      // the flat form gives the same answer, and a bounded answer is the first crossings of the full one
      expect(findSelfIntersections(flatPolygonsOf(polygon), Number.POSITIVE_INFINITY)).toEqual(found);
      expect(findSelfIntersections(polygon, 3)).toEqual({ count: found.count, points: found.points.slice(0, 3) });
    }
  });
  it('finds the same crossings as Turf kinks on detailed seeded outlines (bands of a few segments and crowded bands alike)', () => {
    const random = mulberry32(61);
    let crossings = 0;
    for (let n = 0; n < 12; n++) {
      // a wobbly circle of 300 to 1,500 vertices: angles jittered by up to two steps, so that it folds back here and there
      const size = 300 + Math.floor(random() * 1200);
      const step = (2 * Math.PI) / size;
      const ring: [number, number][] = [];
      for (let i = 0; i < size; i++) {
        const angle = i * step + uniform(random, -2, 2) * step * (n % 3 === 0 ? 0.2 : 1);
        const radius = 1 + uniform(random, -0.01, 0.01);
        ring.push([3 + radius * Math.cos(angle), 50 + radius * Math.sin(angle)]);
      }
      ring.push(ring[0]);
      const polygon: Polygon = { type: 'Polygon', coordinates: [ring] };
      const expected = kinks(polygon).features.map((f) => f.geometry.coordinates as [number, number]);
      const found = findSelfIntersections(polygon, Number.POSITIVE_INFINITY);
      expect(found.count, `outline ${n}`).toBe(expected.length);
      const key = (p: number[]) => `${p[0].toFixed(9)},${p[1].toFixed(9)}`;
      expect(found.points.map(key).sort(), `outline ${n}`).toEqual(expected.map(key).sort());
      crossings += found.count;
    }
    expect(crossings).toBeGreaterThan(0);
  });
});
