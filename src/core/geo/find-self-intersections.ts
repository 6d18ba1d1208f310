import type { MultiPolygon, Polygon } from 'geojson';
import { flatPolygonsOf, type FlatPolygons } from './flat-polygons.ts';

/** Where the outline of a polygon crosses itself. */
export interface SelfIntersections {
  /** Crossing points found, `[lng, lat]` in degrees, at most `maxPoints` of them. */
  points: [number, number][];
  /** Number of crossing segment pairs found in all (may exceed `points.length`). */
  count: number;
}

/** Sign of the turn a → b → c: > 0 left, < 0 right, 0 collinear. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** True when c lies on the segment a–b, given that the three are collinear. */
function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

/** The crossing point of segments a–b and c–d (positions i, i + 1 and j, j + 1 of xy), or null when they do not cross or touch. */
function crossing(xy: Float64Array, i: number, j: number): [number, number] | null {
  const ax = xy[2 * i];
  const ay = xy[2 * i + 1];
  const bx = xy[2 * i + 2];
  const by = xy[2 * i + 3];
  const cx = xy[2 * j];
  const cy = xy[2 * j + 1];
  const dx = xy[2 * j + 2];
  const dy = xy[2 * j + 3];
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
    const t = o3 / (o3 - o4);
    return [ax + t * (bx - ax), ay + t * (by - ay)];
  }
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return [cx, cy];
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return [dx, dy];
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return [ax, ay];
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return [bx, by];
  return null;
}

/** About this many segments per latitude band on average. */
const SEGMENTS_PER_BAND = 4;
const MAX_BANDS = 1 << 16;
/** Up to this many segments in a band, every pair is tested; more, they are swept from west to east. */
const SMALL_BAND = 12;

/** The rings' positions with a vertex repeated in a row dropped (common in real files, and not a crossing). */
function withoutRepeats(flat: FlatPolygons): { xy: Float64Array; ringEnds: Uint32Array } {
  const { xy: from, ringEnds: fromEnds } = flat;
  const xy = new Float64Array(from.length);
  const ringEnds = new Uint32Array(fromEnds.length);
  let n = 0;
  let first = 0;
  for (let r = 0; r < fromEnds.length; r++) {
    for (let i = first; i < fromEnds[r]; i++) {
      if (i > first && from[2 * i] === from[2 * i - 2] && from[2 * i + 1] === from[2 * i - 1]) continue;
      xy[2 * n] = from[2 * i];
      xy[2 * n + 1] = from[2 * i + 1];
      n++;
    }
    ringEnds[r] = n;
    first = fromEnds[r];
  }
  return { xy, ringEnds };
}

/**
 * Finds where a Polygon's or MultiPolygon's rings cross or touch themselves or each other (a
 * "bow-tie", a ring folding back, a hole crossing its shell), except at the shared vertex of two
 * consecutive segments of a ring. Such an area has no well-defined inside: point-in-polygon counts
 * near the crossing depend on the rule used. Segments are cut into latitude bands of a few each and
 * swept along the longitude within a band (a band of a few is tested pair by pair), so each is
 * tested only against the segments whose boxes overlap its own (the same answers as Turf's `kinks`, which compares every pair). The crossings reported first
 * are those of the lowest segment pairs in ring order. Positions are `[lng, lat]` in degrees; the
 * geometry (GeoJSON or its flat form) is assumed checked (rings of at least 4 finite positions) and
 * is not modified.
 */
