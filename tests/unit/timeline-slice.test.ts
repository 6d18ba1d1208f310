/**
 * The plan travels in the bundle (manifest `plan`, `plan.json`, checked on read), and the
 * timeline slice asks its injected runner once per département and rule, drops late answers
 * for another département and says when no runner is there. Fictional manifests and results.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCoverageRule } from '../../src/core/coverage/coverage-rule.ts';
import type { CoverageRule } from '../../src/core/coverage/coverage-types.ts';
import { BundleError } from '../../src/data/bundle/bundle-error.ts';
import { readBundlePlan, type BundleSource } from '../../src/data/bundle/bundle-source.ts';
import { parseBundleManifest } from '../../src/data/bundle/parse-manifest.ts';
import { parsePlanSeed } from '../../src/data/plan/plan-seed.ts';
import type { GrowthResult, PlanResult, TimelineRunner } from '../../src/data/timeline/timeline-runner.ts';
import type { BundleManifestFile } from '../../src/state/app-state.ts';
import { createAppStore } from '../../src/state/store.ts';

const REAL_SEED = JSON.parse(readFileSync(join(__dirname, '../../seeds/sdaasp-59-actions.json'), 'utf8'));

const MANIFEST = {
  format: 'maillage-bundle',
  version: 1,
  departement: { code: '99', name: 'Département fictif', extent: [0, 0, 1, 1] },
  reference: { package: 'x', version: '0' },
  coverage: { target: 1, priorityTarget: 2, priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true } },
  layers: {},
  report: { entries: 0, by_action: {} },
} as unknown as BundleManifestFile;

/** A source serving one file per name, counting reads. */
function source(files: Record<string, unknown>): BundleSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readJson(dept, file) {
      reads.push(`${dept}/${file}`);
      if (!(file in files)) throw new BundleError('missing', file, `absent : ${file}`);
      return structuredClone(files[file]);
    },
    async readBytes(dept, file) {
      reads.push(`${dept}/${file}`);
      throw new BundleError('missing', file, `absent : ${file}`);
    },
    locate: (dept, file) => `mem://${dept}/${file}`,
  };
}

describe('the plan in the bundle', () => {
  it('checks the manifest’s plan entry: null, or a file of the folder and the seed it came from', () => {
    expect(parseBundleManifest({ ...MANIFEST, plan: null }, 'm.json').plan).toBeNull();
    expect(parseBundleManifest({ ...MANIFEST, plan: { file: 'plan.json', seed: 'seeds/x.json' } }, 'm.json').plan?.file).toBe('plan.json');
    expect(() => parseBundleManifest({ ...MANIFEST, plan: { file: '../plan.json', seed: 's' } }, 'm.json')).toThrow(/plan\.file/);
    expect(() => parseBundleManifest({ ...MANIFEST, plan: { file: 'plan.json' } }, 'm.json')).toThrow(/plan\.seed/);
    expect(() => parseBundleManifest({ ...MANIFEST, plan: 'plan.json' }, 'm.json')).toThrow(/plan/);
  });

  it('reads the plan through the seed check: undefined for an older bundle, null for none, located errors', async () => {
    const src = source({ 'plan.json': REAL_SEED, 'bad.json': { ...REAL_SEED, actions: 'none' } });
    expect(await readBundlePlan(src, '59', {})).toBeUndefined();
    expect(await readBundlePlan(src, '59', { plan: null })).toBeNull();
    expect(src.reads).toEqual([]);
    const plan = await readBundlePlan(src, '59', { plan: { file: 'plan.json', seed: 'seeds/sdaasp-59-actions.json' } });
    expect(plan).toEqual(parsePlanSeed(REAL_SEED, 'x'));
    const bad = readBundlePlan(src, '59', { plan: { file: 'bad.json', seed: 's' } });
    await expect(bad).rejects.toThrow(BundleError);
    await expect(readBundlePlan(src, '59', { plan: { file: 'bad.json', seed: 's' } })).rejects.toThrow(/mem:\/\/59\/bad\.json.*actions/);
  });

  it('carries the French wording of the seed: titles, units and every 2021–2023 milestone', () => {
    const plan = parsePlanSeed(REAL_SEED, 'seeds/sdaasp-59-actions.json');
    for (const [i, a] of plan.actions.entries()) {
      expect(a.titleFr, a.id).toBeTruthy();
      expect(a.milestones?.length, a.id).toBe((REAL_SEED.actions[i].milestones_2021_2023 ?? []).length);
      for (const t of a.targets) expect(t.unitFr, `${a.id} ${t.indicator}`).toBeTruthy();
    }
  });
});

