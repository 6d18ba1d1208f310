/**
 * `coverage --national` refuses, with a clear French error and exit 2, what it cannot do: options of the
 * département table (a scenario, a date, a bundle folder), GeoJSON, a workbook on standard output, and a
 * raw folder without the national files (it names them). The table itself is checked in
 * tests/unit/national-table.test.ts (fictional country) and tests/build/coverage-national-real.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCleanExit, runCli } from './helpers/run-cli.ts';

describe('coverage --national: bad requests', () => {
  it('refuses the département table’s own options', async () => {
    for (const extra of [
      ['--scenario', 's.geojson'],
      ['--at', '2021-06-30'],
      ['--data', 'public/data'],
    ]) {
      const run = await runCli(['coverage', '--national', ...extra]);
      expectCleanExit(run);
      expect(run.stderr).toContain(`${extra[0]} ne s’applique pas à --national`);
    }
  });

  it('refuses GeoJSON, and a workbook on standard output', async () => {
    const geo = await runCli(['coverage', '--national', '--format', 'geojson']);
    expectCleanExit(geo);
    expect(geo.stderr).toContain('csv, csv-fr, json ou xlsx');
    const xlsx = await runCli(['coverage', '--national', '--format', 'xlsx']);
    expectCleanExit(xlsx);
    expect(xlsx.stderr).toContain('sortie standard');
  });

  it('names the national files missing from the raw folder', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'maillage-national-'));
    const run = await runCli(['coverage', '--national', '--raw', empty]);
    expectCleanExit(run);
    expect(run.stderr).toContain('insee-cog-2025-sfaut/cog-communes@2025.parquet');
    expect(run.stderr).toContain('france-services-anct/liste-fs-20240801.csv');
  });
});
