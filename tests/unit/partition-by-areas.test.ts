/**
 * Cutting a commune split between cantons: the pieces partition it exactly (the parts in no kept
 * canton, slivers and overhangs, go to the nearest piece), and after shareBorderVertices the
 * pieces and the communes around them share every border vertex, so they join without a crack.
 * Fictional squares in degrees near 50° N, written by hand; areas are geodesic.
 */
import { area } from '@turf/area';
import { intersect } from '@turf/intersect';
import { union } from '@turf/union';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { partitionByAreas } from '../../src/core/geo/partition-by-areas.ts';
import { shareBorderVertices } from '../../src/core/geo/share-border-vertices.ts';
import { createAreaIndex } from '../../src/core/index/area-index.ts';
import { mulberry32 } from './helpers/seeded-random.ts';
import { boxPolygon } from './helpers/box-polygon.ts';

const box = boxPolygon;
const f = (geometry: Polygon | MultiPolygon): Feature<Polygon | MultiPolygon> => ({ type: 'Feature', properties: {}, geometry });
const m2 = (g: Polygon | MultiPolygon) => area(f(g));
const overlap = (a: Polygon | MultiPolygon, b: Polygon | MultiPolygon) => {
  const x = intersect({ type: 'FeatureCollection', features: [f(a), f(b)] });
  return x ? area(x) : 0;
};
const ringsOf = (g: Polygon | MultiPolygon) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

// the commune: [3.0, 50.0]–[3.1, 50.1]; canton A covers its west part and overhangs it to the north,
// canton B its east part but leaves a strip along the south, canton C only a sliver on the east edge
const commune = box(3.0, 50.0, 3.1, 50.1);
const cantons = [box(2.95, 50.0, 3.043, 50.12), box(3.043, 50.004, 3.0998, 50.1), box(3.0998, 50.0, 3.2, 50.1)].map((geometry, i) => ({
  type: 'Feature' as const,
  properties: { code: `C${i}` },
  geometry,
}));

describe('partitionByAreas', () => {
  const pieces = partitionByAreas(commune, cantons, createAreaIndex(cantons), 0.005);

  it('keeps the cantons holding at least the minimum share, and gives the sliver canton none', () => {
    expect(pieces.map((p) => p.index).sort()).toEqual([0, 1]);
  });

  it('partitions the commune: the pieces add up to it and do not overlap', () => {
    const total = pieces.reduce((s, p) => s + m2(p.geometry), 0);
    expect(Math.abs(total - m2(commune)) / m2(commune)).toBeLessThan(1e-9);
    expect(overlap(pieces[0].geometry, pieces[1].geometry)).toBeLessThan(1e-3);
    for (const p of pieces) expect(Math.abs(overlap(p.geometry, commune) - m2(p.geometry))).toBeLessThan(1e-3);
    expect(pieces.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 9);
  });

  it('gives the south strip (in no canton) and the sliver to the nearest piece, the east one', () => {
    const east = pieces.find((p) => p.index === 1)!;
    expect(m2(east.geometry)).toBeCloseTo(m2(box(3.043, 50.0, 3.1, 50.1)), -2);
  });

  it('returns the commune whole for one canton, nothing for none, and leaves its inputs alone', () => {
    const before = JSON.stringify([commune, cantons]);
    const one = [cantons[0]].map((c) => ({ ...c, geometry: box(2.9, 49.9, 3.2, 50.2) }));
    expect(partitionByAreas(commune, one, createAreaIndex(one), 0.005)).toEqual([
      { index: 0, geometry: { type: 'MultiPolygon', coordinates: [commune.coordinates] }, share: 1 },
    ]);
    const far = [{ ...cantons[0], geometry: box(5, 45, 5.1, 45.1) }];
    expect(partitionByAreas(commune, far, createAreaIndex(far), 0.005)).toEqual([]);
    expect(JSON.stringify([commune, cantons])).toBe(before);
  });

  it('returns nothing when the areas cover less than minCovered of the commune (a commune outside the cantons, touched by one)', () => {
    // a canton over the commune's west 30 %: cut whole into it without the bound, left alone with it
    const edge = [{ ...cantons[0], geometry: box(2.9, 49.9, 3.03, 50.2) }];
    const index = createAreaIndex(edge);
    expect(partitionByAreas(commune, edge, index, 0.005)).toHaveLength(1);
    expect(partitionByAreas(commune, edge, index, 0.005, 0.5)).toEqual([]);
    // the three cantons cover it all: the bound changes nothing
    expect(partitionByAreas(commune, cantons, createAreaIndex(cantons), 0.005, 0.5)).toEqual(pieces);
  });
});

describe('shareBorderVertices', () => {
  it('puts the cut points into the neighbours, so that pieces and neighbours join without a crack', () => {
    const pieces = partitionByAreas(commune, cantons, createAreaIndex(cantons), 0.005);
    // neighbours share the commune's west and north edges, vertex for vertex
    const west = box(2.9, 50.0, 3.0, 50.1);
    const north = box(3.0, 50.1, 3.1, 50.2);
    const shared = shareBorderVertices(
      commune,
      pieces.map((p) => p.geometry),
      [west, north],
    );
    // the cut at x = 3.043 meets the north edge: the north neighbour gets that vertex
    const northRing = ringsOf(shared.neighbours[1])[0][0];
    expect(northRing.some((p: Position) => p[0] === 3.043 && p[1] === 50.1)).toBe(true);
    // everything dissolves into one polygon without a hole: no sliver, no gap
    const all = union({ type: 'FeatureCollection', features: [...shared.pieces, ...shared.neighbours].map(f) })!;
    expect(ringsOf(all.geometry)).toHaveLength(1);
    expect(ringsOf(all.geometry)[0]).toHaveLength(1);
    expect(Math.abs(area(all) - m2(commune) - m2(west) - m2(north)) / area(all)).toBeLessThan(1e-9);
  });

  it('on seeded random cuts, the pieces always partition the commune', () => {
    const random = mulberry32(15);
    for (let run = 0; run < 20; run++) {
      const xs = [3.0 + 0.02 + random() * 0.03, 3.05 + random() * 0.03].sort();
      const wobble = () => (random() - 0.5) * 0.01;
      const areas = [
        box(2.9, 49.95 + wobble(), xs[0], 50.15),
        box(xs[0], 49.99 + wobble(), xs[1], 50.1 + wobble()),
        box(xs[1], 49.98, 3.1 + wobble(), 50.11),
      ].map((geometry) => ({ type: 'Feature' as const, properties: {}, geometry }));
      const cut = partitionByAreas(commune, areas, createAreaIndex(areas), 0.005);
      const total = cut.reduce((s, p) => s + m2(p.geometry), 0);
      expect(Math.abs(total - m2(commune)) / m2(commune)).toBeLessThan(1e-6);
      for (let i = 0; i < cut.length; i++)
        for (let j = i + 1; j < cut.length; j++) expect(overlap(cut[i].geometry, cut[j].geometry)).toBeLessThan(1);
    }
  });
});
