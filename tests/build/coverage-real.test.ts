/**
 * The coverage engine on the real Nord (59) and Pas-de-Calais (62) bundles, built
 * from the official files mirrored in ../shared/opendata as tests/build/bundle.test.ts
 * does: the engine's point-in-polygon equals a brute-force Turf loop over every
 * canton, the COG decides for every site whose commune lies wholly in one canton,
 * the table has the right rows, every France Services is counted once, totals are
 * the sums of the rows, and the population is the communes' population exactly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataOptions, runData } from '../../src/cli/actions/data.action.ts';
import { readCoverageBundle } from '../../src/cli/actions/coverage.action.ts';
import { createCantonAssigner } from '../../src/core/coverage/assign-canton.ts';
import { applyCoverageRule, prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CoverageInput, CoverageRow, CoverageTable } from '../../src/core/coverage/coverage-types.ts';
import { coverageInputFromBundle, type CoverageLayerData } from '../../src/data/coverage/coverage-input.ts';
import { defaultCoverageRule } from '../../src/core/coverage/coverage-rule.ts';
import type { BundleManifest } from '../../src/data/bundle/bundle-types.ts';
import { runNearest } from '../../src/cli/actions/nearest.action.ts';
import { toLngLat } from '../../src/core/geo/lng-lat.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
const out = mkdtempSync(join(tmpdir(), 'maillage-coverage-real-'));

interface Dept {
  manifest: BundleManifest;
  layers: Record<string, CoverageLayerData>;
  input: CoverageInput;
  table: CoverageTable;
}
const depts: Record<string, Dept> = {};

beforeAll(async () => {
  for (const dept of ['59', '62']) {
    await runData({ ...defaultDataOptions(ROOT), dept, outDir: out, rawFolders: [MIRROR], log: () => {} });
    const { manifest, layers } = await readCoverageBundle(out, dept);
    const input = coverageInputFromBundle(manifest, layers);
    depts[dept] = { manifest, layers, input, table: applyCoverageRule(prepareCoverage(input), defaultCoverageRule(manifest)) };
  }
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Pt = [number, number];
const pointsOf = (d: Dept, layer: string): { id: string; at: Pt; communeCode: string | null; kind?: unknown }[] =>
  (d.layers[layer]?.features ?? []).map((f) => ({
    id: String(f.properties!.id),
    at: (f.geometry as unknown as { coordinates: Pt }).coordinates,
    communeCode: (f.properties!.commune_code as string | null) ?? null,
    kind: f.properties!.kind,
  }));

/** The oracle: the first canton (input order) whose polygon contains the point, by a loop over every canton. */
function bruteForceCanton(d: Dept, p: Pt): number {
  return d.input.cantons.findIndex((c) => booleanPointInPolygon(p, c));
}

