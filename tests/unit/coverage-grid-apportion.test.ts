/**
 * Split communes apportioned by the population grid, on a hand-made fictional
 * département (code 98): three cantons side by side, one commune split between the
 * three (25 % / 50 % / 25 % of its area), population cells placed by hand. Every
 * expected figure is worked out by hand below, and checked against an independent
 * brute-force sum of the cells per fraction (a loop over every cell and every canton).
 */
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { apportionByGrid, createGridCellIndex } from '../../src/core/coverage/apportion-by-grid.ts';
import { computeCoverage, prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CantonFeature, CoverageCommune, CoverageInput, PopulationCell } from '../../src/core/coverage/coverage-types.ts';
import { gridShares } from '../../src/core/coverage/split-commune.ts';
import { createAreaIndex } from '../../src/core/index/area-index.ts';

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
const canton = (code: string, name: string, g: Polygon): CantonFeature => ({ type: 'Feature', properties: { code, name }, geometry: g });

// 9801 [0,0]-[.1,.1] | 9802 [.1,0]-[.2,.1] | 9803 [.2,0]-[.3,.1]; 9804 above, [0,.1]-[.3,.2]
const CANTONS = [
  canton('9801', 'Canton-des-Trois-Parts', rect(0, 0, 0.1, 0.1)),
  canton('9802', 'Canton-du-Milieu-Fictif', rect(0.1, 0, 0.2, 0.1)),
  canton('9803', 'Canton-de-la-Rive-Inventée', rect(0.2, 0, 0.3, 0.1)),
  canton('9804', 'Canton-du-Haut-Imaginaire', rect(0, 0.1, 0.3, 0.2)),
];

const commune = (code: string, name: string, population: number, cantonCode: string | null, g: Polygon): CoverageCommune => ({
  code,
  name,
  population,
  cantonCode,
  rural: false,
  epciCode: null,
  qpvCodes: [],
  geometry: g,
  centroid: [(g.coordinates[0][0][0] + g.coordinates[0][2][0]) / 2, (g.coordinates[0][0][1] + g.coordinates[0][2][1]) / 2],
});

// the split commune: lng .05–.25 (a quarter in 9801, half in 9802, a quarter in 9803), and a 0.0002° strip above
// lat .1 (0.2 % of its area, in 9804: a simplification sliver, not a fraction)
const TROIS_PARTS = commune('98003', 'Trois-Parts-sur-Fictif', 1001, null, rect(0.05, 0, 0.25, 0.1002));
const COMMUNES = [
  commune('98001', 'Ouest-Fictif', 2000, '9801', rect(0, 0, 0.05, 0.1)),
  commune('98002', 'Est-Fictif', 500, '9803', rect(0.25, 0, 0.3, 0.1)),
  TROIS_PARTS,
  commune('98004', 'Haut-Fictif', 300, '9804', rect(0, 0.1002, 0.3, 0.2)),
];

const CELLS: PopulationCell[] = [
  { lngLat: [0.07, 0.05], population: 100 }, // Trois-Parts, 9801
  { lngLat: [0.06, 0.02], population: 50 }, // Trois-Parts, 9801
  { lngLat: [0.15, 0.05], population: 700 }, // Trois-Parts, 9802
  { lngLat: [0.12, 0.08], population: 0 }, // Trois-Parts, 9802, empty: ignored
  { lngLat: [0.15, 0.1001], population: 40 }, // Trois-Parts, in the sliver (9804): no fraction, not counted
  { lngLat: [0.02, 0.05], population: 999 }, // Ouest-Fictif (9801), outside Trois-Parts: not counted for it
  { lngLat: [0.27, 0.05], population: 400 }, // Est-Fictif (9803)
  { lngLat: [0.15, 0.15], population: 250 }, // Haut-Fictif (9804)
];

function input(grid: PopulationCell[] | null = CELLS): CoverageInput {
  return structuredClone<CoverageInput>({
    departement: { code: '98', name: 'Département-des-Fractions' },
    cantons: CANTONS,
    communes: COMMUNES,
    franceServices: [{ id: 'fs-1', kind: 'fixed', communeCode: '98001', lngLat: [0.03, 0.05] }],
    nearbyFranceServices: [],
    populationGrid: grid,
    populationGridVintage: '2099',
    healthMediatorPosts: null,
    countedLayers: [],
    priorityTerritories: [],
    sources: [],
  });
}

