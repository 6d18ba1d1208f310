/**
 * `data --dept NN` for départements with no settings file, from the national files: the Aisne (02),
 * the Somme (80), Corse-du-Sud (2A, an island with a letter code) and Paris (75, one commune, no
 * canton polygon, the pseudo-canton 7599). Each bundle's France Services equal the national list's
 * rows for the département (counted here independently with papaparse), its cantons equal the COG's,
 * and what the département lacks is said, never invented.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataOptions, runData } from '../../src/cli/actions/data.action.ts';
import type { BundleManifestFile } from '../../src/data/bundle/bundle-types.ts';
import { DEFAULT_BASIS } from '../../src/data/builders/default-departement.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
const out = mkdtempSync(join(tmpdir(), 'maillage-depts-'));
const DEPTS = ['02', '80', '2A', '75'];
const manifests: Record<string, BundleManifestFile> = {};

const csv = (path: string) =>
  Papa.parse<Record<string, string>>(readFileSync(join(MIRROR, path), 'utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
const franceServicesRows = csv('france-services-anct/liste-fs-20240801.csv');
const cogCantons = csv('insee-cog-2025-sfaut/cog-cantons@2025.csv');

beforeAll(async () => {
  for (const dept of DEPTS) {
    await runData({ ...defaultDataOptions(ROOT), dept, outDir: out, rawFolders: [MIRROR], log: () => {} });
    manifests[dept] = JSON.parse(readFileSync(join(out, dept, 'manifest.json'), 'utf8'));
  }
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const layerFeatures = (dept: string, file: string) => JSON.parse(readFileSync(join(out, dept, file), 'utf8')).features as unknown[];

describe.each(DEPTS)('data --dept %s (no settings file)', (dept) => {
  it('keeps every France Services row of the national list for the département', () => {
    const expected = franceServicesRows.filter((r) => r.insee_dep === dept).length;
    expect(expected).toBeGreaterThan(5);
    expect(manifests[dept].layers['france-services'].features).toBe(expected);
    expect(layerFeatures(dept, manifests[dept].layers['france-services'].file)).toHaveLength(expected);
  });

  it('draws the COG cantons (Paris: its pseudo-canton only)', () => {
    const real = cogCantons.filter((r) => r.department_code === dept && r.type_code === 'C').map((r) => r.code);
    const drawn = (layerFeatures(dept, 'cantons.geojson') as { properties: { code: string } }[]).map((f) => f.properties.code);
    expect(drawn.sort()).toEqual(dept === '75' ? ['7599'] : real.sort());
  });

  it('states the default settings in the manifest, with no priority territory', () => {
    const m = manifests[dept];
    expect(m.coverage.basis).toBe(DEFAULT_BASIS);
    expect(m.coverage.priority.territories).toBe(false);
    expect(m.layers['priority-zones'].status).toBe('no-data');
    const [w, s, e, n] = m.departement.extent;
    expect(w < e && s < n).toBe(true);
  });

  it('says that the Nord and Pas-de-Calais extracts are missing here, never zero', () => {
    const use = manifests[dept].layers['digital-inclusion'].sources.find((s) => s.id === 'assembleurs-lieux-mediation-2023')!;
    expect(use.rows_kept).toBe(0);
    expect(use.notes?.join(' ')).toMatch(new RegExp(`absente pour le département ${dept}`));
  });
});

describe('the population grid where the tiles do not cover the département', () => {
  it('is used for the Aisne and Paris (inside the two tiles), and left out for Corse-du-Sud with the reason', () => {
    expect(manifests['02'].layers['population-grid'].status).toBe('ok');
    expect(manifests['75'].layers['population-grid'].status).toBe('ok');
    const corse = manifests['2A'].layers['population-grid'];
    expect(corse.status).toBe('no-data');
    expect(corse.features).toBe(0);
    expect(corse.caveats.join(' ')).toMatch(/Grille absente pour ce département.*depuis les communes/);
  });
});
