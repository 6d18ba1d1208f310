/** The commune finder as it was before issue 12 (commit 77f6bab), kept as the baseline of `npm run bench -- --only find-place`. */
import { normalizeText } from '../../src/core/text/normalize-text.ts';

/** A place that can be found by name or postcode: a commune, an EPCI, a canton… */
export interface PlaceItem {
  /** Stable official code (INSEE code for a commune). */
  code: string;
  name: string;
  /** Postcodes of the place (a commune can have several, several communes can share one). */
  postcodes: readonly string[];
  /** Population used to rank equal matches (larger first); null when unknown. */
  population: number | null;
  /** A representative point `[lng, lat]` (centroid or town hall). */
  lngLat: readonly [number, number];
}

/** How a query matched, best first. */
export type PlaceMatchKind = 'exact' | 'prefix' | 'word-prefix' | 'contains';

export interface PlaceMatch<T extends PlaceItem> {
  item: T;
  kind: PlaceMatchKind;
  /** The postcode that matched, when the query held one. */
  postcode?: string;
}

export interface PlaceFinder<T extends PlaceItem> {
  readonly size: number;
  /**
   * Places matching `query` (a name, a postcode or an official code, or a postcode and a name),
   * best first: exact, then prefix, then a word of the name starting with the query, then
   * contained anywhere; equal kinds by population (largest first), then by name. At most `limit`.
   */
  search(query: string, limit?: number): PlaceMatch<T>[];
}

const KIND_RANK: Record<PlaceMatchKind, number> = { exact: 0, prefix: 1, 'word-prefix': 2, contains: 3 };

interface Entry<T> {
  item: T;
  /** Folded name: `saint amand les eaux`. */
  key: string;
  /** Folded name with a leading space, to find word starts: ` saint amand les eaux`. */
  spaced: string;
  /** Folded name without spaces, so that `villeneuve dascq` finds `Villeneuve-d'Ascq`. */
  compact: string;
}

const COLLATOR = new Intl.Collator('fr', { sensitivity: 'base' });

function nameKind(e: Entry<unknown>, key: string, compact: string): PlaceMatchKind | null {
  if (e.key === key || e.compact === compact) return 'exact';
  if (e.key.startsWith(key) || e.compact.startsWith(compact)) return 'prefix';
  if (e.spaced.includes(` ${key}`)) return 'word-prefix';
  if (e.compact.includes(compact)) return 'contains';
  return null;
}

function postcodeMatch(item: PlaceItem, digits: string): { kind: PlaceMatchKind; postcode?: string } | null {
  let prefix: string | undefined;
  for (const pc of item.postcodes) {
    if (pc === digits) return { kind: 'exact', postcode: pc };
    if (prefix === undefined && pc.startsWith(digits)) prefix = pc;
  }
  if (item.code === digits) return { kind: 'exact' };
  if (prefix !== undefined) return { kind: 'prefix', postcode: prefix };
  return null;
}

/**
 * Builds, once, a finder over places (communes of the bundle, or any item with a code, a name,
 * postcodes, a population and a point). Matching is tolerant of case, accents, hyphens,
 * apostrophes and "St"/"Ste" for "Saint"/"Sainte" (see `normalizeText`). The folded names are
 * computed here; a query then scans them once (about 35,000 communes in France: no sort of the
 * non-matching ones). Items are not modified.
 */
export function createPlaceFinder<T extends PlaceItem>(items: readonly T[]): PlaceFinder<T> {
  const entries: Entry<T>[] = items.map((item) => {
    const key = normalizeText(item.name);
    return { item, key, spaced: ` ${key}`, compact: key.replace(/ /g, '') };
  });

  return {
    size: entries.length,
    search(query, limit = 8) {
      if (limit <= 0) return [];
      const digitTokens = query.match(/\d+/g) ?? [];
      const digits = digitTokens.length === 1 && digitTokens[0].length >= 2 && digitTokens[0].length <= 5 ? digitTokens[0] : null;
      const key = normalizeText(digits ? query.replace(digits, ' ') : query);
      if (!digits && key === '') return [];
      if (!digits && digitTokens.length > 0) return []; // "5" or "59 600 1": not a postcode
      const compact = key.replace(/ /g, '');

      const found: { match: PlaceMatch<T>; rank: number }[] = [];
      for (const e of entries) {
        let match: PlaceMatch<T> | null = null;
        if (digits) {
          const pc = postcodeMatch(e.item, digits);
          if (!pc) continue;
          if (key === '') match = { item: e.item, kind: pc.kind, ...(pc.postcode ? { postcode: pc.postcode } : {}) };
          else {
            const kind = nameKind(e, key, compact);
            // a postcode and a name: both must match; the name decides the kind
            if (kind) match = { item: e.item, kind, ...(pc.postcode ? { postcode: pc.postcode } : {}) };
          }
        } else {
          const kind = nameKind(e, key, compact);
          if (kind) match = { item: e.item, kind };
        }
        if (match) found.push({ match, rank: KIND_RANK[match.kind] });
      }
      found.sort(
        (a, b) =>
          a.rank - b.rank ||
          (b.match.item.population ?? -1) - (a.match.item.population ?? -1) ||
          COLLATOR.compare(a.match.item.name, b.match.item.name) ||
          (a.match.item.code < b.match.item.code ? -1 : a.match.item.code > b.match.item.code ? 1 : 0),
      );
      return found.slice(0, limit).map((f) => f.match);
    },
  };
}
