import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleError } from '../../src/data/bundle/bundle-error.ts';
import { isDepartementCode, readBundleLayer, readBundleManifest } from '../../src/data/bundle/bundle-source.ts';
import { parseBundleManifest } from '../../src/data/bundle/parse-manifest.ts';
import { fileBundleSource, openBundle } from '../../src/cli/io/file-bundle-source.ts';
import { CliError } from '../../src/cli/cli-error.ts';

/** A fictional one-layer bundle manifest (département 99 does not exist). */
function manifest(): Record<string, unknown> {
  return {
    format: 'maillage-bundle',
    version: 1,
    departement: { code: '59', name: 'Nord fictif', extent: [2, 50, 4, 51] },
    reference: { package: '@etalab/decoupage-administratif', version: '0.0.0' },
    coverage: { target: 1, priorityTarget: 2, priority: { qpv: true, ruralPopulationShareMin: 0.5, territories: true } },
    layers: {
      'france-services': {
        id: 'france-services',
        title: 'France Services',
        file: 'france-services.geojson',
        status: 'ok',
        features: 1,
        sources: [{ id: 's', title: 'Liste', producer: 'ANCT', licence: 'LO', attribution: 'ANCT', vintage: '2024' }],
        caveats: [],
      },
    },
    report: { entries: 0, by_action: {} },
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'maillage-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseBundleManifest', () => {
  it('accepts a manifest of the contract and returns it unchanged', () => {
    const m = manifest();
    const copy = structuredClone(m);
    expect(parseBundleManifest(m, 'm.json')).toBe(m);
    expect(m).toEqual(copy);
  });

  it.each([
    ['format', (m: Record<string, any>) => (m.format = 'other'), /« format »/],
    ['version', (m: Record<string, any>) => (m.version = 2), /« version »/],
    ['extent', (m: Record<string, any>) => (m.departement.extent = [1, 2, 3]), /« departement\.extent »/],
    ['layer id', (m: Record<string, any>) => (m.layers['france-services'].id = 'x'), /« layers\.france-services\.id »/],
    ['file outside the folder', (m: Record<string, any>) => (m.layers['france-services'].file = '../x.geojson'), /\.file »/],
    ['status', (m: Record<string, any>) => (m.layers['france-services'].status = 'maybe'), /\.status »/],
    ['feature count', (m: Record<string, any>) => (m.layers['france-services'].features = -1), /\.features »/],
    ['source field', (m: Record<string, any>) => delete m.layers['france-services'].sources[0].vintage, /sources\[0\]\.vintage »/],
    ['layer key', (m: Record<string, any>) => (m.layers['<img>'] = m.layers['france-services']), /« layers\.<img> »/],
  ])('names the wrong field: %s', (_what, spoil, message) => {
    const m = manifest();
    spoil(m);
    expect(() => parseBundleManifest(m, 'm.json')).toThrow(message);
    expect(() => parseBundleManifest(m, 'm.json')).toThrow(BundleError);
  });

  it('refuses what is not an object', () => {
    for (const v of [null, [], 'manifest', 3]) expect(() => parseBundleManifest(v, 'm.json')).toThrow(/racine/);
  });
});

describe('département codes', () => {
  it('accepts INSEE codes and refuses paths and other text', () => {
    for (const c of ['01', '59', '2A', '2B', '95', '971', '976', '99']) expect(isDepartementCode(c)).toBe(true);
    for (const c of ['../../etc', '59/..', '', '5', '5900', '2a', '2C', ' 59', '59\n']) expect(isDepartementCode(c)).toBe(false);
  });
});

describe('the file bundle source', () => {
  mkdirSync(join(tmp, '59'));
  writeFileSync(join(tmp, '59', 'manifest.json'), JSON.stringify(manifest()));
  writeFileSync(join(tmp, '59', 'france-services.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [] }));
  mkdirSync(join(tmp, '62'));
  writeFileSync(join(tmp, '62', 'manifest.json'), '{ not json');

  it('reads a checked manifest and its layers', async () => {
    const source = fileBundleSource(tmp);
    const m = await readBundleManifest(source, '59');
    expect(m.departement.name).toBe('Nord fictif');
    expect((await readBundleLayer(source, '59', 'france-services.geojson')).features).toEqual([]);
  });

  it('says which file is missing, unreadable or not a bundle, and refuses a path as a département', async () => {
    const source = fileBundleSource(tmp);
    await expect(readBundleManifest(source, '80')).rejects.toMatchObject({ kind: 'missing', location: join(tmp, '80', 'manifest.json') });
    await expect(readBundleManifest(source, '62')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(readBundleManifest(source, '../..')).rejects.toThrow(/n’est pas un code de département/);
    await expect(readBundleLayer(source, '59', 'manifest.json')).rejects.toThrow(/FeatureCollection/);
  });

  it('opens a bundle for the CLI: layers read once, no-data layers as null, errors as CliError with a fix', async () => {
    const bundle = await openBundle(tmp, '59');
    const a = await bundle.layer('france-services');
    expect(await bundle.layer('france-services')).toBe(a);
    expect(await bundle.layer('msp')).toBeNull();
    const error = await openBundle(tmp, '80').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).fix).toMatch(/cli -- data --dept 80/);
  });
});
