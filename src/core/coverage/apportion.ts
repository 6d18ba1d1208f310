import { area } from '@turf/area';
import { intersect } from '@turf/intersect';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { geometryBBox, type AreaFeature, type AreaIndex } from '../index/area-index.ts';

import { SLIVER_SHARE } from './coverage-base.ts';

export { SLIVER_SHARE };

export interface AreaShare {
  /** Index of the area (e.g. canton) in the indexed array. */
  index: number;
  /** Fraction (0–1) of the commune's intersected area lying in it; the shares sum to 1. */
  share: number;
}

/**
 * Splits a polygon (a commune shared between cantons) among the indexed areas it overlaps,
 * by geodesic area of the intersections. Candidates come from the index's boxes; slivers
 * under {@link SLIVER_SHARE} are dropped and the rest renormalised so that nothing is lost.
 * Returns an empty list when the polygon meets no area.
 */
export function apportionByArea(geometry: Polygon | MultiPolygon, areas: readonly AreaFeature<unknown>[], index: AreaIndex): AreaShare[] {
  const subject: Feature<Polygon | MultiPolygon> = { type: 'Feature', properties: {}, geometry };
  const parts: AreaShare[] = [];
  for (const i of index.searchBBox(geometryBBox(geometry))) {
    const clip = intersect({
      type: 'FeatureCollection',
      features: [subject, { type: 'Feature', properties: {}, geometry: areas[i].geometry }],
    });
    if (!clip) continue;
    const m2 = area(clip);
    if (m2 > 0) parts.push({ index: i, share: m2 });
  }
  const total = parts.reduce((s, p) => s + p.share, 0);
  if (total === 0) return [];
  const kept = parts.filter((p) => p.share / total >= SLIVER_SHARE);
  const keptTotal = kept.reduce((s, p) => s + p.share, 0);
  return kept.map((p) => ({ index: p.index, share: p.share / keptTotal }));
}

/**
 * Splits an integer into integer parts proportional to `shares` (largest remainder),
 * so that the parts always add up to the whole. Ties go to the earlier share.
 * Throws a RangeError when `whole` is not an integer (no integer parts can add up to it).
 */
export function splitInteger(whole: number, shares: readonly number[]): number[] {
  if (!Number.isInteger(whole)) throw new RangeError(`splitInteger needs a whole number to split, got ${whole}`);
  const sum = shares.reduce((s, x) => s + x, 0);
  if (shares.length === 0) return [];
  if (sum <= 0) return shares.map((_, i) => (i === 0 ? whole : 0));
  const exact = shares.map((s) => (whole * s) / sum);
  const parts = exact.map(Math.floor);
  let rest = whole - parts.reduce((s, x) => s + x, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k].i]++;
  return parts;
}
