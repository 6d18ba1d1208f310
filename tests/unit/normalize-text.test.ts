import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/core/text/normalize-text.ts';

describe('normalizeText', () => {
  it('folds the three spellings of Saint-Amand-les-Eaux to one key', () => {
    expect(normalizeText('Saint-Amand-les-Eaux')).toBe('saint amand les eaux');
    expect(normalizeText('ST AMAND LES EAUX')).toBe('saint amand les eaux');
    expect(normalizeText('st-amand-lès-eaux')).toBe('saint amand les eaux');
  });

  it('expands "Ste" to "sainte"', () => {
    expect(normalizeText('Ste-Catherine')).toBe('sainte catherine');
    expect(normalizeText('STE CATHERINE')).toBe(normalizeText('Sainte-Catherine'));
  });

  it('does not expand "st" inside a word', () => {
    expect(normalizeText('Estaires')).toBe('estaires');
    expect(normalizeText('Bousbecque Est')).toBe('bousbecque est');
  });

  it('removes accents, including on capitals and the diaeresis', () => {
    expect(normalizeText('ÉCOLE Émile Zola')).toBe('ecole emile zola');
    expect(normalizeText("L'Haÿ-les-Roses")).toBe('l hay les roses');
    expect(normalizeText('Façade Noël')).toBe('facade noel');
  });

  it('expands the œ and æ ligatures, in lower and upper case', () => {
    expect(normalizeText('Cœur de ville')).toBe('coeur de ville');
    expect(normalizeText('ŒUVRE')).toBe('oeuvre');
    expect(normalizeText('Lætitia')).toBe('laetitia');
  });

  it('turns apostrophes, hyphens, punctuation and repeated spaces into single spaces, trimmed', () => {
    expect(normalizeText('  Rue de l’Ouest -- (bis),  n°3 ')).toBe('rue de l ouest bis n 3');
    expect(normalizeText('a\u00a0b\u202fc')).toBe('a b c');
  });

  it('keeps digits', () => {
    expect(normalizeText('Lille 59000')).toBe('lille 59000');
  });

  it('gives an empty string for punctuation only', () => {
    expect(normalizeText(' - / ')).toBe('');
  });

  it('is idempotent', () => {
    for (const s of ['Saint-Amand-les-Eaux', 'Cœur', "L'Haÿ-les-Roses", 'ST POL SUR MER']) {
      expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
    }
  });
});
