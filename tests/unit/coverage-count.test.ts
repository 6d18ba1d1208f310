/**
 * Oracle tests of the coverage engine's geometry helpers on seeded random data:
 * countPointsInAreas against a brute-force Turf booleanPointInPolygon loop over
 * every area (shared edges, shared vertices, holes filled by islands, multipolygons,
 * overlaps), apportionByArea against hand-computed areas of lng/lat rectangles,
 * and splitInteger as a property (parts always add up to the whole).
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { apportionByArea, SLIVER_SHARE, splitInteger } from '../../src/core/coverage/apportion.ts';
import { countPointsInAreas } from '../../src/core/coverage/count-points-in-areas.ts';
import { createAreaIndex, type AreaFeature } from '../../src/core/index/area-index.ts';
import { mulberry32 } from './helpers/seeded-random.ts';

type Pt = [number, number];
type Area = AreaFeature<{ id: string }>;

// --- seeded random tiling ------------------------------------------------------------------

/**
 * Coordinates are multiples of 1/64 around lng 2, lat 50: exact in binary, so a
 * midpoint of two of them is exactly on the segment and "on the border" is exact.
 */
const Q = 1 / 64;
const quant = (x: number) => Math.round(x / Q) * Q;
const N = 8;

function ringOf(points: Pt[]): Pt[] {
  return [...points, points[0]];
}

/**
 * An N × N grid whose inner vertices are jittered (shared by the neighbouring cells,
 * so neighbours share their edges exactly); some cells are paired into multipolygons,
 * some have a hole filled by an island area, and two random star polygons overlap the grid.
 */
function randomTiling(seed: number): { areas: Area[]; vertices: Pt[]; edgeMidpoints: Pt[] } {
  const random = mulberry32(seed);
  const vertex: Pt[][] = [];
  for (let i = 0; i <= N; i++) {
    vertex.push([]);
    for (let j = 0; j <= N; j++) {
      const inner = i > 0 && i < N && j > 0 && j < N;
      const dx = inner ? quant((random() - 0.5) * 0.5) : 0;
      const dy = inner ? quant((random() - 0.5) * 0.5) : 0;
      vertex[i].push([2 + i + dx, 50 + j + dy]);
    }
  }
  const cellRing = (i: number, j: number) => ringOf([vertex[i][j], vertex[i + 1][j], vertex[i + 1][j + 1], vertex[i][j + 1]]);
  const areas: Area[] = [];
  const islands: Area[] = [];
  const used = new Set<string>();
  for (let j = 0; j < N; j++) {
    for (let i = 0; i < N; i++) {
      if (used.has(`${i},${j}`)) continue;
      used.add(`${i},${j}`);
      const k = j * N + i;
      if (k % 9 === 4) {
        // a cell with a square hole around its centre, the hole filled by an island area
        const [cx, cy] = [quant((vertex[i][j][0] + vertex[i + 1][j + 1][0]) / 2), quant((vertex[i][j][1] + vertex[i + 1][j + 1][1]) / 2)];
        const h = 8 * Q;
        const hole: Pt[] = ringOf([
          [cx - h, cy - h],
          [cx - h, cy + h],
          [cx + h, cy + h],
          [cx + h, cy - h],
        ]); // clockwise
        areas.push({
          type: 'Feature',
          properties: { id: `holed-${i}-${j}` },
          geometry: { type: 'Polygon', coordinates: [cellRing(i, j), hole] },
        });
        islands.push({
          type: 'Feature',
          properties: { id: `island-${i}-${j}` },
          geometry: { type: 'Polygon', coordinates: [[...hole].reverse()] },
        });
        continue;
      }
      if (k % 7 === 2 && i + 2 < N && !used.has(`${i + 2},${j}`)) {
        used.add(`${i + 2},${j}`);
        const g: MultiPolygon = { type: 'MultiPolygon', coordinates: [[cellRing(i, j)], [cellRing(i + 2, j)]] };
        areas.push({ type: 'Feature', properties: { id: `multi-${i}-${j}` }, geometry: g });
        continue;
      }
      areas.push({ type: 'Feature', properties: { id: `cell-${i}-${j}` }, geometry: { type: 'Polygon', coordinates: [cellRing(i, j)] } });
    }
  }
  // islands after the grid, interleaved with two overlapping star polygons
  areas.push(islands[0]);
  for (const [cx, cy] of [
    [4.5, 52.5],
    [7.25, 55.75],
  ] as Pt[]) {
    const star: Pt[] = [];
    for (let a = 0; a < 12; a++) {
      const r = quant(0.6 + random() * 1.4);
      const t = (a / 12) * 2 * Math.PI;
      star.push([quant(cx + r * Math.cos(t)), quant(cy + r * Math.sin(t))]);
    }
    areas.push({ type: 'Feature', properties: { id: `star-${cx}` }, geometry: { type: 'Polygon', coordinates: [ringOf(star)] } });
  }
  areas.push(...islands.slice(1));

  const vertices = vertex.flat();
  const edgeMidpoints: Pt[] = [];
  for (let i = 0; i <= N; i++) {
    for (let j = 0; j <= N; j++) {
      if (i < N) edgeMidpoints.push([(vertex[i][j][0] + vertex[i + 1][j][0]) / 2, (vertex[i][j][1] + vertex[i + 1][j][1]) / 2]);
      if (j < N) edgeMidpoints.push([(vertex[i][j][0] + vertex[i][j + 1][0]) / 2, (vertex[i][j][1] + vertex[i][j + 1][1]) / 2]);
    }
  }
  return { areas, vertices, edgeMidpoints };
}

