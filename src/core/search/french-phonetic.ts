/**
 * Rewrites applied in order to a folded word (lower case, no accents: see `normalizeText`), so
 * that spellings that sound alike in French give the same key. Kept short and explainable; the
 * edit distance catches what this leaves out.
 */
const RULES: readonly [RegExp, string][] = [
  [/ph/g, 'f'],
  [/sch|sh/g, 'ch'],
  [/ck|cq|qu|q/g, 'k'],
  [/gu(?=[eiy])/g, 'g'],
  [/c(?=[eiy])/g, 's'],
  [/c(?!h)/g, 'k'],
  [/g(?=[eiy])/g, 'j'],
  [/(?<=[aeiou])ill|(?<=[aeiou])il$/g, 'y'], // bailleul ~ bayeul, louvroil ~ louvroille
  [/(?<!c)h/g, ''], // silent h (the ch of "cher" stays)
  [/(?:ai|ei|i|u|y)[nm](?=[^aeiouy]|$)/g, 'in'], // nasal vowels: ain, ein, in, un
  [/[ae][nm](?=[^aeiouy]|$)/g, 'an'], // an, en, am, em
  [/eaux?|aux?/g, 'o'],
  [/oeu|eu|oe|ai|ei|ay(?![aeiou])/g, 'e'],
  [/y/g, 'i'],
  [/z/g, 's'],
  [/([a-z])\1+/g, '$1'], // doubled letters
  [/(?<=.)[stdxe]+$/g, ''], // silent endings: roubaix, douai, lens, cassel…
];

/**
 * A French sound key of one folded word: `maubeuje`, `mobeuge` and `maubeuge` give `mobej`;
 * `dunkerke`, `dunquerque` and `dunkerque` give `dunkerk`; `roubais` and `roubaix` give `roub`.
 * Digits and short words are returned as they are.
 */
export function frenchPhoneticKey(word: string): string {
  if (word.length < 3 || /\d/.test(word)) return word;
  let key = word;
  for (const [pattern, replacement] of RULES) key = key.replace(pattern, replacement);
  return key === '' ? word : key;
}
