import { normalizeText } from '../text/normalize-text.ts';
import { boundedEditDistance } from '../text/edit-distance.ts';
import { frenchPhoneticKey } from './french-phonetic.ts';

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

/**
 * How a query matched, best first: the whole name; the start of the name; every word of the
 * query starting a word of the name, in any order; the query inside the name; close spellings
 * (typos, sounds alike).
 */
export type PlaceMatchKind = 'exact' | 'prefix' | 'word-prefix' | 'contains' | 'fuzzy';

export interface PlaceMatch<T extends PlaceItem> {
  item: T;
  kind: PlaceMatchKind;
  /** The postcode that matched, when the query held one. */
  postcode?: string;
  /** True when the place was found by its official code (an INSEE code labelled as such). */
  byCode?: boolean;
  /** Letters changed, missing, added or swapped (0.5 for a spelling that sounds the same). */
  edits: number;
  /** Relevance from 0 to 1 (1: the whole name or the code). Results are sorted by it, then by population. */
  score: number;
}

export interface PlaceFinder<T extends PlaceItem> {
  readonly size: number;
  /**
   * Places matching `query` (a name, possibly misspelt; a postcode; a postcode and a name; an
   * INSEE code labelled "insee"), best first. At most `limit`. See {@link createPlaceFinder}.
   */
  search(query: string, limit?: number): PlaceMatch<T>[];
}

const KIND_RANK: Record<PlaceMatchKind, number> = { exact: 0, prefix: 1, 'word-prefix': 2, contains: 3, fuzzy: 4 };

/** Words that do not tell places apart and are often left out or changed ("lez"/"les", "d'"). */
const PARTICLES = new Set(['le', 'la', 'les', 'l', 'd', 'de', 'du', 'des', 'en', 'sur', 'sous', 'lez', 'aux', 'au', 'a', 'et']);
const ARTICLES = new Set(['le', 'la', 'les', 'l']);
/** "l'" and "d'": the elided article is also read glued to the next word ("d'ascq" → "dascq"). */
const ELIDED = new Set(['l', 'd']);

/** Costs of a word-to-word match, in edits. */
const COST = { prefix: 0.2, sound: 0.5, prefixTypo: 1.2 } as const;

/** The most edits allowed between a query word and a word of a name, by the query word's length. */
export function maxEditsFor(length: number): number {
  return length <= 3 ? 0 : length <= 6 ? 1 : 2;
}

interface Slot {
  /** The word and, after an elided article, the article glued to it (`ascq`, `dascq`). */
  forms: string[];
  sound: string;
}

interface Entry<T> {
  item: T;
  index: number;
  /** Folded name without spaces: `villeneuvedascq`. */
  compact: string;
  /** `compact` without a leading article: `cateaucambresis` for Le Cateau-Cambrésis. */
  bare: string;
  /** The words that tell the name apart (particles left out). */
  slots: Slot[];
  compactMask: number;
  bareMask: number;
}

interface Query {
  words: string[];
  sounds: string[];
  compact: string;
  bare: string;
  compactMask: number;
  bareMask: number;
}

/**
 * The letters (and whether a digit) present in a word, as bits. One edit changes at most two
 * bits, so words whose masks differ in more than 2 × max bits cannot be within `max` edits:
 * a cheap test before the edit distance.
 */
export function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    mask |= c >= 97 && c <= 122 ? 1 << (c - 97) : 1 << 26;
  }
  return mask;
}

function bitCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Edits between two words, or `max + 1`, with the mask test first. */
function editsWithin(a: string, aMask: number, b: string, bMask: number, max: number): number {
  if (Math.abs(a.length - b.length) > max || bitCount(aMask ^ bMask) > 2 * max) return max + 1;
  return boundedEditDistance(a, b, max);
}

interface Judged {
  kind: PlaceMatchKind;
  edits: number;
  /** Some words of the name are not in the query. */
  partial: boolean;
  /** The query's first word is the name's first word (or the name starts with the query). */
  startsFirst: boolean;
}

function tokensOf(folded: string): string[] {
  return folded === '' ? [] : folded.split(' ');
}

function slotsOf(tokens: readonly string[]): Slot[] {
  const slots: Slot[] = [];
  tokens.forEach((t, i) => {
    if (PARTICLES.has(t)) return;
    const before = tokens[i - 1];
    const forms = before !== undefined && ELIDED.has(before) ? [t, before + t] : [t];
    slots.push({ forms, sound: frenchPhoneticKey(t) });
  });
  if (slots.length === 0) for (const t of tokens) slots.push({ forms: [t], sound: frenchPhoneticKey(t) });
  return slots;
}

