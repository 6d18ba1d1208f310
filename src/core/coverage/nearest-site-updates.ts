import KDBush from 'kdbush';
import { distanceKm } from '../geo/distance-km.ts';
import { expandBBoxKm } from '../geo/lng-lat.ts';
import { createPointIndex } from '../index/point-index.ts';
import { nearestDistances } from './access-demand.ts';
import type { Position } from './coverage-types.ts';

/**
 * The distance from each demand point to its nearest open site, kept up to date when
 * sites close or open: measured once for the base sites, then, for a change, only the
 * points whose nearest site changes are measured again.
 */
export interface NearestSiteUpdates {
  /** Distances (km) with the base sites; Infinity everywhere when there is none. */
  readonly baseDistanceKm: Float64Array;
  /**
   * Distances after closing base sites (indexes into the base sites) and opening new ones:
   * a closed site's points are measured again against the open sites (the base index, closed
   * sites filtered out, and the new sites); a new site takes the points now closer to it,
   * found by a box query on the points' index (radius: the largest current distance).
   * The result equals measuring every point against the final set of open sites.
   */
  after(closed: readonly number[], opened: readonly Position[]): Float64Array;
}

/** Indexes the points and the base sites once (see {@link NearestSiteUpdates}); inputs are not modified. */
export function createNearestSiteUpdates(points: readonly Position[], baseSites: readonly Position[]): NearestSiteUpdates {
  const base = nearestDistances(points, baseSites);
  const baseIndex = createPointIndex(baseSites);
  const pointTree = new KDBush(Math.max(1, points.length));
  if (points.length === 0) pointTree.add(0, 0);
  for (const p of points) pointTree.add(p[0], p[1]);
  pointTree.finish();

  return {
    baseDistanceKm: base.distanceKm,
    after(closed, opened) {
      const d = base.distanceKm.slice();
      const nearest = base.nearest.slice();
      const open = new Uint8Array(baseSites.length).fill(1);
      let baseOpen = baseSites.length;
      const extra: Position[] = [];
      for (const s of closed) {
        open[s] = 0;
        baseOpen--;
        for (let i = 0; i < points.length; i++) {
          if (nearest[i] !== s) continue;
          const n = baseOpen > 0 ? baseIndex.nearest(points[i], 1, { filter: (j) => open[j] === 1 })[0] : undefined;
          d[i] = n ? n.distanceKm : Infinity;
          nearest[i] = n ? n.index : -1;
        }
      }
      for (const p of opened) {
        const id = baseSites.length + extra.length;
        extra.push(p);
        let radiusKm = 0;
        for (let i = 0; i < d.length; i++) if (d[i] > radiusKm) radiusKm = d[i];
        // every point that could be closer to the new site lies within the largest current distance of it:
        // a box query on the point index (unsorted, cheaper than a nearest-first walk), then the exact distance
        const box = Number.isFinite(radiusKm) ? expandBBoxKm([p[0], p[1], p[0], p[1]], radiusKm * (1 + 1e-6) + 1e-6) : null;
        const candidates = box ? pointTree.range(box[0], box[1], box[2], box[3]) : points.map((_, i) => i);
        for (const i of candidates) {
          const km = distanceKm(points[i], p);
          if (km < d[i]) [d[i], nearest[i]] = [km, id];
        }
      }
      return d;
    },
  };
}
