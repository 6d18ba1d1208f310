/**
 * The commune search and what one would pick instead, behind one interface, for the recall
 * measurement (tests/build/find-place-real.test.ts) and the timing (bench/find-place.ts).
 * Every library gets the same help a careful integrator would give it: folded names (case,
 * accents, hyphens, "St" → "Saint": `normalizeText`), postcodes as a field, folded queries,
 * and its documented options for typo-tolerant, prefix search. Ranking is the library's own.
 */
import { Charset, Index } from 'flexsearch';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import uFuzzy from '@leeoniya/ufuzzy';
import { createPlaceFinder, type PlaceItem } from '../../src/core/search/create-place-finder.ts';
import { normalizeText } from '../../src/core/text/normalize-text.ts';
import { createPlaceFinder as createPreviousFinder } from './previous-place-finder.ts';
import { mulberry32 } from './seeded-random.ts';

export interface Contender {
  name: string;
  /** Options used, for the report. */
  setup: string;
  build(places: readonly PlaceItem[]): { search(query: string, limit: number): string[] };
}

interface Doc {
  id: number;
  code: string;
  folded: string;
  postcodes: string;
}
const docsOf = (places: readonly PlaceItem[]): Doc[] =>
  places.map((p, id) => ({ id, code: p.code, folded: normalizeText(p.name), postcodes: p.postcodes.join(' ') }));

export const CONTENDERS: Contender[] = [
  {
    name: 'createPlaceFinder (this project)',
    setup: 'src/core/search/create-place-finder.ts',
    build(places) {
      const f = createPlaceFinder(places);
      return { search: (q, limit) => f.search(q, limit).map((m) => m.item.code) };
    },
  },
  {
    name: 'previous finder (before issue 12)',
    setup: 'prefix / word start / substring, no typo tolerance',
    build(places) {
      const f = createPreviousFinder(places);
      return { search: (q, limit) => f.search(q, limit).map((m) => m.item.code) };
    },
  },
  {
    name: 'fuse.js 7.5',
    setup: 'keys folded name + postcodes, threshold 0.4, ignoreLocation',
    build(places) {
      const docs = docsOf(places);
      const fuse = new Fuse(docs, { keys: ['folded', 'postcodes'], threshold: 0.4, ignoreLocation: true });
      return { search: (q, limit) => fuse.search(normalizeText(q), { limit }).map((r) => r.item.code) };
    },
  },
  {
    name: 'minisearch 7.2',
    setup: 'fields folded name + postcodes, prefix, fuzzy 0.25, AND then OR',
    build(places) {
      const docs = docsOf(places);
      const mini = new MiniSearch<Doc>({
        fields: ['folded', 'postcodes'],
        storeFields: ['code'],
        processTerm: (t) => normalizeText(t) || null,
      });
      mini.addAll(docs);
      return {
        search(q, limit) {
          const folded = normalizeText(q);
          let hits = mini.search(folded, { prefix: true, fuzzy: 0.25, combineWith: 'AND' });
          if (hits.length === 0) hits = mini.search(folded, { prefix: true, fuzzy: 0.25, combineWith: 'OR' });
          return hits.slice(0, limit).map((h) => docs[h.id as number].code);
        },
      };
    },
  },
  {
    name: 'flexsearch 0.8',
    setup: 'Index, tokenize forward, encoder LatinSoundex, suggest',
    build(places) {
      const docs = docsOf(places);
      const index = new Index({ tokenize: 'forward', encoder: Charset.LatinSoundex });
      for (const d of docs) index.add(d.id, `${d.folded} ${d.postcodes}`);
      return {
        search: (q, limit) => (index.search(normalizeText(q), { limit, suggest: true }) as number[]).map((id) => docs[id].code),
      };
    },
  },
  {
    name: 'uFuzzy 1.0',
    setup: 'intraMode 1 (one typo per word), folded names + postcodes, its own ranking',
    build(places) {
      const docs = docsOf(places);
      const haystack = docs.map((d) => `${d.folded} ${d.postcodes}`);
      const uf = new uFuzzy({ intraMode: 1 });
      return {
        search(q, limit) {
          const [idxs, info, order] = uf.search(haystack, normalizeText(q), 0, 1e3);
          if (!idxs) return [];
          const ranked = info && order ? order.map((o) => info.idx[o]) : idxs;
          return ranked.slice(0, limit).map((i) => docs[i].code);
        },
      };
    },
  },
];

export interface RecallCase {
  query: string;
  code: string;
}

export interface Recall {
  at1: number;
  at5: number;
  n: number;
  misses: { query: string; want: string; got: string[] }[];
}

/** Share of cases whose intended place comes first, and within the first 5, from the answers to each case (codes, best first). */
export function recallOfAnswers(cases: readonly RecallCase[], answers: readonly (readonly string[])[]): Recall {
  let at1 = 0;
  let at5 = 0;
  const misses: Recall['misses'] = [];
  cases.forEach((c, i) => {
    const got = answers[i].slice(0, 5);
    if (got[0] === c.code) at1++;
    else misses.push({ query: c.query, want: c.code, got });
    if (got.includes(c.code)) at5++;
  });
  return { at1: at1 / cases.length, at5: at5 / cases.length, n: cases.length, misses };
}

/** {@link recallOfAnswers} of a search function. */
export function recallOf(search: (q: string, limit: number) => string[], cases: readonly RecallCase[]): Recall {
  return recallOfAnswers(
    cases,
    cases.map((c) => search(c.query, 5)),
  );
}

const AZERTY_ROWS = ['azertyuiop', 'qsdfghjklm', 'wxcvbn'];
function neighbourKey(c: string, random: () => number): string {
  for (const row of AZERTY_ROWS) {
    const i = row.indexOf(c);
    if (i >= 0) {
      const j = i === 0 ? 1 : i === row.length - 1 ? i - 1 : random() < 0.5 ? i - 1 : i + 1;
      return row[j];
    }
  }
  return c;
}

/**
 * Seeded phone typos of real names, as a check that does not depend on a hand-written list:
 * each name typed in lower case without accents or hyphens, then one slip on a word of 5 letters
 * or more: a letter dropped, doubled, swapped with its neighbour, or replaced by a neighbouring
 * AZERTY key. Names whose slip gives another place's name are skipped.
 */
export function syntheticTypos(places: readonly PlaceItem[], seed: number): RecallCase[] {
  const random = mulberry32(seed);
  const names = new Set(places.map((p) => normalizeText(p.name).replace(/ /g, '')));
  const cases: RecallCase[] = [];
  for (const p of places) {
    const words = normalizeText(p.name).split(' ');
    const long = words.map((w, i) => (w.length >= 5 ? i : -1)).filter((i) => i >= 0);
    if (long.length === 0) continue;
    const wi = long[Math.floor(random() * long.length)];
    const w = words[wi];
    const at = 1 + Math.floor(random() * (w.length - 2)); // never the first letter
    const slip = Math.floor(random() * 4);
    const typed =
      slip === 0
        ? w.slice(0, at) + w.slice(at + 1)
        : slip === 1
          ? w.slice(0, at) + w[at] + w.slice(at)
          : slip === 2
            ? w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2)
            : w.slice(0, at) + neighbourKey(w[at], random) + w.slice(at + 1);
    if (typed === w) continue;
    const query = [...words.slice(0, wi), typed, ...words.slice(wi + 1)].join(' ');
    if (names.has(query.replace(/ /g, ''))) continue;
    cases.push({ query, code: p.code });
  }
  return cases;
}
