/** Where an area's name is written (src/core/geo/label-point.ts). */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { labelPointOf } from '../../src/core/geo/label-point.ts';

/** Brute-force even-odd test, independent of the module's own. */
function inside([x, y]: [number, number], rings: Position[][]): boolean {
  let c = false;
  for (const r of rings)
    for (let i = 0, j = r.length - 1; i < r.length; j = i++)
      if (r[i][1] > y !== r[j][1] > y && x < ((r[j][0] - r[i][0]) * (y - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0]) c = !c;
  return c;
}

const square = (x0: number, y0: number, size: number): Position[] => [
  [x0, y0],
  [x0 + size, y0],
  [x0 + size, y0 + size],
  [x0, y0 + size],
  [x0, y0],
];

describe('labelPointOf', () => {
  it('writes the name of a square at its centre', () => {
    const p = labelPointOf({ type: 'Polygon', coordinates: [square(2, 50, 1)] });
    expect(p![0]).toBeCloseTo(2.5, 9);
    expect(p![1]).toBeCloseTo(50.5, 9);
  });

  it('keeps the point inside a U-shaped area whose centroid falls in the gap', () => {
    const u: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const p = labelPointOf(u)!;
    expect(inside(p, u.coordinates)).toBe(true);
  });

  it('avoids a hole in the middle', () => {
    const ring: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 4), square(1, 1, 2)] };
    const p = labelPointOf(ring)!;
    expect(inside(p, ring.coordinates)).toBe(true);
  });

  it('labels the largest part of a multipolygon (the mainland, not an islet)', () => {
    const g: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(10, 10, 0.1)], [square(0, 0, 2)]] };
    const p = labelPointOf(g)!;
    expect(p[0]).toBeCloseTo(1, 9);
    expect(p[1]).toBeCloseTo(1, 9);
  });

  it('returns null for a geometry without rings, and does not modify its input', () => {
    expect(labelPointOf({ type: 'MultiPolygon', coordinates: [] })).toBeNull();
    const g: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 1)] };
    const copy = JSON.stringify(g);
    labelPointOf(g);
    expect(JSON.stringify(g)).toBe(copy);
  });
});
