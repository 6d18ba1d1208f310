import { fictionalManifest } from './helpers/fictional-manifest.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';
import { importFile } from '../../src/data/import/import-file.ts';
import type { ImportCommune, ImportReport } from '../../src/data/import/import-types.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const IN = join(ROOT, 'tests/fixtures/import/in');
const FIXTURE = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/import/communes.json'), 'utf8')) as {
  communes: ImportCommune[];
  extent: [number, number, number, number];
};

const cli = (args: string[]) => runCli(args);

let dir: string;
beforeAll(() => {
  // a bundle holding only what the import reads: the manifest's extent and the communes
  dir = mkdtempSync(join(tmpdir(), 'maillage-validate-'));
  mkdirSync(join(dir, 'data/59'), { recursive: true });
  writeFileSync(
    join(dir, 'data/59/manifest.json'),
    JSON.stringify(
      fictionalManifest(
        { code: '59', name: 'Nord', extent: FIXTURE.extent as [number, number, number, number] },
        { communes: { file: 'communes.geojson' } },
      ),
    ),
  );
  const features = FIXTURE.communes.map((c) => ({
    type: 'Feature',
    geometry: null,
    properties: {
      code: c.code,
      name: c.name,
      postcodes: c.postcodes.join(' '),
      centroid_lng: c.centroid[0],
      centroid_lat: c.centroid[1],
      merged_from: (c.formerCodes ?? []).join(' ') || null,
    },
  }));
  writeFileSync(join(dir, 'data/59/communes.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cli -- validate', () => {
  it('writes the same report as the app’s import code and exits 0 even with rejected rows', async () => {
    const file = join(IN, 'first-reception__wrong-field-count.csv');
    const run = await cli([
      'validate',
      '--layer',
      'first-reception',
      '--file',
      file,
      '--report',
      join(dir, 'r.json'),
      '--data',
      join(dir, 'data'),
      '--out',
      join(dir, 'f.geojson'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as ImportReport;
    const direct = importFile(new Uint8Array(readFileSync(file)), {
      fileName: file,
      layer: 'first-reception',
      communes: FIXTURE.communes,
      extent: FIXTURE.extent,
    });
    expect(report).toEqual(direct.report);
    expect(report.accepted + report.rejected.length).toBe(report.rows_read);
    expect(report.rejected.length).toBe(2);
    expect(JSON.parse(readFileSync(join(dir, 'f.geojson'), 'utf8')).features).toHaveLength(report.accepted);
    expect(run.stderr).toMatch(/3 rows read, 1 accepted, 2 rejected/);
  });

  it('exits 2 with the unknown headers and the --map hint, then reads the file once they are mapped', async () => {
    const file = join(IN, 'first-reception__unknown-headers.csv');
    const refused = await cli(['validate', '--layer', 'first-reception', '--file', file, '--data', join(dir, 'data')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/colonnes non reconnues : « Établissement bénéficiaire », « Position N », « Position E »/);
    expect(refused.stderr).toMatch(/à faire : .*--map/);
    expect(refused.stdout).toBe('');
    const mapped = await cli([
      'validate',
      '--layer',
      'first-reception',
      '--file',
      file,
      '--data',
      join(dir, 'data'),
      '--map',
      'nom=Établissement bénéficiaire,latitude=Position N,longitude=Position E',
    ]);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(JSON.parse(mapped.stdout).accepted).toBe(1);
  });

  it('exits 2 with the location of a JSON syntax error, and for a missing file or an unknown layer', async () => {
    const json = await cli([
      'validate',
      '--layer',
      'msp',
      '--file',
      join(IN, 'first-reception__json-malformed.json'),
      '--data',
      join(dir, 'data'),
    ]);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/JSON mal formé, ligne 3, colonne 27/);
    expect(json.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const missing = await cli(['validate', '--layer', 'msp', '--file', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/fichier introuvable/);
    const layer = await cli(['validate', '--layer', 'bakeries', '--file', join(IN, 'first-reception__good-comma.csv')]);
    expect(layer.code).toBe(2);
    expect(layer.stderr).toMatch(/--layer « bakeries » inconnu/);
  });
});
