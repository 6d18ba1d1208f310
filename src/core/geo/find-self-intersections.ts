import type { MultiPolygon, Polygon } from 'geojson';

/** Where the outline of a polygon crosses itself. */
export interface SelfIntersections {
  /** Crossing points found, `[lng, lat]` in degrees, at most `maxPoints` of them. */
  points: [number, number][];
  /** Number of crossing segment pairs found in all (may exceed `points.length`). */
  count: number;
}

type Position = readonly number[];

/** Sign of the turn a → b → c: > 0 left, < 0 right, 0 collinear. */
function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** True when c lies on the segment a–b, given that the three are collinear. */
function onSegment(a: Position, b: Position, c: Position): boolean {
  return Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
}

/** The crossing point of a–b and c–d, or null when they do not cross or touch. */
function crossing(a: Position, b: Position, c: Position, d: Position): [number, number] | null {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
    const t = o3 / (o3 - o4);
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  }
  if (o1 === 0 && onSegment(a, b, c)) return [c[0], c[1]];
  if (o2 === 0 && onSegment(a, b, d)) return [d[0], d[1]];
  if (o3 === 0 && onSegment(c, d, a)) return [a[0], a[1]];
  if (o4 === 0 && onSegment(c, d, b)) return [b[0], b[1]];
  return null;
}

/**
 * Finds where a Polygon's or MultiPolygon's rings cross or touch themselves or each other (a
 * "bow-tie", a ring folding back, a hole crossing its shell), except at the shared vertex of two
 * consecutive segments of a ring. Such an area has no well-defined inside: point-in-polygon counts
 * near the crossing depend on the rule used. A sweep along the longitude: segments sorted once by
 * their west end, each tested only against the segments still open whose boxes overlap its own
 * (the same answers as Turf's `kinks`, which compares every pair). The crossings reported first
 * are those of the lowest segment pairs in ring order. Positions are `[lng, lat]` in degrees; the
 * geometry is assumed checked (rings of at least 4 finite positions).
 */
export function findSelfIntersections(geometry: Polygon | MultiPolygon, maxPoints = 10): SelfIntersections {
  // a vertex repeated in a row is common in real files and is not a crossing: drop the repeats
  const rings: Position[][] = (geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat()).map((ring) =>
    ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]),
  );
  let segments = 0;
  for (const ring of rings) segments += Math.max(0, ring.length - 1);
  const result: SelfIntersections = { points: [], count: 0 };
  if (segments < 2) return result;
  const ringOf = new Uint32Array(segments);
  const startOf = new Uint32Array(segments);
  const box = new Float64Array(segments * 4); // minX, minY, maxX, maxY
  let s = 0;
  rings.forEach((ring, r) => {
    for (let i = 0; i < ring.length - 1; i++, s++) {
      const a = ring[i];
      const b = ring[i + 1];
      ringOf[s] = r;
      startOf[s] = i;
      box[s * 4] = Math.min(a[0], b[0]);
      box[s * 4 + 1] = Math.min(a[1], b[1]);
      box[s * 4 + 2] = Math.max(a[0], b[0]);
      box[s * 4 + 3] = Math.max(a[1], b[1]);
    }
  });
  const isNeighbour = (x: number, y: number): boolean => {
    if (ringOf[x] !== ringOf[y]) return false;
    const last = rings[ringOf[x]].length - 2;
    const i = startOf[x];
    const j = startOf[y];
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
  const order = Array.from({ length: segments }, (_, k) => k).sort((p, q) => box[p * 4] - box[q * 4] || p - q);
  let open: number[] = [];
  for (const t of order) {
    const minX = box[t * 4];
    const minY = box[t * 4 + 1];
    const maxY = box[t * 4 + 3];
    // segments ending west of this one can meet no later segment either
    if (open.some((o) => box[o * 4 + 2] < minX)) open = open.filter((o) => box[o * 4 + 2] >= minX);
    for (const o of open) {
      if (box[o * 4 + 1] > maxY || box[o * 4 + 3] < minY || isNeighbour(o, t)) continue;
      const [x, y] = o < t ? [o, t] : [t, o];
      const rx = rings[ringOf[x]];
      const ry = rings[ringOf[y]];
      const point = crossing(rx[startOf[x]], rx[startOf[x] + 1], ry[startOf[y]], ry[startOf[y] + 1]);
      if (point) record(x, y, point);
    }
    open.push(t);
  }
  result.points = firstFound.map((f) => f[2]);
  return result;
}