/** Random points over and around the tiling, plus every grid vertex, edge midpoint and hole corner. */
function randomPoints(seed: number, n: number, tiling: ReturnType<typeof randomTiling>): Pt[] {
  const random = mulberry32(seed);
  const points: Pt[] = [];
  for (let k = 0; k < n; k++) points.push([1.5 + random() * (N + 1), 49.5 + random() * (N + 1)]);
  points.push(...tiling.vertices, ...tiling.edgeMidpoints);
  for (const a of tiling.areas) {
    if (a.geometry.type === 'Polygon' && a.geometry.coordinates.length > 1) {
      const hole = a.geometry.coordinates[1];
      points.push(...(hole.slice(0, -1) as Pt[]));
      points.push([(hole[0][0] + hole[1][0]) / 2, (hole[0][1] + hole[1][1]) / 2]);
    }
  }
  return points;
}

/** The oracle: every area containing the point (boundary included), by a loop over all areas. */
function containing(areas: readonly Area[], p: Pt): number[] {
  const out: number[] = [];
  areas.forEach((a, i) => {
    if (booleanPointInPolygon(p, a)) out.push(i);
  });
  return out;
}

function bruteForceCount(areas: readonly Area[], points: readonly Pt[]) {
  const counts = new Array(areas.length).fill(0);
  const areaOfPoint: number[] = [];
  const ambiguous: number[] = [];
  points.forEach((p, k) => {
    const found = containing(areas, p);
    areaOfPoint.push(found.length ? found[0] : -1);
    if (found.length) counts[found[0]]++;
    if (found.length > 1) ambiguous.push(k);
  });
  return { counts, areaOfPoint, ambiguous };
}

