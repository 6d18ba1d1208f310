import { area } from '@turf/area';
import { difference } from '@turf/difference';
import { intersect } from '@turf/intersect';
import { pointOnFeature } from '@turf/point-on-feature';
import { union } from '@turf/union';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { geometryBBox } from './geometry-bbox.ts';
import type { AreaFeature, AreaIndex } from '../index/area-index.ts';

/** One piece of a polygon cut by areas: the area (index in the indexed array) it goes to. */
export interface AreaPiece {
  index: number;
  geometry: MultiPolygon;
  /** Share (0–1) of the polygon's geodesic area. */
  share: number;
  /**
   * Set when the exact partition failed (the polygon clipping could not close a ring while taking
   * the pieces out of the polygon): the pieces are then the plain intersections with the areas,
   * their shares scaled to add up to 1; the reason is the clipping's message.
   */
  approximate?: string;
}

type Geom = Polygon | MultiPolygon;
const feature = (geometry: Geom): Feature<Geom> => ({ type: 'Feature', properties: {}, geometry });
const collection = (geometries: Geom[]): FeatureCollection<Geom> => ({ type: 'FeatureCollection', features: geometries.map(feature) });
const asMulti = (g: Geom): MultiPolygon => (g.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [g.coordinates] } : g);

/** Planar distance (degrees of latitude, longitude scaled at the point's latitude) from a point to a geometry's rings; 0 inside. */
function distanceToGeometry(point: Position, g: Geom): number {
  const k = Math.cos((point[1] * Math.PI) / 180);
  let best = Infinity;
  let inside = false;
  for (const polygon of asMulti(g).coordinates) {
    polygon.forEach((ring, r) => {
      let crossings = false;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) crossings = !crossings;
        best = Math.min(best, segmentDistance(point, ring[j], ring[i], k));
      }
      // inside the outer ring and outside its holes
      if (r === 0 && crossings) inside = true;
      else if (r > 0 && crossings) inside = false;
    });
    if (inside) return 0;
  }
  return best;
}

function segmentDistance(p: Position, a: Position, b: Position, k: number): number {
  const ax = a[0] * k;
  const bx = b[0] * k;
  const px = p[0] * k;
  const dx = bx - ax;
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), p[1] - (a[1] + t * dy));
}

function polygonsOf(g: Geom | null | undefined): Polygon[] {
  if (!g) return [];
  return g.type === 'Polygon' ? [g] : g.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
}

/**
 * Cuts a polygon (a commune split between cantons) into pieces that partition it exactly, one
 * per indexed area (canton) holding at least `minShare` of the area the polygon shares with
 * all of them: a piece is the polygon's intersection with its area; the parts of the polygon in
 * no kept area (slivers of areas under `minShare`, gaps and overhangs of areas simplified apart
 * from the polygon) go to the nearest piece, and the largest piece is what remains of the polygon
 * once the others are taken out, so the pieces add up to the polygon with no gap and no overlap.
 * Returns an empty list when the polygon meets no area, or when the areas cover less than
 * `minCovered` of it (a commune of the Métropole de Lyon, which no 2018 canton of the Rhône covers,
 * touched by one along its border); one piece (the polygon) when it meets one. Inputs are not modified.
 */
export function partitionByAreas(
  geometry: Geom,
  areas: readonly AreaFeature<unknown>[],
  index: AreaIndex,
  minShare: number,
  minCovered = 0,
): AreaPiece[] {
  const subject = feature(geometry);
  const clips: { index: number; geometry: Geom; m2: number }[] = [];
  for (const i of index.searchBBox(geometryBBox(geometry))) {
    const clip = intersect(collection([geometry, areas[i].geometry]));
    if (!clip) continue;
    const m2 = area(clip);
    if (m2 > 0) clips.push({ index: i, geometry: clip.geometry, m2 });
  }
  const total = clips.reduce((s, c) => s + c.m2, 0);
  if (total === 0 || (minCovered > 0 && total < minCovered * area(subject))) return [];
  const kept = clips.filter((c) => c.m2 / total >= minShare);
  if (kept.length === 1) return [{ index: kept[0].index, geometry: asMulti(geometry), share: 1 }];
  try {
    return exactPieces(geometry, subject, kept);
  } catch (e) {
    // the clipping fails on a few simplified polygons (Nevers, Perpignan…): keep the intersections
    const keptM2 = kept.reduce((s, k) => s + k.m2, 0);
    const reason = e instanceof Error ? e.message : String(e);
    return kept.flatMap((k): AreaPiece[] => {
      const clean = withoutDust(asMulti(k.geometry));
      return clean ? [{ index: k.index, geometry: clean, share: k.m2 / keptM2, approximate: reason }] : [];
    });
  }
}

/** The exact partition of {@link partitionByAreas} for two or more kept areas (throws when the clipping fails). */
function exactPieces(geometry: Geom, subject: Feature<Geom>, kept: { index: number; geometry: Geom; m2: number }[]): AreaPiece[] {
  const parts: Geom[][] = kept.map((k) => [k.geometry]);
  const covered = union(collection(kept.map((k) => k.geometry)));
  const leftover = covered ? difference(collection([geometry, covered.geometry])) : subject;
  for (const poly of polygonsOf(leftover?.geometry)) {
    const at = pointOnFeature(feature(poly)).geometry.coordinates;
    let nearest = 0;
    let best = Infinity;
    kept.forEach((k, i) => {
      const d = distanceToGeometry(at, k.geometry);
      if (d < best) [best, nearest] = [d, i];
    });
    parts[nearest].push(poly);
  }
  const merged: Geom[] = parts.map((p) => (p.length === 1 ? p[0] : (union(collection(p))?.geometry ?? p[0])));
  const largest = kept.reduce((best, k, i) => (k.m2 > kept[best].m2 ? i : best), 0);
  const others = merged.filter((_, i) => i !== largest);
  const othersUnion = others.length === 1 ? feature(others[0]) : union(collection(others));
  const rest = othersUnion ? difference(collection([geometry, othersUnion.geometry])) : subject;
  const whole = area(subject);
  return kept
    .map((k, i) => {
      const g = i === largest ? (rest?.geometry ?? null) : merged[i];
      const clean = g ? withoutDust(asMulti(g)) : null;
      return { index: k.index, geometry: clean, share: clean ? area(feature(clean)) / whole : 0 };
    })
    .filter((p): p is AreaPiece => p.geometry !== null && p.share > 0);
}

/** Rings under this area (m²) are clipping dust (a float apart along a shared border), not land. */
export const DUST_M2 = 10;

/** The geometry without its polygons and holes smaller than {@link DUST_M2}; null when nothing is left. */
export function withoutDust(g: MultiPolygon): MultiPolygon | null {
  const ringArea = (ring: Position[]) => area({ type: 'Polygon', coordinates: [ring] });
  const coordinates = g.coordinates
    .filter((poly) => ringArea(poly[0]) >= DUST_M2)
    .map((poly) => [poly[0], ...poly.slice(1).filter((hole) => ringArea(hole) >= DUST_M2)]);
  return coordinates.length ? { type: 'MultiPolygon', coordinates } : null;
}
