/**
 * The planner's store slice: computes through the injected runner once, applies rule
 * edits instantly, refuses bad rules without losing the table, filters and sorts,
 * and starts afresh on a new département.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CoverageInput, CoverageRule } from '../../src/core/coverage/coverage-types.ts';
import { createAppStore, type AppStore } from '../../src/state/store.ts';
import { passesCoverageFilter } from '../../src/state/slices/coverage.slice.ts';
import { coverageLevelOf } from '../../src/layers/coverage-classes.ts';
import type { BundleManifestFile } from '../../src/state/app-state.ts';
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

function makeStore(): { store: AppStore; calls: string[]; fail: { next: boolean } } {
  const runner = createFakeCoverageRunner(FIXTURE.input);
  const store = createAppStore({
    loader: { fetchManifest: async () => MANIFEST, fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }) },
    coverage: runner,
  });
  return { store, calls: runner.opened, fail: runner.fail };
}

describe('coverage slice', () => {
  it('computes once when the planner opens, with the département rule', async () => {
    const { store, calls } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setPlannerOpen(true);
    expect(store.getState().visible.cantons).toBe(true);
    await store.getState().computeCoverage(); // already running or done: no second run
    await new Promise((r) => setTimeout(r, 0));
    const s = store.getState();
    expect(calls).toEqual(['99']);
    expect(s.coverageStatus).toBe('loaded');
    expect(s.coverageRule).toEqual({
      target: 1,
      priorityTarget: 2,
      countBuses: true,
      priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true },
    });
    expect(s.coverageTable?.rows.length).toBe(FIXTURE.input.cantons.length);
  });

  it('applies a rule edit instantly and keeps the table when a rule is refused', async () => {
    const { store, calls } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setPlannerOpen(true);
    await new Promise((r) => setTimeout(r, 0));
    const before = store.getState().coverageTable!;
    const rule = { ...store.getState().coverageRule!, target: 5, priorityTarget: 5 };
    store.getState().setCoverageRule(rule);
    const after = store.getState().coverageTable!;
    expect(after).not.toBe(before);
    expect(after.rows.every((r) => r.target === 5)).toBe(true);
    expect(after.total.target).toBe(5 * after.rows.length);
    expect(calls).toHaveLength(1); // no geometry recomputed
    store.getState().setCoverageRule({ ...rule, target: -1 });
    expect(store.getState().coverageRuleError).toMatch(/target/);
    expect(store.getState().coverageTable).toBe(after);
    expect(store.getState().coverageRule).toEqual(rule);
    store.getState().setCoverageRule({ ...rule, target: 0 });
    expect(store.getState().coverageRuleError).toBeNull();
  });

  it('filters and sorts', async () => {
    const { store } = makeStore();
    await store.getState().loadBundle('99');
    store.getState().setPlannerOpen(true);
    await new Promise((r) => setTimeout(r, 0));
    store.getState().setCoverageSort('gap');
    expect(store.getState().coverageSort).toEqual({ key: 'gap', descending: true });
    store.getState().setCoverageSort('gap');
    expect(store.getState().coverageSort).toEqual({ key: 'gap', descending: false });
    store.getState().setCoverageFilter({ gapsOnly: true });
    const rows = store.getState().coverageTable!.rows;
    const shown = rows.filter((r) => passesCoverageFilter(r, store.getState().coverageFilter));
    expect(shown.every((r) => r.gap > 0)).toBe(true);
    expect(shown.length).toBe(rows.filter((r) => r.gap > 0).length);
    expect(passesCoverageFilter({ priority: false, gap: 1 }, { priorityOnly: true, gapsOnly: false })).toBe(false);
    expect([0, 1, 2, 7].map((gap) => coverageLevelOf({ gap }))).toEqual([0, 1, 2, 2]);
  });

  it('reports a failed computation, retries on demand, and resets on a new département', async () => {
    const { store, calls, fail } = makeStore();
    await store.getState().loadBundle('99');
    fail.next = true;
    store.getState().setPlannerOpen(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().coverageStatus).toBe('error');
    expect(store.getState().coverageError).toBe('worker crashed');
    fail.next = false;
    await store.getState().computeCoverage();
    expect(store.getState().coverageStatus).toBe('loaded');
    await store.getState().loadBundle('99');
    await new Promise((r) => setTimeout(r, 0));
    // the planner is still open: the new bundle's table is computed again
    expect(calls).toEqual(['99', '99', '99']);
    expect(store.getState().coverageStatus).toBe('loaded');
  });

  it('says so when no runner is available', async () => {
    const store = createAppStore({
      loader: { fetchManifest: async () => MANIFEST, fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }) },
    });
    await store.getState().loadBundle('99');
    await store.getState().computeCoverage();
    expect(store.getState().coverageStatus).toBe('error');
    expect(store.getState().coverageError).toMatch(/pas disponible/);
  });
});
