import type { MultiPolygon, Polygon } from 'geojson';
import { orient2d } from 'robust-predicates';
import { flatPolygonsOf, type FlatPolygons } from './flat-polygons.ts';

/** `(lng, lat) → inside`, boundary included. */
export type PointInPolygonTest = (lng: number, lat: number) => boolean;

/** One polygon of the geometry: per horizontal band, the edges of its rings crossing it. */
interface BandedPart {
  minY: number;
  maxY: number;
  /** Band height; the band of a latitude y is ⌊(y − minY) / bandHeight⌋. */
  bandHeight: number;
  bands: number;
  /** The positions of the geometry: edge i runs from position i to position i + 1 (ring order and direction kept). */
  xy: Float64Array;
  /** Edge numbers (first positions) of band b: bandEdges[bandStart[b] … bandStart[b + 1]). */
  bandStart: Uint32Array;
  bandEdges: Uint32Array;
}

/** About this many edges per band on average (fewer bands for small rings). */
const EDGES_PER_BAND = 4;
const MAX_BANDS = 4096;

function bandOf(part: BandedPart, y: number): number {
  const b = Math.floor((y - part.minY) / part.bandHeight);
  return b < 0 ? 0 : b >= part.bands ? part.bands - 1 : b;
}

/**
 * Polygon p of a flat polygon set, banded. The edges stay in the geometry's own positions (edge i
 * from position i to i + 1 of a ring): no copy of them, only the band lists, so that preparing a
 * polygon costs little more than one pass over its positions.
 */
function bandPart(flat: FlatPolygons, p: number): BandedPart {
  const { xy, ringEnds } = flat;
  const firstRing = p === 0 ? 0 : flat.polygonEnds[p - 1];
  const endRing = flat.polygonEnds[p];
  const firstPosition = firstRing === 0 ? 0 : ringEnds[firstRing - 1];
  const endPosition = endRing === 0 ? 0 : ringEnds[endRing - 1];
  let count = 0;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let r = firstRing; r < endRing; r++) {
    const a = r === 0 ? 0 : ringEnds[r - 1];
    const b = ringEnds[r];
    if (b - a > 1) count += b - a - 1;
  }
  for (let i = firstPosition; i < endPosition; i++) {
    const y = xy[2 * i + 1];
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const bands = count === 0 ? 1 : Math.max(1, Math.min(MAX_BANDS, Math.ceil(count / EDGES_PER_BAND)));
  const bandHeight = maxY > minY ? (maxY - minY) / bands : 1;
  // each edge goes in every band of [band(min y), band(max y)]: the floor is monotone, so any
  // latitude within an edge's range falls in one of its bands; counted, then filled
  const bandStart = new Uint32Array(bands + 1);
  for (let pass = 0; pass < 2; pass++) {
    const bandEdges = pass === 1 ? new Uint32Array(bandStart[bands]) : null;
    const fill = pass === 1 ? bandStart.slice(0, bands) : null;
    for (let r = firstRing; r < endRing; r++) {
      const end = ringEnds[r];
      for (let i = r === 0 ? 0 : ringEnds[r - 1]; i + 1 < end; i++) {
        const y1 = xy[2 * i + 1];
        const y2 = xy[2 * i + 3];
        let a = Math.floor((Math.min(y1, y2) - minY) / bandHeight);
        let b = Math.floor((Math.max(y1, y2) - minY) / bandHeight);
        a = a < 0 ? 0 : a >= bands ? bands - 1 : a;
        b = b < 0 ? 0 : b >= bands ? bands - 1 : b;
        if (bandEdges && fill) for (let band = a; band <= b; band++) bandEdges[fill[band]++] = i;
        else for (let band = a; band <= b; band++) bandStart[band + 1]++;
      }
    }
    if (bandEdges) return { minY, maxY, bands, bandHeight, xy, bandStart, bandEdges };
    for (let band = 1; band <= bands; band++) bandStart[band] += bandStart[band - 1];
  }
  throw new Error('unreachable');
}

/**
 * 1 inside, 0 on the boundary, -1 outside: the test of point-in-polygon-hao (what Turf's
 * `booleanPointInPolygon` runs, with the same robust `orient2d`), over the edges of the point's
 * band only. An edge whose two ends lie strictly above or strictly below the point adds nothing
 * to hao's count and cannot hold the point, so leaving it out changes no answer.
 */
function testPart(part: BandedPart, x: number, y: number): number {
  if (!(y >= part.minY && y <= part.maxY)) return -1;
  const b = bandOf(part, y);
  const { xy, bandEdges } = part;
  let k = 0;
  for (let j = part.bandStart[b], end = part.bandStart[b + 1]; j < end; j++) {
    const e = bandEdges[j] * 2;
    const u1 = xy[e] - x;
    const v1 = xy[e + 1] - y;
    const u2 = xy[e + 2] - x;
    const v2 = xy[e + 3] - y;
    if (v1 === 0 && v2 === 0) {
      if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return 0;
    } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
      const f = orient2d(u1, u2, v1, v2, 0, 0);
      if (f === 0) return 0;
      if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) k++;
    }
  }
  return k % 2 === 0 ? -1 : 1;
}

/**
 * Prepares a Polygon or MultiPolygon for many point-in-polygon tests: its edges cut into horizontal
 * bands of about four edges each, so a test walks the few edges at the point's latitude instead of
 * every ring. Same answers as Turf's `booleanPointInPolygon` (boundary included, holes, every part
 * of a MultiPolygon), checked against it on seeded random polygons and points on vertices and edges.
 * Positions are `[lng, lat]`; rings are taken as given (closed, as GeoJSON requires). The geometry
 * is not modified; a flat one's positions are kept by the test (read, never written).
 */
export function bandedPointInPolygon(geometry: Polygon | MultiPolygon | FlatPolygons): PointInPolygonTest {
  const flat = 'xy' in geometry ? geometry : flatPolygonsOf(geometry);
  const parts = Array.from(flat.polygonEnds, (_, p) => bandPart(flat, p));
  if (parts.length === 1) {
    const [only] = parts;
    return (lng, lat) => testPart(only, lng, lat) >= 0;
  }
  return (lng, lat) => {
    for (const part of parts) if (testPart(part, lng, lat) >= 0) return true;
    return false;
  };
}
