import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bandedPointInPolygon } from '../../src/core/geo/banded-point-in-polygon.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

/** A star-shaped noisy ring around (cx, cy): `n` vertices, radius between r/2 and r, rounded to 1e-4 so that vertices repeat coordinates. */
function noisyRing(random: () => number, cx: number, cy: number, r: number, n: number, clockwise: boolean): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((clockwise ? -1 : 1) * 2 * Math.PI * i) / n;
    const rr = uniform(random, r / 2, r);
    ring.push([Math.round((cx + rr * Math.cos(a)) * 1e4) / 1e4, Math.round((cy + rr * Math.sin(a)) * 1e4) / 1e4]);
  }
  // a few axis-aligned runs: horizontal edges at a vertex's latitude are the delicate case
  for (let i = 1; i + 1 < n; i += 7) ring[i + 1] = [ring[i + 1][0], ring[i][1]];
  ring.push(ring[0]);
  return ring;
}

function randomGeometry(random: () => number): Polygon | MultiPolygon {
  const polygon = (cx: number, cy: number): Position[][] => {
    const n = 5 + Math.floor(random() * 200);
    const rings = [noisyRing(random, cx, cy, 0.2, n, false)];
    if (random() < 0.5) rings.push(noisyRing(random, cx, cy, 0.08, 4 + Math.floor(random() * 30), true));
    return rings;
  };
  if (random() < 0.6) return { type: 'Polygon', coordinates: polygon(3, 50) };
  return { type: 'MultiPolygon', coordinates: [polygon(3, 50), polygon(3.35, 50.1)] };
}

/** Random points in the box, every vertex, edge midpoints, and points on a vertex's latitude. */
function probes(random: () => number, g: Polygon | MultiPolygon): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i < 400; i++) points.push([uniform(random, 2.7, 3.65), uniform(random, 49.7, 50.4)]);
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [a, b] = [ring[i], ring[i + 1]];
      points.push([a[0], a[1]], [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], [uniform(random, 2.7, 3.65), a[1]]);
    }
  }
  return points;
}

describe('bandedPointInPolygon', () => {
  it('answers like Turf booleanPointInPolygon on 300 seeded polygons and multipolygons with holes, at vertices, on edges and on vertex latitudes', () => {
    const random = mulberry32(13);
    let inside = 0;
    let checked = 0;
    for (let t = 0; t < 300; t++) {
      const g = randomGeometry(random);
      const test = bandedPointInPolygon(g);
      for (const p of probes(random, g)) {
        const expected = booleanPointInPolygon(p, g);
        if (test(p[0], p[1]) !== expected) throw new Error(`geometry #${t}, point [${p}]: Turf ${expected}`);
        if (expected) inside++;
        checked++;
      }
    }
    // the probes reach both answers in numbers (the test cannot pass by always saying one thing)
    expect(inside).toBeGreaterThan(checked / 5);
    expect(checked - inside).toBeGreaterThan(checked / 5);
  });

  it('counts a point on the boundary, on a hole’s edge and on a vertex as inside', () => {
    const holed: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
        [
          [1, 1],
          [1, 3],
          [3, 3],
          [3, 1],
          [1, 1],
        ],
      ],
    };
    const test = bandedPointInPolygon(holed);
    expect([test(2, 0), test(4, 4), test(1, 2), test(0.5, 2), test(2, 2), test(5, 2), test(2, -1e-12)]).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('handles a degenerate ring of one height and an empty MultiPolygon', () => {
    const flat: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 1],
          [2, 1],
          [0, 1],
        ],
      ],
    };
    expect([bandedPointInPolygon(flat)(1, 1), bandedPointInPolygon(flat)(1, 1.5)]).toEqual([true, false]);
    expect(bandedPointInPolygon({ type: 'MultiPolygon', coordinates: [] })(0, 0)).toBe(false);
  });

  it('does not modify the geometry', () => {
    const g = randomGeometry(mulberry32(2));
    const before = JSON.stringify(g);
    bandedPointInPolygon(g)(3, 50);
    expect(JSON.stringify(g)).toBe(before);
  });
});
