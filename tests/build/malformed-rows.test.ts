/**
 * The build on hand-written, fictional raw files placed in a raw folder that
 * comes before the mirror: malformed, swapped, unplaceable and out-of-département
 * rows are each accounted for and located in the report; the official QPV
 * polygon file is used when present.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataOptions, runData, type DataResult } from '../../src/cli/actions/data.action.ts';
import type { ReportEntry } from '../../src/data/report.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
const FIX = resolve(__dirname, '../fixtures/build');
const raw = mkdtempSync(join(tmpdir(), 'maillage-raw-'));
const out = mkdtempSync(join(tmpdir(), 'maillage-out-'));
let result: DataResult;
let report: ReportEntry[];
const FS_FILE = 'france-services-anct/liste-fs-20240801.csv';

/** The real source descriptions, with the France Services minimum lowered to what the fictional file holds. */
function fictionalSources(): string {
  const dir = join(raw, '.sources');
  mkdirSync(dir);
  for (const f of readdirSync(join(ROOT, 'data/sources')).filter((n) => n.endsWith('.json'))) {
    const s = JSON.parse(readFileSync(join(ROOT, 'data/sources', f), 'utf8'));
    if (s.id === 'anct-france-services-2024') s.expect.minRows = { default: 1 };
    writeFileSync(join(dir, f), JSON.stringify(s));
  }
  return dir;
}

beforeAll(async () => {
  mkdirSync(join(raw, 'france-services-anct'), { recursive: true });
  copyFileSync(join(FIX, 'liste-fs-fictional.csv'), join(raw, FS_FILE));
  mkdirSync(join(raw, 'qpv-polygons'), { recursive: true });
  copyFileSync(join(FIX, 'qpv-polygons-fictional.geojson'), join(raw, 'qpv-polygons', 'qpv-2024.geojson'));
  result = await runData({
    ...defaultDataOptions(ROOT),
    dept: '59',
    rawFolders: [raw, MIRROR],
    outDir: out,
    sourcesDir: fictionalSources(),
    log: () => {},
  });
  report = JSON.parse(readFileSync(join(out, '59', 'report.json'), 'utf8')).entries;
});
afterAll(() => {
  rmSync(raw, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const fsFeatures = () =>
  JSON.parse(readFileSync(join(out, '59', 'france-services.geojson'), 'utf8')).features as {
    properties: Record<string, any>;
    geometry: { coordinates: number[] };
  }[];
const entries = (row: number) => report.filter((e) => e.file === FS_FILE && e.row === row);

describe('France Services rows that are not clean', () => {
  it('uses the file of the first raw folder and counts the département rows: 6 read, 4 kept, 2 rejected', () => {
    const s = result.bundle.manifest.layers['france-services'].sources[0];
    expect(s.files).toEqual([FS_FILE]);
    expect([s.rows_read, s.rows_kept, s.rows_rejected]).toEqual([6, 4, 2]);
  });

  it('keeps a clean row with its parsed hours and ISO labelling date', () => {
    const f = fsFeatures().find((x) => x.properties.id === '9001')!;
    expect(f.properties.labelled_on).toBe('2021-02-01');
    expect(f.properties.hours.monday.ranges).toEqual([
      { opensMin: 540, closesMin: 720 },
      { opensMin: 810, closesMin: 1020 },
    ]);
    expect(f.properties.hours.wednesday.status).toBe('closed');
    expect(f.properties.canton_method).toBe('polygon'); // Lille is split between cantons
    expect(f.properties.approximate).toBe(false);
  });

  it('swaps latitude and longitude written the wrong way round, and says so', () => {
    const f = fsFeatures().find((x) => x.properties.id === '9002')!;
    expect(f.geometry.coordinates).toEqual([3.97, 50.28]);
    expect(f.properties.kind).toBe('bus');
    expect(entries(2).some((e) => e.action === 'corrected' && /swapped/.test(e.reason))).toBe(true);
    expect(entries(2).some((e) => e.field === 'h_lundi' && /text only/.test(e.reason))).toBe(true);
  });

  it('places a row without coordinates at its commune centroid, resolving a former commune code', () => {
    const f = fsFeatures().find((x) => x.properties.id === '9003')!;
    expect(f.properties.approximate).toBe(true);
    expect(f.properties.commune_code).toBe('59006');
    expect(
      entries(3)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['approximate', 'corrected', 'corrected']);
  });

  it('rejects a row with neither coordinates nor commune, naming the fields', () => {
    expect(fsFeatures().some((x) => x.properties.id === '9004')).toBe(false);
    const r = entries(4).find((e) => e.action === 'rejected')!;
    expect(r.field).toBe('latitude/longitude');
  });

  it('lists a truncated record as malformed with its record number', () => {
    const r = entries(5).find((e) => e.action === 'rejected')!;
    expect(r.reason).toMatch(/malformed CSV record/);
  });

  it('reports a row whose coordinates fall in another commune than its INSEE code', () => {
    expect(entries(7).some((e) => e.action === 'disagreement' && /59183/.test(e.value ?? ''))).toBe(true);
    const f = fsFeatures().find((x) => x.properties.id === '9007')!;
    expect(f.properties.commune_code).toBe('59183'); // the declared commune stays authoritative
  });
});

describe('QPV polygons', () => {
  it('uses the official polygon file when present, keeping only the département and rejecting non-polygons', () => {
    const m = result.bundle.manifest.layers.qpv;
    expect(m.stats!.geometry).toBe('polygons');
    expect(m.sources[0].id).toBe('anct-qpv-polygons-2024');
    expect([m.sources[0].rows_read, m.sources[0].rows_kept, m.sources[0].rows_rejected]).toEqual([2, 1, 1]);
    const qpv = JSON.parse(readFileSync(join(out, '59', 'qpv.geojson'), 'utf8')).features;
    expect(qpv.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['QN05999X']);
  });
});
