import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { distanceKm } from '../geo/distance-km.ts';
import type { LocationPrecision } from '../nearest/location-precision.ts';
import { normalizeText } from '../text/normalize-text.ts';
import { addressKey, placeNameWords, sameAddress, similarNames, type AddressKey } from './place-keys.ts';

/** One record of a place as a source lists it, as the merge reads it. */
export interface PlaceRecord {
  /** The source that lists it (source id of the bundle, or any label). */
  source: string;
  name: string;
  address?: string | null;
  /** INSEE code of its commune: records are merged only within one commune; none, never merged. */
  communeCode: string | null;
  /** The commune's name, so that a name made only of it ("Maubeuge") is not taken as telling. */
  communeName?: string | null;
  lngLat: readonly [number, number];
  precision: LocationPrecision;
  /** SIRET (14 digits) when the source gives it. */
  siret?: string | null;
  /** When the source last updated it (ISO date), if known. */
  updated?: string | null;
  /** The record has opening hours. */
  hasHours?: boolean;
}

/** The distances of the rule, in metres. */
export const SAME_PLACE_THRESHOLDS = {
  /** Two placed records with near-identical names, or one SIRET, within this are one place. */
  nearMetres: 50,
  /** With near-identical names and the same number and street, geocoders may differ by up to this. */
  sameAddressMetres: 150,
} as const;

export type MergeReason =
  /** Same SIRET, within `nearMetres`. */
  | 'same-siret'
  /** Near-identical names, within `nearMetres`. */
  | 'same-name'
  /** Near-identical names (or one SIRET) and the same number and street, within `sameAddressMetres`. */
  | 'same-name-and-address'
  /** A record placed at its commune's centre joined to the place of its commune with the same SIRET. */
  | 'commune-only-same-siret'
  /** A record placed at its commune's centre joined to the one place of its commune with the same name. */
  | 'commune-only-same-name';

/** Why record `record` joined the group of record `mergedWith` (indexes into the input). */
export interface MergeLink {
  record: number;
  mergedWith: number;
  reason: MergeReason;
  /** Distance between the two points, metres; null when one is only placed at its commune's centre. */
  distanceM: number | null;
}

export interface PlaceGroup {
  /** Indexes of the records of one place, in input order. */
  members: number[];
  /** The record that stands for the place: its name, address and point are shown. */
  representative: number;
  /** The first member, in the representative's order, that has opening hours; null if none. */
  hoursFrom: number | null;
  /** Every source listing the place, in the representative's order, without repeats. */
  sources: string[];
}

export interface PlaceMergeResult {
  /** Every record in exactly one group; groups ordered by their first member. */
  groups: PlaceGroup[];
  /** One link per record that joined another (members − 1 per group). */
  links: MergeLink[];
  /** Records placed at their commune's centre left alone because several places of their commune matched them. */
  ambiguous: number[];
}

export interface MergeOptions {
  /** Sources in order of trust for the representative (earlier first); unlisted sources come after, in input order. */
  sourcePriority?: readonly string[];
  thresholds?: typeof SAME_PLACE_THRESHOLDS;
}

interface Keyed {
  words: string[];
  nameKey: string;
  address: AddressKey | null;
  siret: string | null;
  communeWords: string[];
}

function keyedOf(r: PlaceRecord): Keyed {
  const words = placeNameWords(r.name);
  return {
    words,
    nameKey: words.join(' '),
    address: addressKey(r.address),
    siret: siretOf(r.siret),
    communeWords: r.communeName ? normalizeText(r.communeName).split(' ') : [],
  };
}

/** The rule for two records placed at their address, `m` metres apart, in one commune. */
function placedPairReason(a: Keyed, b: Keyed, m: number, t: typeof SAME_PLACE_THRESHOLDS): MergeReason | null {
  const sameSiret = a.siret !== null && a.siret === b.siret;
  const similar = similarNames(a.words, b.words, a.communeWords.length ? a.communeWords : b.communeWords);
  if (m <= t.nearMetres && sameSiret) return 'same-siret';
  if (m <= t.nearMetres && similar) return 'same-name';
  if (m <= t.sameAddressMetres && (similar || sameSiret) && sameAddress(a.address, b.address)) return 'same-name-and-address';
  return null;
}

