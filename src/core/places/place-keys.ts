import { boundedEditDistance } from '../text/edit-distance.ts';
import { normalizeText } from '../text/normalize-text.ts';

/**
 * Ways of writing the same kind of place, on folded text: "COMMUNE DE X", "Ville de X",
 * "Mairie de X" and "Hôtel de ville de X" are one town hall; the CCAS and CIAS have long and
 * abbreviated names in the ANCT lists ("CTRE COM ACTION SOCIALE DE X").
 */
const NAME_REWRITES: readonly [RegExp, string][] = [
  [/\b(?:centre|ctre) (?:communal|com) (?:d )?action sociale\b|\bc c a s\b/g, 'ccas'],
  [/\b(?:centre|ctre) (?:intercommunal|intercom) (?:d )?action sociale\b|\bc i a s\b/g, 'cias'],
  [/\b(?:commune|ville|hotel de ville|mairie)\b/g, 'mairie'],
];

/** Abbreviations of the ANCT and SIRENE names, and of street types in addresses. */
const WORDS: Readonly<Record<string, string>> = {
  ctre: 'centre',
  ass: 'association',
  asso: 'association',
  assoc: 'association',
  av: 'avenue',
  ave: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  bvd: 'boulevard',
  pl: 'place',
  pce: 'place',
  r: 'rue',
  rte: 'route',
  chem: 'chemin',
  imp: 'impasse',
  all: 'allee',
  sq: 'square',
  fg: 'faubourg',
  fbg: 'faubourg',
  crs: 'cours',
  prom: 'promenade',
  res: 'residence',
  gde: 'grande',
  grd: 'grand',
  gpl: 'grand place',
  dr: 'docteur',
  gal: 'general',
  gen: 'general',
  mal: 'marechal',
  pdt: 'president',
};

/** Words that do not tell two places apart. */
const STOP = new Set(['de', 'du', 'des', 'd', 'l', 'la', 'le', 'les', 'et', 'en', 'a', 'au', 'aux', 'sur', 'sous', 'lez', 'pour']);

function words(folded: string): string[] {
  if (folded === '') return [];
  return folded
    .split(' ')
    .flatMap((w) => (WORDS[w] ?? w).split(' '))
    .filter((w) => !STOP.has(w));
}

/**
 * The words of a place's name that matter, folded, abbreviations expanded, town-hall and CCAS
 * names made one: "COMMUNE DE MAUBEUGE" and "Mairie de Maubeuge" give `mairie maubeuge`;
 * "CTRE COM ACTION SOCIALE DE RONCQ" and "CCAS de Roncq" give `ccas roncq`.
 */
export function placeNameWords(name: string): string[] {
  let folded = normalizeText(name);
  for (const [pattern, replacement] of NAME_REWRITES) folded = folded.replace(pattern, replacement);
  return words(folded);
}

/** One word equals another, or differs by one slip when both have 5 letters or more. */
function sameWord(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 5 && boundedEditDistance(a, b, 1) <= 1);
}

/**
 * Near-identical names: every word of the shorter name is in the longer one (one slip allowed
 * in words of 5 letters or more), and the shorter name says more than the commune's name
 * ("Efficience" and "EFFICIENCE SOLIDAIRE ET CREATIVE"; not "CCAS de X" and "Mairie de X",
 * nor "Maubeuge" and anything in Maubeuge).
 */
export function similarNames(a: readonly string[], b: readonly string[], communeWords: readonly string[] = []): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 0 || short.every((w) => communeWords.includes(w))) return false;
  return short.every((w) => long.some((v) => sameWord(w, v)));
}

/** A postal address reduced to its house number and street words (postcode and town dropped). */
export interface AddressKey {
  /** House number with its suffix (`12`, `12bis`), or '' when the address has none. */
  number: string;
  street: string;
}

/**
 * The house number and street of an address, folded, street types expanded ("AV" → "avenue"),
 * cut before the postcode: "20 AV ALPHONSE DE LAMARTINE" and "20 Avenue Alphonse de Lamartine
 * 59600 Maubeuge" give `20` / `avenue alphonse lamartine`. Null when nothing is left.
 */
export function addressKey(address: string | null | undefined): AddressKey | null {
  if (!address) return null;
  const folded = normalizeText(address)
    .replace(/\b\d{5}\b.*$/, '')
    .trim();
  const m = /^(\d+)(?: ?(bis|ter|b|t)\b)?\s*(.*)$/.exec(folded);
  const number = m ? `${m[1]}${m[2] ? (m[2].startsWith('b') ? 'bis' : 'ter') : ''}` : '';
  const street = words(m ? m[3] : folded).join(' ');
  return street === '' ? null : { number, street };
}

/** Same house number and same street (a street without a number is not enough to tell a place). */
export function sameAddress(a: AddressKey | null, b: AddressKey | null): boolean {
  return a !== null && b !== null && a.number !== '' && a.number === b.number && a.street === b.street;
}
