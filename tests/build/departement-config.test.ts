/** Département configs cite real SDAASP seed actions and name EPCI that exist in the reference package. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDepartementConfig, loadReference } from '../../src/cli/actions/data.action.ts';

const ROOT = resolve(__dirname, '../..');
const DIR = join(ROOT, 'data/departements');
const reference = loadReference();
const codes = readdirSync(DIR)
  .filter((f) => /^\d\w\.json$|^\d{2,3}\.json$/.test(f))
  .map((f) => f.replace('.json', ''));

describe.each(codes)('data/departements/%s.json', (code) => {
  const cfg = loadDepartementConfig(DIR, code);
  const seed = cfg.seed ? JSON.parse(readFileSync(join(ROOT, cfg.seed), 'utf8')) : null;
  const actionIds = new Set<string>(seed ? seed.actions.map((a: { id: string }) => a.id) : []);

  it('has a target rule with numbers and an extent around the département', () => {
    expect(cfg.coverage.target).toBeGreaterThanOrEqual(1);
    expect(cfg.coverage.priorityTarget).toBeGreaterThanOrEqual(cfg.coverage.target);
    const [w, s, e, n] = cfg.extent;
    expect(w).toBeLessThan(e);
    expect(s).toBeLessThan(n);
  });

  it('cites only actions that exist in its seed', () => {
    const refs = [...(cfg.coverage.seedRefs ?? []), ...cfg.priorityTerritories.flatMap((t) => t.seedRefs ?? [])];
    if (!seed) expect(refs).toEqual([]);
    for (const r of refs) expect(actionIds.has(r), r).toBe(true);
  });

  it('names priority territories by EPCI of the département', () => {
    for (const t of cfg.priorityTerritories) {
      for (const e of t.epci) {
        const epci = reference.epci.find((x) => x.code === e);
        expect(epci, e).toBeDefined();
        expect(epci!.membres.some((m) => m.code.startsWith(code))).toBe(true);
      }
    }
  });
});

describe('SDAASP seed', () => {
  it('gives every action a title, pilots, facts and milestones', () => {
    const seed = JSON.parse(readFileSync(join(ROOT, 'seeds/sdaasp-59-actions.json'), 'utf8'));
    expect(seed.actions.length).toBeGreaterThan(10);
    for (const a of seed.actions) {
      expect(a.id).toMatch(/^A\d\d$/);
      expect(a.title.length).toBeGreaterThan(5);
      expect(Array.isArray(a.pilots)).toBe(true);
      expect(Array.isArray(a.done_2018_2020)).toBe(true);
      expect(Array.isArray(a.milestones_2021_2023)).toBe(true);
    }
    const fs = seed.actions.find((a: { id: string }) => a.id === 'A01');
    expect(fs.targets.find((t: { indicator: string }) => t.indicator === 'france_services_per_canton').value).toBe(1);
  });
});