function bareOf(tokens: readonly string[]): string {
  let i = 0;
  while (i < tokens.length - 1 && ARTICLES.has(tokens[i])) i++;
  return tokens.slice(i).join('');
}

function queryOf(folded: string): Query {
  const tokens = tokensOf(folded);
  let words = tokens.filter((t) => !PARTICLES.has(t));
  if (words.length === 0) words = tokens;
  const compact = tokens.join('');
  const bare = bareOf(tokens);
  return { words, sounds: words.map(frenchPhoneticKey), compact, bare, compactMask: letterMask(compact), bareMask: letterMask(bare) };
}

/** Cost of reading query word `w` as a word of a name (Infinity: no match). */
function wordCost(w: string, sound: string, slot: Slot, isLast: boolean): number {
  let best = Infinity;
  const max = maxEditsFor(w.length);
  for (const f of slot.forms) {
    if (f === w) return 0;
    if (f.startsWith(w) && (w.length >= 3 || isLast)) best = Math.min(best, COST.prefix);
    if (best <= COST.prefix) continue;
    if (sound.length >= 2 && sound === slot.sound && f === slot.forms[0]) best = Math.min(best, COST.sound);
    if (max > 0) {
      const d = boundedEditDistance(w, f, max);
      if (d <= max) best = Math.min(best, d);
      if (w.length >= 6 && f.length > w.length && boundedEditDistance(w, f.slice(0, w.length), 1) <= 1) {
        best = Math.min(best, COST.prefixTypo);
      }
    }
  }
  return best;
}

/** Reads each query word as a different word of the name, cheapest pairs first; null if one is left over. */
function assignWords(q: Query, slots: readonly Slot[]): { edits: number; partial: boolean; startsFirst: boolean } | null {
  if (q.words.length > slots.length) return null;
  const pairs: { w: number; s: number; cost: number }[] = [];
  q.words.forEach((w, wi) => {
    slots.forEach((slot, si) => {
      const cost = wordCost(w, q.sounds[wi], slot, wi === q.words.length - 1);
      if (cost !== Infinity) pairs.push({ w: wi, s: si, cost });
    });
  });
  pairs.sort((a, b) => a.cost - b.cost || a.w - b.w || a.s - b.s);
  const wordUsed = new Array<boolean>(q.words.length).fill(false);
  const slotUsed = new Array<boolean>(slots.length).fill(false);
  let edits = 0;
  let assigned = 0;
  let startsFirst = false;
  for (const p of pairs) {
    if (wordUsed[p.w] || slotUsed[p.s]) continue;
    wordUsed[p.w] = slotUsed[p.s] = true;
    edits += p.cost;
    assigned++;
    if (p.w === 0 && p.s === 0) startsFirst = true;
  }
  if (assigned < q.words.length) return null;
  return { edits: Math.round(edits * 10) / 10, partial: assigned < slots.length, startsFirst };
}

/** How `q` matches a name, or null. This alone decides; the index only finds candidates for it. */
function judge(e: Entry<unknown>, q: Query): Judged | null {
  if (q.compact === '') return null;
  if (e.compact === q.compact || e.bare === q.bare) return { kind: 'exact', edits: 0, partial: false, startsFirst: true };
  const words = assignWords(q, e.slots);
  if (e.compact.startsWith(q.compact) || e.bare.startsWith(q.bare)) {
    return { kind: 'prefix', edits: 0, partial: words?.partial ?? true, startsFirst: true };
  }
  if (isPrefixOnly(q, e.slots)) {
    return { kind: 'word-prefix', edits: 0, partial: words?.partial ?? true, startsFirst: words?.startsFirst ?? false };
  }
  if (q.compact.length >= 3 && e.compact.includes(q.compact)) {
    return { kind: 'contains', edits: 0, partial: true, startsFirst: false };
  }
  let best: Judged | null = words ? { kind: 'fuzzy', edits: words.edits, partial: words.partial, startsFirst: words.startsFirst } : null;
  const whole = compactEdits(e, q);
  if (whole !== null && (!best || whole < best.edits)) best = { kind: 'fuzzy', edits: whole, partial: false, startsFirst: true };
  return best;
}

