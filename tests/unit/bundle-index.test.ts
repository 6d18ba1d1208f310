/**
 * The list of built départements (`data/index.json`): its contract, the file the CLI writes after
 * each build, the store's loading of it, and the selector's link to another département.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleError } from '../../src/data/bundle/bundle-error.ts';
import { departementSortKey, makeBundleIndex, parseBundleIndex } from '../../src/data/bundle/bundle-index.ts';
import { writeBundleIndex } from '../../src/cli/io/bundle-index-file.ts';
import { createAppStore } from '../../src/state/store.ts';
import type { BundleManifestFile } from '../../src/state/app-state.ts';
import { departementHref } from '../../src/ui/DepartementSelect.tsx';

const tmp = mkdtempSync(join(tmpdir(), 'maillage-index-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const entry = (code: string, name = `Département fictif ${code}`) => ({ code, name, built_at: '2026-01-02T03:04:05.000Z' });

describe('makeBundleIndex / departementSortKey', () => {
  it('sorts in INSEE order, Corsica between 19 and 21, overseas last', () => {
    const index = makeBundleIndex(['974', '21', '2B', '75', '02', '2A', '19'].map((c) => entry(c)));
    expect(index.departements.map((d) => d.code)).toEqual(['02', '19', '2A', '2B', '21', '75', '974']);
  });
  it('keeps one entry per code, and does not change its input', () => {
    const input = [entry('59', 'Nord A'), entry('62'), entry('59', 'Nord B')];
    const copy = structuredClone(input);
    expect(makeBundleIndex(input).departements.map((d) => d.name)).toEqual(['Nord B', 'Département fictif 62']);
    expect(input).toEqual(copy);
  });
  it('sort keys compare as strings in the département order', () => {
    const keys = ['01', '19', '2A', '2B', '21', '95', '971'].map(departementSortKey);
    expect([...keys].sort()).toEqual(keys);
  });
});

describe('parseBundleIndex', () => {
  const good = { format: 'maillage-bundle-index', version: 1, departements: [entry('59'), entry('2A')] };
  it('accepts an index of the contract', () => {
    expect(parseBundleIndex(structuredClone(good), 'x').departements.map((d) => d.code)).toEqual(['59', '2A']);
  });
  it.each([
    [{ ...good, format: 'other' }, 'format'],
    [{ ...good, version: 2 }, 'version'],
    [{ ...good, departements: {} }, 'departements'],
    [{ ...good, departements: [entry('59'), entry('99')] }, 'departements[1].code'],
    [{ ...good, departements: [entry('59'), entry('59')] }, 'departements[1].code'],
    [{ ...good, departements: [{ ...entry('59'), name: ' ' }] }, 'departements[0].name'],
    [{ ...good, departements: [{ ...entry('59'), built_at: 'hier' }] }, 'departements[0].built_at'],
    [[], '(racine)'],
  ])('names the wrong field (%#: %s)', (value, field) => {
    let error: unknown;
    try {
      parseBundleIndex(value, 'data/index.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).message).toContain(`« ${field} »`);
    expect((error as BundleError).location).toBe('data/index.json');
  });
});

describe('writeBundleIndex', () => {
  function bundle(dir: string, manifest: unknown) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  }
  const manifest = (code: string, name: string) => ({
    format: 'maillage-bundle',
    version: 1,
    departement: { code, name, extent: [2, 50, 4, 51] },
    reference: { package: '@etalab/decoupage-administratif', version: '0.0.0' },
    coverage: { target: 1, priorityTarget: 2, priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true } },
    layers: {},
    report: { entries: 0, by_action: {} },
    built_at: '2026-03-04T05:06:07.000Z',
  });

  it('lists the bundles present (linked versions and plain folders), and reports those it leaves out', () => {
    const out = join(tmp, 'out');
    bundle(join(tmp, 'versions/62/v1'), manifest('62', 'Pas-de-Calais fictif'));
    mkdirSync(out, { recursive: true });
    symlinkSync(join(tmp, 'versions/62/v1'), join(out, '62'));
    bundle(join(out, '59'), manifest('59', 'Nord fictif'));
    bundle(join(out, '80'), '{ not json');
    bundle(join(out, '02'), { ...manifest('02', 'Aisne fictive'), built_at: undefined });
    mkdirSync(join(out, '75')); // a folder without a manifest: no bundle, nothing to report
    mkdirSync(join(out, 'notes'));
    const logged: string[] = [];
    const index = writeBundleIndex(out, (l) => logged.push(l));
    expect(index.departements.map((d) => `${d.code} ${d.name}`)).toEqual(['59 Nord fictif', '62 Pas-de-Calais fictif']);
    expect(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))).toEqual(index);
    expect(logged).toHaveLength(2);
    expect(logged.find((l) => l.includes(join(out, '80')))).toMatch(/cannot be read/);
    expect(logged.find((l) => l.includes(join(out, '02')))).toMatch(/no built_at/);
  });
});

describe('the store: built départements', () => {
  const never = async (): Promise<never> => {
    throw new Error('not used');
  };
  it('loads the list once', async () => {
    let calls = 0;
    const store = createAppStore({
      loader: {
        fetchManifest: never as () => Promise<BundleManifestFile>,
        fetchLayer: never,
        fetchIndex: async () => {
          calls++;
          return makeBundleIndex([entry('62'), entry('59')]);
        },
      },
    });
    await Promise.all([store.getState().loadBuiltDepartements(), store.getState().loadBuiltDepartements()]);
    await store.getState().loadBuiltDepartements();
    expect(calls).toBe(1);
    expect(store.getState().builtDepartementsStatus).toBe('loaded');
    expect(store.getState().builtDepartements?.map((d) => d.code)).toEqual(['59', '62']);
  });
  it('keeps the error, and offers nothing', async () => {
    const store = createAppStore({
      loader: {
        fetchManifest: never as () => Promise<BundleManifestFile>,
        fetchLayer: never,
        fetchIndex: async () => {
          throw new BundleError('invalid', 'data/index.json', 'Le fichier data/index.json est endommagé.');
        },
      },
    });
    await store.getState().loadBuiltDepartements();
    expect(store.getState().builtDepartementsStatus).toBe('error');
    expect(store.getState().builtDepartementsError).toContain('endommagé');
    expect(store.getState().builtDepartements).toBeNull();
  });
  it('without an index loader: an empty list', async () => {
    const store = createAppStore({ loader: { fetchManifest: never as () => Promise<BundleManifestFile>, fetchLayer: never } });
    await store.getState().loadBuiltDepartements();
    expect(store.getState().builtDepartements).toEqual([]);
  });
});

describe('departementHref', () => {
  it('keeps the view and the layers, drops the map place and the selection', () => {
    expect(departementHref('?dept=59&vue=planifier&carte=9/50.4/3.1&couches=qpv,cantons&sel=france-services:3', '62')).toBe(
      '?dept=62&vue=planifier&couches=qpv%2Ccantons',
    );
    expect(departementHref('', '2A')).toBe('?dept=2A');
  });
});
