import KDBush from 'kdbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';

type Geom = Polygon | MultiPolygon;

/** Default tolerance, in degrees (about 0.1 mm): far below the 1 m precision of the source polygons. */
export const SHARED_VERTEX_TOLERANCE_DEG = 1e-9;

/**
 * Makes the pieces of a cut polygon and the polygons around it share their borders vertex for
 * vertex, so that a topology (`dissolve-polygons.ts`) sees each border as one shared arc and
 * dissolves it without a crack:
 * - the pieces' vertices within `tolerance` of a vertex of the cut polygon, or of one another
 *   (a cut point computed once per piece), are snapped to one coordinate;
 * - every ring, of the pieces and of the neighbours, gets the vertices of that pool lying on one
 *   of its edges inserted (a cut point on the outline goes into the neighbour's edge; a vertex the
 *   clipping dropped as collinear comes back into the piece).
 * Returns new geometries; the inputs are not modified.
 */
export function shareBorderVertices(
  subject: Geom,
  pieces: readonly MultiPolygon[],
  neighbours: readonly Geom[],
  tolerance = SHARED_VERTEX_TOLERANCE_DEG,
): { pieces: MultiPolygon[]; neighbours: Geom[] } {
  const pool: Position[] = [];
  const cell = tolerance * 10;
  const grid = new Map<string, number[]>();
  const keyOf = (x: number, y: number) => `${Math.floor(x / cell)},${Math.floor(y / cell)}`;
  /** The pool's coordinate for p: an existing vertex within tolerance, or p added. */
  const canonical = (p: Position): Position => {
    const gx = Math.floor(p[0] / cell);
    const gy = Math.floor(p[1] / cell);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        for (const i of grid.get(`${gx + dx},${gy + dy}`) ?? []) {
          const q = pool[i];
          if (Math.abs(q[0] - p[0]) <= tolerance && Math.abs(q[1] - p[1]) <= tolerance) return q;
        }
      }
    const key = keyOf(p[0], p[1]);
    grid.set(key, [...(grid.get(key) ?? []), pool.length]);
    pool.push([p[0], p[1]]);
    return pool[pool.length - 1];
  };
  for (const ring of ringsOf(subject)) for (const p of ring) canonical(p);
  const snapped = pieces.map(
    (g): MultiPolygon => ({
      type: 'MultiPolygon',
      coordinates: g.coordinates.map((poly) => poly.map((ring) => dedupe(ring.map((p) => canonical(p))))),
    }),
  );
  const index = new KDBush(pool.length);
  for (const p of pool) index.add(p[0], p[1]);
  index.finish();
  const fill = (ring: Position[]): Position[] => insertOnEdges(ring, pool, index, tolerance);
  return {
    pieces: snapped.map((g) => ({ type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(fill)) })),
    neighbours: neighbours.map(
      (g): Geom =>
        g.type === 'Polygon'
          ? { type: 'Polygon', coordinates: g.coordinates.map(fill) }
          : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(fill)) },
    ),
  };
}

function ringsOf(g: Geom): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** The ring without repeated consecutive positions, still closed. */
function dedupe(ring: Position[]): Position[] {
  const out = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) out.push(first);
  return out;
}

/** The ring with every pool vertex lying on one of its edges (strictly between the ends) inserted in order. */
function insertOnEdges(ring: Position[], pool: Position[], index: KDBush, tolerance: number): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    out.push(a);
    const found = index.range(
      Math.min(a[0], b[0]) - tolerance,
      Math.min(a[1], b[1]) - tolerance,
      Math.max(a[0], b[0]) + tolerance,
      Math.max(a[1], b[1]) + tolerance,
    );
    if (found.length === 0) continue;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) continue;
    const onEdge: { t: number; p: Position }[] = [];
    for (const j of found) {
      const p = pool[j];
      if ((p[0] === a[0] && p[1] === a[1]) || (p[0] === b[0] && p[1] === b[1])) continue;
      const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
      if (t <= 0 || t >= 1) continue;
      const d = Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
      if (d <= tolerance) onEdge.push({ t, p });
    }
    onEdge.sort((x, y) => x.t - y.t);
    for (const { p } of onEdge) out.push(p);
  }
  out.push(ring[ring.length - 1]);
  return out;
}
