/**
 * Canton outlines that agree with the canton table, on the real Nord (59) and Pas-de-Calais (62):
 * the outlines are the communes of each COG canton dissolved, with the communes split between
 * cantons cut by the 2018 canton polygons. Every site of every point layer is drawn inside the
 * outline of the canton the table counts it in, or its coordinates fall outside its own commune and
 * the build's report lists it with that reason; the cut pieces partition their commune (no gap, no
 * overlap, checked by geodesic areas) and the coverage engine's apportionment of the split communes
 * finds exactly the pieces.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { intersect } from '@turf/intersect';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataOptions, runData } from '../../src/cli/actions/data.action.ts';
import { readCoverageBundle } from '../../src/cli/actions/coverage.action.ts';
import { createCantonAssigner } from '../../src/core/coverage/assign-canton.ts';
import { prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CoverageBase } from '../../src/core/coverage/coverage-base.ts';
import type { CoverageInput } from '../../src/core/coverage/coverage-types.ts';
import { coverageInputFromBundle, type CoverageLayerData } from '../../src/data/coverage/coverage-input.ts';
import type { ReportEntry } from '../../src/data/report.ts';
import type { BundleManifest } from '../../src/data/bundle/bundle-types.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
const out = mkdtempSync(join(tmpdir(), 'maillage-outlines-'));
type Area = Feature<Polygon | MultiPolygon, Record<string, unknown>>;
interface Dept {
  manifest: BundleManifest;
  layers: Record<string, CoverageLayerData>;
  input: CoverageInput;
  base: CoverageBase;
  report: ReportEntry[];
  cantons: Area[];
  communes: Area[];
}
const depts: Record<string, Dept> = {};

beforeAll(async () => {
  for (const dept of ['59', '62']) {
    await runData({ ...defaultDataOptions(ROOT), dept, outDir: out, rawFolders: [MIRROR], log: () => {} });
    const { manifest, layers } = await readCoverageBundle(out, dept);
    const input = coverageInputFromBundle(manifest, layers);
    const read = (f: string) => JSON.parse(readFileSync(join(out, dept, f), 'utf8'));
    depts[dept] = {
      manifest,
      layers,
      input,
      base: prepareCoverage(input),
      report: read('report.json').entries,
      cantons: read('cantons.geojson').features,
      communes: read('communes.geojson').features,
    };
  }
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const m2 = (g: Polygon | MultiPolygon) => area({ type: 'Feature', properties: {}, geometry: g });
const overlap = (a: Polygon | MultiPolygon, b: Polygon | MultiPolygon) => {
  const x = intersect({ type: 'FeatureCollection', features: [a, b].map((geometry) => ({ type: 'Feature', properties: {}, geometry })) });
  return x ? area(x) : 0;
};
const boxOf = (g: Polygon | MultiPolygon) => {
  const pts = (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()).flat();
  return [
    Math.min(...pts.map((p) => p[0])),
    Math.min(...pts.map((p) => p[1])),
    Math.max(...pts.map((p) => p[0])),
    Math.max(...pts.map((p) => p[1])),
  ];
};
const meet = (a: number[], b: number[]) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

describe.each([
  { dept: '59', split: ['59183', '59350', '59512', '59599'] },
  { dept: '62', split: null },
])('canton outlines of $dept', ({ dept, split }) => {
  const d = () => depts[dept];

  it('draws every site of every point layer inside the outline of the canton the table counts it in, or lists it: coordinates outside its own commune', () => {
    const { input, layers, report, cantons, communes } = d();
    const assigner = createCantonAssigner(input.cantons, new Map(input.communes.map((c) => [c.code, c.cantonCode])));
    const listed = new Set(report.filter((e) => e.source === 'canton-outlines').map((e) => `${e.layer}|${e.value}`));
    const elsewhere: string[] = [];
    let sites = 0;
    for (const [id, data] of Object.entries(layers)) {
      for (const f of data.features) {
        if (f.geometry?.type !== 'Point' || !f.properties) continue;
        const at = f.geometry.coordinates as [number, number];
        const communeCode = (f.properties.commune_code as string | null) ?? null;
        const counted = assigner.assign(at, communeCode).canton;
        if (counted < 0) continue;
        sites++;
        // independent: a loop over every canton outline
        const drawn = cantons.findIndex((c) => booleanPointInPolygon(at, c));
        if (drawn >= 0 && cantons[drawn].properties.code === input.cantons[counted].properties.code) continue;
        const own = communes.find((c) => c.properties.code === communeCode);
        expect(own && booleanPointInPolygon(at, own), `${id} ${f.properties.id} is inside its commune yet drawn elsewhere`).toBe(false);
        elsewhere.push(`${id}|${f.properties.id}`);
      }
    }
    expect(sites).toBeGreaterThan(1000);
    expect(elsewhere.sort()).toEqual([...listed].sort());
    expect(d().manifest.report.sites_drawn_outside_their_canton).toBe(elsewhere.length);
  });

  it('covers the communes exactly: canton outlines add up to the communes, with no overlap (so no gap)', () => {
    const { cantons, communes } = d();
    const communeArea = communes.reduce((s, c) => s + m2(c.geometry), 0);
    const cantonArea = cantons.reduce((s, c) => s + m2(c.geometry), 0);
    expect(Math.abs(cantonArea - communeArea) / communeArea).toBeLessThan(1e-6);
    const boxes = cantons.map((c) => boxOf(c.geometry));
    let overlapping = 0;
    for (let i = 0; i < cantons.length; i++)
      for (let j = i + 1; j < cantons.length; j++)
        if (meet(boxes[i], boxes[j])) overlapping += overlap(cantons[i].geometry, cantons[j].geometry);
    expect(overlapping).toBeLessThan(100);
  });

  it('cuts each split commune into pieces that partition it, and the engine apportions it over exactly those pieces', () => {
    const { base, cantons, communes, input } = d();
    const splitCodes = input.communes.filter((c) => !c.cantonCode).map((c) => c.code);
    if (split) expect(splitCodes.sort()).toEqual(split);
    expect(splitCodes.length).toBeGreaterThan(0);
    for (const code of splitCodes) {
      const commune = communes.find((c) => c.properties.code === code)!;
      const whole = m2(commune.geometry);
      const shares = cantons
        .map((c) => ({ code: c.properties.code as string, share: overlap(commune.geometry, c.geometry) / whole }))
        .filter((s) => s.share > 1e-6);
      expect(Math.abs(shares.reduce((s, x) => s + x.share, 0) - 1), code).toBeLessThan(1e-6);
      const method = base.method.splitCommunes.find((m) => m.code === code)!;
      expect(method.shares.map((s) => s.cantonCode).sort(), code).toEqual(shares.map((s) => s.code).sort());
      for (const s of method.shares) expect(s.areaShare).toBeCloseTo(shares.find((x) => x.code === s.cantonCode)!.share, 5);
    }
  });
});
