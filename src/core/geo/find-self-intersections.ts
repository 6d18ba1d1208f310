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

// Working arrays reused from one call to the next (grown when needed, never shrunk): a file of
// thousands of areas is checked without a dozen new arrays per area (fresh memory and garbage
// collection cost more than the check). Each array is fully written before it is read.
const scratch = {
  xy: new Float64Array(0),
  ringEnds: new Uint32Array(0),
  ringOf: new Uint32Array(0),
  startOf: new Uint32Array(0),
  box: new Float64Array(0),
  lo: new Uint32Array(0),
  hi: new Uint32Array(0),
  starts: new Uint32Array(0),
  fill: new Uint32Array(0),
  members: new Uint32Array(0),
};

/** `scratch[name]` with room for at least n elements. */
function room<K extends keyof typeof scratch>(name: K, n: number): (typeof scratch)[K] {
  if (scratch[name].length < n) {
    const size = Math.max(n, 2 * scratch[name].length);
    scratch[name] = (scratch[name] instanceof Float64Array ? new Float64Array(size) : new Uint32Array(size)) as (typeof scratch)[K];
  }
  return scratch[name];
}

/** The rings' positions with a vertex repeated in a row dropped (common in real files, and not a crossing). */
function withoutRepeats(flat: FlatPolygons): { xy: Float64Array; ringEnds: Uint32Array } {
  const { xy: from, ringEnds: fromEnds } = flat;
  const xy = room('xy', from.length);
  const ringEnds = room('ringEnds', fromEnds.length).subarray(0, fromEnds.length);
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
  let count = 0;
  for (let r = 0, first = 0; r < ringEnds.length; first = ringEnds[r++]) count += Math.max(0, ringEnds[r] - first - 1);
  if (count < 2) return { points: [], count: 0 };
  const segments = new Segments(xy, ringEnds, count, maxPoints);
  // segments banded by latitude: two segments can meet only where their latitude ranges overlap,
  // that is in a band they share; each pair is tested once, in the first band it shares
  const { box, lo } = segments;
  const bandStart = segments.band();
  const members = room('members', bandStart[segments.bands]);
  const fill = room('fill', segments.bands);
  fill.set(bandStart.subarray(0, segments.bands));
  for (let k = 0; k < count; k++) for (let band = lo[k]; band <= segments.hi[k]; band++) members[fill[band]++] = k;
  const byWest = (p: number, q: number) => box[p * 4] - box[q * 4] || p - q;
  for (let band = 0; band < segments.bands; band++) {
    const from = bandStart[band];
    const to = bandStart[band + 1];
    if (to - from <= SMALL_BAND) {
      // a few segments (the usual case): every pair, cheaper than sorting them
      for (let p = from; p < to; p++) for (let q = p + 1; q < to; q++) segments.testPair(members[p], members[q], band);
      continue;
    }
    // more: a sweep along the longitude
    const inBand = members.subarray(from, to).sort(byWest);
    for (let p = 0; p < inBand.length; p++) {
      const o = inBand[p];
      const east = box[o * 4 + 2];
      for (let q = p + 1; q < inBand.length; q++) {
        const t = inBand[q];
        if (box[t * 4] > east) break; // this one and the next ones start east of o
        segments.testPair(o, t, band);
      }
    }
  }
  return { count: segments.found, points: segments.firstFound.map((f) => f[2]) };
}

/**
 * The segments of the rings and what is found among them: plain fields and methods (no closure
 * made per call), so that the optimising compiler takes the loops above early and keeps them
 * (this runs once per area of a file of thousands).
 */
class Segments {
  /** Segment s runs from position startOf[s] to startOf[s] + 1 of ring ringOf[s]. */
  readonly ringOf: Uint32Array;
  readonly startOf: Uint32Array;
  /** minX, minY, maxX, maxY of each segment. */
  readonly box: Float64Array;
  /** First and last latitude band of each segment (set by `band`). */
  lo: Uint32Array;
  hi: Uint32Array;
  bands = 1;
  found = 0;
  /** The first crossings by segment pair (x < y), kept sorted: [x, y, point]. */
  readonly firstFound: [number, number, [number, number]][] = [];