export function findSelfIntersections(geometry: Polygon | MultiPolygon | FlatPolygons, maxPoints = 10): SelfIntersections {
  const { xy, ringEnds } = withoutRepeats('xy' in geometry ? geometry : flatPolygonsOf(geometry));
  let segments = 0;
  for (let r = 0, first = 0; r < ringEnds.length; first = ringEnds[r++]) segments += Math.max(0, ringEnds[r] - first - 1);
  const result: SelfIntersections = { points: [], count: 0 };
  if (segments < 2) return result;
  // segment s runs from position startOf[s] to startOf[s] + 1 of ring ringOf[s]
  const ringOf = new Uint32Array(segments);
  const startOf = new Uint32Array(segments);
  const box = new Float64Array(segments * 4); // minX, minY, maxX, maxY
  let s = 0;
  for (let r = 0, first = 0; r < ringEnds.length; first = ringEnds[r++]) {
    for (let i = first; i + 1 < ringEnds[r]; i++, s++) {
      ringOf[s] = r;
      startOf[s] = i;
      box[s * 4] = Math.min(xy[2 * i], xy[2 * i + 2]);
      box[s * 4 + 1] = Math.min(xy[2 * i + 1], xy[2 * i + 3]);
      box[s * 4 + 2] = Math.max(xy[2 * i], xy[2 * i + 2]);
      box[s * 4 + 3] = Math.max(xy[2 * i + 1], xy[2 * i + 3]);
    }
  }
  const isNeighbour = (x: number, y: number): boolean => {
    const r = ringOf[x];
    if (r !== ringOf[y]) return false;
    const first = r === 0 ? 0 : ringEnds[r - 1];
    const last = ringEnds[r] - first - 2;
    const i = startOf[x] - first;
    const j = startOf[y] - first;
    return Math.abs(i - j) === 1 || (Math.min(i, j) === 0 && Math.max(i, j) === last);
  };
  // the first crossings by segment pair (x < y), kept sorted: [x, y, point]
  const firstFound: [number, number, [number, number]][] = [];
  const record = (x: number, y: number, point: [number, number]) => {
    result.count++;
    if (maxPoints <= 0) return;
    let at = firstFound.length;
    while (at > 0 && (firstFound[at - 1][0] > x || (firstFound[at - 1][0] === x && firstFound[at - 1][1] > y))) at--;
    if (at >= maxPoints) return;
    firstFound.splice(at, 0, [x, y, point]);
    if (firstFound.length > maxPoints) firstFound.pop();
  };
  // segments banded by latitude: two segments can meet only where their latitude ranges overlap,
  // that is in a band they share; each pair is tested once, in the first band it shares, by a small
  // sweep along the longitude within the band
  let minY = Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < segments; k++) {
    minY = Math.min(minY, box[k * 4 + 1]);
    maxY = Math.max(maxY, box[k * 4 + 3]);
  }
  const bands = Math.max(1, Math.min(MAX_BANDS, Math.ceil(segments / SEGMENTS_PER_BAND)));
  const height = maxY > minY ? (maxY - minY) / bands : 1;
  const bandOf = (y: number) => Math.min(bands - 1, Math.max(0, Math.floor((y - minY) / height)));
  const lo = new Uint32Array(segments);
  const hi = new Uint32Array(segments);
  const bandStart = new Uint32Array(bands + 2);
  for (let k = 0; k < segments; k++) {
    lo[k] = bandOf(box[k * 4 + 1]);
    hi[k] = bandOf(box[k * 4 + 3]);
    for (let band = lo[k]; band <= hi[k]; band++) bandStart[band + 2]++;
  }
  for (let band = 2; band <= bands + 1; band++) bandStart[band] += bandStart[band - 1];
  const members = new Uint32Array(bandStart[bands + 1]);
  for (let k = 0; k < segments; k++) for (let band = lo[k]; band <= hi[k]; band++) members[bandStart[band + 1]++] = k;
  /** Tests segments o and t, met in `band`, unless they were met in an earlier band, their boxes miss or they are neighbours. */
  const testPair = (o: number, t: number, band: number) => {
    if (Math.max(lo[o], lo[t]) !== band) return; // tested in the first band they share
    if (box[t * 4] > box[o * 4 + 2] || box[t * 4 + 2] < box[o * 4]) return;
    if (box[t * 4 + 1] > box[o * 4 + 3] || box[t * 4 + 3] < box[o * 4 + 1] || isNeighbour(o, t)) return;
    const x = Math.min(o, t);
    const y = Math.max(o, t);
    const point = crossing(xy, startOf[x], startOf[y]);
    if (point) record(x, y, point);
  };
  const byWest = (p: number, q: number) => box[p * 4] - box[q * 4] || p - q;
  for (let band = 0; band < bands; band++) {
    const from = bandStart[band];
    const to = bandStart[band + 1];
    if (to - from <= SMALL_BAND) {
      // a few segments (the usual case): every pair, cheaper than sorting them
      for (let p = from; p < to; p++) for (let q = p + 1; q < to; q++) testPair(members[p], members[q], band);
      continue;
    }
    const inBand = members.subarray(from, to).sort(byWest);
    for (let p = 0; p < inBand.length; p++) {
      const o = inBand[p];
      const east = box[o * 4 + 2];
      for (let q = p + 1; q < inBand.length; q++) {
        const t = inBand[q];
        if (box[t * 4] > east) break; // this one and the next ones start east of o
        testPair(o, t, band);
      }
    }
  }
  result.points = firstFound.map((f) => f[2]);
  return result;
}
