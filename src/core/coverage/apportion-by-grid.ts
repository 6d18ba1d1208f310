import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import KDBush from 'kdbush';
import type { MultiPolygon, Polygon } from 'geojson';
import { geometryBBox } from '../geo/geometry-bbox.ts';
import type { AreaIndex } from '../index/area-index.ts';
import type { PopulationCell } from './coverage-types.ts';

/** The populated cells of a grid, indexed once by their centres (kdbush range queries). */
export interface GridCellIndex {
  readonly cells: readonly PopulationCell[];
  /** Indexes (into `cells`) of the cells whose centre lies in the box `[minLng, minLat, maxLng, maxLat]`. */
  inBBox(bbox: readonly [number, number, number, number]): number[];
}

/** Indexes the cells with people (population > 0) by their centre; the input is not modified. */
export function createGridCellIndex(grid: readonly PopulationCell[]): GridCellIndex {
  const cells = grid.filter((c) => c.population > 0);
  const tree = new KDBush(Math.max(1, cells.length));
  if (cells.length === 0) tree.add(0, 0);
  for (const c of cells) tree.add(c.lngLat[0], c.lngLat[1]);
  tree.finish();
  return {
    cells,
    inBBox: (b) => (cells.length === 0 ? [] : tree.range(b[0], b[1], b[2], b[3]).sort((x, y) => x - y)),
  };
}

/** The grid cells of one fraction of a split commune. */
export interface GridFraction {
  /** Index of the area (canton) in the indexed array. */
  index: number;
  /** People of the cells whose centre lies in this fraction. */
  gridPopulation: number;
  /** Number of those cells. */
  cells: number;
}

export interface GridApportionment {
  /** One entry per requested fraction, in the order of `fractions`. */
  fractions: GridFraction[];
  /** Populated cells whose centre lies in the commune but in none of the fractions (a canton border drawn apart from the commune's): not counted. */
  cellsOutsideFractions: number;
}

/**
 * Sums the population grid per fraction of a commune split between areas (cantons):
 * a cell belongs to the fraction whose area contains its centre, among the cells whose
 * centre lies in the commune polygon (boundary included, as Turf's point-in-polygon).
 * Candidates come from the cell index (commune box) and the area index (first area by
 * input order containing the centre, the rule of every other point in the table).
 *
 * @param fractions indexes of the areas the commune is split between
 */
export function apportionByGrid(
  geometry: Polygon | MultiPolygon,
  fractions: readonly number[],
  cells: GridCellIndex,
  areas: AreaIndex,
): GridApportionment {
  const result = fractions.map((index): GridFraction => ({ index, gridPopulation: 0, cells: 0 }));
  const slot = new Map(fractions.map((index, i) => [index, i]));
  let cellsOutsideFractions = 0;
  for (const i of cells.inBBox(geometryBBox(geometry))) {
    const cell = cells.cells[i];
    if (!booleanPointInPolygon(cell.lngLat as [number, number], geometry)) continue;
    const at = slot.get(areas.findArea(cell.lngLat));
    if (at === undefined) {
      cellsOutsideFractions++;
      continue;
    }
    result[at].gridPopulation += cell.population;
    result[at].cells++;
  }
  return { fractions: result, cellsOutsideFractions };
}
