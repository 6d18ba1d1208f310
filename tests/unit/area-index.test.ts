import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Position } from 'geojson';
import { flatPolygonsOf } from '../../src/core/geo/flat-polygons.ts';
import { createAreaIndex, createFlatAreaIndex, geometryBBox, type AreaFeature } from '../../src/core/index/area-index.ts';
import { mulberry32, uniform } from './helpers/seeded-random.ts';

/** Extent of the generated grid, roughly the Nord département. */
const MIN_LNG = 2.0,
  MIN_LAT = 50.0,
  COLS = 14,
  ROWS = 9,
  CELL = 0.15;

function ring(points: Position[]): Position[] {
  return [...points, points[0]];
}

/** A quad inside the cell (col,row) whose corners are jittered towards the cell centre: quads never overlap. */
function jitteredQuad(random: () => number, col: number, row: number, margin: number): Position[] {
  const x0 = MIN_LNG + col * CELL,
    y0 = MIN_LAT + row * CELL,
    x1 = x0 + CELL,
    y1 = y0 + CELL;
  const j = () => uniform(random, 0, CELL * margin);
  return ring([
    [x0 + j(), y0 + j()],
    [x1 - j(), y0 + j()],
    [x1 - j(), y1 - j()],
    [x0 + j(), y1 - j()],
  ]);
}

/** A hole well inside the cell: each corner is 30%–40% of the cell size in from its sides, so it never touches the quad. */
function hole(random: () => number, col: number, row: number): Position[] {
  const x0 = MIN_LNG + col * CELL,
    y0 = MIN_LAT + row * CELL;
  const at = (f: number) => f * CELL;
  const j = () => uniform(random, 0.3, 0.4);
  // counter-clockwise outer rings, clockwise holes (the GeoJSON right-hand rule)
  return ring([
    [x0 + at(j()), y0 + at(j())],
    [x0 + at(j()), y0 + CELL - at(j())],
    [x0 + CELL - at(j()), y0 + CELL - at(j())],
    [x0 + CELL - at(j()), y0 + at(j())],
  ]);
}

/**
 * Seeded random areas: a grid of jittered quads (every 5th with a hole), some
 * cells paired into multipolygons, plus two large areas overlapping the grid so
 * that a point can lie in several areas.
 */
function randomAreas(seed: number): AreaFeature<{ id: string }>[] {
  const random = mulberry32(seed);
  const areas: AreaFeature<{ id: string }>[] = [];
  const used = new Set<string>();
  for (let row = 0; row < ROWS; row++) {
    for (let col = 0; col < COLS; col++) {
      const key = `${col},${row}`;
      if (used.has(key)) continue;
      used.add(key);
      const rings = [jitteredQuad(random, col, row, 0.3)];
      if ((row * COLS + col) % 5 === 0) rings.push(hole(random, col, row));
      // every 7th cell takes a cell two columns to its right as a second part (a multipolygon)
      if ((row * COLS + col) % 7 === 3 && col + 2 < COLS && !used.has(`${col + 2},${row}`)) {
        used.add(`${col + 2},${row}`);
        areas.push({
          type: 'Feature',
          properties: { id: `m${col}-${row}` },
          geometry: { type: 'MultiPolygon', coordinates: [rings, [jitteredQuad(random, col + 2, row, 0.3), hole(random, col + 2, row)]] },
        });
        continue;
      }
      areas.push({ type: 'Feature', properties: { id: `p${col}-${row}` }, geometry: { type: 'Polygon', coordinates: rings } });
    }
  }
  // two large overlapping areas (one a triangle), so some points are in two or three areas
  areas.push({
    type: 'Feature',
    properties: { id: 'big-1' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [2.3, 50.2],
          [3.4, 50.2],
          [3.4, 50.9],
          [2.3, 50.9],
        ]),
      ],
    },
  });
  areas.push({
    type: 'Feature',
    properties: { id: 'big-2' },
    geometry: {
      type: 'Polygon',
      coordinates: [
        ring([
          [3.0, 50.1],
          [4.1, 50.5],
          [3.2, 51.3],
        ]),
      ],
    },
  });
  return areas;
}

/** Random points over and around the grid, plus every vertex of the first areas (boundary cases). */
function randomPoints(seed: number, n: number, areas: AreaFeature<unknown>[]): [number, number][] {
  const random = mulberry32(seed);
  const points: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    points.push([uniform(random, MIN_LNG - 0.2, MIN_LNG + COLS * CELL + 0.2), uniform(random, MIN_LAT - 0.2, MIN_LAT + ROWS * CELL + 0.2)]);
  }
  for (const a of areas.slice(0, 10)) {
    const g = a.geometry;
    const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
    for (const r of rings) for (const [lng, lat] of r) points.push([lng, lat]);
  }
  return points;
}

function bruteForce(areas: AreaFeature<unknown>[], point: [number, number]): number[] {
  const out: number[] = [];
  areas.forEach((a, i) => {
    if (booleanPointInPolygon(point, a as AreaFeature)) out.push(i);
  });
  return out;
}

