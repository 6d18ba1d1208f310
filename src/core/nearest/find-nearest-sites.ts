import type { NearestOptions, NearestSite, SiteIndex } from './create-site-index.ts';

/**
 * The `k` sites nearest to `[lng, lat]` over several layer indexes taken as one (for example the
 * France Services of the département and those of its neighbours, so that results cross the
 * border), nearest first. Asks each index for its own `k` nearest and merges those few
 * (at most `k` × number of indexes), so no query sorts every site. Ties keep the order of
 * `indexes`, then each index's input order.
 */
export function findNearestSites<P>(
  indexes: readonly SiteIndex<P>[],
  point: readonly [number, number],
  k: number,
  options: NearestOptions<P> = {},
): NearestSite<P>[] {
  if (k <= 0) return [];
  if (indexes.length === 1) return indexes[0].nearest(point, k, options);
  const candidates: { r: NearestSite<P>; layerRank: number; rank: number }[] = [];
  indexes.forEach((index, layerRank) => {
    index.nearest(point, k, options).forEach((r, rank) => {
      candidates.push({ r, layerRank, rank });
    });
  });
  return candidates
    .sort((a, b) => a.r.distanceKm - b.r.distanceKm || a.layerRank - b.layerRank || a.rank - b.rank)
    .slice(0, k)
    .map((c) => c.r);
}
