/**
 * A small static map of a canton for the printed sheet: GeoJSON rings and points projected into
 * an SVG box, with no map library and no network (it prints the same offline). The projection is
 * equirectangular around the canton's centre latitude (x scaled by its cosine): at a canton's size
 * (tens of km) it keeps shapes and distances to well under 1 %. Pure, `[lng, lat]` in, SVG user
 * units out (y down).
 */

type Ring = readonly (readonly number[])[];
/** The polygon geometries the sheet draws. */
export type AreaGeometry =
  | { type: 'Polygon'; coordinates: readonly Ring[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly Ring[])[] };

export interface Projection {
  /** `[lng, lat]` → `[x, y]` in the box. */
  project(lngLat: readonly number[]): [number, number];
  /** Kilometres per SVG unit (for the scale bar). */
  kmPerUnit: number;
  width: number;
  height: number;
}

const EARTH_KM_PER_DEGREE = 111.195; // 2π × 6371 km / 360

function polygonsOf(g: AreaGeometry): readonly (readonly Ring[])[] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** West, south, east, north of a geometry's outer rings. */
export function geometryBounds(g: AreaGeometry): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygonsOf(g)) {
    for (const [lng, lat] of polygon[0] ?? []) {
      if (lng < w) w = lng;
      if (lng > e) e = lng;
      if (lat < s) s = lat;
      if (lat > n) n = lat;
    }
  }
  return [w, s, e, n];
}

/** True when two bounds overlap. */
export function boundsOverlap(a: readonly number[], b: readonly number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * Fits `bounds` (west, south, east, north) into a `width` × `height` box with `padding` units on
 * every side, keeping the aspect ratio (the shorter side is centred).
 */
export function fitProjection(bounds: readonly number[], width: number, height: number, padding: number): Projection {
  const [w, s, e, n] = bounds;
  const lat0 = ((s + n) / 2) * (Math.PI / 180);
  const kx = Math.cos(lat0);
  const spanX = Math.max((e - w) * kx, 1e-9);
  const spanY = Math.max(n - s, 1e-9);
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return {
    project: ([lng, lat]) => [offsetX + (lng - w) * kx * scale, offsetY + (n - lat) * scale],
    kmPerUnit: EARTH_KM_PER_DEGREE / scale,
    width,
    height,
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/** An SVG path (`d`) of a polygon geometry: every ring, closed; holes drawn with the even-odd rule by the caller. */
export function pathOf(g: AreaGeometry, projection: Projection): string {
  const parts: string[] = [];
  for (const polygon of polygonsOf(g)) {
    for (const ring of polygon) {
      if (ring.length < 3) continue;
      parts.push(
        `M${ring
          .map((p) => {
            const [x, y] = projection.project(p);
            return `${r1(x)} ${r1(y)}`;
          })
          .join('L')}Z`,
      );
    }
  }
  return parts.join('');
}

/** A scale bar of a round length (1, 2, 5, 10, 20… km) no longer than `maxUnits`: its length in km and in units. */
export function scaleBar(projection: Projection, maxUnits: number): { km: number; units: number } {
  const maxKm = maxUnits * projection.kmPerUnit;
  const steps = [0.5, 1, 2, 5, 10, 20, 50, 100];
  const km = [...steps].reverse().find((k) => k <= maxKm) ?? steps[0];
  return { km, units: km / projection.kmPerUnit };
}
