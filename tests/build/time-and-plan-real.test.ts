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
import { defaultDataOptions, runData } from '../../src/cli/actions/data.action.ts';
import { openBundle } from '../../src/cli/io/file-bundle-source.ts';
import { prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CoverageInput } from '../../src/core/coverage/coverage-types.ts';
import { compareSnapshots, type SnapshotSite } from '../../src/core/timeline/compare-snapshots.ts';
import { coverageInputAsOf, type DatedNetwork } from '../../src/core/timeline/coverage-as-of.ts';
import { createCoverageTimeline, type CoverageTimeline } from '../../src/core/timeline/coverage-timeline.ts';
import type { BundleManifestFile } from '../../src/data/bundle/bundle-types.ts';
import { coverageInputFromBundle, type CoverageLayerData } from '../../src/data/coverage/coverage-input.ts';
import { defaultCoverageRule } from '../../src/core/coverage/coverage-rule.ts';
import { datedNetworkFromBundle, franceServicesSnapshotsFromBundle, type UndatedSite } from '../../src/data/timeline/dated-network.ts';
import { planStatusRows } from '../../src/core/plan/plan-status.ts';
import { planFactsFromBundle } from '../../src/data/plan/plan-facts.ts';
import { parsePlanSeed } from '../../src/data/plan/plan-seed.ts';
import ExcelJS from 'exceljs';
import { expectCleanExit, runCli } from '../unit/helpers/run-cli.ts';

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

