import type { AreaIndex } from '../index/area-index.ts';
import { apportionByArea, splitInteger } from './apportion.ts';
import { apportionByGrid, type GridCellIndex } from './apportion-by-grid.ts';
import type { CantonFeature, CoverageCommune, CoverageMethod } from './coverage-types.ts';

/** One part of a commune: the canton (index) and the people counted there. */
export interface CommunePart {
  canton: number;
  population: number;
}

/**
 * The exact shares (summing to 1) of a split commune's fractions: a fraction holding at
 * least one populated grid cell centre is weighted by its cells' population; a fraction
 * holding none (too small or too thin for the centre of a 1 km cell) keeps its area share,
 * and the rest goes to the fractions with cells in proportion to their grid population.
 * Null when no fraction holds a cell (area shares apply).
 */
export function gridShares(areaShares: readonly number[], gridPopulation: readonly number[]): number[] | null {
  const gridTotal = gridPopulation.reduce((s, p) => s + p, 0);
  if (!(gridTotal > 0)) return null;
  const areaWithoutCells = areaShares.reduce((s, a, i) => s + (gridPopulation[i] > 0 ? 0 : a), 0);
  return gridPopulation.map((p, i) => (p > 0 ? ((1 - areaWithoutCells) * p) / gridTotal : areaShares[i]));
}

/**
 * Apportions a commune split between cantons (no COG canton): the fractions are the cantons
 * holding at least SLIVER_SHARE of its area; its legal population goes to them by the
 * population grid when one is loaded ({@link gridShares}), else by area share, in whole
 * people by largest remainder (the parts add up to the commune's population exactly).
 * Returns null when the commune has no polygon or meets no canton.
 */
export function apportionSplitCommune(
  commune: CoverageCommune,
  cantons: readonly CantonFeature[],
  cantonIndex: AreaIndex,
  grid: GridCellIndex | null,
): { parts: CommunePart[]; method: CoverageMethod['splitCommunes'][number] } | null {
  if (!commune.geometry) return null;
  const areaShares = apportionByArea(commune.geometry, cantons, cantonIndex);
  if (areaShares.length === 0) return null;
  const byGrid = grid
    ? apportionByGrid(
        commune.geometry,
        areaShares.map((s) => s.index),
        grid,
        cantonIndex,
      )
    : null;
  const fromGrid = byGrid
    ? gridShares(
        areaShares.map((s) => s.share),
        byGrid.fractions.map((f) => f.gridPopulation),
      )
    : null;
  const shares = fromGrid ?? areaShares.map((s) => s.share);
  const pops = splitInteger(commune.population, shares);
  return {
    parts: areaShares.map((s, i) => ({ canton: s.index, population: pops[i] })),
    method: {
      code: commune.code,
      name: commune.name,
      by: fromGrid ? 'population-grid' : 'area',
      shares: areaShares.map((s, i) => ({
        cantonCode: cantons[s.index].properties.code,
        share: shares[i],
        population: pops[i],
        areaShare: s.share,
        cells: byGrid ? byGrid.fractions[i].cells : null,
      })),
    },
  };
}