/** Every query word equals or starts a different word of the name. */
function isPrefixOnly(q: Query, slots: readonly Slot[]): boolean {
  const used = new Set<number>();
  for (let wi = 0; wi < q.words.length; wi++) {
    const w = q.words[wi];
    const isLast = wi === q.words.length - 1;
    let found = -1;
    for (let si = 0; si < slots.length && found < 0; si++) {
      if (used.has(si)) continue;
      if (slots[si].forms.some((f) => f === w || (f.startsWith(w) && (w.length >= 3 || isLast)))) found = si;
    }
    if (found < 0) return false;
    used.add(found);
  }
  return true;
}

/** Edits between the whole query and the whole name, spaces left out (`lamadelaine`), or null. */
function compactEdits(e: Entry<unknown>, q: Query): number | null {
  const max = Math.min(2, maxEditsFor(q.compact.length));
  if (max === 0) return null;
  const d = Math.min(
    editsWithin(q.compact, q.compactMask, e.compact, e.compactMask, max),
    editsWithin(q.bare, q.bareMask, e.bare, e.bareMask, max),
  );
  return d <= max ? d : null;
}

function entryOf<T>(item: T, index: number, name = (item as PlaceItem).name): Entry<T> {
  const tokens = tokensOf(normalizeText(name));
  const compact = tokens.join('');
  const bare = bareOf(tokens);
  return { item, index, compact, bare, slots: slotsOf(tokens), compactMask: letterMask(compact), bareMask: letterMask(bare) };
}

function scoreOf(j: Judged): number {
  const editsTenths = Math.min(49, Math.round(j.edits * 10));
  return (
    Math.round((1 - 0.1 * KIND_RANK[j.kind] - 0.0019 * editsTenths - (j.partial ? 0.0008 : 0) - (j.startsFirst ? 0 : 0.0004)) * 1e4) / 1e4
  );
}

/** Labelled official code: "insee 59392", "code insee 59392", "cog: 59392". */
const LABELLED_CODE = /\b(?:code )?(?:insee|cog) ?(\d[\dab]\d{3})\b/;

interface ParsedNumbers {
  /** The query without its numbers and labels, folded. */
  text: string;
  code?: string;
  postcode?: string;
  postcodePrefix?: string;
  /** Digits that are neither a postcode nor a labelled code: nothing can match. */
  invalid?: boolean;
}

