import type { MultiPolygon, Polygon } from 'geojson';
import type { BBox } from './lng-lat.ts';

/**
 * A Polygon or MultiPolygon as typed arrays: what large files are read into (no small array per
 * position) and what the point-in-polygon and outline checks walk.
 */
export interface FlatPolygons {
  /** x (longitude), y (latitude) of every position, ring after ring. */
  xy: Float64Array;
  /** End (exclusive, in positions) of each ring. */
  ringEnds: Uint32Array;
  /** End (exclusive, in rings) of each polygon: one entry for a Polygon. */
  polygonEnds: Uint32Array;
}

/** The flat form of a GeoJSON Polygon or MultiPolygon (a third coordinate is dropped). */
export function flatPolygonsOf(geometry: Polygon | MultiPolygon): FlatPolygons {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let positions = 0;
  let rings = 0;
  for (const p of polygons) {
    for (const r of p) {
      positions += r.length;
      rings++;
    }
  }
  const xy = new Float64Array(positions * 2);
  const ringEnds = new Uint32Array(rings);
  const polygonEnds = new Uint32Array(polygons.length);
  let k = 0;
  let r = 0;
  polygons.forEach((p, i) => {
    for (const ring of p) {
      for (const pos of ring) {
        xy[k++] = pos[0];
        xy[k++] = pos[1];
      }
      ringEnds[r++] = k / 2;
    }
    polygonEnds[i] = r;
  });
  return { xy, ringEnds, polygonEnds };
}

/** Bounding box of a flat polygon set (`[Infinity, Infinity, -Infinity, -Infinity]` when empty). */
export function flatBBox(flat: FlatPolygons): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const { xy } = flat;
  for (let k = 0; k < xy.length; k += 2) {
    const x = xy[k];
    const y = xy[k + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** First and end position of ring r. */
export function ringRange(flat: FlatPolygons, r: number): [number, number] {
  return [r === 0 ? 0 : flat.ringEnds[r - 1], flat.ringEnds[r]];
}

/** First and end ring of polygon p. */
export function polygonRange(flat: FlatPolygons, p: number): [number, number] {
  return [p === 0 ? 0 : flat.polygonEnds[p - 1], flat.polygonEnds[p]];
}
