/**
 * `suggest`, called through its run function on a fictional bundle written by the test:
 * the same suggestions as the planner engine, as JSON rows or an RFC 4180 CSV with the
 * documented columns; bad options are CliErrors (exit code 2 in the CLI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/cli/cli-error.ts';
import { runSuggest, SUGGEST_COLUMNS, suggestionsToText } from '../../src/cli/actions/suggest.action.ts';
import { parseOptions } from '../../src/cli/args/parse-options.ts';
import { suggestCommand } from '../../src/cli/commands/suggest.command.ts';
import { createPlanningSession } from '../../src/core/planning/planning-session.ts';
import { fictionalDepartement } from './helpers/fictional-departement.ts';
import { bundleOf, writeBundle } from './helpers/fictional-bundle.ts';
import { coverageInputFromBundle } from '../../src/data/coverage/coverage-input.ts';

const input = fictionalDepartement({ seed: 31, cells: 250, fixedSites: 3 });
let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'maillage-suggest-'));
  writeBundle(dataDir, input);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  try {
    return { code: await suggestCommand.run(parseOptions('suggest', suggestCommand.options, args).values), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('suggest command', () => {
  it('prints the engine’s suggestions as JSON rows, ranked, with the documented fields', async () => {
    const { code, stdout, stderr } = await run(['--dept', '97', '--data', dataDir, '--add', '3', '--objective', 'access', '--max-km', '8']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout);
    const { manifest, layers } = bundleOf(input);
    const expected = createPlanningSession(coverageInputFromBundle(manifest, layers)).suggest({ count: 3, objective: 'access', maxKm: 8 });
    expect(rows).toEqual(expected.suggestions);
    expect(rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3]);
    for (const r of rows) expect(Object.keys(r)).toEqual([...SUGGEST_COLUMNS]);
    expect(stderr).toMatch(/3 sites \(access, 8 km\): people within 8 km of a fixed France Services \d+ -> \d+/);
  });

  it('writes the gaps objective as CSV, closes_gap as yes/no, and the canton gaps on stderr', async () => {
    const { code, stdout, stderr } = await run(['--dept', '97', '--data', dataDir, '--add', '2', '--objective', 'gaps', '--format', 'csv']);
    expect(code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(stdout.trim(), { header: true });
    expect(parsed.meta.fields).toEqual([...SUGGEST_COLUMNS]);
    expect(parsed.data).toHaveLength(2);
    expect(parsed.data.every((r) => r.closes_gap === 'yes')).toBe(true);
    expect(stderr).toMatch(/canton gaps of the département's rule (\d+) -> (\d+)/);
    const [, before, after] = stderr.match(/rule (\d+) -> (\d+)/)!;
    expect(Number(before) - Number(after)).toBe(2);
  });

  it('neutralises a commune name that a spreadsheet would run as a formula', () => {
    const text = suggestionsToText(
      [
        {
          rank: 1,
          commune_code: '97001',
          name: '=HYPERLINK("x")',
          lon: 1,
          lat: 45,
          canton_code: '9701',
          gain_population: 10,
          closes_gap: null,
        },
      ],
      'csv',
    );
    expect(text).toBe(
      'rank,commune_code,name,lon,lat,canton_code,gain_population,closes_gap\r\n1,97001,"\'=HYPERLINK(""x"")",1,45,9701,10,\r\n',
    );
  });

  it.each([
    [['--dept', '97', '--add', '0'], /--add doit être un nombre entier de 1 à 20, écrit en chiffres, reçu « 0 »/],
    [['--dept', '97', '--add', '21'], /--add doit être un nombre entier de 1 à 20/],
    [['--dept', '97'], /--add est obligatoire/],
    [['--dept', '97', '--add', '2', '--objective', 'nearest'], /--objective « nearest » inconnu/],
    [['--dept', '97', '--add', '2', '--max-km=-3'], /--max-km doit être un nombre de 0.1 à 100/],
    [['--dept', '97', '--add', '2', '--format', 'xlsx'], /--format « xlsx » inconnu/],
    [['--dept', '97', '--add', '2', '--priority-weight', '11'], /--priority-weight doit être un nombre entier de 1 à 10/],
    [['--dept', '96', '--add', '2'], /pas de données construites pour le département 96/],
  ])('refuses %j with a CliError', async (args, message) => {
    await expect(run([...args, '--data', dataDir])).rejects.toThrow(message);
    await expect(run([...args, '--data', dataDir])).rejects.toBeInstanceOf(CliError);
  });

  it('returns the whole result for callers (runSuggest)', async () => {
    const { result, notes } = await runSuggest({
      dept: '97',
      dataDir,
      count: 2,
      objective: 'access',
      maxKm: 10,
      priorityWeight: 2,
      format: 'json',
    });
    expect(result.priorityWeight).toBe(2);
    expect(result.populationWithinAfter - result.populationWithinBefore).toBe(
      result.suggestions.reduce((s, x) => s + x.gain_population, 0),
    );
    expect(notes[0]).toMatch(/^2 sites/);
  });
});
