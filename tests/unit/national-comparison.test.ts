/**
 * The national comparison a bundle carries (`national.json`) and the app shows in the « Comparer » tab:
 * made from a fictional national summary (neighbours, ranks and quartiles checked by hand), checked on
 * read (a located error for a bad field; the manifest entry checked by the one manifest check), and
 * loaded by the store: « absent » when the bundle has none, an error when the file is bad.
 */
import { describe, expect, it } from 'vitest';
import { comparisonFor, nationalSummaryFile } from '../../src/core/national/national-comparison.ts';
import type { NationalDepartementRow } from '../../src/core/national/national-table.ts';
import { parseBundleManifest } from '../../src/data/bundle/parse-manifest.ts';
import { parseNationalComparison, parseNationalSummary } from '../../src/data/national/parse-national.ts';
import type { BundleManifestFile } from '../../src/data/bundle/bundle-types.ts';
import { createAppStore } from '../../src/state/store.ts';
import { fictionalManifest } from './helpers/fictional-manifest.ts';

const row = (dept: string, per: number | null, covered: number, within: number): NationalDepartementRow => ({
  dept,
  name: `Département ${dept}`,
  france_services: 10,
  france_services_buses: 1,
  population: 400_000,
  france_services_per_100k: per,
  cantons: 10,
  cantons_covered: covered / 10,
  cantons_covered_pct: covered,
  cantons_met: 3,
  population_within_km_pct: within,
});
const RULE = { target: 1, priorityTarget: 2, countBuses: true, priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: false } };
const SUMMARY = nationalSummaryFile(
  [row('96', 2, 50, 90), row('97', 4, 60, 80), row('98', 6, 70, 95), row('99', null, 80, 99), row('2A', 8, 100, 70)],
  RULE,
  [{ title: 'Liste fictive', producer: 'Essais', vintage: '2024-08-01', licence: 'fictive' }],
  new Date('2025-01-15T10:00:00Z'),
);

describe('comparisonFor', () => {
  const c = comparisonFor(SUMMARY, '97', ['98', '97', '2A', '01', '98'])!;
  it('keeps the neighbours that have a row, once, without the focus', () => {
    expect(c.neighbours).toEqual(['2A', '98']);
  });
  it('ranks the focus (1 = highest) among the rows with a value, and gives the quartiles', () => {
    expect(c.ranks).toEqual({ france_services_per_100k: 3, cantons_covered_pct: 4, population_within_km_pct: 4 });
    expect(c.distributions.france_services_per_100k).toEqual({ min: 2, q1: 3.5, median: 5, q3: 6.5, max: 8 });
  });
  it('has nothing for a département without a row (overseas)', () => {
    expect(comparisonFor(SUMMARY, '971', [])).toBeNull();
  });
});

describe('reading the files', () => {
  it('accepts what the CLI writes', () => {
    expect(parseNationalSummary(JSON.parse(JSON.stringify(SUMMARY)), 'summary.json').rows).toHaveLength(5);
    const c = comparisonFor(SUMMARY, '97', ['98'])!;
    expect(parseNationalComparison(JSON.parse(JSON.stringify(c)), 'national.json').focus).toBe('97');
  });
  it('names the file and the field of a bad value', () => {
    const c = JSON.parse(JSON.stringify(comparisonFor(SUMMARY, '97', ['98'])));
    c.rows[1].france_services_per_100k = '4';
    expect(() => parseNationalComparison(c, 'national.json')).toThrow('national.json : champ « rows[1].france_services_per_100k »');
    expect(() => parseNationalComparison({ ...c, rows: [] }, 'n.json')).toThrow('champ « rows »');
    expect(() => parseNationalSummary({ ...SUMMARY, format: 'autre' }, 's.json')).toThrow('champ « format »');
  });
  it('checks the manifest entry with the one manifest check', () => {
    const m = fictionalManifest({ code: '97', name: 'Essais', extent: [0, 0, 1, 1] }, {});
    expect(parseBundleManifest({ ...m, national: { file: 'national.json', built_at: '2025-01-15T10:00:00Z' } }, 'm').national?.file).toBe(
      'national.json',
    );
    expect(() => parseBundleManifest({ ...m, national: { file: '../x.json', built_at: 'x' } }, 'm')).toThrow('national.file');
  });
});

describe('the store', () => {
  const manifest = (national: unknown) =>
    ({ ...fictionalManifest({ code: '97', name: 'Essais', extent: [0, 0, 1, 1] }, {}), national }) as unknown as BundleManifestFile;
  const storeWith = (m: BundleManifestFile, fetchNational?: () => Promise<unknown>) =>
    createAppStore({
      loader: {
        fetchManifest: async () => m,
        fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }),
        ...(fetchNational ? { fetchNational: fetchNational as never } : {}),
      },
    });

  it('says « absent » when the bundle has no comparison', async () => {
    const store = storeWith(manifest(null), async () => comparisonFor(SUMMARY, '97', []));
    await store.getState().loadBundle('97');
    await store.getState().loadNational();
    expect(store.getState().nationalStatus).toBe('absent');
  });
  it('loads the comparison, and reports a bad file', async () => {
    const entry = { file: 'national.json', built_at: SUMMARY.built_at };
    const ok = storeWith(manifest(entry), async () => comparisonFor(SUMMARY, '97', ['98']));
    await ok.getState().loadBundle('97');
    await ok.getState().loadNational();
    expect(ok.getState().nationalStatus).toBe('loaded');
    expect(ok.getState().national?.neighbours).toEqual(['98']);
    const bad = storeWith(manifest(entry), async () => {
      throw new Error('La comparaison nationale est invalide');
    });
    await bad.getState().loadBundle('97');
    await bad.getState().loadNational();
    expect([bad.getState().nationalStatus, bad.getState().nationalError]).toEqual(['error', 'La comparaison nationale est invalide']);
  });
});
