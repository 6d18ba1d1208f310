import { describe, expect, it } from 'vitest';
import { parseLabellingDate } from '../../src/data/builders/build-points.ts';
import { firstReceptionKind } from '../../src/data/builders/build-points-siilab.ts';
import { decodeByteEscapes } from '../../src/data/builders/build-digital-inclusion.ts';
import { normaliseCantonCode } from '../../src/data/builders/build-frame.ts';

describe('parseLabellingDate', () => {
  it('reads the day/month/year of "Espace labellisé 01/02/2020" as an ISO date', () => {
    expect(parseLabellingDate('Espace labellisé 01/02/2020')).toBe('2020-02-01');
  });

  it('pads one-digit days and months', () => {
    expect(parseLabellingDate('Espace labellisé 1/2/2020')).toBe('2020-02-01');
  });

  it('reads a month/year as an ISO month', () => {
    expect(parseLabellingDate('Espace labellisé 03/2021')).toBe('2021-03');
  });

  it('returns null for text without a date, a month 13 or a month 0', () => {
    expect(parseLabellingDate('')).toBeNull();
    expect(parseLabellingDate('Espace labellisé')).toBeNull();
    expect(parseLabellingDate('2020')).toBeNull();
    expect(parseLabellingDate('15/13/2020')).toBeNull();
    expect(parseLabellingDate('00/2020')).toBeNull();
  });

  // Regression test, bug fixed (src/data/builders/build-points.ts, parseLabellingDate checks only d <= 31): an impossible date
  // such as 31/02/2020 gives "2020-02-31" instead of null.
  it('returns null for a day that does not exist in its month (31/02)', () => {
    expect(parseLabellingDate('Espace labellisé 31/02/2020')).toBeNull();
  });
});

describe('firstReceptionKind', () => {
  it('classifies the SIILAB "Nature" values', () => {
    expect(firstReceptionKind('Organisme de sécurité sociale (CAF, CPAM, CARSAT, MSA...)')).toBe('securite-sociale');
    expect(firstReceptionKind('Centre social')).toBe('centre-social');
    expect(firstReceptionKind('Commune (Ville, CCAS, Centre Culturel...)')).toBe('mairie-ccas');
    expect(firstReceptionKind('Maison de quartier')).toBe('maison-de-quartier');
    expect(firstReceptionKind('Pôle Emploi')).toBe('france-travail');
    expect(firstReceptionKind('Bibliothèque - Médiathèque')).toBe('mediatheque');
    expect(firstReceptionKind('Intercommunalité (EPCI)')).toBe('intercommunalite');
    expect(firstReceptionKind('Administration - Collectivité territoriale')).toBe('administration');
    expect(firstReceptionKind('Tiers-lieu & coworking, FabLab')).toBe('tiers-lieu');
    expect(firstReceptionKind('Association')).toBe('association');
    expect(firstReceptionKind('Organisme de formations')).toBe('organisme-formation');
  });

  it('recognises a social-security body by its acronym alone', () => {
    expect(firstReceptionKind('CAF du Nord')).toBe('securite-sociale');
    expect(firstReceptionKind('cpam')).toBe('securite-sociale');
  });

  it('does not take an acronym inside a word for a social-security body', () => {
    expect(firstReceptionKind('Escafette')).toBe('autre');
  });

  it('returns "autre" for an unknown or empty nature', () => {
    expect(firstReceptionKind('Autre')).toBe('autre');
    expect(firstReceptionKind('')).toBe('autre');
  });
});

describe('decodeByteEscapes', () => {
  it("turns the geocoder's <e9> escapes back into Latin-1 characters", () => {
    expect(decodeByteEscapes('Ren<e9> Cassin')).toBe('René Cassin');
    expect(decodeByteEscapes('<C9>cole de la for<ea>t')).toBe('École de la forêt');
  });

  it('leaves text without escapes, and non-hexadecimal brackets, unchanged', () => {
    expect(decodeByteEscapes('Rue du Test')).toBe('Rue du Test');
    expect(decodeByteEscapes('a<zz>b <1>')).toBe('a<zz>b <1>');
  });
});

describe('normaliseCantonCode', () => {
  it('turns the 2018 département + 3 digits form into the INSEE form', () => {
    expect(normaliseCantonCode('59001', '59')).toBe('5901');
    expect(normaliseCantonCode(' 59041 ', '59')).toBe('5941');
  });

  it('passes an INSEE-form code through', () => {
    expect(normaliseCantonCode('5901', '59')).toBe('5901');
  });

  it('handles Corsican and overseas département codes', () => {
    expect(normaliseCantonCode('2A001', '2A')).toBe('2A01');
    expect(normaliseCantonCode('974001', '974')).toBe('97401');
  });

  it('returns null for another département, or a code it cannot read', () => {
    expect(normaliseCantonCode('62001', '59')).toBeNull();
    expect(normaliseCantonCode('59', '59')).toBeNull();
    expect(normaliseCantonCode('59AB', '59')).toBeNull();
    expect(normaliseCantonCode('59101', '59')).toBeNull();
    expect(normaliseCantonCode('590010', '59')).toBeNull();
  });
});
