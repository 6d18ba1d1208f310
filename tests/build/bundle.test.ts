/**
 * The data build on the real official files mirrored in ../shared/opendata:
 * exact counts for the Nord (59) and the Pas-de-Calais (62), manifest counts
 * equal to independent counts of the raw files, atomic output.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataOptions, runData, type DataResult } from '../../src/cli/actions/data.action.ts';
import { BUNDLE_LAYERS, layerFileOf } from '../../src/layers/layer-registry.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
const out = mkdtempSync(join(tmpdir(), 'maillage-build-'));
const results: Record<string, DataResult> = {};

function build(dept: string) {
  return runData({ ...defaultDataOptions(ROOT), dept, outDir: out, rawFolders: [MIRROR], log: () => {} });
}
function layer(dept: string, file: string) {
  return JSON.parse(readFileSync(join(out, dept, file), 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[];
  };
}
function source(dept: string, layerId: string, sourceId: string) {
  const s = results[dept].bundle.manifest.layers[layerId].sources.find((x) => x.id === sourceId);
  if (!s) throw new Error(`no source ${sourceId} in layer ${layerId}`);
  return s;
}

beforeAll(async () => {
  results['59'] = await build('59');
  results['62'] = await build('62');
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each([
  { dept: '59', fs: 52, fixed: 45, cantons: 41, polygons: 648, communes: 647, msap: 15, epci: 17 },
  { dept: '62', fs: 50, fixed: 47, cantons: 39, polygons: 891, communes: 887, msap: 38, epci: 20 },
])('bundle $dept', ({ dept, fs, fixed, cantons, polygons, communes, msap }) => {
  it('writes one GeoJSON per layer, the manifest and the report, and no temporary folder', () => {
    const files = readdirSync(join(out, dept));
    for (const l of Object.values(results[dept].bundle.manifest.layers)) expect(files).toContain(l.file);
    expect(files).toContain('manifest.json');
    expect(files).toContain('report.json');
    expect(readdirSync(out).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
  });

  it('holds exactly the layers of the registry, titled and filed as it says, citing only the sources it lists', () => {
    const layers = results[dept].bundle.manifest.layers;
    expect(Object.keys(layers).sort()).toEqual(BUNDLE_LAYERS.map((l) => l.id).sort());
    for (const def of BUNDLE_LAYERS) {
      expect(layers[def.id]).toMatchObject({ id: def.id, title: def.title, file: layerFileOf(def) });
      const cited = layers[def.id].sources.map((s) => s.id).filter((id) => id !== `departement-config-${dept}`);
      for (const id of cited) expect(def.sourceIds, `${def.id} cites ${id}`).toContain(id);
    }
  });

  it(`keeps every France Services row of the département (${fs}), fixed vs bus from format_fs`, () => {
    const f = layer(dept, 'france-services.geojson').features;
    expect(f).toHaveLength(fs);
    expect(f.filter((x) => x.properties.kind === 'fixed')).toHaveLength(fixed);
    expect(f.filter((x) => x.properties.kind === 'bus')).toHaveLength(fs - fixed);
    for (const x of f) {
      expect(x.properties.labelled_on).toMatch(/^20\d\d-\d\d-\d\d$/);
      expect(x.properties.canton_code).toMatch(new RegExp(`^${dept}\\d\\d$`));
      expect(x.properties.hours).toBeTypeOf('object');
    }
  });

  it(`has ${cantons} cantons with 4-character INSEE codes`, () => {
    const c = layer(dept, 'cantons.geojson').features;
    expect(c).toHaveLength(cantons);
    expect(new Set(c.map((x) => x.properties.code)).size).toBe(cantons);
    for (const x of c) expect(x.properties.code).toMatch(new RegExp(`^${dept}\\d\\d$`));
  });

  it(`joins ${polygons} commune polygons of 2018 to the ${communes} current communes`, () => {
    expect(source(dept, 'communes', 'ign-communes-2018').rows_read).toBe(polygons);
    const c = layer(dept, 'communes.geojson').features;
    expect(c).toHaveLength(communes);
    expect(c.every((x) => typeof x.properties.population === 'number')).toBe(true);
    expect(c.every((x) => typeof x.properties.epci_code === 'string')).toBe(true);
  });

  it(`lists the ${msap} MSAP of the SIILAB survey`, () => {
    expect(source(dept, 'msap', 'siilab-hdf-2020').rows_kept).toBe(msap);
  });

  it('gives a 2021 grid population within 1 % of the municipal population', () => {
    const stats = results[dept].bundle.manifest.layers['population-grid'].stats as Record<string, number>;
    const municipal = results[dept].bundle.manifest.layers.communes.stats!.population as number;
    expect(Math.abs(stats.population_in_departement - municipal) / municipal).toBeLessThan(0.01);
  });

  it('declares MSP as a layer with no data and the formats it accepts', () => {
    const msp = results[dept].bundle.manifest.layers.msp;
    expect(msp.status).toBe('no-data');
    expect(msp.features).toBe(0);
    expect(msp.accepts!.length).toBeGreaterThan(0);
  });

  it('accounts for every row: read = kept + rejected for every source', () => {
    for (const l of Object.values(results[dept].bundle.manifest.layers)) {
      for (const s of l.sources) expect(s.rows_kept + s.rows_rejected, `${l.id}/${s.id}`).toBe(s.rows_read);
    }
  });

  it('gives every feature of a point layer a unique id', () => {
    for (const file of ['france-services.geojson', 'msap.geojson', 'first-reception.geojson', 'digital-inclusion.geojson']) {
      const ids = layer(dept, file).features.map((f) => f.properties.id);
      expect(new Set(ids).size, file).toBe(ids.length);
    }
  });

  it('locates every report entry (file, action, reason)', () => {
    const report = JSON.parse(readFileSync(join(out, dept, 'report.json'), 'utf8')).entries as Record<string, unknown>[];
    expect(report.length).toBeGreaterThan(0);
    for (const e of report) {
      expect(e.file).toBeTypeOf('string');
      expect(e.reason).toBeTypeOf('string');
      expect(['rejected', 'corrected', 'merged', 'approximate', 'disagreement']).toContain(e.action);
    }
  });
});

describe('manifest counts equal independent counts of the raw files (Nord)', () => {
  it('France Services: rows with insee_dep 59', () => {
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(MIRROR, 'france-services-anct/liste-fs-20240801.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const n = rows.filter((r) => r.insee_dep === '59').length;
    expect(source('59', 'france-services', 'anct-france-services-2024').rows_read).toBe(n);
    expect(n).toBe(52);
  });

  it('lieux de médiation numérique: 1,099 records by postcode, merged into fewer places keeping every source', () => {
    const s = source('59', 'digital-inclusion', 'assembleurs-lieux-mediation-2023');
    expect(s.rows_read).toBe(1099);
    const features = layer('59', 'digital-inclusion.geojson').features;
    const records = features.flatMap((f) => f.properties.sources as { source: string; id: string }[]);
    // every record of the three sources is listed once, in the one place it was merged into
    const bySource = (id: string) => records.filter((r) => r.source === id).length;
    expect(bySource('assembleurs-lieux-mediation-2023')).toBe(1099);
    expect(bySource('anct-conseillers-numeriques-2021')).toBe(72);
    expect(bySource('assembleurs-conseillers-numeriques-2023')).toBe(82);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    const stats = results['59'].bundle.manifest.layers['digital-inclusion'].stats!;
    expect(stats.records_before_merge).toBe(1099 + 72 + 82);
    expect(stats.places_after_merge).toBe(features.length);
    expect(features.length).toBeLessThan(records.length);
    // each record merged into another is in the report, located, with the record it joined
    const report = JSON.parse(readFileSync(join(out, '59', 'report.json'), 'utf8')).entries as Record<string, any>[];
    const merged = report.filter((e) => e.layer === 'digital-inclusion' && e.action === 'merged');
    expect(merged).toHaveLength(records.length - features.length);
    for (const e of merged) {
      expect(e.row).toBeGreaterThan(0);
      expect(records.map((r) => r.id)).toContain(e.merged_with.id);
      expect(e.reason).toMatch(/^same place as .*merged with .* row \d+/);
    }
  });

  it('conseillers numériques: 72 host structures in 2021, 82 in 2023, escaped accents decoded', () => {
    expect(source('59', 'digital-inclusion', 'anct-conseillers-numeriques-2021').rows_read).toBe(72);
    expect(source('59', 'digital-inclusion', 'assembleurs-conseillers-numeriques-2023').rows_read).toBe(82);
    const text = JSON.stringify(layer('59', 'digital-inclusion.geojson'));
    expect(text).not.toMatch(/<[0-9a-f]{2}>/i);
  });

  it('adultes-relais: posts of the Nord per year 2020–2025, all attached to a territory', () => {
    const stats = results['59'].bundle.manifest.layers['health-mediators'].stats!.posts_by_year as Record<string, number>;
    expect(stats).toEqual({ '2020': 413, '2021': 461, '2022': 466, '2023': 424, '2024': 373, '2025': 348 });
  });

  it('QPV 2024: 94 distinct QPV of the Nord, at commune centroids flagged approximate', () => {
    const m = results['59'].bundle.manifest.layers.qpv;
    expect(m.stats!.qpv).toBe(94);
    expect(layer('59', 'qpv.geojson').features.every((f) => f.properties.approximate === true)).toBe(true);
  });

  it('France Services of neighbouring départements are kept for border distances', () => {
    const near = layer('59', 'france-services-nearby.geojson').features;
    expect(near.length).toBeGreaterThan(0);
    expect(near.every((f) => f.properties.dept !== '59')).toBe(true);
    expect(near.some((f) => f.properties.dept === '62')).toBe(true);
  });

  it('the 17 EPCI of the Nord carry their illectronisme rate where INSEE gives one', () => {
    const e = layer('59', 'epci.geojson').features;
    expect(e).toHaveLength(17);
    expect(e.find((f) => f.properties.code === '200093201')!.properties.illectronisme_rate_pct).toBe(13.4);
  });

  it('rebuilding replaces the bundle atomically', async () => {
    await build('59');
    expect(existsSync(join(out, '59', 'manifest.json'))).toBe(true);
    expect(readdirSync(out).filter((f) => f.startsWith('.tmp-') || f.includes('.old-'))).toEqual([]);
  });
});
