/**
 * The planner's pure state helpers and its scenario slice: the rule diagnosis (contradictory
 * targets, a rule that no longer discriminates and why), the date slider's steps, scenarios in a
 * link (round trip, hostile input left out and counted), the table shown (date, scenario, today),
 * and scenarios applied through the store: the table equals the planning session's on the same
 * operations, kept across a reload (a fresh store on the same scenario store) and reused from a link.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCoverageRule } from '../../src/core/coverage/apply-coverage-rule.ts';
import { prepareCoverage } from '../../src/core/coverage/compute-coverage.ts';
import type { CoverageInput, CoverageRule } from '../../src/core/coverage/coverage-types.ts';
import type { ScenarioOperation } from '../../src/core/coverage/scenario-types.ts';
import { createPlanningSession } from '../../src/core/planning/planning-session.ts';
import type { DatedNetwork } from '../../src/core/timeline/coverage-as-of.ts';
import { createCoverageTimeline } from '../../src/core/timeline/coverage-timeline.ts';
import { checkStoredScenarios, createMemoryScenarioStore, SCENARIO_RECORD_SCHEMA } from '../../src/data/sources/scenario-store.ts';
import type { BundleManifestFile } from '../../src/state/app-state.ts';
import { dateSteps, stepIndexOf } from '../../src/state/date-steps.ts';
import { shownCoverageTable } from '../../src/state/planner-table.ts';
import { diagnoseRule } from '../../src/state/rule-diagnosis.ts';
import { MAX_LINK_OPERATIONS, operationFromLink, operationToLink, scenarioFromLink } from '../../src/state/scenario-link.ts';
import { createAppStore } from '../../src/state/store.ts';
import { createFakeCoverageRunner } from './helpers/fake-coverage-runner.ts';

const FIXTURE = JSON.parse(readFileSync(join(__dirname, '../fixtures/coverage/three-cantons-grid/input.json'), 'utf8')) as {
  input: CoverageInput;
  rule: CoverageRule;
};
const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Département fictif', extent: [0, 0, 1, 1] },
  coverage: {
    target: 1,
    priorityTarget: 2,
    priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
    ruralDensityLevels: [],
    basis: 'test',
  },
  layers: { cantons: { id: 'cantons', title: 'Cantons', file: 'cantons.geojson', status: 'ok', features: 0, sources: [], caveats: [] } },
} as unknown as BundleManifestFile;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('rule diagnosis', () => {
  const row = (priority: boolean, reasons: ('qpv' | 'rural' | 'territory')[]) => ({ priority, priorityReasons: reasons });
  it('says a rule making at least 80 % of cantons priority no longer discriminates, and which criterion does it', () => {
    // 40 of 41, as the Nord's default rule: the rural criterion alone makes 38 priorities
    const rows = [
      ...Array.from({ length: 38 }, () => row(true, ['rural'])),
      row(true, ['qpv']),
      row(true, ['qpv', 'territory']),
      row(false, []),
    ];
    const d = diagnoseRule(FIXTURE.rule, rows);
    expect(d.priority).toBe(40);
    expect(d.undiscriminating).toBe('too-many');
    expect(d.cause).toBe('rural');
    expect(d.byCriterion[0]).toEqual({ reason: 'rural', cantons: 38 });
    expect(d.contradictory).toBe(false);
  });
  it('names no single cause when no criterion alone reaches the limit, and flags none and contradictory rules', () => {
    const rows = [...Array.from({ length: 5 }, () => row(true, ['qpv'])), ...Array.from({ length: 5 }, () => row(true, ['rural']))];
    const d = diagnoseRule(FIXTURE.rule, rows);
    expect(d.undiscriminating).toBe('too-many');
    expect(d.cause).toBeNull();
    expect(diagnoseRule(FIXTURE.rule, [row(false, []), row(false, [])]).undiscriminating).toBe('none');
    expect(diagnoseRule(FIXTURE.rule, [row(true, ['qpv']), row(false, [])]).undiscriminating).toBeNull();
    expect(diagnoseRule({ ...FIXTURE.rule, target: 3, priorityTarget: 2 }, []).contradictory).toBe(true);
  });
});

describe('date steps', () => {
  it('goes from the first labelling day by month ends to the list date', () => {
    expect(dateSteps('2020-01-15', '2020-04-10')).toEqual(['2020-01-15', '2020-01-31', '2020-02-29', '2020-03-31', '2020-04-10']);
    expect(dateSteps('2020-01-31', '2020-02-29')).toEqual(['2020-01-31', '2020-02-29']);
    expect(dateSteps('2021-12-20', '2022-01-05')).toEqual(['2021-12-20', '2021-12-31', '2022-01-05']);
    expect(dateSteps('2024-05-01', '2024-05-01')).toEqual(['2024-05-01']);
  });
  it('shows the last step on or before a day', () => {
    const steps = dateSteps('2020-01-15', '2020-04-10');
    expect(stepIndexOf(steps, null)).toBe(4);
    expect(stepIndexOf(steps, '2019-12-31')).toBe(0);
    expect(stepIndexOf(steps, '2020-03-15')).toBe(2);
    expect(stepIndexOf(steps, '2020-03-31')).toBe(3);
  });
});

describe('scenario in a link', () => {
  const ops: ScenarioOperation[] = [
    { action: 'add', lngLat: [3.1512345, 50.6812345], communeCode: '59163', name: 'Site : à Croix' },
    { action: 'add', lngLat: [-0.5, 44.8], name: null },
    { action: 'move', id: 'id:with:colons', lngLat: [3.5, 50.35] },
    { action: 'close', id: '346' },
  ];
  it('gives every operation back exactly', () => {
    const back = scenarioFromLink('Plan 2027', ops.map(operationToLink));
    expect(back).toEqual({ name: 'Plan 2027', operations: ops, ignored: 0 });
  });
  it('leaves out and counts malformed, out-of-bound or extra operations, and names a nameless scenario', () => {
    const bad = ['add:3.1,95:59163', 'move:3,50', 'close:', 'delete:1', 'add:abc', `close:${'x'.repeat(400)}`, 'close:a\u0001b'];
    for (const text of bad) expect(operationFromLink(text)).toBeNull();
    const many = Array.from({ length: MAX_LINK_OPERATIONS + 3 }, (_, i) => `close:${i}`);
    const s = scenarioFromLink(null, [...bad, ...many])!;
    expect(s.operations).toHaveLength(MAX_LINK_OPERATIONS);
    expect(s.ignored).toBe(bad.length + 3);
    expect(s.name).toBe('Scénario partagé');
    expect(scenarioFromLink(null, [])).toBeNull();
  });
});

describe('stored scenarios', () => {
  it('keeps the good records and names the bad ones', () => {
    const good = { schema: SCENARIO_RECORD_SCHEMA, id: 'a', dept: '59', name: 'Bon', operations: [], createdAt: 'x', updatedAt: 'x' };
    const load = checkStoredScenarios([
      good,
      { ...good, id: 'b', name: 'Cassé', operations: [{ action: 'add', lngLat: [400, 1], name: null }] },
      { ...good, id: 'c', name: 'Ancien', schema: 0 },
    ]);
    expect(load.scenarios.map((s) => s.id)).toEqual(['a']);
    expect(load.status).toBe('corrupt');
    expect(load.message).toMatch(/Cassé.*opération 1.*hors des bornes/);
  });
});

describe('table shown', () => {
  it('is the date’s, else the scenario’s, else today’s', () => {
    const base = prepareCoverage(FIXTURE.input);
    const rule = FIXTURE.rule;
    const today = shownCoverageTable({
      coverageBase: base,
      coverageRule: rule,
      coverageDate: null,
      coverageDateBase: null,
      scenario: null,
      scenarioOutcome: null,
      coverageTable: null,
    });
    expect(today).toEqual(applyCoverageRule(base, rule));
    const outcome = createPlanningSession(FIXTURE.input).applyScenario({ name: 'S', operations: [{ action: 'close', id: 'fs-a' }] }, rule);
    const scenario = { id: 's', name: 'S', operations: [{ action: 'close' as const, id: 'fs-a' }], saved: true };
    const common = { coverageBase: base, coverageRule: rule, scenario, scenarioOutcome: outcome, coverageTable: today };
    expect(shownCoverageTable({ ...common, coverageDate: null, coverageDateBase: null })).toBe(outcome.table);
    // a date on its way: the table shown stays; once there, the date's network (without the scenario)
    expect(shownCoverageTable({ ...common, coverageDate: '2020-01-01', coverageDateBase: null })).toBe(today);
    const dated = prepareCoverage({ ...FIXTURE.input, franceServices: [] });
    expect(shownCoverageTable({ ...common, coverageDate: '2020-01-01', coverageDateBase: dated })).toEqual(applyCoverageRule(dated, rule));
  });
});

describe('scenario slice', () => {
  const makeStore = (scenarioStore = createMemoryScenarioStore()) => {
    const runner = createFakeCoverageRunner(FIXTURE.input);
    const store = createAppStore({
      loader: { fetchManifest: async () => MANIFEST, fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }) },
      coverage: runner,
      scenarioStore,
    });
    return { store, scenarioStore };
  };
  const open = async (store: ReturnType<typeof makeStore>['store']) => {
    await store.getState().restoreScenarios();
    await store.getState().loadBundle('99');
    store.getState().setPlannerOpen(true);
    await tick();
  };

  it('shows the table of the planning session with the sites added, moved or closed, and back to today when closed', async () => {
    const { store } = makeStore();
    await open(store);
    const today = store.getState().coverageTable!;
    store.getState().addScenarioSite([1.15, 1.15], { name: 'Nouveau' });
    store.getState().closeScenarioSite('fs-a');
    await tick();
    const s = store.getState();
    expect(s.scenarioStatus).toBe('loaded');
    const expected = createPlanningSession(FIXTURE.input).applyScenario(
      { name: s.scenario!.name, operations: s.scenario!.operations },
      s.coverageRule!,
    );
    expect(s.coverageTable).toEqual(expected.table);
    expect(s.coverageTable).not.toEqual(today);
    expect(s.scenarioOutcome!.sites.map((x) => x.action)).toEqual(['add', 'close']);
    // closing again replaces nothing; moving the closed site replaces its closing
    store.getState().moveScenarioSite({ kind: 'existing', id: 'fs-a' }, [1.06, 1.04]);
    expect(store.getState().scenario!.operations.map((o) => o.action)).toEqual(['add', 'move']);
    store.getState().closeScenario();
    expect(store.getState().coverageTable).toEqual(today);
  });

  it('keeps scenarios across a reload and reuses a saved one a link names', async () => {
    const first = makeStore();
    await open(first.store);
    first.store.getState().startScenario('Plan A');
    first.store.getState().addScenarioSite([1.15, 1.15]);
    await tick();
    const saved = first.store.getState().scenario!;
    expect(first.scenarioStore.records.size).toBe(1);

    const again = makeStore(first.scenarioStore);
    await open(again.store);
    expect(again.store.getState().savedScenarios.map((s) => s.name)).toEqual(['Plan A']);
    again.store.getState().setLinkScenario({ name: 'Plan A', operations: saved.operations, ignored: 1 });
    await tick();
    const s = again.store.getState();
    expect(s.scenario).toMatchObject({ id: saved.id, saved: true });
    expect(s.scenarioNotice).toMatch(/1 opération/);
    expect(s.scenarioStatus).toBe('loaded');
    // a link's unknown scenario is shown but stored only once edited
    again.store.getState().setLinkScenario({ name: 'Autre', operations: [{ action: 'close', id: 'fs-d' }], ignored: 0 });
    expect(again.store.getState().scenario!.saved).toBe(false);
    expect(again.scenarioStore.records.size).toBe(1);
    again.store.getState().addScenarioSite([1.05, 1.15]);
    expect(again.scenarioStore.records.size).toBe(2);
    await again.store.getState().deleteScenario(saved.id);
    expect(again.scenarioStore.records.size).toBe(1);
  });

  it('adds ranked suggestions to a scenario in one step, once', async () => {
    const { store } = makeStore();
    await open(store);
    await store.getState().suggestPlacements({ count: 2, objective: 'access', maxKm: 10 });
    const result = store.getState().suggestion.result!;
    expect(result.suggestions.length).toBeGreaterThan(0);
    store.getState().addSuggestions();
    store.getState().addSuggestions();
    const ops = store.getState().scenario!.operations;
    expect(ops).toHaveLength(result.suggestions.length);
    expect(ops.every((o) => o.action === 'add')).toBe(true);
  });
});

describe('network as of a date', () => {
  const network: DatedNetwork = {
    listDate: '2024-08-01',
    franceServices: [
      { id: 'fs-a', labelledOn: '2020-01-15' },
      { id: 'fs-b', labelledOn: '2021-06' },
      { id: 'fs-c', labelledOn: '2023-03-01' },
      { id: 'fs-d', labelledOn: null },
    ],
    nearby: [{ id: 'near-a', labelledOn: '2022-01-01' }],
  };
  const makeStore = () => {
    const runner = createFakeCoverageRunner(FIXTURE.input, network);
    const store = createAppStore({
      loader: { fetchManifest: async () => MANIFEST, fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }) },
      coverage: runner,
    });
    return { store, runner };
  };

  it('shows the timeline’s table for the day, asks each day once, and the list’s date is today', async () => {
    const { store, runner } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setPlannerOpen(true);
    await tick();
    const today = store.getState().coverageTable;
    store.getState().setCoverageDate('2021-12-31');
    expect(store.getState().coverageDate).toBe('2021-12-31');
    await tick();
    const expected = createCoverageTimeline(FIXTURE.input, network).tableAt('2021-12-31', store.getState().coverageRule!);
    expect(store.getState().coverageTable).toEqual(expected);
    expect(store.getState().coverageTable!.total.franceServices).toBe(1);
    store.getState().setCoverageDate('2024-08-01');
    expect(store.getState().coverageDate).toBeNull();
    expect(store.getState().coverageTable).toEqual(today);
    store.getState().setCoverageDate('2021-12-31');
    await tick();
    expect(runner.days).toEqual(['2021-12-31']);
    expect(store.getState().coverageTable).toEqual(expected);
  });

  it('refuses an impossible day or one after the list, in French, and keeps today’s network', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setPlannerOpen(true);
    await tick();
    store.getState().setCoverageDate('2021-02-30');
    expect(store.getState().coverageDate).toBeNull();
    expect(store.getState().coverageDateError).toMatch(/n'existe pas/);
    store.getState().setCoverageDate('2025-01-01');
    expect(store.getState().coverageDate).toBeNull();
    expect(store.getState().coverageDateError).toMatch(/postérieure/);
  });
});
