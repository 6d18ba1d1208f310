import { describe, expect, it } from 'vitest';
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { dissolvePolygons } from '../../src/core/geo/dissolve-polygons.ts';

type Area = Feature<Polygon | MultiPolygon, { code: string; group: string | null }>;

/** A square cell of a 0.1° grid anchored at 3.0°E 50.0°N, counter-clockwise; neighbours share exact coordinates. */
function cell(col: number, row: number): Position[] {
  const x = (i: number) => [3.0, 3.1, 3.2, 3.3][i];
  const y = (i: number) => [50.0, 50.1, 50.2, 50.3][i];
  return [
    [x(col), y(row)],
    [x(col + 1), y(row)],
    [x(col + 1), y(row + 1)],
    [x(col), y(row + 1)],
    [x(col), y(row)],
  ];
}

function square(code: string, group: string | null, col: number, row: number, holes: Position[][] = []): Area {
  return { type: 'Feature', properties: { code, group }, geometry: { type: 'Polygon', coordinates: [cell(col, row), ...holes] } };
}

const areaOf = (g: Polygon | MultiPolygon) => area({ type: 'Feature', properties: {}, geometry: g });
const byGroup = (f: Area) => f.properties.group;

describe('dissolvePolygons', () => {
  it('dissolves two squares sharing an edge into one polygon with their total area', () => {
    const a = square('59901', 'g', 0, 0);
    const b = square('59902', 'g', 1, 0);
    const out = dissolvePolygons([a, b], byGroup);
    const merged = out.get('g')!;
    expect(merged.type).toBe('MultiPolygon');
    expect(merged.coordinates).toHaveLength(1); // one polygon
    expect(merged.coordinates[0]).toHaveLength(1); // one ring, no hole
    expect(areaOf(merged)).toBeCloseTo(areaOf(a.geometry) + areaOf(b.geometry), 0);
    // the middle of the former shared edge is now strictly inside
    expect(booleanPointInPolygon([3.1, 50.05], merged, { ignoreBoundary: true })).toBe(true);
  });

  it('keeps two squares that do not touch as two polygons of one multipolygon', () => {
    const out = dissolvePolygons([square('59901', 'g', 0, 0), square('59903', 'g', 2, 0)], byGroup);
    expect(out.get('g')!.coordinates).toHaveLength(2);
  });

  it('skips the features whose group is null', () => {
    const out = dissolvePolygons([square('59901', 'g', 0, 0), square('59902', null, 1, 0), square('59903', 'h', 2, 0)], byGroup);
    expect([...out.keys()]).toEqual(['g', 'h']);
    expect(areaOf(out.get('g')!)).toBeCloseTo(areaOf(square('x', 'g', 0, 0).geometry), 0);
  });

  it('returns one geometry per group, in order of first appearance', () => {
    const out = dissolvePolygons([square('1', 'b', 0, 0), square('2', 'a', 0, 1), square('3', 'b', 1, 0), square('4', 'a', 1, 1)], byGroup);
    expect([...out.keys()]).toEqual(['b', 'a']);
    for (const g of out.values()) expect(g.coordinates).toHaveLength(1);
  });

  it('keeps the hole of a polygon with a hole', () => {
    const hole: Position[] = [
      [3.03, 50.03],
      [3.03, 50.07],
      [3.07, 50.07],
      [3.07, 50.03],
      [3.03, 50.03],
    ];
    const donut = square('59901', 'g', 0, 0, [hole]);
    const out = dissolvePolygons([donut, square('59902', 'g', 1, 0)], byGroup);
    const merged = out.get('g')!;
    expect(merged.coordinates).toHaveLength(1);
    expect(merged.coordinates[0]).toHaveLength(2); // outer ring + the hole
    expect(booleanPointInPolygon([3.05, 50.05], merged)).toBe(false);
    expect(areaOf(merged)).toBeCloseTo(areaOf(donut.geometry) + areaOf(square('x', 'g', 1, 0).geometry), 0);
  });

  it('makes a hole where a ring of squares surrounds a square of another group', () => {
    const areas: Area[] = [];
    for (let row = 0; row < 3; row++)
      for (let col = 0; col < 3; col++) areas.push(square(`${col}${row}`, col === 1 && row === 1 ? 'centre' : 'ring', col, row));
    const out = dissolvePolygons(areas, byGroup);
    const ring = out.get('ring')!;
    expect(ring.coordinates).toHaveLength(1);
    expect(ring.coordinates[0]).toHaveLength(2);
    expect(booleanPointInPolygon([3.15, 50.15], ring)).toBe(false);
    expect(booleanPointInPolygon([3.05, 50.05], ring)).toBe(true);
    const eight = areas.filter((a) => a.properties.group === 'ring').reduce((s, a) => s + areaOf(a.geometry), 0);
    expect(areaOf(ring)).toBeCloseTo(eight, 0);
  });

  it('dissolves multipolygon inputs with their neighbours', () => {
    const multi: Area = {
      type: 'Feature',
      properties: { code: 'm', group: 'g' },
      geometry: { type: 'MultiPolygon', coordinates: [[cell(0, 0)], [cell(2, 0)]] },
    };
    const out = dissolvePolygons([multi, square('59902', 'g', 1, 0)], byGroup);
    expect(out.get('g')!.coordinates).toHaveLength(1);
    expect(areaOf(out.get('g')!)).toBeCloseTo(areaOf(multi.geometry) + areaOf(square('x', 'g', 1, 0).geometry), 0);
  });

  it('returns an empty map for no features', () => {
    expect(dissolvePolygons([], byGroup).size).toBe(0);
  });

  it('does not modify the input features', () => {
    const hole: Position[] = [
      [3.03, 50.03],
      [3.03, 50.07],
      [3.07, 50.07],
      [3.07, 50.03],
      [3.03, 50.03],
    ];
    const input = [square('59901', 'g', 0, 0, [hole]), square('59902', 'g', 1, 0), square('59903', null, 2, 0), square('59904', 'h', 0, 1)];
    const before = structuredClone(input);
    dissolvePolygons(input, byGroup);
    expect(input).toStrictEqual(before);
  });
});
