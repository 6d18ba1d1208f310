import { createAreaIndex, type AreaIndex } from '../index/area-index.ts';
import type { CantonFeature, Position } from './coverage-types.ts';

export interface CantonAssignment {
  /** Index of the canton in the array the assigner was built from, or -1 when the point lies in none. */
  canton: number;
  /** `cog`: the canton of the site's commune (wholly in one canton); `polygon`: point-in-polygon; null: outside. */
  method: 'cog' | 'polygon' | null;
  /** Canton the coordinates fall in (-1: none), whatever the method: differs from `canton` on a disagreement. */
  pointCanton: number;
}

export interface CantonAssigner {
  readonly index: AreaIndex;
  /** Canton of a site, from its INSEE commune when that commune lies wholly in one canton, else from its coordinates. */
  assign(lngLat: Position, communeCode: string | null): CantonAssignment;
}

/**
 * The rule of the SDAASP table: a site belongs to the canton of its INSEE commune
 * when that commune lies wholly in one canton (the COG table is authoritative: the
 * simplified polygons' borders can be off by hundreds of metres); point-in-polygon,
 * through an index built once, decides only for communes split between cantons and
 * for sites without a known commune.
 *
 * @param cantons the canton polygons
 * @param communeCanton the COG canton of each commune lying wholly in one canton (split communes: absent or null)
 */
export function createCantonAssigner(
  cantons: readonly CantonFeature[],
  communeCanton: ReadonlyMap<string, string | null>,
  index: AreaIndex = createAreaIndex(cantons),
): CantonAssigner {
  const byCode = new Map(cantons.map((c, i) => [c.properties.code, i]));
  return {
    index,
    assign(lngLat, communeCode) {
      const pointCanton = index.findArea(lngLat);
      const cog = communeCode ? communeCanton.get(communeCode) : null;
      const cogIndex = cog ? byCode.get(cog) : undefined;
      if (cogIndex !== undefined) return { canton: cogIndex, method: 'cog', pointCanton };
      if (pointCanton >= 0) return { canton: pointCanton, method: 'polygon', pointCanton };
      return { canton: -1, method: null, pointCanton };
    },
  };
}