function parseNumbers(folded: string): ParsedNumbers {
  const labelled = LABELLED_CODE.exec(folded);
  if (labelled) {
    const text = (folded.slice(0, labelled.index) + folded.slice(labelled.index + labelled[0].length)).replace(/\s+/g, ' ').trim();
    return /\d/.test(text) ? { text, invalid: true } : { text, code: labelled[1] };
  }
  // digits typed in groups ("59 600") are read as one number
  const runs = folded.match(/\d+(?: \d+)*/g) ?? [];
  if (runs.length === 0) return { text: folded };
  const text = folded
    .replace(/\d+(?: \d+)*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const digits = runs.length === 1 ? runs[0].replace(/ /g, '') : '';
  if (digits.length === 5) return { text, postcode: digits };
  if (digits.length >= 2 && digits.length <= 4) return { text, postcodePrefix: digits };
  return { text, invalid: true };
}

/**
 * Builds, once, a finder over places (communes of the bundle, or any item with a code, a name,
 * postcodes, a population and a point). Items are not modified.
 *
 * Reading a query:
 * - Names are folded once: case, accents, ligatures (œ), hyphens and apostrophes ignored,
 *   "St"/"Ste" read as "Saint"/"Sainte" (see `normalizeText`). Particles ("le", "la", "de",
 *   "d'", "en", "sur", "lez"/"les"…) are optional; the other words may come in any order.
 * - A word may be misspelt: up to 1 edit (letter missing, added, changed, or two neighbours
 *   swapped) for words of 4 to 6 letters, 2 from 7 letters, none below 4; or it may sound the
 *   same in French (`frenchPhoneticKey`: "dunkerke", "mobeuge"); or it may be unfinished (the
 *   start of a word; from 6 letters, a start with one slip).
 *   The whole query without spaces is also compared with the whole name ("lamadelaine").
 * - A 5-digit number is a postcode; 2 to 4 digits, the start of one. A number and words: both
 *   must match. An INSEE code is read only when labelled ("insee 59600", "code insee 59600"),
 *   or when a 5-digit number is nobody's postcode (then it cannot be misread).
 *
 * Ranking: by kind (exact name, start of the name, words starting words of the name, inside
 * the name, misspelt), then fewer edits, then names the query covers whole, then names whose
 * first word is the query's first, then the larger population, then the name and code. This is
 * what `score` encodes; equal scores are ordered by population: with nothing else to tell two
 * places apart, the larger is the one more people mean.
 *
 * Index: the distinct words of all names (with their sound keys and by length) point to the
 * places using them, so a query compares its words with each distinct word once and judges only
 * the places those reach; spaced-out names are compared whole in one pass over the names.
 */
export function createPlaceFinder<T extends PlaceItem>(items: readonly T[]): PlaceFinder<T> {
  const entries: Entry<T>[] = items.map((item, index) => {
    return entryOf(item, index);
  });

  // distinct word forms → places using them; the same by sound key; forms by length and sorted for prefixes
  const byForm = new Map<string, Set<number>>();
  const bySound = new Map<string, Set<number>>();
  for (const e of entries) {
    for (const slot of e.slots) {
      for (const f of slot.forms) (byForm.get(f) ?? byForm.set(f, new Set()).get(f)!).add(e.index);
      (bySound.get(slot.sound) ?? bySound.set(slot.sound, new Set()).get(slot.sound)!).add(e.index);
    }
  }
  const forms = [...byForm.keys()].sort();
  const formsByLength = new Map<number, { form: string; mask: number }[]>();
  // the starts of longer words, by length (from 6 letters): for an unfinished word with a slip in it
  const startsByLength = new Map<number, Map<string, { mask: number; forms: string[] }>>();
  for (const f of forms) {
    (formsByLength.get(f.length) ?? formsByLength.set(f.length, []).get(f.length)!).push({ form: f, mask: letterMask(f) });
    for (let len = 6; len < f.length; len++) {
      const starts = startsByLength.get(len) ?? startsByLength.set(len, new Map()).get(len)!;
      const start = f.slice(0, len);
      const known = starts.get(start);
      if (known) known.forms.push(f);
      else starts.set(start, { mask: letterMask(start), forms: [f] });
    }
  }

  // whole names sorted (for prefixes) and by length (for misspellings without spaces)
  const byCompact = [...entries].sort((a, b) => (a.compact < b.compact ? -1 : a.compact > b.compact ? 1 : 0));
  const byBare = [...entries].sort((a, b) => (a.bare < b.bare ? -1 : a.bare > b.bare ? 1 : 0));
  const byLength = new Map<number, Entry<T>[]>();
  for (const e of entries) {
    for (const len of new Set([e.compact.length, e.bare.length])) (byLength.get(len) ?? byLength.set(len, []).get(len)!).push(e);
  }

  /** Places having a word that query word `w` can be read as (a superset of what `wordCost` accepts). */
  function placesForWord(w: string, sound: string, isLast: boolean): Set<number> {
    const found = new Set<number>();
    const addForm = (f: string) => {
      for (const i of byForm.get(f)!) found.add(i);
    };
    if (byForm.has(w)) addForm(w);
    if (w.length >= 3 || isLast) {
      for (let i = lowerBound(forms, w, (f) => f); i < forms.length && forms[i].startsWith(w); i++) addForm(forms[i]);
    }
    if (sound.length >= 2) for (const i of bySound.get(sound) ?? []) found.add(i);
    const max = maxEditsFor(w.length);
    if (max > 0) {
      const mask = letterMask(w);
      for (let len = Math.max(1, w.length - max); len <= w.length + max; len++) {
        for (const f of formsByLength.get(len) ?? []) if (editsWithin(w, mask, f.form, f.mask, max) <= max) addForm(f.form);
      }
      for (const [start, s] of startsByLength.get(w.length) ?? []) {
        if (editsWithin(w, mask, start, s.mask, 1) <= 1) for (const f of s.forms) addForm(f);
      }
    }
    return found;
  }

  function candidatesFor(q: Query): Iterable<Entry<T>> {
    let common: Set<number> | null = null;
    q.words.forEach((w, wi) => {
      const here = placesForWord(w, q.sounds[wi], wi === q.words.length - 1);
      common = common === null ? here : new Set([...(common as Set<number>)].filter((i) => here.has(i)));
    });
    const found = new Set<number>(common ?? []);
    // whole-name matches: names starting with the query (sorted names), containing it (one pass of
    // `includes`), or within a few edits of it without spaces (names of about its length only)
    for (const [sorted, key, value] of [
      [byCompact, 'compact', q.compact],
      [byBare, 'bare', q.bare],
    ] as const) {
      for (let i = lowerBound(sorted, value, (e) => e[key]); i < sorted.length && sorted[i][key].startsWith(value); i++)
        found.add(sorted[i].index);
    }
    if (q.compact.length >= 3) for (const e of entries) if (e.compact.includes(q.compact)) found.add(e.index);
    const max = Math.min(2, maxEditsFor(q.compact.length));
    if (max > 0) {
      const lengths = new Set<number>();
      for (let d = -max; d <= max; d++) lengths.add(q.compact.length + d).add(q.bare.length + d);
      for (const len of lengths)
        for (const e of byLength.get(len) ?? []) if (!found.has(e.index) && compactEdits(e, q) !== null) found.add(e.index);
    }
    return [...found].map((i) => entries[i]);
  }

  function rank(found: { e: Entry<T>; match: PlaceMatch<T> }[], limit: number): PlaceMatch<T>[] {
    found.sort(
      (a, b) =>
        b.match.score - a.match.score ||
        (b.e.item.population ?? -1) - (a.e.item.population ?? -1) ||
        collatorFr().compare(a.e.item.name, b.e.item.name) ||
        (a.e.item.code < b.e.item.code ? -1 : a.e.item.code > b.e.item.code ? 1 : 0),
    );
    return found.slice(0, limit).map((f) => f.match);
  }

  return {
    size: entries.length,
    search(query, limit = 8) {
      if (limit <= 0) return [];
      const numbers = parseNumbers(normalizeText(query));
      if (numbers.invalid) return [];
      const q = queryOf(numbers.text);
      const found: { e: Entry<T>; match: PlaceMatch<T> }[] = [];

      if (numbers.code !== undefined || numbers.postcode !== undefined || numbers.postcodePrefix !== undefined) {
        let pool = entries.map((e) => ({ e, postcode: undefined as string | undefined, exact: true }));
        let byCode = false;
        if (numbers.code !== undefined) {
          pool = pool.filter((p) => p.e.item.code.toLowerCase() === numbers.code);
          byCode = true;
        } else if (numbers.postcode !== undefined) {
          const pc = numbers.postcode;
          const withPostcode = pool.filter((p) => p.e.item.postcodes.includes(pc)).map((p) => ({ ...p, postcode: pc }));
          // a number that is nobody's postcode may be an INSEE code: it cannot be misread then
          byCode = withPostcode.length === 0;
          pool = byCode ? pool.filter((p) => p.e.item.code === pc) : withPostcode;
        } else {
          const prefix = numbers.postcodePrefix!;
          pool = pool
            .map((p) => ({ ...p, postcode: p.e.item.postcodes.find((c) => c.startsWith(prefix)), exact: false }))
            .filter((p) => p.postcode !== undefined);
        }
        for (const p of pool) {
          const judged: Judged | null =
            q.compact === '' ? { kind: p.exact ? 'exact' : 'prefix', edits: 0, partial: false, startsFirst: true } : judge(p.e, q);
          if (!judged) continue;
          const match: PlaceMatch<T> = { item: p.e.item, kind: judged.kind, edits: judged.edits, score: scoreOf(judged) };
          if (p.postcode !== undefined) match.postcode = p.postcode;
          if (byCode) match.byCode = true;
          found.push({ e: p.e, match });
        }
        return rank(found, limit);
      }

      if (q.compact === '') return [];
      for (const e of candidatesFor(q)) {
        const judged = judge(e, q);
        if (judged) found.push({ e, match: { item: e.item, kind: judged.kind, edits: judged.edits, score: scoreOf(judged) } });
      }
      return rank(found, limit);
    },
  };
}

let collator: Intl.Collator | null = null;
/** The French collator, made on first use (it loads ICU data: not at start-up of every command). */
const collatorFr = () => (collator ??= new Intl.Collator('fr', { sensitivity: 'base' }));

function lowerBound<V>(sorted: readonly V[], value: string, keyOf: (v: V) => string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyOf(sorted[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The same judgement as the finder's, applied to every item without the index: the reference
 * the index is tested against (tests only; never used to search).
 */
export function judgePlaceForTest(name: string, query: string): { kind: PlaceMatchKind; edits: number; score: number } | null {
  const j = judge(entryOf(null, 0, name), queryOf(normalizeText(query)));
  return j ? { kind: j.kind, edits: j.edits, score: scoreOf(j) } : null;
}