/**
 * Whether two records placed at their address are one place, and why (null: two places). The
 * pair rule of {@link mergeSamePlaces}, for one pair: records of different communes, or placed
 * only at their commune's centre, are never one place by this rule.
 */
export function samePlaceReason(a: PlaceRecord, b: PlaceRecord, thresholds = SAME_PLACE_THRESHOLDS): MergeReason | null {
  if (a.precision !== 'exact' || b.precision !== 'exact' || !a.communeCode || a.communeCode !== b.communeCode) return null;
  return placedPairReason(keyedOf(a), keyedOf(b), distanceKm(a.lngLat, b.lngLat) * 1000, thresholds);
}

function siretOf(value: string | null | undefined): string | null {
  const digits = (value ?? '').replace(/\s/g, '');
  return /^\d{14}$/.test(digits) ? digits : null;
}

/**
 * Groups the records that are one place listed by several sources (or twice by one), so that a
 * resident sees one card with every source. Pure; records are not modified.
 *
 * The rule, always within one commune (same INSEE code):
 * - two records placed at their own address are one place when they lie within
 *   `nearMetres` (50 m) and have near-identical names (`similarNames`: case, accents,
 *   "COMMUNE DE X" = "Mairie de X", abbreviations) or the same SIRET; or within
 *   `sameAddressMetres` (150 m) when they also give the same house number and street
 *   (geocoders place one address differently). Two different places in one building
 *   (different names, no common SIRET) stay apart, and so do the branches of one network
 *   (one name in several communes, or several streets of one commune);
 * - a record placed only at its commune's centre joins the one place of its commune that has its
 *   SIRET, else the one that has exactly its name; when several places match, it stays alone
 *   (listed in `ambiguous`), and it never links two places together.
 *
 * Representative: a record placed at its address before one placed at its commune's centre,
 * then the source earlier in `sourcePriority`, then the more recent `updated`, then input order.
 * Its name, address and point are the place's; hours come from the first member in that order
 * that has them.
 *
 * Indexed: the placed records go into one geodesic index (kdbush + geokdbush) and each asks it
 * for its neighbours within 150 m; commune-centre records look up their commune's places by
 * SIRET and name in maps. No pair of far-apart records is ever compared.
 */
