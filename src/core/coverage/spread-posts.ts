import { splitInteger } from './apportion.ts';
import type { CoverageInput } from './coverage-types.ts';
import type { CommunePart } from './split-commune.ts';

/**
 * Spreads each contrat-de-ville territory's adultes-relais posts (a commune or an EPCI)
 * over its cantons by population, in whole posts by largest remainder, so that a
 * territory's posts add up exactly over its cantons. A territory with no placed commune
 * is spread nowhere and left out of the total. Null when the posts are not loaded.
 */
export function spreadPosts(
  input: CoverageInput,
  pieces: ReadonlyMap<string, readonly CommunePart[]>,
  cantonCount: number,
): { perCanton: Int32Array; total: number } | null {
  if (!input.healthMediatorPosts) return null;
  const perCantonPosts = new Int32Array(cantonCount);
  let total = 0;
  const communesOfEpci = new Map<string, string[]>();
  for (const c of input.communes) if (c.epciCode) communesOfEpci.set(c.epciCode, [...(communesOfEpci.get(c.epciCode) ?? []), c.code]);
  for (const t of input.healthMediatorPosts.territories) {
    const members = t.kind === 'commune' ? [t.id] : (communesOfEpci.get(t.id) ?? []);
    const perCanton = new Map<number, number>();
    let population = 0;
    for (const code of members) {
      for (const part of pieces.get(code) ?? []) {
        perCanton.set(part.canton, (perCanton.get(part.canton) ?? 0) + part.population);
        population += part.population;
      }
    }
    if (population === 0) continue;
    const entries = [...perCanton].sort((a, b) => a[0] - b[0]);
    const posts = splitInteger(
      t.posts,
      entries.map(([, pop]) => pop),
    );
    entries.forEach(([canton], i) => {
      perCantonPosts[canton] += posts[i];
    });
    total += t.posts;
  }
  return { perCanton: perCantonPosts, total };
}
