/**
 * What a `data` build copies into the bundle as its national comparison (src/cli/io/national-summary-store.ts):
 * nothing, said in the log, without a kept summary, with an unreadable one, with one made from another
 * France Services list, or for a département it has no row for; else this département's comparison, its
 * neighbours taken from the bundle's neighbours layer. Fictional summaries in a temporary folder.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nationalSummaryFile } from '../../src/core/national/national-comparison.ts';
import type { NationalDepartementRow } from '../../src/core/national/national-table.ts';
import {
  nationalForBundle,
  nationalSummaryPath,
  writeBundleNational,
  writeNationalSummary,
} from '../../src/cli/io/national-summary-store.ts';
import type { SourceDescription } from '../../src/data/sources/source-description.ts';

const row = (dept: string, per: number): NationalDepartementRow => ({
  dept,
  name: `Département ${dept}`,
  france_services: 5,
  france_services_buses: 0,
  population: 100_000,
  france_services_per_100k: per,
  cantons: 4,
  cantons_covered: 2,
  cantons_covered_pct: 50,
  cantons_met: 1,
  population_within_km_pct: 90,
});
const LIST = { id: 'anct-france-services-2024', title: 'Liste fictive', vintage: '2024-08-01' } as unknown as SourceDescription;
const RULE = { target: 1, priorityTarget: 2, countBuses: true, priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: false } };
const bundle = (codes: string[]) => ({
  layers: [
    {
      manifest: { id: 'neighbours' } as never,
      data: {
        type: 'FeatureCollection' as const,
        features: codes.map((code) => ({ type: 'Feature' as const, geometry: null, properties: { code } })),
      },
    },
  ],
});

function project(vintage = '2024-08-01') {
  const root = mkdtempSync(join(tmpdir(), 'maillage-national-store-'));
  const sourcesDir = join(root, 'data', 'sources');
  mkdirSync(sourcesDir, { recursive: true });
  const summary = nationalSummaryFile(
    [row('97', 1), row('98', 2), row('99', 3)],
    RULE,
    [{ title: 'Liste fictive', producer: 'Essais', vintage, licence: 'fictive' }],
    new Date('2025-01-15T10:00:00Z'),
  );
  return { root, sourcesDir, summary };
}

describe('nationalForBundle', () => {
  it('gives the département’s comparison with its neighbours, and writes it with its manifest entry', () => {
    const { root, sourcesDir, summary } = project();
    writeNationalSummary(nationalSummaryPath(sourcesDir), summary);
    expect(nationalSummaryPath(sourcesDir)).toBe(join(root, 'data', 'build', 'national', 'summary.json'));
    const log: string[] = [];
    const c = nationalForBundle(sourcesDir, '98', bundle(['97', '99', '62']), [LIST], (l) => log.push(l))!;
    expect([c.focus, c.neighbours, c.ranks.france_services_per_100k]).toEqual(['98', ['97', '99'], 2]);
    expect(log).toEqual([]);
    const entry = writeBundleNational(root, c);
    expect(entry).toEqual({ file: 'national.json', built_at: '2025-01-15T10:00:00.000Z' });
    expect(JSON.parse(readFileSync(join(root, 'national.json'), 'utf8')).focus).toBe('98');
    expect(writeBundleNational(root, null)).toBeNull();
  });

  it('gives nothing, and says why, without a summary, with a bad one, another list, or no row', () => {
    const { sourcesDir, summary } = project('2023-01-01');
    const log: string[] = [];
    const say = (l: string) => log.push(l);
    expect(nationalForBundle(sourcesDir, '98', bundle([]), [LIST], say)).toBeNull();
    expect(log.pop()).toMatch(/run "coverage --national"/);
    writeNationalSummary(nationalSummaryPath(sourcesDir), summary);
    expect(nationalForBundle(sourcesDir, '98', bundle([]), [LIST], say)).toBeNull();
    expect(log.pop()).toMatch(/list 2023-01-01, this build of 2024-08-01/);
    expect(nationalForBundle(sourcesDir, '971', bundle([]), [], say)).toBeNull();
    expect(log.pop()).toMatch(/no row for département 971/);
    writeFileSync(nationalSummaryPath(sourcesDir), '{"format":"maillage-national-summary","version":2}');
    expect(nationalForBundle(sourcesDir, '98', bundle([]), [LIST], say)).toBeNull();
    expect(log.pop()).toMatch(/cannot be read.*champ « version »/);
  });
});
