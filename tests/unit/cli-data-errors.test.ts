import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanExit, runCli } from './helpers/run-cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** The shared mirror of the official files (the CLI's second default raw folder). */
const OPENDATA = resolve(ROOT, '../shared/opendata');
const FS_CSV = 'france-services-anct/liste-fs-20240801.csv';

const cli = (args: string[]) => runCli(args);
const expectCleanError = expectCleanExit;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'maillage-cli-errors-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('maillage data: errors exit with code 2 and a clear message', { timeout: 60_000 }, () => {
  it('rejects a département that neither has a settings file nor exists, and lists the existing ones', async () => {
    const run = await cli(['data', '--dept', '99', '--out', join(tmp, 'out-99')]);
    expectCleanError(run);
    expect(run.stderr).toContain('département 99 inconnu');
    expect(readdirSync(join(ROOT, 'data/departements'))).not.toContain('99.json');
    expect(run.stderr).toContain('départements connus : 01, 02, 03');
    expect(existsSync(join(tmp, 'out-99'))).toBe(false);
  });

  it('rejects an invalid département code', async () => {
    const run = await cli(['data', '--dept', 'abc', '--out', join(tmp, 'out-abc')]);
    expectCleanError(run);
    expect(run.stderr).toContain('« abc » n’est pas un code de département');
    expect(run.stderr).toMatch(/à faire : .*59/);
  });

  it('rejects an unknown command', async () => {
    const run = await cli(['dta', '--dept', '59', '--out', join(tmp, 'out-cmd')]);
    expectCleanError(run);
    expect(run.stderr).toContain('commande « dta » inconnue');
  });

  it('lists every missing raw file with its source and suggests --fetch when the raw folder is empty', async () => {
    const empty = join(tmp, 'empty-raw');
    mkdirSync(empty);
    const out = join(tmp, 'out-missing');
    const run = await cli(['data', '--dept', '59', '--raw', empty, '--out', out]);
    expectCleanError(run);
    expect(run.stderr).toContain('fichier(s) brut(s) manquant(s) pour le département 59');
    expect(run.stderr).toContain(`${FS_CSV} (source anct-france-services-2024)`);
    // every required file of every mapping is listed
    for (const f of readdirSync(join(ROOT, 'data/sources')).filter((n) => n.endsWith('.json'))) {
      const s = JSON.parse(readFileSync(join(ROOT, 'data/sources', f), 'utf8'));
      if (s.format === 'npm' || s.package || s.optional) continue; // npm data comes with npm ci, not from a raw folder
      for (const pattern of s.files as string[]) expect(run.stderr).toContain(`${pattern.replaceAll('{dept}', '59')} (source ${s.id})`);
    }
    expect(run.stderr).toContain(`cherchés dans : ${empty}`);
    expect(run.stderr).toContain('--fetch');
    expect(existsSync(out)).toBe(false);
  });

  describe('with a damaged France Services file placed before the official mirror', () => {
    it('names the file and says it is not valid UTF-8, and leaves the previous bundle in place', async () => {
      const raw = join(tmp, 'garbled-raw');
      mkdirSync(join(raw, 'france-services-anct'), { recursive: true });
      // a fictional CSV line with a Windows-1252 é (0xE9) on line 2
      writeFileSync(
        join(raw, FS_CSV),
        Buffer.concat([
          Buffer.from('"id_fs","insee_dep","lib_fs"\n"TEST-1","59","France services Testvill'),
          Buffer.from([0xe9]),
          Buffer.from('"\n'),
        ]),
      );
      const out = join(tmp, 'out-garbled');
      mkdirSync(join(out, '59'), { recursive: true });
      writeFileSync(join(out, '59', 'manifest.json'), '{"sentinel": true}');
      const run = await cli(['data', '--dept', '59', '--raw', raw, '--raw', OPENDATA, '--out', out]);
      expectCleanError(run);
      expect(run.stderr).toContain(join(raw, FS_CSV));
      expect(run.stderr).toContain('pas de l’UTF-8 valide');
      expect(run.stderr).toContain('ligne 2');
      // the failed build wrote nothing: the previous bundle is untouched and no temporary folder is left
      expect(readFileSync(join(out, '59', 'manifest.json'), 'utf8')).toBe('{"sentinel": true}');
      expect(readdirSync(out)).toEqual(['59']);
    });

    it('names the file and the missing columns when the CSV is not the expected one', async () => {
      const raw = join(tmp, 'wrong-columns-raw');
      mkdirSync(join(raw, 'france-services-anct'), { recursive: true });
      writeFileSync(join(raw, FS_CSV), 'nom,commune\nFrance services Testville,Testville\n');
      const run = await cli(['data', '--dept', '59', '--raw', raw, '--raw', OPENDATA, '--out', join(tmp, 'out-columns')]);
      expectCleanError(run);
      expect(run.stderr).toContain(join(raw, FS_CSV));
      expect(run.stderr).toContain('attente « columns » : colonne(s) attendue(s) absente(s) : id_fs, insee_dep, lib_fs');
      expect(run.stderr).toContain('2 colonne(s) trouvée(s) : nom, commune');
    });

    it('names the file when a GeoJSON layer is malformed JSON', async () => {
      const raw = join(tmp, 'bad-geojson-raw');
      const name = readdirSync(join(OPENDATA, 'admin-express-2018-gregoiredavid')).find((f) => /^cantons-59-.*\.geojson$/.test(f));
      expect(name, 'the mirror has a cantons-59-*.geojson file').toBeDefined();
      mkdirSync(join(raw, 'admin-express-2018-gregoiredavid'), { recursive: true });
      writeFileSync(join(raw, 'admin-express-2018-gregoiredavid', name!), '{"type": "FeatureCollection",\n "features": [1, 2\n');
      const run = await cli(['data', '--dept', '59', '--raw', raw, '--raw', OPENDATA, '--out', join(tmp, 'out-geojson')]);
      expectCleanError(run);
      expect(run.stderr).toContain(join(raw, 'admin-express-2018-gregoiredavid', name!));
      expect(run.stderr).toContain('JSON mal formé');
    });
  });
});
