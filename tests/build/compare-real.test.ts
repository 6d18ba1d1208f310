/**
 * The national comparison on the real national files: every metropolitan département, its France
 * Services equal to the national list's rows (counted here with papaparse), the Nord's and the
 * Pas-de-Calais' cantons covered equal to their département tables (41 and 39 cantons, 34 and 31
 * with a France Services, as `coverage --dept` gives), Paris as its one pseudo-canton.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareCsv, defaultCompareOptions, runCompare, type CompareResult } from '../../src/cli/actions/compare.action.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
let result: CompareResult;
beforeAll(async () => {
  result = await runCompare({ ...defaultCompareOptions(ROOT), rawFolders: [MIRROR] });
});

describe('compare (national benchmark)', () => {
  it('has the 96 metropolitan départements, each with the national list’s France Services rows', () => {
    const rows = Papa.parse<Record<string, string>>(
      readFileSync(join(MIRROR, 'france-services-anct/liste-fs-20240801.csv'), 'utf8').replace(/^\uFEFF/, ''),
      { header: true, skipEmptyLines: true },
    ).data;
    expect(result.rows).toHaveLength(96);
    for (const r of result.rows) expect(r.france_services, r.dept).toBe(rows.filter((x) => x.insee_dep === r.dept).length);
  });

  it('counts the cantons covered as the département tables do', () => {
    const row = (d: string) => result.rows.find((r) => r.dept === d)!;
    expect([row('59').cantons, row('59').cantons_covered]).toEqual([41, 34]);
    expect([row('62').cantons, row('62').cantons_covered]).toEqual([39, 31]);
    expect([row('75').cantons, row('75').cantons_covered]).toEqual([1, 1]);
    for (const r of result.rows) expect(r.cantons_covered).toBeLessThanOrEqual(r.cantons);
  });

  it('ranks the Nord and gives the national distribution, and writes one CSV line per département', () => {
    expect(result.focus.dept).toBe('59');
    for (const rank of Object.values(result.focus.ranks)) expect(rank).toBeGreaterThanOrEqual(1);
    const d = result.distributions.france_services_per_100k!;
    expect(d.min <= d.q1 && d.q1 <= d.median && d.median <= d.q3 && d.q3 <= d.max).toBe(true);
    expect(compareCsv(result.rows).trim().split('\n')).toHaveLength(97);
  });
});