describe('createAreaIndex', () => {
  const areas = randomAreas(42);
  const points = randomPoints(7, 2000, areas);

  it('builds the test data it claims: polygons, multipolygons and holes', () => {
    expect(areas.some((a) => a.geometry.type === 'MultiPolygon')).toBe(true);
    expect(areas.some((a) => a.geometry.type === 'Polygon' && a.geometry.coordinates.length === 2)).toBe(true);
    expect(points.length).toBeGreaterThan(2000);
  });

  it('finds the same areas as a brute-force point-in-polygon over every area, for 2,000 seeded random points', () => {
    const index = createAreaIndex(areas);
    expect(index.size).toBe(areas.length);
    let inSome = 0,
      inSeveral = 0,
      inHoleCell = 0;
    for (const p of points) {
      const expected = bruteForce(areas, p);
      expect(index.findAreas(p), `point ${p.join(',')}`).toEqual(expected);
      expect(index.findArea(p)).toBe(expected.length ? expected[0] : -1);
      const hits = new Int32Array(1);
      expect(index.firstAreaAt(p[0], p[1], hits)).toBe(expected.length ? expected[0] : -1);
      expect(hits[0]).toBe(expected.length);
      if (expected.length) inSome++;
      if (expected.length > 1) inSeveral++;
    }
    // a point inside a hole is in no grid area: check the oracle sees holes at all
    for (const a of areas) {
      const g = a.geometry;
      if (g.type !== 'Polygon' || g.coordinates.length < 2) continue;
      const h = g.coordinates[1];
      const centre: [number, number] = [(h[0][0] + h[2][0]) / 2, (h[0][1] + h[2][1]) / 2];
      expect(index.findAreas(centre)).toEqual(bruteForce(areas, centre));
      expect(index.findAreas(centre)).not.toContain(areas.indexOf(a));
      inHoleCell++;
    }
    // the data really exercises hits, misses, overlaps and holes
    expect(inSome).toBeGreaterThan(500);
    expect(points.length - inSome).toBeGreaterThan(100);
    expect(inSeveral).toBeGreaterThan(50);
    expect(inHoleCell).toBeGreaterThan(5);
  });

  it('finds the same areas from the flat form of the polygons (createFlatAreaIndex), for the same 2,000 points', () => {
    const flat = createFlatAreaIndex(areas.map((a) => flatPolygonsOf(a.geometry)));
    expect(flat.size).toBe(areas.length);
    const hits = new Int32Array(1);
    for (const p of points) {
      const expected = bruteForce(areas, p);
      expect(flat.findAreas(p), `point ${p.join(',')}`).toEqual(expected);
      expect(flat.firstAreaAt(p[0], p[1], hits)).toBe(expected.length ? expected[0] : -1);
      expect(hits[0]).toBe(expected.length);
    }
    expect(flat.searchBBox([2.3, 50.2, 2.5, 50.4])).toEqual(createAreaIndex(areas).searchBBox([2.3, 50.2, 2.5, 50.4]));
    expect(createFlatAreaIndex([]).findAreas([2.3, 50.2])).toEqual([]);
  });

  it('counts a point on an area boundary as inside, like booleanPointInPolygon', () => {
    const index = createAreaIndex(areas);
    const outer = (areas[0].geometry as { coordinates: Position[][] }).coordinates[0];
    const vertex = outer[1] as [number, number];
    const midEdge: [number, number] = [(outer[0][0] + outer[1][0]) / 2, (outer[0][1] + outer[1][1]) / 2];
    expect(index.findAreas(vertex)).toContain(0);
    expect(index.findAreas(midEdge)).toEqual(bruteForce(areas, midEdge));
  });

  it('finds nothing in an empty index', () => {
    const index = createAreaIndex([]);
    expect(index.size).toBe(0);
    expect(index.findAreas([3, 50.5])).toEqual([]);
    expect(index.findArea([3, 50.5])).toBe(-1);
    const hits = Int32Array.of(7);
    expect(index.firstAreaAt(3, 50.5, hits)).toBe(-1);
    expect(hits[0]).toBe(0);
  });

  it('does not modify the input features', () => {
    const input = randomAreas(3);
    const before = structuredClone(input);
    const index = createAreaIndex(input);
    for (const p of randomPoints(4, 200, input)) index.findAreas(p);
    expect(input).toStrictEqual(before);
  });
});

describe('geometryBBox', () => {
  it('gives [minLng, minLat, maxLng, maxLat] of a multipolygon over all its parts', () => {
    expect(
      geometryBBox({
        type: 'MultiPolygon',
        coordinates: [
          [
            ring([
              [2, 50],
              [2.5, 50],
              [2.5, 50.5],
            ]),
          ],
          [
            ring([
              [3, 49.5],
              [3.5, 49.5],
              [3.5, 51],
            ]),
          ],
        ],
      }),
    ).toEqual([2, 49.5, 3.5, 51]);
  });
});