describe('coverage --at and --format xlsx (the CLI on the built Nord bundle)', { timeout: 120_000 }, () => {
  it('gives the table as of a date: the rows of the list labelled on or before it', async () => {
    const run = await runCli(['coverage', '--dept', '59', '--data', out, '--at', '2020-12-31', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { total: { franceServices: number; franceServicesBuses: number } } & Record<string, unknown>;
    const direct = LIST.filter((r) => r.insee_dep === '59' && dayOf(r.labellisation_fs)! <= '2020-12-31').length;
    const total = json.total as Record<string, number>;
    expect(total.france_services + total.france_services_buses).toBe(direct);
    expect(JSON.stringify(json.metadata)).toMatch(/2020-12-31/);
  });

  it('refuses an impossible date with a French message and exit 2', async () => {
    const run = await runCli(['coverage', '--dept', '59', '--data', out, '--at', '2021-02-30']);
    expectCleanExit(run);
    expect(run.stderr).toMatch(/--at .*février 2021 compte 28 jours/);
  });

  it('writes an Excel workbook with its two sheets, and refuses to write one to the terminal', async () => {
    const file = join(out, 'couverture.xlsx');
    const run = await runCli(['coverage', '--dept', '59', '--data', out, '--format', 'xlsx', '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    const bytes = new Uint8Array(readFileSync(file));
    await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Cantons', 'Lisez-moi']);
    expect(workbook.getWorksheet('Cantons')!.rowCount).toBe(1 + 41 + 1);
    expectCleanExit(await runCli(['coverage', '--dept', '59', '--data', out, '--format', 'xlsx']));
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

// --- the plan against independent sums of the raw files --------------------------------------

const rawJson = (path: string) => JSON.parse(readFileSync(join(MIRROR, path), 'utf8'));

/** Plan figures of a département, straight from the raw files. */
function rawFigures(dept: string) {
  const cnfs = (rawJson('conseillers-numeriques-2021-anct/cnfs.json') as Record<string, unknown>[]).filter((r) => r.insee_dep === dept);
  const cnum = Object.values(
    rawJson('indicateurs-numerique-social-assembleurs/cnum-59-62.json') as Record<string, Record<string, number>>,
  ).filter((r) => String(r['Code commune Insee']).startsWith(dept));
  const places = (
    rawJson('lieux-mediation-numerique-assembleurs-2023/locations.geojson').features as { properties: Record<string, string> }[]
  ).filter((f) => String(f.properties.code_postal).startsWith(dept));
  const siilab = readCsv(join(MIRROR, 'siilab-hdf-assembleurs-2020/siilab-hdf_export-59-62.csv')).filter((r) => r.CP.startsWith(dept));
  const posts: Record<string, number> = {};
  let withoutContract = 0;
  for (const year of ['2020', '2021', '2022', '2023', '2024', '2025']) {
    const folder = Number(year) >= 2024 ? 'politique-ville-2024-2025-anct' : 'politique-ville-adultes-relais-anct';
    const records = (rawJson(`${folder}/adulte-relais-${year}.json`) as { insee_dep: string; code_cv?: string }[]).filter(
      (r) => r.insee_dep === dept,
    );
    // a post without a contrat de ville cannot be placed: the build sets it aside and says so in the manifest
    posts[year] = records.filter((r) => r.code_cv).length;
    withoutContract += records.length - posts[year];
  }
  return {
    fsBy: (day: string) => LIST.filter((r) => r.insee_dep === dept && dayOf(r.labellisation_fs)! <= day).length,
    cn21: { structures: cnfs.length, advisors: cnfs.reduce((s, r) => s + Number(r.nb_cnfs), 0) },
    cn23: {
      structures: cnum.length,
      attributed: cnum.reduce((s, r) => s + r['Nb de conseillers attribués'], 0),
      recruited: cnum.reduce((s, r) => s + r['Nb de conseillers recrutés'], 0),
    },
    records: places.length,
    siilab: siilab.length,
    posts,
    withoutContract,
  };
}

describe.each(['59', '62'])('the plan status of %s against the raw files', (dept) => {
  const rows = () => {
    const d = depts[dept];
    const seed = dept === '59' ? parsePlanSeed(JSON.parse(readFileSync(join(ROOT, 'seeds/sdaasp-59-actions.json'), 'utf8')), 'seed') : null;
    const facts = planFactsFromBundle(d.manifest, d.layers, d.input, d.timeline, defaultCoverageRule(d.manifest));
    return planStatusRows(seed, facts);
  };
  const measured = (indicator: string, asOf?: string) => {
    const found = rows().filter((r) => r.indicator === indicator && (asOf === undefined || r.asOf === asOf));
    expect(found.length, `${indicator} ${asOf ?? ''}`).toBeGreaterThan(0);
    return found[0].measured;
  };

  it('France Services by date: the list rows labelled on or before it', () => {
    const raw = rawFigures(dept);
    expect(measured('france_services_total', '2024-08-01') ?? raw.fsBy('2024-08-01')).toBe(raw.fsBy('2024-08-01'));
    if (dept === '59') {
      expect(measured('france_services_total', '2021-12-31')).toBe(raw.fsBy('2021-12-31'));
      expect(measured('france_services_total', '2020-01-01')).toBe(raw.fsBy('2020-01-01'));
      expect(measured('france_services_total', '2020-10-01')).toBe(raw.fsBy('2020-10-01'));
      // SOURCES.md's own placement of the 2024 points in the canton polygons: 34 of the 41 cantons hold one
      expect(measured('france_services_per_canton', '2024-08-01')).toBe(34);
    }
  });

  it('digital inclusion: conseillers numériques 2021 and 2023, mediation records, SIILAB places', () => {
    const raw = rawFigures(dept);
    expect(measured('conseillers_numeriques_2021')).toBe(raw.cn21.advisors);
    expect(measured('conseillers_numeriques_2021_structures')).toBe(raw.cn21.structures);
    expect(measured('conseillers_numeriques_2023_attributed')).toBe(raw.cn23.attributed);
    expect(measured('conseillers_numeriques_2023_recruited')).toBe(raw.cn23.recruited);
    expect(measured('conseillers_numeriques_2023_structures')).toBe(raw.cn23.structures);
    const places = rows().find((r) => r.indicator === 'digital_inclusion_places')!;
    expect(places.note).toMatch(new RegExp(`^${raw.records} fiches`));
    expect(measured('siilab_places')).toBe(raw.siilab);
    if (dept === '59')
      expect([raw.cn21.advisors, raw.cn23.attributed, raw.cn23.recruited, raw.records, raw.siilab]).toEqual([87, 101, 94, 1099, 452]);
  });

  it('adultes-relais posts per year 2020-2025: the records of the département', () => {
    const raw = rawFigures(dept);
    const byYear = Object.fromEntries(
      rows()
        .filter((r) => r.indicator === 'adultes_relais_posts')
        .map((r) => [r.asOf, r.measured]),
    );
    expect(byYear).toEqual(raw.posts);
    if (dept === '59') expect(raw.posts).toEqual({ 2020: 413, 2021: 461, 2022: 466, 2023: 424, 2024: 373, 2025: 348 });
    const rejected = depts[dept].manifest.layers['health-mediators'].sources.reduce((s, x) => s + x.rows_rejected, 0);
    expect(rejected).toBe(raw.withoutContract);
    if (rejected) expect(rows().find((r) => r.indicator === 'adultes_relais_posts')!.note).toMatch(/sans contrat de ville, écartée/);
  });

  it(
    dept === '59' ? 'lists every action of the seed, the unmeasured ones as not measurable' : 'says "no plan loaded" for every row',
    () => {
      const all = rows();
      if (dept === '62') {
        for (const r of all) expect(r.status).toBe('no plan loaded');
        return;
      }
      expect([...new Set(all.map((r) => r.action))]).toEqual(Array.from({ length: 14 }, (_, i) => `A${String(i + 1).padStart(2, '0')}`));
      for (const r of all.filter((x) => !['A01', 'A03', 'A06'].includes(x.action!))) {
        expect(r.status, `${r.action} ${r.indicator}`).toBe('not measurable');
        expect(r.measured).toBeNull();
        expect(r.note.length).toBeGreaterThan(20);
      }
    },
  );
});