describe('countPointsInAreas', () => {
  it.each([1, 2, 3])('equals a brute-force booleanPointInPolygon loop over every area (seed %i)', (seed) => {
    const tiling = randomTiling(seed);
    const points = randomPoints(seed * 101, 3000, tiling);
    const result = countPointsInAreas(tiling.areas, points);
    const oracle = bruteForceCount(tiling.areas, points);
    expect([...result.counts]).toEqual(oracle.counts);
    expect([...result.areaOfPoint]).toEqual(oracle.areaOfPoint);
    expect(result.ambiguous).toEqual(oracle.ambiguous);
    // the data exercise what they claim: multipolygons, holes, points on shared borders, overlaps, misses
    expect(tiling.areas.some((a) => a.geometry.type === 'MultiPolygon')).toBe(true);
    expect(tiling.areas.some((a) => a.geometry.type === 'Polygon' && a.geometry.coordinates.length === 2)).toBe(true);
    expect(oracle.ambiguous.length).toBeGreaterThan(200);
    expect(oracle.areaOfPoint.filter((x) => x === -1).length).toBeGreaterThan(100);
  });

  it('counts a point on a shared edge or vertex once, in the first area by input order', () => {
    const tiling = randomTiling(5);
    const inner = tiling.edgeMidpoints.filter((p) => containing(tiling.areas, p).length >= 2);
    expect(inner.length).toBeGreaterThan(50);
    const result = countPointsInAreas(tiling.areas, inner);
    // every point counted exactly once
    expect(result.counts.reduce((s, x) => s + x, 0)).toBe(inner.length);
    inner.forEach((p, k) => {
      expect(result.areaOfPoint[k]).toBe(containing(tiling.areas, p)[0]);
    });
    // reversed input order: the same points go to the other side
    const reversed = [...tiling.areas].reverse();
    const back = countPointsInAreas(reversed, inner);
    inner.forEach((p, k) => {
      const found = containing(reversed, p);
      expect(back.areaOfPoint[k]).toBe(found[0]);
      expect(tiling.areas.length - 1 - back.areaOfPoint[k]).toBe(containing(tiling.areas, p).at(-1));
    });
  });

  it('counts a point on the edge of a hole in both the holed area and its island: once, in the first', () => {
    const hole: Position[] = [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 1],
      [1, 1],
    ];
    const holed: Area = {
      type: 'Feature',
      properties: { id: 'holed' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [3, 0],
            [3, 3],
            [0, 3],
            [0, 0],
          ],
          hole,
        ],
      },
    };
    const island: Area = {
      type: 'Feature',
      properties: { id: 'island' },
      geometry: { type: 'Polygon', coordinates: [[...hole].reverse()] },
    };
    const points: Pt[] = [
      [1.5, 1.5],
      [1, 1.5],
      [2, 2],
      [0.5, 0.5],
      [5, 5],
    ];
    expect([...countPointsInAreas([holed, island], points).areaOfPoint]).toEqual([1, 0, 0, 0, -1]);
    expect([...countPointsInAreas([island, holed], points).areaOfPoint]).toEqual([0, 0, 0, 1, -1]);
    expect(countPointsInAreas([holed, island], points).ambiguous).toEqual([1, 2]);
  });

  it('counts nothing with no areas and no points', () => {
    expect([...countPointsInAreas([], [[2, 50]]).areaOfPoint]).toEqual([-1]);
    expect([...countPointsInAreas(randomTiling(1).areas, []).counts].every((x) => x === 0)).toBe(true);
  });

  it('does not modify its inputs', () => {
    const tiling = randomTiling(9);
    const points = randomPoints(9, 300, tiling);
    const before = structuredClone({ areas: tiling.areas, points });
    countPointsInAreas(tiling.areas, points);
    expect({ areas: tiling.areas, points }).toEqual(before);
  });
});

// --- apportionByArea --------------------------------------------------------------------------

function rect(minLng: number, minLat: number, maxLng: number, maxLat: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLng, minLat],
        [maxLng, minLat],
        [maxLng, maxLat],
        [minLng, maxLat],
        [minLng, minLat],
      ],
    ],
  };
}
const square = (id: string, g: Polygon): Area => ({ type: 'Feature', properties: { id }, geometry: g });
const RAD = Math.PI / 180;
/** Area of a lng/lat rectangle on a sphere, up to the constant R²: Δλ (sin φ2 − sin φ1). */
const rectArea = (minLng: number, minLat: number, maxLng: number, maxLat: number) =>
  (maxLng - minLng) * RAD * (Math.sin(maxLat * RAD) - Math.sin(minLat * RAD));

