/**
 * Folds a name for matching: lower case, no accents, ligatures expanded,
 * hyphens/apostrophes/punctuation as single spaces, "st"/"ste" expanded to
 * "saint"/"sainte". `Saint-Amand-les-Eaux`, `ST AMAND LES EAUX` and
 * `st-amand-lès-eaux` all give `saint amand les eaux`.
 */
export function normalizeText(value: string): string {
  return value
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\b(st|ste)\b/g, (m) => (m === 'st' ? 'saint' : 'sainte'));
}