/** Largest remainder written independently: floors, then one more to the largest remainders (ties: first). */
function largestRemainder(whole: number, shares: number[]): number[] {
  const quotas = shares.map((s) => (whole * s) / shares.reduce((a, b) => a + b, 0));
  const parts = quotas.map(Math.floor);
  const order = quotas.map((q, i) => [q - Math.floor(q), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const spare = whole - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < spare; k++) parts[order[k][1]]++;
  return parts;
}

describe('split communes apportioned by the population grid', () => {
  it('sums the populated cells whose centre lies in each fraction, as a brute-force loop over every cell and canton does', () => {
    const cantonIndex = createAreaIndex(CANTONS);
    const result = apportionByGrid(TROIS_PARTS.geometry!, [0, 1, 2], createGridCellIndex(CELLS), cantonIndex);
    const oracle = [0, 1, 2].map((k) => {
      const inside = CELLS.filter(
        (c) =>
          c.population > 0 &&
          booleanPointInPolygon(c.lngLat as [number, number], TROIS_PARTS.geometry!) &&
          CANTONS.findIndex((x) => booleanPointInPolygon(c.lngLat as [number, number], x)) === k,
      );
      return { index: k, gridPopulation: inside.reduce((s, c) => s + c.population, 0), cells: inside.length };
    });
    expect(result.fractions).toEqual(oracle);
    expect(result.fractions).toEqual([
      { index: 0, gridPopulation: 150, cells: 2 },
      { index: 1, gridPopulation: 700, cells: 1 },
      { index: 2, gridPopulation: 0, cells: 0 },
    ]);
    expect(result.cellsOutsideFractions).toBe(1); // the cell in the sliver
  });

  it('gives a fraction without cells its area share and the rest by grid population, in whole people summing to the legal population', () => {
    // area shares: the 0.2 % strip in 9804 is dropped, leaving 25 % / 50 % / 25 %
    // 9803 has no cell: keeps 25 %; 9801 and 9802 share 75 % as 150 : 700
    // quotas: 1001 × .75 × 150/850 = 132.485, 1001 × .75 × 700/850 = 618.265, 1001 × .25 = 250.25
    // floors 132 + 618 + 250 = 1000: the spare person goes to the largest remainder (9801, .485)
    const table = computeCoverage(input(), {
      target: 1,
      priorityTarget: 1,
      countBuses: true,
      priority: { qpv: false, ruralPopulationShareMin: null, territories: false },
    });
    const [split] = table.method.splitCommunes;
    expect(split.by).toBe('population-grid');
    expect(split.shares.map((s) => [s.cantonCode, s.population, s.cells])).toEqual([
      ['9801', 133, 2],
      ['9802', 618, 1],
      ['9803', 250, 0],
    ]);
    expect(split.shares.map((s) => s.share)).toEqual([0.75 * (150 / 850), 0.75 * (700 / 850), split.shares[2].areaShare]);
    expect(split.shares[2].areaShare).toBeCloseTo(0.25, 9);
    expect(split.shares.reduce((s, x) => s + x.population, 0)).toBe(1001);
    expect(table.rows.map((r) => [r.cantonCode, r.population])).toEqual([
      ['9801', 2133],
      ['9802', 618],
      ['9803', 750],
      ['9804', 300],
    ]);
    expect(table.total.population).toBe(3801);
  });

  it('matches an independent computation: brute-force cell sums, area shares for empty fractions, largest remainder', () => {
    const base = prepareCoverage(input());
    const [split] = base.method.splitCommunes;
    const sums = split.shares.map((s) =>
      CELLS.filter(
        (c) =>
          c.population > 0 &&
          booleanPointInPolygon(c.lngLat as [number, number], TROIS_PARTS.geometry!) &&
          booleanPointInPolygon(c.lngLat as [number, number], CANTONS.find((x) => x.properties.code === s.cantonCode)!),
      ).reduce((t, c) => t + c.population, 0),
    );
    const empty = split.shares.reduce((t, s, i) => t + (sums[i] > 0 ? 0 : s.areaShare), 0);
    const total = sums.reduce((a, b) => a + b, 0);
    const shares = split.shares.map((s, i) => (sums[i] > 0 ? ((1 - empty) * sums[i]) / total : s.areaShare));
    expect(split.shares.map((s) => s.population)).toEqual(largestRemainder(1001, shares));
  });

  it('falls back to area shares with no grid loaded, and for a commune holding no populated cell', () => {
    for (const grid of [null, CELLS.filter((c) => !booleanPointInPolygon(c.lngLat as [number, number], TROIS_PARTS.geometry!))]) {
      const [split] = prepareCoverage(input(grid)).method.splitCommunes;
      expect(split.by).toBe('area');
      // 1001 × (.25, .5, .25) = 250.25, 500.5, 250.25: the spare person to the largest remainder (9802)
      expect(split.shares.map((s) => [s.cantonCode, s.population, s.cells])).toEqual([
        ['9801', 250, grid ? 0 : null],
        ['9802', 501, grid ? 0 : null],
        ['9803', 250, grid ? 0 : null],
      ]);
      for (const s of split.shares) expect(s.share).toBe(s.areaShare);
    }
  });

  it('computes shares that add up to 1 whatever fractions hold cells', () => {
    expect(gridShares([0.25, 0.5, 0.25], [0, 0, 0])).toBeNull();
    expect(gridShares([0.25, 0.5, 0.25], [10, 30, 0])).toEqual([0.75 * 0.25, 0.75 * 0.75, 0.25]);
    expect(gridShares([0.25, 0.75], [1, 3])!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('leaves the input untouched', () => {
    const i = input();
    const copy = structuredClone(i);
    prepareCoverage(i);
    expect(i).toEqual(copy);
  });
});