const growth = (dept: string): GrowthResult => ({
  dept,
  listDate: '2024-08-01',
  cantons: 1,
  series: [],
  snapshot: null,
  undated: [],
  source: 'fictif',
});
const planOf = (dept: string): PlanResult => ({
  dept,
  departement: { code: dept, name: 'fictif' },
  plan: null,
  rows: [],
  adultesRelais: null,
});

/** A runner whose answers wait until released, recording every call. */
function deferredRunner() {
  const calls: string[] = [];
  const pending: (() => void)[] = [];
  const runner: TimelineRunner = {
    growth: (dept, rule: CoverageRule) => {
      calls.push(`growth ${dept} ${rule.target}`);
      return new Promise((resolve) => pending.push(() => resolve(growth(dept))));
    },
    plan: (dept) => {
      calls.push(`plan ${dept}`);
      return new Promise((resolve) => pending.push(() => resolve(planOf(dept))));
    },
  };
  return {
    runner,
    calls,
    release: () => {
      for (const f of pending.splice(0)) f();
    },
  };
}

function makeStore(runner?: TimelineRunner) {
  return createAppStore({
    loader: {
      fetchManifest: async (dept) => ({ ...MANIFEST, departement: { ...MANIFEST.departement, code: dept } }),
      fetchLayer: async () => ({ type: 'FeatureCollection', features: [] }),
    },
    timeline: runner,
  });
}

describe('timeline slice', () => {
  it('asks once per rule, keeps the last series while another rule is computed', async () => {
    const { runner, calls, release } = deferredRunner();
    const store = makeStore(runner);
    await store.getState().loadBundle('99');
    const rule = defaultCoverageRule(store.getState().manifest!);
    const first = store.getState().loadGrowth(rule);
    void store.getState().loadGrowth(rule); // already coming: no second call
    expect(store.getState().growthStatus).toBe('loading');
    release();
    await first;
    expect(store.getState().growthStatus).toBe('loaded');
    await store.getState().loadGrowth(rule);
    expect(calls).toEqual(['growth 99 1']);
    const other = store.getState().loadGrowth({ ...rule, target: 3 });
    expect(store.getState().growth?.dept).toBe('99');
    release();
    await other;
    expect(calls).toEqual(['growth 99 1', 'growth 99 3']);
  });

  it('opening the Plan view computes the plan once; another département drops a late answer', async () => {
    const { runner, calls, release } = deferredRunner();
    const store = makeStore(runner);
    await store.getState().loadBundle('99');
    store.getState().setPlanViewOpen(true);
    store.getState().setPlanViewOpen(true);
    expect(calls).toEqual(['plan 99']);
    await store.getState().loadBundle('98');
    expect(store.getState().planStatus).toBe('idle');
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().plan).toBeNull();
    const again = store.getState().loadPlan();
    release();
    await again;
    expect(calls).toEqual(['plan 99', 'plan 98']);
    expect(store.getState().plan?.dept).toBe('98');
  });

  it('says so when no runner is given, and reports a failed computation', async () => {
    const store = makeStore();
    await store.getState().loadBundle('99');
    await store.getState().loadPlan();
    expect(store.getState().planStatus).toBe('error');
    expect(store.getState().planError).toMatch(/pas disponible/);
    const failing = makeStore({ growth: async () => Promise.reject(new Error('worker crashed')), plan: async () => planOf('99') });
    await failing.getState().loadBundle('99');
    await failing.getState().loadGrowth(defaultCoverageRule(failing.getState().manifest!));
    expect(failing.getState().growthStatus).toBe('error');
    expect(failing.getState().growthError).toBe('worker crashed');
  });
});
