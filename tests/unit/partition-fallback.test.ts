/**
 * When the exact partition of a split commune fails (the polygon clipping cannot close a ring, as on
 * the simplified polygons of Nevers and Perpignan), partitionByAreas falls back to the plain
 * intersections with the cantons, shares scaled to add up to 1, each piece saying why. The failure
 * is forced here by making `difference` throw; fictional squares near 50° N.
 */
import { area } from '@turf/area';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it, vi } from 'vitest';
import { partitionByAreas } from '../../src/core/geo/partition-by-areas.ts';
import { createAreaIndex } from '../../src/core/index/area-index.ts';
import { boxPolygon } from './helpers/box-polygon.ts';

vi.mock('@turf/difference', () => ({
  difference: () => {
    throw new Error('Unable to complete output ring starting at [3.05, 50.05] (forced)');
  },
}));

const box = boxPolygon;
const m2 = (g: Polygon | Feature['geometry']) => area({ type: 'Feature', properties: {}, geometry: g });

// canton A: the west 60 % of the commune and beyond; canton B: the east 40 % but not its south strip
const commune = box(3.0, 50.0, 3.1, 50.1);
const cantons = [box(2.9, 50.0, 3.06, 50.1), box(3.06, 50.01, 3.2, 50.1)].map((geometry, i) => ({
  type: 'Feature' as const,
  properties: { code: `C${i}` },
  geometry,
}));

describe('partitionByAreas when the exact partition fails', () => {
  const before = structuredClone({ commune, cantons });
  const pieces = partitionByAreas(commune, cantons, createAreaIndex(cantons), 0.005);

  it('keeps one piece per canton, each the intersection of the commune with it', () => {
    expect(pieces.map((p) => p.index)).toEqual([0, 1]);
    expect(m2(pieces[0].geometry) / m2(box(3.0, 50.0, 3.06, 50.1))).toBeCloseTo(1, 6);
    expect(m2(pieces[1].geometry) / m2(box(3.06, 50.01, 3.1, 50.1))).toBeCloseTo(1, 6);
  });

  it('scales the shares to add up to 1 (the strip no canton covers is shared out)', () => {
    expect(pieces.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 9);
    const a = m2(pieces[0].geometry);
    const b = m2(pieces[1].geometry);
    expect(pieces[0].share).toBeCloseTo(a / (a + b), 9);
  });

  it('says on every piece that it is approximate, and why', () => {
    for (const p of pieces) expect(p.approximate).toMatch(/Unable to complete output ring.*forced/);
  });

  it('does not modify its inputs', () => {
    expect({ commune, cantons }).toEqual(before);
  });
});