describe('apportionByArea', () => {
  // four 1° cantons around (3°, 50°)
  const cantons = [
    square('sw', rect(2, 49, 3, 50)),
    square('se', rect(3, 49, 4, 50)),
    square('nw', rect(2, 50, 3, 51)),
    square('ne', rect(3, 50, 4, 51)),
  ];
  const index = createAreaIndex(cantons);
  const shares = (g: Polygon | MultiPolygon) =>
    Object.fromEntries(apportionByArea(g, cantons, index).map((s) => [cantons[s.index].properties.id, s.share]));

  it('splits a square over four cantons by geodesic area, shares summing to 1', () => {
    const s = shares(rect(2.5, 49.5, 3.5, 50.5));
    const whole = rectArea(2.5, 49.5, 3.5, 50.5);
    expect(s.sw).toBeCloseTo(rectArea(2.5, 49.5, 3, 50) / whole, 9);
    expect(s.se).toBeCloseTo(rectArea(3, 49.5, 3.5, 50) / whole, 9);
    expect(s.nw).toBeCloseTo(rectArea(2.5, 50, 3, 50.5) / whole, 9);
    expect(s.ne).toBeCloseTo(rectArea(3, 50, 3.5, 50.5) / whole, 9);
    // the southern parts are larger on the sphere
    expect(s.sw).toBeGreaterThan(s.nw);
    expect(Object.values(s).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('gives 25 % / 75 % for a rectangle a quarter of whose width lies in one canton', () => {
    const s = shares(rect(2.9, 49.2, 3.3, 49.6));
    expect(Object.keys(s).sort()).toEqual(['se', 'sw']);
    expect(s.sw).toBeCloseTo(0.25, 9);
    expect(s.se).toBeCloseTo(0.75, 9);
  });

  it('splits a multipolygon commune part by part', () => {
    const g: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [rect(2.2, 49.2, 2.4, 49.4).coordinates, rect(3.2, 50.2, 3.8, 50.4).coordinates],
    };
    const s = shares(g);
    const a = rectArea(2.2, 49.2, 2.4, 49.4),
      b = rectArea(3.2, 50.2, 3.8, 50.4);
    expect(s.sw).toBeCloseTo(a / (a + b), 9);
    expect(s.ne).toBeCloseTo(b / (a + b), 9);
    expect(s.se).toBeUndefined();
  });

  it(`drops slivers under ${SLIVER_SHARE * 100} % and renormalises the rest to 1`, () => {
    // 0.002° of 1.002° in the western canton: a 0.2 % sliver of a simplified border
    const s = shares(rect(2.998, 49.2, 4, 49.8));
    expect(s).toEqual({ se: 1 });
    // 1 % is kept
    const kept = shares(rect(2.99, 49.2, 3.99, 49.8));
    expect(kept.sw).toBeCloseTo(0.01, 9);
  });

  it('ignores a canton touched only along an edge, and gives nothing outside every canton', () => {
    expect(shares(rect(3, 49, 4, 50))).toEqual({ se: 1 });
    expect(apportionByArea(rect(10, 10, 11, 11), cantons, index)).toEqual([]);
  });

  it('does not modify its inputs', () => {
    const g = rect(2.5, 49.5, 3.5, 50.5);
    const before = structuredClone({ g, cantons });
    apportionByArea(g, cantons, index);
    expect({ g, cantons }).toEqual(before);
  });
});

// --- splitInteger -------------------------------------------------------------------------------

describe('splitInteger', () => {
  it('splits by largest remainder: 1001 by 25 % / 75 % is 250 + 751', () => {
    expect(splitInteger(1001, [0.25, 0.75])).toEqual([250, 751]);
    expect(splitInteger(10, [1, 1, 1])).toEqual([4, 3, 3]); // ties go to the earlier share
    expect(splitInteger(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(splitInteger(3, [2500, 5700, 2600])).toEqual([1, 1, 1]); // 0.69, 1.58, 0.72: the middle one gets no extra
  });

  it('gives everything to the first share when all shares are zero, and nothing for no shares', () => {
    expect(splitInteger(7, [0, 0, 0])).toEqual([7, 0, 0]);
    expect(splitInteger(7, [])).toEqual([]);
    expect(splitInteger(0, [1, 2])).toEqual([0, 0]);
  });

  it('always adds up to the whole, each part the floor or ceiling of its exact share, extras to the largest remainders (seeded property test)', () => {
    const random = mulberry32(2024);
    for (let trial = 0; trial < 2000; trial++) {
      const whole = Math.floor(random() * (trial % 3 === 0 ? 10 : 3_000_000));
      const n = 1 + Math.floor(random() * 9);
      const shares = Array.from({ length: n }, () => (random() < 0.2 ? 0 : random() < 0.5 ? Math.floor(random() * 100_000) : random()));
      const parts = splitInteger(whole, shares);
      const sum = shares.reduce((a, b) => a + b, 0);
      expect(parts).toHaveLength(n);
      expect(
        parts.reduce((a, b) => a + b, 0),
        `whole ${whole}, shares ${shares}`,
      ).toBe(whole);
      if (sum === 0) continue;
      const exact = shares.map((s) => (whole * s) / sum);
      parts.forEach((p, i) => {
        expect(Number.isInteger(p)).toBe(true);
        expect(p - Math.floor(exact[i])).toBeGreaterThanOrEqual(0);
        expect(p - Math.floor(exact[i])).toBeLessThanOrEqual(1);
        if (shares[i] === 0) expect(p).toBe(0);
      });
      const rem = exact.map((x) => x - Math.floor(x));
      const extra = parts.map((p, i) => p - Math.floor(exact[i]) === 1);
      const minWith = Math.min(...rem.filter((_, i) => extra[i]));
      const maxWithout = Math.max(...rem.filter((_, i) => !extra[i]));
      if (extra.some(Boolean) && extra.some((x) => !x)) expect(minWith).toBeGreaterThanOrEqual(maxWithout);
    }
  });

  it('does not modify the shares', () => {
    const shares = Object.freeze([3, 1, 2]);
    expect(splitInteger(6, shares)).toEqual([3, 1, 2]);
  });
});
