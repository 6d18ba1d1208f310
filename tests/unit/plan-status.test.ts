/**
 * The plan against what was done: the seed parser (located errors), the status rows
 * from hand-written facts (fictional figures), and `plan-status` run on a tiny fictional
 * bundle by calling the command's run function.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Feature, Polygon } from 'geojson';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deadlineDay, PLAN_COLUMNS, planStatusRows } from '../../src/core/plan/plan-status.ts';
import type { PlanFacts, PlanSeed } from '../../src/core/plan/plan-types.ts';
import { parsePlanSeed, PlanSeedError } from '../../src/data/plan/plan-seed.ts';
import { parseOptions } from '../../src/cli/args/parse-options.ts';
import { planStatusCommand } from '../../src/cli/commands/plan-status.command.ts';
import { CliError } from '../../src/cli/cli-error.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const REAL_SEED = JSON.parse(readFileSync(join(ROOT, 'seeds/sdaasp-59-actions.json'), 'utf8'));

describe('deadlineDay', () => {
  it('reads a year, a month, a day or a range as the last day it covers', () => {
    expect(deadlineDay('2021')).toBe('2021-12-31');
    expect(deadlineDay('2020-10-01')).toBe('2020-10-01');
    expect(deadlineDay('2024-02')).toBe('2024-02-29');
    expect(deadlineDay('2018/2019')).toBe('2019-12-31');
    expect(deadlineDay('bientôt')).toBeNull();
  });
});

describe('parsePlanSeed', () => {
  it("reads the Nord's seed: 14 actions, A01 with its targets and milestones", () => {
    const seed = parsePlanSeed(REAL_SEED, 'seeds/sdaasp-59-actions.json');
    expect(seed.departement).toBe('59');
    expect(seed.actions.map((a) => a.id)).toEqual(Array.from({ length: 14 }, (_, i) => `A${String(i + 1).padStart(2, '0')}`));
    const a01 = seed.actions[0];
    expect(a01.targets.find((t) => t.indicator === 'france_services_per_canton')).toMatchObject({
      value: 1,
      by: '2023',
      kind: 'objective',
    });
    expect(a01.targets.filter((t) => t.kind === 'milestone').map((t) => [t.indicator, t.value, t.by])).toEqual([
      ['france_services_total', 9, '2020-01-01'],
      ['france_services_buses', 1, '2020-01-01'],
      ['france_services_in_qpv', 2, '2020-01-01'],
      ['france_services_total', 10, '2020-10-01'],
      ['msap_labelled', 14, '2019'],
    ]);
    for (const a of seed.actions) expect(a.openData, a.id).not.toBeNull();
  });

  it('names the file and the JSON path of a bad field', () => {
    const bad = structuredClone(REAL_SEED);
    bad.actions[2].targets = [{ indicator: 'x', value: 'beaucoup', unit: 'u', by: '2021' }];
    expect(() => parsePlanSeed(bad, 'seed.json')).toThrow(PlanSeedError);
    expect(() => parsePlanSeed(bad, 'seed.json')).toThrow('seed.json: actions[2].targets[0].value: expected a number, got "beaucoup"');
    const noNeed = structuredClone(REAL_SEED);
    delete noNeed.actions[1].open_data.needed;
    expect(() => parsePlanSeed(noNeed, 'seed.json')).toThrow('actions[1].open_data.needed: an action not measurable');
    const dup = structuredClone(REAL_SEED);
    dup.actions[1].id = 'A01';
    expect(() => parsePlanSeed(dup, 'seed.json')).toThrow('actions[1].id: duplicate action id A01');
    const by = structuredClone(REAL_SEED);
    by.actions[0].targets[0].by = 'fin 2021';
    expect(() => parsePlanSeed(by, 'seed.json')).toThrow('actions[0].targets[0].by: expected YYYY');
  });
});

// --- hand-written facts of a fictional département ----------------------------------------

const FACTS: PlanFacts = {
  departement: { code: '99', name: 'Essais' },
  franceServices: {
    listDate: '2024-08-01',
    source: 'Liste fictive',
    rule: { target: 1, priorityTarget: 2, countBuses: true },
    cantons: [
      { code: '9901', name: 'Un', priority: true },
      { code: '9902', name: 'Deux', priority: false },
      { code: '9903', name: 'Trois', priority: true },
    ],
    series: [
      { date: '2020-01-01', sites: 1, buses: 1, counted: [2, 0, 0], cantonsMet: 1 },
      { date: '2021-06-01', sites: 2, buses: 1, counted: [2, 1, 0], cantonsMet: 2 },
      { date: '2024-08-01', sites: 4, buses: 1, counted: [2, 1, 2], cantonsMet: 3 },
    ],
    snapshot2020: { sites: 2, missing: 1, moved: 0, renamed: 0 },
  },
  digitalInclusion: { places: 30, records: 33, cantonsWithPlace: 2, cantons: 3, source: 'Lieux fictifs', asOf: '2023-04' },
  siilab: { places: 12, source: 'Enquête fictive', asOf: '2018-2020' },
  conseillers2021: { structures: 4, advisors: 5, source: 'CN fictifs 2021', asOf: '2021-05' },
  conseillers2023: { structures: 6, attributed: 9, recruited: 8, source: 'CN fictifs 2023', asOf: '2023-09' },
  adultesRelais: [
    { year: '2020', posts: 10, source: 'AR fictifs', rejected: 0 },
    { year: '2021', posts: 12, source: 'AR fictifs', rejected: 2 },
  ],
};

const action = (id: string, slug: string, targets: PlanSeed['actions'][number]['targets'], needed: string | null = null) => ({
  id,
  slug,
  title: `Action ${id}`,
  pilots: [],
  targets,
  openData: needed ? { measurable: 'no' as const, needed, note: null } : { measurable: 'partly' as const, needed: null, note: null },
  targetsNote: null,
});
const target = (
  indicator: string,
  value: number,
  by: string,
  kind: 'objective' | 'milestone' = 'objective',
  openDataNeeded: string | null = null,
) => ({
  indicator,
  value,
  unit: 'u',
  by,
  kind,
  scope: null,
  sourceRef: null,
  openDataNeeded,
});

const SEED: PlanSeed = {
  departement: '99',
  title: 'Plan fictif',
  period: '2018-2023',
  actions: [
    action('A01', 'shared-reception-sites', [
      target('france_services_total', 4, '2021'),
      target('france_services_per_canton', 1, '2023'),
      target('france_services_per_priority_canton', 2, '2023'),
      target('france_services_total', 2, '2020-01-01', 'milestone'),
      target('france_services_with_video_assistance_share', 1, '2021', 'objective', 'la liste des sites équipés'),
    ]),
    action('A02', 'digital-inclusion', []),
    action('A03', 'health-mediator-adultes-relais', [target('arms', 2, '2023', 'objective', 'la liste ARS')]),
    action('A04', 'something-else', [], "les données de l'action"),
  ],
};

describe('planStatusRows', () => {
  const rows = planStatusRows(SEED, FACTS);
  const of = (actionId: string, indicator: string) => rows.filter((r) => r.action === actionId && r.indicator === indicator);

  it('measures a count target on its deadline, and again on the list date when the deadline has passed', () => {
    expect(of('A01', 'france_services_total').map((r) => [r.target, r.targetBy, r.measured, r.asOf, r.status])).toEqual([
      [4, '2021-12-31', 3, '2021-12-31', 'not reached'],
      [4, '2021-12-31', 5, '2024-08-01', 'reached'],
      [2, '2020-01-01', 2, '2020-01-01', 'reached'],
    ]);
    expect(of('A01', 'france_services_total')[0].note).toMatch(/^borne basse : .*des 2 sites de l'instantané d'octobre 2020, 1 manquent/);
    expect(of('A01', 'france_services_total')[0].source).toBe('Liste fictive');
  });

  it('counts cantons with enough sites, and priority cantons, against every canton', () => {
    expect(of('A01', 'france_services_per_canton').map((r) => [r.target, r.measured, r.status])).toEqual([
      [3, 2, 'not reached'],
      [3, 3, 'reached'],
    ]);
    expect(of('A01', 'france_services_per_priority_canton').map((r) => [r.target, r.measured, r.status])).toEqual([
      [2, 1, 'not reached'],
      [2, 2, 'reached'],
    ]);
    expect(of('A01', 'cantons_meeting_rule').map((r) => [r.target, r.measured, r.asOf, r.status])).toEqual([
      [3, 2, '2023-12-31', 'not reached'],
      [3, 3, '2024-08-01', 'reached'],
    ]);
  });

  it('never guesses: a target the data cannot measure is not measurable, with the data it would need', () => {
    for (const [a, indicator, note] of [
      ['A01', 'france_services_with_video_assistance_share', 'la liste des sites équipés'],
      ['A03', 'arms', 'la liste ARS'],
    ]) {
      expect(of(a, indicator)).toEqual([
        expect.objectContaining({ measured: null, source: '', asOf: null, status: 'not measurable', note }),
      ]);
    }
    expect(rows.filter((r) => r.action === 'A04')).toEqual([
      expect.objectContaining({ indicator: '', measured: null, status: 'not measurable', note: "les données de l'action" }),
    ]);
  });

  it('lists the measures of digital inclusion and adultes-relais without a target', () => {
    expect(rows.filter((r) => r.action === 'A02').map((r) => [r.indicator, r.measured, r.asOf, r.status])).toEqual([
      ['siilab_places', 12, '2018-2020', 'no target'],
      ['digital_inclusion_places', 30, '2023-04', 'no target'],
      ['digital_inclusion_cantons', 2, '2023-04', 'no target'],
      ['conseillers_numeriques_2021', 5, '2021-05', 'no target'],
      ['conseillers_numeriques_2021_structures', 4, '2021-05', 'no target'],
      ['conseillers_numeriques_2023_attributed', 9, '2023-09', 'no target'],
      ['conseillers_numeriques_2023_recruited', 8, '2023-09', 'no target'],
      ['conseillers_numeriques_2023_structures', 6, '2023-09', 'no target'],
    ]);
    expect(of('A02', 'conseillers_numeriques_2023_attributed')[0].note).toMatch(/\+4 par rapport à la première vague/);
    expect(of('A03', 'adultes_relais_posts').map((r) => [r.asOf, r.measured])).toEqual([
      ['2020', 10],
      ['2021', 12],
    ]);
    expect(of('A03', 'adultes_relais_posts')[1].note).toMatch(/2 ligne\(s\) de la source, sans contrat de ville, écartée/);
  });

  it('says when a layer is missing instead of counting zero', () => {
    const bare = planStatusRows(SEED, { ...FACTS, franceServices: null, digitalInclusion: null, adultesRelais: null });
    expect(bare.filter((r) => r.indicator === 'france_services_total').map((r) => [r.measured, r.status, r.note])).toEqual([
      [null, 'not measurable', "la couche « france-services » n'est pas dans les données construites pour ce département"],
      [null, 'not measurable', "la couche « france-services » n'est pas dans les données construites pour ce département"],
    ]);
    expect(bare.some((r) => r.indicator === 'digital_inclusion_places' || r.indicator === 'adultes_relais_posts')).toBe(false);
  });

  it('without a plan, lists every measure with "no plan loaded"', () => {
    const none = planStatusRows(null, FACTS);
    expect(none.map((r) => [r.indicator, r.measured])).toEqual([
      ['france_services_total', 5],
      ['france_services_buses', 1],
      ['france_services_per_canton', 3],
      ['cantons_meeting_rule', 3],
      ['siilab_places', 12],
      ['digital_inclusion_places', 30],
      ['digital_inclusion_cantons', 2],
      ['conseillers_numeriques_2021', 5],
      ['conseillers_numeriques_2021_structures', 4],
      ['conseillers_numeriques_2023_attributed', 9],
      ['conseillers_numeriques_2023_recruited', 8],
      ['conseillers_numeriques_2023_structures', 6],
      ['adultes_relais_posts', 10],
      ['adultes_relais_posts', 12],
    ]);
    for (const r of none) {
      expect(r).toMatchObject({ action: null, target: null, status: 'no plan loaded' });
      expect(r.note).toMatch(/aucun SDAASP chargé pour ce département/);
    }
  });
});

// --- plan-status on a tiny fictional bundle ------------------------------------------------

function rect(minLng: number, minLat: number, maxLng: number, maxLat: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLng, minLat],
        [maxLng, minLat],
        [maxLng, maxLat],
        [minLng, maxLat],
        [minLng, minLat],
      ],
    ],
  };
}
const point = (lng: number, lat: number, properties: Record<string, unknown>): Feature => ({
  type: 'Feature',
  properties,
  geometry: { type: 'Point', coordinates: [lng, lat] },
});
const fc = (features: Feature[]) => ({ type: 'FeatureCollection', features });
const commune = (code: string, canton: string, box: [number, number, number, number], qpv = '') => ({
  type: 'Feature' as const,
  properties: {
    code,
    name: `Commune-${code}`,
    population: 1000,
    canton_code: canton,
    rural: false,
    epci_code: '200000099',
    qpv_codes: qpv,
    centroid_lng: (box[0] + box[2]) / 2,
    centroid_lat: (box[1] + box[3]) / 2,
  },
  geometry: rect(...box),
});

const LAYERS: Record<string, { features: Feature[] }> = {
  cantons: fc([
    { type: 'Feature', properties: { code: '9901', name: 'Essai-Nord' }, geometry: rect(5, 5, 5.1, 5.1) },
    { type: 'Feature', properties: { code: '9902', name: 'Essai-Sud' }, geometry: rect(5, 4.9, 5.1, 5) },
  ]),
  communes: fc([commune('99001', '9901', [5, 5, 5.1, 5.1], 'QP099001'), commune('99002', '9902', [5, 4.9, 5.1, 5])]),
  'france-services': fc([
    point(5.05, 5.05, { id: 'fs-1', kind: 'fixed', commune_code: '99001', labelled_on: '2020-01-01' }),
    point(5.06, 5.06, { id: 'fs-2', kind: 'bus', commune_code: '99001', labelled_on: '2022-03-15' }),
    point(5.05, 4.95, { id: 'fs-3', kind: 'fixed', commune_code: '99002', labelled_on: '2021-07-01' }),
  ]),
  'digital-inclusion': fc([
    point(5.02, 5.02, {
      id: 'l1',
      kind: 'lieu-mediation-numerique',
      source: 'essais-lieux',
      // two records of one place, merged by the build (as it writes them: one entry per record)
      sources: [
        { source: 'essais-lieux', source_title: 'Essais', id: 'l1', name: 'Lieu 1', kind: 'lieu-mediation-numerique' },
        { source: 'essais-lieux', source_title: 'Essais', id: 'l1-bis', name: 'LIEU 1', kind: 'lieu-mediation-numerique' },
      ],
      commune_code: '99001',
    }),
    point(5.03, 4.93, { id: 'c1', kind: 'conseillers-numeriques-2021', source: 'essais-cn21', advisors: 3, commune_code: '99002' }),
  ]),
  'health-mediators': fc([
    {
      type: 'Feature',
      geometry: null,
      properties: { id: '200000099', territory_type: 'epci', latest_year: '2021', posts_2020: 4, posts_2021: 6 },
    } as unknown as Feature,
  ]),
};

const source = (id: string, vintage: string) => ({
  id,
  title: id,
  producer: 'Atelier des Essais',
  licence: 'Licence Ouverte',
  attribution: `Atelier des Essais – ${id}`,
  vintage,
  files: [],
  rows_read: 0,
  rows_kept: 0,
  rows_rejected: 0,
});
const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Département-des-Essais', extent: [5, 4.9, 5.1, 5.1] },
  reference: { package: 'none', version: '0' },
  coverage: {
    target: 1,
    priorityTarget: 2,
    priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
    ruralDensityLevels: [],
    basis: 'fictional',
  },
  layers: Object.fromEntries(
    Object.entries(LAYERS).map(([id, data]) => [
      id,
      {
        id,
        title: id,
        file: `${id}.geojson`,
        status: 'ok',
        features: data.features.length,
        sources:
          id === 'france-services'
            ? [source('essais-fs', '2099-08-01')]
            : id === 'digital-inclusion'
              ? [source('essais-lieux', '2099-04'), source('essais-cn21', '2099-05')]
              : id === 'health-mediators'
                ? [source('essais-ar', '2020-2021')]
                : [source(`essais-${id}`, '2099')],
        caveats: [],
      },
    ]),
  ),
  report: { entries: 0, by_action: {} },
};

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'maillage-plan-cli-'));
  mkdirSync(join(tmp, '99'));
  writeFileSync(join(tmp, '99', 'manifest.json'), JSON.stringify(MANIFEST));
  for (const [id, data] of Object.entries(LAYERS)) writeFileSync(join(tmp, '99', `${id}.geojson`), JSON.stringify(data));
  const seed = structuredClone(REAL_SEED);
  seed.document.departement = '99';
  writeFileSync(join(tmp, 'seed-99.json'), JSON.stringify(seed));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the command's run function, capturing what it writes. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await planStatusCommand.run(parseOptions('plan-status', planStatusCommand.options, args).values);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('plan-status', { timeout: 30_000 }, () => {
  it('prints one CSV row per indicator with the contract columns', async () => {
    const r = await run(['--dept', '99', '--data', tmp, '--seed', join(tmp, 'seed-99.json'), '--format', 'csv']);
    expect(r.code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(r.stdout, { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...PLAN_COLUMNS]);
    const row = (indicator: string, asOf: string) => parsed.data.find((x) => x.indicator === indicator && x.as_of === asOf)!;
    // 44 wanted by end 2021: the fictional list has 2 by then, 3 on its date
    expect(row('france_services_total', '2021-12-31')).toMatchObject({ action: 'A01', target: '44', measured: '2', status: 'not reached' });
    expect(row('france_services_total', '2099-08-01')).toMatchObject({ measured: '3', status: 'not reached' });
    expect(row('france_services_total', '2020-01-01')).toMatchObject({ target: '9', measured: '1', status: 'not reached' });
    expect(row('conseillers_numeriques_2021', '2099-05')).toMatchObject({ action: 'A03', measured: '3', status: 'no target' });
    expect(row('digital_inclusion_places', '2099-04')).toMatchObject({ measured: '1', note: expect.stringMatching(/^2 fiches/) });
    expect(row('adultes_relais_posts', '2021')).toMatchObject({ action: 'A06', measured: '6', status: 'no target' });
    expect(parsed.data.filter((x) => x.action === 'A09')).toEqual([expect.objectContaining({ status: 'not measurable' })]);
    expect(r.stderr).toMatch(/seed-99\.json: \d+ rows/);
  });

  it('prints JSON with the same rows', async () => {
    const csv = await run(['--dept', '99', '--data', tmp, '--seed', join(tmp, 'seed-99.json'), '--format', 'csv']);
    const json = await run(['--dept', '99', '--data', tmp, '--seed', join(tmp, 'seed-99.json')]);
    const records = JSON.parse(json.stdout);
    expect(records.length).toBe(Papa.parse(csv.stdout, { header: true, skipEmptyLines: true }).data.length);
    expect(Object.keys(records[0])).toEqual([...PLAN_COLUMNS]);
    expect(typeof records[0].target).toBe('number');
  });

  it('says "no plan loaded" for every row of a département without a seed', async () => {
    const r = await run(['--dept', '99', '--data', tmp]);
    const records = JSON.parse(r.stdout);
    expect(records.length).toBeGreaterThan(0);
    for (const x of records) expect(x.status).toBe('no plan loaded');
    expect(r.stderr).toMatch(/no SDAASP seed for département 99/);
  });

  it('refuses a seed of another département, an unknown format and a missing seed file', async () => {
    await expect(run(['--dept', '99', '--data', tmp, '--seed', join(ROOT, 'seeds/sdaasp-59-actions.json')])).rejects.toThrow(
      /est celle du département 59, pas du 99/,
    );
    await expect(run(['--dept', '99', '--data', tmp, '--format', 'xml'])).rejects.toThrow(CliError);
    await expect(run(['--dept', '99', '--data', tmp, '--seed', join(tmp, 'absent.json')])).rejects.toThrow(/graine SDAASP introuvable/);
  });
});
