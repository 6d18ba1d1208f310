/**
 * Suggested placements on drive time (src/core/planning/candidate-drive-coverage.ts), on the
 * hand-written river with one bridge (tests/unit/helpers/river-roads.ts), where the straight line
 * and the road disagree: two candidate communes, one on each bank of the river; most people live
 * on the east bank, 1.4 km from the west candidate as the crow flies but 25 minutes by the bridge.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runRoads } from '../../src/cli/actions/roads.action.ts';
import { runSuggest } from '../../src/cli/actions/suggest.action.ts';
import { CliError } from '../../src/cli/cli-error.ts';
import type { FranceServicesSite } from '../../src/core/coverage/coverage-types.ts';
import { createPlanningSession } from '../../src/core/planning/planning-session.ts';
import { writeBundle } from './helpers/fictional-bundle.ts';
import { FAR_SITE, riverDepartement, riverRoadsGeojson } from './helpers/river-roads.ts';

describe('suggested placements by road', () => {
  it('the straight line picks the west bank (2,100 people within 3 km), the road picks the east bank (2,000 within 10 minutes)', () => {
    const straight = createPlanningSession(riverDepartement([FAR_SITE], false)).suggest({ count: 1, objective: 'access', maxKm: 3 });
    expect(straight).toMatchObject({ access: 'straight', maxMinutes: null, network: null, populationWithinBefore: 0 });
    expect(straight.suggestions.map((s) => [s.name, s.gain_population])).toEqual([['Rive-Ouest', 2100]]);

    const session = createPlanningSession(riverDepartement([FAR_SITE], true));
    const byRoad = session.suggest({ count: 1, objective: 'access', maxMinutes: 10 });
    expect(byRoad).toMatchObject({ access: 'drive', maxMinutes: 10, populationWithinBefore: 0, populationWithinAfter: 2000 });
    expect(byRoad.network?.sourceFile).toBe('riviere-fictive.geojson');
    expect(byRoad.suggestions.map((s) => [s.name, s.gain_population])).toEqual([['Rive-Est', 2000]]);
    // the west candidate reaches only its own bank by road: 100 people (the east bank is 25 minutes away by the bridge)
    const two = session.suggest({ count: 2, objective: 'access', maxMinutes: 10 });
    expect(two.suggestions.map((s) => [s.name, s.gain_population])).toEqual([
      ['Rive-Est', 2000],
      ['Rive-Ouest', 100],
    ]);
    // within 30 minutes the bridge is in reach: the west candidate covers everyone
    const wide = session.suggest({ count: 1, objective: 'access', maxMinutes: 30 });
    expect(wide.suggestions.map((s) => [s.name, s.gain_population])).toEqual([['Rive-Ouest', 2100]]);
  });

  it('counts as covered already the people an existing site reaches by road, as the canton table does', () => {
    const westSite: FranceServicesSite = { id: 'fs-ouest', kind: 'fixed', lngLat: [3.0, 50], communeCode: '99011' };
    const session = createPlanningSession(riverDepartement([westSite], true));
    // west cell: 2 blocks (2.9 km) = 5.7 min; east cells: 4 blocks + the bridge detour, 31 min and more
    const r = session.suggest({ count: 1, objective: 'access', maxMinutes: 20 });
    expect(r.populationWithinBefore).toBe(100);
    expect(r.populationWithinBefore).toBe(session.before.total.driveTime?.populationWithin[1]); // the table's 20-minute band
    expect(session.before.total.driveTime?.populationWithin[2]).toBe(100);
    expect(r.suggestions.map((s) => [s.name, s.gain_population])).toEqual([['Rive-Est', 2000]]);
    expect(r.populationWithinAfter).toBe(2100);
  });

  it('measures in a straight line when asked, and refuses drive time without a road graph', () => {
    const session = createPlanningSession(riverDepartement([FAR_SITE], true));
    expect(session.suggest({ count: 1, objective: 'access', maxKm: 3, access: 'straight' }).suggestions[0].name).toBe('Rive-Ouest');
    const plain = createPlanningSession(riverDepartement([FAR_SITE], false));
    expect(() => plain.suggest({ count: 1, objective: 'access', access: 'drive' })).toThrow(/aucun réseau routier/);
    expect(() => session.suggest({ count: 1, objective: 'access', maxMinutes: 0 })).toThrow(RangeError);
    expect(() => session.suggest({ count: 1, objective: 'access', maxMinutes: 121 })).toThrow(/120 minutes/);
  });

  it('closes the east canton gap by road with the gaps objective, the site counted in its own canton', () => {
    const session = createPlanningSession(riverDepartement([FAR_SITE], true));
    const rule = {
      target: 1,
      priorityTarget: 1,
      countBuses: true,
      priority: { qpv: false, ruralPopulationShareMin: null, territories: false },
    };
    const r = session.suggest({ count: 1, objective: 'gaps', rule, maxMinutes: 10 });
    expect(r.gapBefore).toBe(1); // the east canton has no France Services
    expect(r.suggestions[0]).toMatchObject({ name: 'Rive-Est', closes_gap: true, gain_population: 2000 });
  });
});

describe('suggest on a bundle with a road graph (CLI)', () => {
  let dataDir: string;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'maillage-suggest-drive-'));
    dataDir = join(root, 'data');
    writeBundle(dataDir, riverDepartement([FAR_SITE], false));
    writeBundle(join(root, 'plain'), riverDepartement([FAR_SITE], false));
    const file = join(root, 'riviere.geojson');
    writeFileSync(file, JSON.stringify(riverRoadsGeojson()));
    await runRoads({ dept: '99', file, dataDir, log: () => {}, now: new Date('2099-02-03T00:00:00Z') });
  });
  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));
  const base = { dept: '99', count: 1, objective: 'access' as const, maxKm: 3, priorityWeight: 1, format: 'json' as const };

  it('measures by road by default when the bundle has a graph, and says so', async () => {
    const r = await runSuggest({ ...base, dataDir, maxMinutes: 10 });
    expect(r.result.suggestions.map((s) => s.name)).toEqual(['Rive-Est']);
    expect(r.notes[0]).toMatch(/^1 sites \(access, 10 min by road\): people within 10 min by road of a fixed France Services 0 -> 2000/);
    expect(r.notes[1]).toMatch(/objective measured by road: .*riviere\.geojson/);
    const straight = await runSuggest({ ...base, dataDir, access: 'straight' });
    expect(straight.result.suggestions.map((s) => s.name)).toEqual(['Rive-Ouest']);
    expect(straight.notes[1]).toMatch(/straight line/);
  });

  it('refuses --access drive on a bundle without a graph (exit 2)', async () => {
    await expect(runSuggest({ ...base, dataDir: join(dataDir, '..', 'plain'), access: 'drive' })).rejects.toBeInstanceOf(CliError);
  });
});
