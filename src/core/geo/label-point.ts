import type { MultiPolygon, Polygon, Position } from 'geojson';

type Ring = Position[];

/** Twice the signed planar area of a ring (lng/lat degrees, shoelace formula). */
function ringArea2(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a;
}

/** Planar area of a polygon (outer ring minus holes), in square degrees. */
function polygonArea(rings: Ring[]): number {
  if (rings.length === 0) return 0;
  return Math.abs(ringArea2(rings[0])) / 2 - rings.slice(1).reduce((s, r) => s + Math.abs(ringArea2(r)) / 2, 0);
}

/** Area-weighted centroid of a ring; the mean of its vertices when the ring has no area. */
function ringCentroid(ring: Ring): [number, number] {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
    a += f;
  }
  if (a === 0) {
    const n = Math.max(1, ring.length);
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Even-odd point-in-polygon test over all rings (holes excluded); boundary points may go either way. */
function isInside(point: readonly [number, number], rings: Ring[]): boolean {
  const [x, y] = point;
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The widest inside stretch of the horizontal line at latitude `y`, as [width, midpoint lng]. */
function widestStretchAt(y: number, rings: Ring[]): [number, number] | null {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  }
  xs.sort((a, b) => a - b);
  let best: [number, number] | null = null;
  for (let k = 0; k + 1 < xs.length; k += 2) {
    const width = xs[k + 1] - xs[k];
    if (!best || width > best[0]) best = [width, (xs[k] + xs[k + 1]) / 2];
  }
  return best;
}

/**
 * Where to write the name of an area: a `[lng, lat]` point inside its largest part.
 * The centroid of that part when it falls inside it; otherwise (a crescent, a U-shaped
 * commune) the middle of the widest inside stretch along a few horizontal lines.
 * Planar arithmetic on degrees: good enough to place a label, not to measure.
 * Returns null for a geometry without any ring. The input is not modified.
 */
export function labelPointOf(geometry: Polygon | MultiPolygon): [number, number] | null {
  const polygons: Ring[][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let largest: Ring[] | null = null;
  let largestArea = -1;
  for (const rings of polygons) {
    if (rings.length === 0 || rings[0].length < 3) continue;
    const area = polygonArea(rings);
    if (area > largestArea) {
      largestArea = area;
      largest = rings;
    }
  }
  if (!largest) return null;
  const centroid = ringCentroid(largest[0]);
  if (isInside(centroid, largest)) return centroid;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of largest[0]) {
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  let best: [number, number, number] | null = null; // width, lng, lat
  for (const y of [centroid[1], ...[0.5, 0.35, 0.65, 0.2, 0.8].map((t) => minY + (maxY - minY) * t)]) {
    const s = widestStretchAt(y, largest);
    if (s && (!best || s[0] > best[0])) best = [s[0], s[1], y];
  }
  return best ? [best[1], best[2]] : [largest[0][0][0], largest[0][0][1]];
}