  constructor(
    readonly xy: Float64Array,
    readonly ringEnds: Uint32Array,
    readonly count: number,
    readonly maxPoints: number,
  ) {
    this.ringOf = room('ringOf', count);
    this.startOf = room('startOf', count);
    this.box = room('box', count * 4);
    this.lo = room('lo', count);
    this.hi = room('hi', count);
    const { ringOf, startOf, box } = this;
    let s = 0;
    for (let r = 0, first = 0; r < ringEnds.length; first = ringEnds[r++]) {
      for (let i = first; i + 1 < ringEnds[r]; i++, s++) {
        ringOf[s] = r;
        startOf[s] = i;
        const x1 = xy[2 * i];
        const y1 = xy[2 * i + 1];
        const x2 = xy[2 * i + 2];
        const y2 = xy[2 * i + 3];
        box[s * 4] = Math.min(x1, x2);
        box[s * 4 + 1] = Math.min(y1, y2);
        box[s * 4 + 2] = Math.max(x1, x2);
        box[s * 4 + 3] = Math.max(y1, y2);
      }
    }
  }

  /** Cuts the latitudes into bands of a few segments each; returns where each band's members start (bands + 1 entries). */
  band(): Uint32Array {
    const { box, lo, hi, count } = this;
    let minY = Infinity;
    let maxY = -Infinity;
    for (let k = 0; k < count; k++) {
      if (box[k * 4 + 1] < minY) minY = box[k * 4 + 1];
      if (box[k * 4 + 3] > maxY) maxY = box[k * 4 + 3];
    }
    const bands = Math.max(1, Math.min(MAX_BANDS, Math.ceil(count / SEGMENTS_PER_BAND)));
    const height = maxY > minY ? (maxY - minY) / bands : 1;
    const starts = room('starts', bands + 1);
    starts.fill(0, 0, bands + 1);
    for (let k = 0; k < count; k++) {
      const a = Math.floor((box[k * 4 + 1] - minY) / height);
      const b = Math.floor((box[k * 4 + 3] - minY) / height);
      lo[k] = a < 0 ? 0 : Math.min(a, bands - 1);
      hi[k] = b < 0 ? 0 : Math.min(b, bands - 1);
      for (let band = lo[k]; band <= hi[k]; band++) starts[band + 1]++;
    }
    for (let band = 1; band <= bands; band++) starts[band] += starts[band - 1];
    this.bands = bands;
    return starts;
  }

  /** Whether segments x and y follow each other in their ring (they share a vertex, not a crossing). */
  isNeighbour(x: number, y: number): boolean {
    const r = this.ringOf[x];
    if (r !== this.ringOf[y]) return false;
    const first = r === 0 ? 0 : this.ringEnds[r - 1];
    const last = this.ringEnds[r] - first - 2;
    const i = this.startOf[x] - first;
    const j = this.startOf[y] - first;
    return Math.abs(i - j) === 1 || (Math.min(i, j) === 0 && Math.max(i, j) === last);
  }

  /** Tests segments o and t, met in `band`, unless they were met in an earlier band, their boxes miss or they are neighbours. */
  testPair(o: number, t: number, band: number): void {
    const { box, lo } = this;
    if (Math.max(lo[o], lo[t]) !== band) return; // tested in the first band they share
    if (box[t * 4] > box[o * 4 + 2] || box[t * 4 + 2] < box[o * 4]) return;
    if (box[t * 4 + 1] > box[o * 4 + 3] || box[t * 4 + 3] < box[o * 4 + 1] || this.isNeighbour(o, t)) return;
    const x = Math.min(o, t);
    const y = Math.max(o, t);
    const point = crossing(this.xy, this.startOf[x], this.startOf[y]);
    if (point) this.record(x, y, point);
  }

  record(x: number, y: number, point: [number, number]): void {
    this.found++;
    const { firstFound, maxPoints } = this;
    if (maxPoints <= 0) return;
    let at = firstFound.length;
    while (at > 0 && (firstFound[at - 1][0] > x || (firstFound[at - 1][0] === x && firstFound[at - 1][1] > y))) at--;
    if (at >= maxPoints) return;
    firstFound.splice(at, 0, [x, y, point]);
    if (firstFound.length > maxPoints) firstFound.pop();
  }
}
