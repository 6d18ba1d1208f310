/**
 * The network over time and the plan on the real Nord (59) and Pas-de-Calais (62)
 * bundles, built from the official files mirrored in ../shared/opendata. The oracles read
 * the raw files directly, with a few lines of parsing of their own (never the builders'
 * code): the France Services counts per date against a direct filter of the list's rows by
 * their `labellisation_fs` text, and the October 2020 snapshot against the 2024 list.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataOptions, runData } from '../../src/cli/commands/data.command.ts';
import { openBundle } from '../../src/cli/io/file-bundle-source.ts';
import { prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CoverageInput } from '../../src/core/coverage/coverage-types.ts';
import { compareSnapshots, type SnapshotSite } from '../../src/core/timeline/compare-snapshots.ts';
import { coverageInputAsOf, type DatedNetwork } from '../../src/core/timeline/coverage-as-of.ts';
import { createCoverageTimeline, type CoverageTimeline } from '../../src/core/timeline/coverage-timeline.ts';
import type { BundleManifestFile } from '../../src/data/bundle/bundle-types.ts';
import { coverageInputFromBundle, defaultCoverageRule, type CoverageLayerData } from '../../src/data/coverage/coverage-input.ts';
import { datedNetworkFromBundle, franceServicesSnapshotsFromBundle, type UndatedSite } from '../../src/data/timeline/dated-network.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
const out = mkdtempSync(join(tmpdir(), 'maillage-time-plan-'));

/** A quoted CSV (RFC 4180: `""` escapes, line breaks inside quotes) as rows of header-keyed records. */
function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1);
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const LIST = readCsv(join(MIRROR, 'france-services-anct/liste-fs-20240801.csv'));
/** "Espace labellisé 15/01/2021" → "2021-01-15", by a regex of its own. */
const dayOf = (text: string) => {
  const m = /(\d\d)\/(\d\d)\/(\d{4})/.exec(text);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
};

interface Dept {
  manifest: BundleManifestFile;
  layers: Record<string, CoverageLayerData>;
  input: CoverageInput;
  network: DatedNetwork;
  undated: UndatedSite[];
  timeline: CoverageTimeline;
}
const depts: Record<string, Dept> = {};

beforeAll(async () => {
  for (const dept of ['59', '62']) {
    await runData({ ...defaultDataOptions(ROOT), dept, outDir: out, rawFolders: [MIRROR], log: () => {} });
    const bundle = await openBundle(out, dept);
    const layers: Record<string, CoverageLayerData> = {};
    for (const id of Object.keys(bundle.manifest.layers)) {
      const data = await bundle.layer(id);
      if (data) layers[id] = data;
    }
    const input = coverageInputFromBundle(bundle.manifest, layers);
    const { network, undated } = datedNetworkFromBundle(bundle.manifest, layers);
    depts[dept] = { manifest: bundle.manifest, layers, input, network, undated, timeline: createCoverageTimeline(input, network) };
  }
}, 240_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(['59', '62'])('the France Services network over time, %s', (dept) => {
  const rows = LIST.filter((r) => r.insee_dep === dept);
  const d = () => depts[dept];

  it("parses every row's labelling date (none left undated), as a direct reading of labellisation_fs gives it", () => {
    expect(rows.length).toBe(dept === '59' ? 52 : 50);
    const unparsed = rows.filter((r) => !dayOf(r.labellisation_fs)).map((r) => `${r.id_fs}: ${r.labellisation_fs}`);
    expect(unparsed).toEqual([]);
    expect(d().undated).toEqual([]);
    const bundleDays = new Map(d().network.franceServices.map((s) => [s.id, s.labelledOn]));
    for (const r of rows) expect(bundleDays.get(r.id_fs), r.id_fs).toBe(dayOf(r.labellisation_fs));
    expect(d().network.listDate).toBe('2024-08-01');
  });

  it('counts, at every date of the series and every year end, the rows of the list labelled on or before it', () => {
    const rule = defaultCoverageRule(d().manifest);
    const dates = [...d().timeline.dates, '2019-12-31', '2020-12-31', '2021-06-30', '2021-12-31', '2022-12-31', '2023-12-31'];
    for (const date of dates) {
      const direct = rows.filter((r) => dayOf(r.labellisation_fs)! <= date);
      const table = d().timeline.tableAt(date, rule);
      expect([date, table.total.franceServices + table.total.franceServicesBuses]).toEqual([date, direct.length]);
      const buses = direct.filter((r) => /bus|itin/i.test(r.format_fs)).length;
      expect([date, table.total.franceServicesBuses]).toEqual([date, buses]);
    }
    const series = d().timeline.series(rule);
    expect(series.at(-1)!.franceServices + series.at(-1)!.franceServicesBuses).toBe(rows.length);
  });

  it('equals the engine run from scratch on the network as of every date', () => {
    const { input, network, timeline } = d();
    for (const at of [...timeline.dates, '2019-12-31', '2021-06-30']) {
      expect(timeline.baseAt(at), at).toEqual(prepareCoverage(coverageInputAsOf(input, network, at)));
    }
  });
});

describe('the October 2020 snapshot against the 2024 list', () => {
  it('Nord: its 10 sites are all in the 2024 list under the same id; Solesmes moved 1.6 km', () => {
    const { older, newer } = franceServicesSnapshotsFromBundle(depts['59'].layers);
    const result = compareSnapshots(older, newer);
    expect(result.older).toBe(10);
    expect(result.counts).toEqual({ kept: 9, moved: 1, renamed: 0, 'moved-renamed': 0, missing: 0 });
    const moved = result.sites.find((s) => s.status === 'moved')!;
    expect(moved).toMatchObject({ id: '352', name: 'Solesmes' });
    expect(moved.newer!.distanceKm).toBeCloseTo(1.55, 1);
  });

  it('Pas-de-Calais: 13 sites, none missing; Béthune renamed, the Béthunois bus moved and renamed', () => {
    const { older, newer } = franceServicesSnapshotsFromBundle(depts['62'].layers);
    const result = compareSnapshots(older, newer);
    expect(result.counts).toEqual({ kept: 11, moved: 0, renamed: 1, 'moved-renamed': 1, missing: 0 });
    expect(result.sites.filter((s) => s.status !== 'kept').map((s) => s.id)).toEqual(['372', '371']);
  });

  it('France: 11 of the 908 sites of October 2020 are missing from the 2024 list by id, 3 of them relabelled at the same place', () => {
    const snapshot = JSON.parse(readFileSync(join(MIRROR, 'france-services-anct/france_services_2020-10.geojson'), 'utf8'));
    const older: SnapshotSite[] = snapshot.features.map(
      (f: { properties: Record<string, unknown>; geometry: { coordinates: number[] } }) => ({
        id: String(f.properties.MATRICULE),
        name: String(f.properties.lib_france_services),
        lngLat: [f.geometry.coordinates[0], f.geometry.coordinates[1]],
        communeCode: null,
      }),
    );
    const newer: SnapshotSite[] = LIST.map((r) => ({
      id: r.id_fs,
      name: r.lib_fs,
      lngLat: [Number(r.longitude), Number(r.latitude)],
      communeCode: null,
    }));
    const result = compareSnapshots(older, newer);
    expect([result.older, result.newer]).toEqual([908, 2845]);
    expect(result.counts).toEqual({ kept: 794, moved: 48, renamed: 52, 'moved-renamed': 3, missing: 11 });
    const relabelled = result.sites.filter((s) => s.status === 'missing' && s.candidate?.sameName && s.candidate.distanceKm < 0.1);
    expect(relabelled.map((s) => s.id)).toEqual(['672', '975', '976']);
  });
});