describe.each([
  { dept: '59', cantons: 41, fs: 52, fixed: 45, communes: 647, population: 2_615_635 },
  { dept: '62', cantons: 39, fs: 50, fixed: 47, communes: 887, population: null },
])('coverage of the real bundle $dept', ({ dept, cantons, fs, fixed, communes, population }) => {
  const d = () => depts[dept];

  it(`has ${cantons} canton rows and a total row`, () => {
    const { table, input } = d();
    expect(input.cantons).toHaveLength(cantons);
    expect(table.rows).toHaveLength(cantons);
    expect(new Set(table.rows.map((r) => r.cantonCode)).size).toBe(cantons);
    for (const r of table.rows) expect(r.cantonCode).toMatch(new RegExp(`^${dept}\\d\\d$`));
    expect(table.total).toMatchObject({ rowType: 'total', cantonCode: dept });
  });

  it('places every France Services, digital-inclusion and first-reception site and every grid cell in the same canton as a brute-force loop over every canton', () => {
    const { input } = d();
    const assigner = createCantonAssigner(input.cantons, new Map(input.communes.map((c) => [c.code, c.cantonCode])));
    let checked = 0,
      inSome = 0;
    for (const layer of ['france-services', 'digital-inclusion', 'first-reception', 'population-grid']) {
      const points = pointsOf(d(), layer);
      expect(points.length, layer).toBeGreaterThan(0);
      for (const p of points) {
        const engine = assigner.assign(p.at, null).pointCanton;
        const oracle = bruteForceCanton(d(), p.at);
        if (engine !== oracle) expect({ layer, id: p.id, engine, oracle }).toEqual({ layer, id: p.id, engine: oracle, oracle });
        checked++;
        if (oracle >= 0) inSome++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
    expect(inSome).toBeGreaterThan(1000);
  });

  it("gives every site whose commune lies wholly in one canton that commune's COG canton (communes.geojson canton_code), whatever its coordinates", () => {
    const { input } = d();
    const cog = new Map(
      d().layers.communes.features.map((f) => [f.properties!.code as string, (f.properties!.canton_code as string | null) ?? null]),
    );
    const assigner = createCantonAssigner(input.cantons, new Map(input.communes.map((c) => [c.code, c.cantonCode])));
    let byCog = 0,
      disagreeing = 0;
    for (const layer of ['france-services', 'digital-inclusion', 'first-reception']) {
      for (const p of pointsOf(d(), layer)) {
        const canton = p.communeCode ? cog.get(p.communeCode) : null;
        if (!canton) continue;
        const a = assigner.assign(p.at, p.communeCode);
        expect({ layer, id: p.id, canton: input.cantons[a.canton]?.properties.code, method: a.method }).toEqual({
          layer,
          id: p.id,
          canton,
          method: 'cog',
        });
        byCog++;
        if (a.pointCanton !== a.canton) disagreeing++;
      }
    }
    expect(byCog).toBeGreaterThan(500);
    // the simplified polygons do put some sites on the wrong side: the rule matters
    expect(disagreeing).toBeGreaterThan(0);
  });

  it('counts sites per canton as the COG-then-polygon rule computed independently', () => {
    const { input, table } = d();
    const code = (i: number) => (i >= 0 ? input.cantons[i].properties.code : null);
    const cog = new Map(input.communes.map((c) => [c.code, c.cantonCode]));
    const cantonOf = (p: { at: Pt; communeCode: string | null }) =>
      (p.communeCode && cog.get(p.communeCode)) || code(bruteForceCanton(d(), p.at));
    const tally = (items: { at: Pt; communeCode: string | null }[]) => {
      const m = new Map<string, number>();
      for (const p of items) {
        const c = cantonOf(p);
        if (c) m.set(c, (m.get(c) ?? 0) + 1);
      }
      return m;
    };
    const services = pointsOf(d(), 'france-services');
    const fixedBy = tally(services.filter((s) => s.kind === 'fixed'));
    const busBy = tally(services.filter((s) => s.kind === 'bus'));
    for (const r of table.rows) {
      expect([r.cantonCode, r.franceServices, r.franceServicesBuses]).toEqual([
        r.cantonCode,
        fixedBy.get(r.cantonCode) ?? 0,
        busBy.get(r.cantonCode) ?? 0,
      ]);
    }
    for (const layer of ['digital-inclusion', 'first-reception']) {
      const by = tally(pointsOf(d(), layer));
      for (const r of table.rows)
        expect([layer, r.cantonCode, r.layerCounts[layer]]).toEqual([layer, r.cantonCode, by.get(r.cantonCode) ?? 0]);
    }
  });

  it("agrees with the canton the data build wrote on each France Services (the build's report uses the same rule)", () => {
    const { input } = d();
    const assigner = createCantonAssigner(input.cantons, new Map(input.communes.map((c) => [c.code, c.cantonCode])));
    for (const f of d().layers['france-services'].features) {
      const p = f.properties!;
      const a = assigner.assign((f.geometry as unknown as { coordinates: Pt }).coordinates, (p.commune_code as string) ?? null);
      expect([p.id, input.cantons[a.canton]?.properties.code, a.method]).toEqual([p.id, p.canton_code, p.canton_method]);
    }
  });

  it(`counts the ${fs} France Services once each: ${fixed} fixed sites and ${fs - fixed} buses`, () => {
    const { table } = d();
    const features = d().layers['france-services'].features;
    expect(features).toHaveLength(fs);
    expect(table.rows.reduce((s, r) => s + r.franceServices, 0)).toBe(fixed);
    expect(table.rows.reduce((s, r) => s + r.franceServicesBuses, 0)).toBe(fs - fixed);
    expect(table.rows.reduce((s, r) => s + r.franceServices + r.franceServicesBuses, 0)).toBe(features.length);
    expect(table.method.sitesOutside.filter((s) => s.layer === 'france-services')).toEqual([]);
  });

  it('makes the total row the sum of the rows for every additive column, and distinct counts for communes and QPV', () => {
    const { table } = d();
    const sum = (f: (r: CoverageRow) => number | null) => table.rows.reduce((s, r) => s + (f(r) ?? 0), 0);
    expect(table.total.population).toBe(sum((r) => r.population));
    expect(table.total.franceServices).toBe(sum((r) => r.franceServices));
    expect(table.total.franceServicesBuses).toBe(sum((r) => r.franceServicesBuses));
    expect(table.total.target).toBe(sum((r) => r.target));
    expect(table.total.gap).toBe(sum((r) => r.gap));
    expect(table.total.healthMediatorPosts).not.toBeNull();
    expect(table.total.healthMediatorPosts).toBe(sum((r) => r.healthMediatorPosts));
    for (const l of table.countedLayers) {
      if (l.hasData) expect(table.total.layerCounts[l.id], l.id).toBe(sum((r) => r.layerCounts[l.id]));
      else {
        expect(table.total.layerCounts[l.id], l.id).toBeNull();
        for (const r of table.rows) expect(r.layerCounts[l.id], l.id).toBeNull();
      }
    }
    expect(table.countedLayers.find((l) => l.id === 'msp')).toMatchObject({ hasData: false });
    expect(table.total.communes).toBe(communes);
    expect(table.total.communes).toBeLessThan(sum((r) => r.communes)); // split communes count in each of their cantons
    expect(table.total.qpvCount).toBeLessThanOrEqual(sum((r) => r.qpvCount));
    expect(table.total.qpvCount).toBe(new Set(d().input.communes.flatMap((c) => c.qpvCodes)).size);
  });

  it(`has the communes' population exactly${population ? ` (${population.toLocaleString('en')})` : ''}, split communes apportioned in whole people`, () => {
    const { table, input } = d();
    const communesPopulation = input.communes.reduce((s, c) => s + c.population, 0);
    expect(table.total.population).toBe(communesPopulation);
    if (population) expect(communesPopulation).toBe(population);
    const split = table.method.splitCommunes;
    expect(split.length).toBeGreaterThan(0);
    if (dept === '59') expect(split.map((c) => c.name).sort()).toEqual(['Dunkerque', 'Lille', 'Roubaix', 'Tourcoing']);
    for (const c of split) {
      const commune = input.communes.find((x) => x.code === c.code)!;
      expect(commune.cantonCode).toBeNull();
      expect(c.shares.length, c.name).toBeGreaterThan(1);
      expect(
        c.shares.reduce((s, x) => s + x.population, 0),
        c.name,
      ).toBe(commune.population);
      expect(
        c.shares.reduce((s, x) => s + x.share, 0),
        c.name,
      ).toBeCloseTo(1, 9);
      for (const s of c.shares) expect(Number.isInteger(s.population)).toBe(true);
    }
    // every split commune is listed on each of its cantons' rows
    for (const c of split) {
      for (const s of c.shares) expect(table.rows.find((r) => r.cantonCode === s.cantonCode)!.splitCommunes).toContain(c.name);
    }
  });

  it('measures access from the 2021 population grid, across the border, with figures in range', () => {
    const { table } = d();
    expect(table.method.distanceFrom).toBe('population-grid');
    expect(table.method.nearbyFranceServicesForDistance).toBeGreaterThan(0);
    for (const r of [...table.rows, table.total]) {
      expect(r.meanDistanceKm, r.cantonCode).not.toBeNull();
      expect(r.meanDistanceKm!).toBeGreaterThanOrEqual(0);
      expect(r.maxDistanceKm!).toBeGreaterThanOrEqual(r.meanDistanceKm!);
      expect(r.maxDistanceKm!).toBeLessThan(40);
      expect(r.populationWithin5KmPct!).toBeLessThanOrEqual(r.populationWithin10KmPct!);
      expect(r.populationWithin10KmPct!).toBeLessThanOrEqual(r.populationWithin15KmPct!);
      expect(r.populationWithin15KmPct!).toBeLessThanOrEqual(100);
    }
  });
});

// The nearest search on the same freshly built bundle (here rather than with the unit tests, so that it
// always runs: the unit tests cannot count on a built public/data).
describe('nearest on the built Nord bundle', () => {
  it('finds La Poste de Maubeuge (id_fs 2124) first from Maubeuge, about 2 km away', async () => {
    const { rows } = await runNearest({
      dept: '59',
      dataDir: out,
      point: toLngLat(3.97, 50.28),
      layers: ['france-services'],
      k: 3,
      at: new Date('2024-08-05T10:00:00+02:00'),
    });
    expect(rows[0]).toMatchObject({ id_fs: '2124', layer: 'france-services' });
    expect(rows[0].distance_km).toBeCloseTo(2.0, 1);
    expect(rows).toHaveLength(3);
  });
});
