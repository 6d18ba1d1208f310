import Flatbush from 'flatbush';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { BBox } from '../geo/lng-lat.ts';
import { geometryBBox } from '../geo/geometry-bbox.ts';
import { bandedPointInPolygon, type PointInPolygonTest } from '../geo/banded-point-in-polygon.ts';
import { flatBBox, type FlatPolygons } from '../geo/flat-polygons.ts';

export { geometryBBox };

export type AreaFeature<P = Record<string, unknown>> = Feature<Polygon | MultiPolygon, P>;

export interface AreaIndex {
  /** Number of indexed areas. */
  readonly size: number;
  /** Indexes (into the input array) of every area containing the `[lng, lat]` point, boundary included. */
  findAreas(point: readonly [number, number]): number[];
  /** Index of the first area containing the point, or -1. */
  findArea(point: readonly [number, number]): number;
  /** Indexes of the areas whose bounding box meets `bbox` (candidates, ascending). */
  searchBBox(bbox: BBox): number[];
  /**
   * Index of the first area containing the point (as `findArea`), with in `hits[0]` how many contain
   * it (as `findAreas(point).length`), without the sorted and filtered arrays findAreas makes: for
   * counting many points.
   */
  firstAreaAt(lng: number, lat: number, hits: Int32Array): number;
}

/** The R-tree over `boxes` and the exact test `contains(i, lng, lat)` on its candidates. */
function indexOverBoxes(boxes: readonly BBox[], contains: (i: number, lng: number, lat: number) => boolean): AreaIndex {
  const size = boxes.length;
  const tree = new Flatbush(Math.max(1, size));
  if (size === 0) tree.add(0, 0, 0, 0);
  for (const b of boxes) tree.add(b[0], b[1], b[2], b[3]);
  tree.finish();
  const findAreas = (point: readonly [number, number]): number[] => {
    if (size === 0) return [];
    const candidates = tree.search(point[0], point[1], point[0], point[1]);
    if (candidates.length > 1) candidates.sort((x, y) => x - y);
    return candidates.filter((i) => contains(i, point[0], point[1]));
  };
  return {
    size,
    findAreas,
    findArea(point) {
      const found = findAreas(point);
      return found.length ? found[0] : -1;
    },
    searchBBox(bbox) {
      if (size === 0) return [];
      return tree.search(bbox[0], bbox[1], bbox[2], bbox[3]).sort((x, y) => x - y);
    },
    firstAreaAt(lng, lat, hits) {
      let first = -1;
      let count = 0;
      if (size > 0) {
        // the candidates in the tree's order, tested one by one: no sorted or filtered copy of them
        const candidates = tree.search(lng, lat, lng, lat);
        for (let k = 0; k < candidates.length; k++) {
          const i = candidates[k];
          if (!contains(i, lng, lat)) continue;
          count++;
          if (first < 0 || i < first) first = i;
        }
      }
      hits[0] = count;
      return first;
    },
  };
}

/**
 * Builds a polygon index once: a Flatbush R-tree over the areas' bounding
 * boxes, then an exact point-in-polygon test on the few candidates only, each
 * area's edges banded by latitude the first time a point falls in its box
 * (`bandedPointInPolygon`: Turf's `booleanPointInPolygon` answers, boundary
 * included, without walking every edge). The input features are not modified.
 */
export function createAreaIndex(areas: readonly AreaFeature<unknown>[]): AreaIndex {
  const tests: (PointInPolygonTest | undefined)[] = new Array(areas.length);
  return indexOverBoxes(
    areas.map((a) => geometryBBox(a.geometry)),
    (i, lng, lat) => {
      // a feature's own `bbox` member is honoured, as booleanPointInPolygon does
      const own = areas[i].bbox;
      if (own && !(own[0] <= lng && own[1] <= lat && own[2] >= lng && own[3] >= lat)) return false;
      let test = tests[i];
      if (!test) test = tests[i] = bandedPointInPolygon(areas[i].geometry);
      return test(lng, lat);
    },
  );
}

/**
 * The same index over areas already in flat form ({@link FlatPolygons}: what a large file is read
 * into without a small array per position), with the same answers as {@link createAreaIndex} on
 * the same polygons. The arrays are not modified.
 */
export function createFlatAreaIndex(areas: readonly FlatPolygons[]): AreaIndex {
  const tests: (PointInPolygonTest | undefined)[] = new Array(areas.length);
  return indexOverBoxes(areas.map(flatBBox), (i, lng, lat) => {
    let test = tests[i];
    if (!test) test = tests[i] = bandedPointInPolygon(areas[i]);
    return test(lng, lat);
  });
}