export function mergeSamePlaces(records: readonly PlaceRecord[], options: MergeOptions = {}): PlaceMergeResult {
  const t = options.thresholds ?? SAME_PLACE_THRESHOLDS;
  const keyed = records.map(keyedOf);

  // union-find over record indexes
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const links: MergeLink[] = [];
  const join = (record: number, mergedWith: number, reason: MergeReason, distanceM: number | null) => {
    const a = find(record);
    const b = find(mergedWith);
    if (a === b) return;
    parent[Math.max(a, b)] = Math.min(a, b);
    links.push({ record, mergedWith, reason, distanceM });
  };

  // 1. placed records: neighbours within the larger distance, from one index
  const placed = records.map((r, i) => (r.precision === 'exact' && r.communeCode ? i : -1)).filter((i) => i >= 0);
  if (placed.length > 0) {
    const tree = new KDBush(placed.length);
    for (const i of placed) tree.add(records[i].lngLat[0], records[i].lngLat[1]);
    tree.finish();
    const radiusKm = Math.max(t.nearMetres, t.sameAddressMetres) / 1000;
    placed.forEach((i, pi) => {
      const r = records[i];
      for (const pj of around(tree, r.lngLat[0], r.lngLat[1], Infinity, radiusKm)) {
        if (pj <= pi) continue; // each pair once, the later record joining the earlier
        const j = placed[pj];
        if (records[j].communeCode !== r.communeCode) continue;
        const m = distanceKm(r.lngLat, records[j].lngLat) * 1000;
        const reason = placedPairReason(keyed[i], keyed[j], m, t);
        if (reason) join(j, i, reason, m);
      }
    });
  }

  // 2. records placed at their commune's centre: the one place of their commune with their SIRET, else their name
  const placesBy = (key: (i: number) => string | null) => {
    const map = new Map<string, Set<number>>();
    for (const i of placed) {
      const k = key(i);
      if (k !== null) (map.get(k) ?? map.set(k, new Set()).get(k)!).add(i);
    }
    return map;
  };
  const bySiret = placesBy((i) => (keyed[i].siret ? `${records[i].communeCode}|${keyed[i].siret}` : null));
  const byName = placesBy((i) => (keyed[i].nameKey ? `${records[i].communeCode}|${keyed[i].nameKey}` : null));
  const ambiguous: number[] = [];
  const centreOnly = records.map((r, i) => (r.precision === 'commune' && r.communeCode ? i : -1)).filter((i) => i >= 0);
  const leftAlone: number[] = [];
  for (const i of centreOnly) {
    const k = keyed[i];
    const c = records[i].communeCode;
    const target = (members: Set<number> | undefined): { to: number } | 'many' | null => {
      if (!members) return null;
      const roots = new Set([...members].map(find));
      if (roots.size > 1) return 'many';
      return { to: Math.min(...members) };
    };
    const bySiretHit = k.siret ? target(bySiret.get(`${c}|${k.siret}`)) : null;
    const byNameHit = bySiretHit === null && k.nameKey ? target(byName.get(`${c}|${k.nameKey}`)) : null;
    const hit = bySiretHit ?? byNameHit;
    if (hit === 'many') ambiguous.push(i);
    else if (hit) join(i, hit.to, bySiretHit ? 'commune-only-same-siret' : 'commune-only-same-name', null);
    else leftAlone.push(i);
  }
  // commune-centre records with nothing placed to join: one SIRET or one name in one commune are one place
  const firstBy = new Map<string, number>();
  for (const i of leftAlone) {
    const k = keyed[i];
    const c = records[i].communeCode;
    for (const [key, reason] of [
      [k.siret ? `s|${c}|${k.siret}` : null, 'commune-only-same-siret'],
      [k.nameKey ? `n|${c}|${k.nameKey}` : null, 'commune-only-same-name'],
    ] as const) {
      if (key === null) continue;
      const earlier = firstBy.get(key);
      if (earlier === undefined) firstBy.set(key, i);
      else if (find(earlier) !== find(i)) join(i, earlier, reason, null);
    }
  }

  // groups, and each one's representative
  const members = new Map<number, number[]>();
  records.forEach((_, i) => {
    const root = find(i);
    (members.get(root) ?? members.set(root, []).get(root)!).push(i);
  });
  const priority = (source: string) => {
    const p = options.sourcePriority?.indexOf(source) ?? -1;
    return p < 0 ? Number.MAX_SAFE_INTEGER : p;
  };
  const order = (a: number, b: number) =>
    (records[a].precision === 'exact' ? 0 : 1) - (records[b].precision === 'exact' ? 0 : 1) ||
    priority(records[a].source) - priority(records[b].source) ||
    (records[b].updated ?? '').localeCompare(records[a].updated ?? '') ||
    a - b;
  const groups: PlaceGroup[] = [...members.values()]
    .sort((a, b) => a[0] - b[0])
    .map((m) => {
      const ranked = [...m].sort(order);
      return {
        members: m,
        representative: ranked[0],
        hoursFrom: ranked.find((i) => records[i].hasHours) ?? null,
        sources: [...new Set(ranked.map((i) => records[i].source))],
      };
    });
  return { groups, links, ambiguous };
}

/** A line for the build report: why a record was merged, naming the other record by its index. */
export function describeMerge(link: MergeLink, records: readonly PlaceRecord[]): string {
  const other = records[link.mergedWith];
  const where = link.distanceM === null ? 'in the same commune' : `${Math.round(link.distanceM)} m apart`;
  const why: Record<MergeReason, string> = {
    'same-siret': 'same SIRET',
    'same-name': 'near-identical name',
    'same-name-and-address': 'near-identical name and same address',
    'commune-only-same-siret': 'placed at its commune centre; same SIRET as a place of the commune',
    'commune-only-same-name': 'placed at its commune centre; same name as a place of the commune',
  };
  return `same place as "${other.name}" (${other.source}): ${why[link.reason]}, ${where}`;
}
