import type { MultiPolygon, Polygon } from 'geojson';
import { orient2d } from 'robust-predicates';
import { flatPolygonsOf, polygonRange, ringRange, type FlatPolygons } from './flat-polygons.ts';

/** `(lng, lat) → inside`, boundary included. */
export type PointInPolygonTest = (lng: number, lat: number) => boolean;

/** One polygon of the geometry: its edges (all rings) and, per horizontal band, the edges crossing it. */
interface BandedPart {
  minY: number;
  maxY: number;
  /** Band height; the band of a latitude y is ⌊(y − minY) / bandHeight⌋. */
  bandHeight: number;
  bands: number;
  /** Edges as [x1, y1, x2, y2], ring order and direction kept. */
  edges: Float64Array;
  /** Edge numbers of band b: bandEdges[bandStart[b] … bandStart[b + 1]). */
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

/** Polygon p of a flat polygon set, banded: its rings' edges (x1, y1, x2, y2, ring order kept). */
function bandPart(flat: FlatPolygons, p: number): BandedPart {
  const { xy } = flat;
  const [firstRing, endRing] = polygonRange(flat, p);
  let count = 0;
  for (let r = firstRing; r < endRing; r++) {
    const [a, b] = ringRange(flat, r);
    count += Math.max(0, b - a - 1);
  }
  const edges = new Float64Array(count * 4);
  let minY = Infinity;
  let maxY = -Infinity;
  let e = 0;
  for (let r = firstRing; r < endRing; r++) {
    const [a, b] = ringRange(flat, r);
    for (let i = a; i + 1 < b; i++, e += 4) {
      const y1 = xy[2 * i + 1];
      const y2 = xy[2 * i + 3];
      edges[e] = xy[2 * i];
      edges[e + 1] = y1;
      edges[e + 2] = xy[2 * i + 2];
      edges[e + 3] = y2;
      if (y1 < minY) minY = y1;
      if (y1 > maxY) maxY = y1;
      if (y2 < minY) minY = y2;
      if (y2 > maxY) maxY = y2;
    }
  }
  const bands = count === 0 ? 1 : Math.max(1, Math.min(MAX_BANDS, Math.ceil(count / EDGES_PER_BAND)));
  const bandHeight = maxY > minY ? (maxY - minY) / bands : 1;
  // each edge goes in every band of [band(min y), band(max y)]: the floor is monotone, so any
  // latitude within an edge's range falls in one of its bands
  const lo = new Uint32Array(count);
  const hi = new Uint32Array(count);
  const bandStart = new Uint32Array(bands + 2);
  for (let k = 0; k < count; k++) {
    const y1 = edges[k * 4 + 1];
    const y2 = edges[k * 4 + 3];
    let a = Math.floor((Math.min(y1, y2) - minY) / bandHeight);
    let b = Math.floor((Math.max(y1, y2) - minY) / bandHeight);
    a = a < 0 ? 0 : a >= bands ? bands - 1 : a;
    b = b < 0 ? 0 : b >= bands ? bands - 1 : b;
    lo[k] = a;
    hi[k] = b;
    for (let band = a; band <= b; band++) bandStart[band + 2]++;
  }
  // prefix sums shifted by one, so that the fill below leaves bandStart[b] at the start of band b
  for (let band = 2; band <= bands + 1; band++) bandStart[band] += bandStart[band - 1];
  const bandEdges = new Uint32Array(bandStart[bands + 1]);
  for (let k = 0; k < count; k++) {
    for (let band = lo[k]; band <= hi[k]; band++) bandEdges[bandStart[band + 1]++] = k;
  }
  return { minY, maxY, bands, bandHeight, edges, bandStart: bandStart.subarray(0, bands + 1), bandEdges };
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
  const { edges, bandEdges } = part;
  let k = 0;
  for (let j = part.bandStart[b], end = part.bandStart[b + 1]; j < end; j++) {
    const e = bandEdges[j] * 4;
    const u1 = edges[e] - x;
    const v1 = edges[e + 1] - y;
    const u2 = edges[e + 2] - x;
    const v2 = edges[e + 3] - y;
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
 * is not modified and not referenced afterwards.
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
