/**
 * `data --depts LIST` (the engine of `data --all`, every metropolitan département) on the real national
 * files: several départements built at once by child processes, a summary whose France Services equal
 * the national list's rows (counted here independently with papaparse), index.json listing the bundles
 * in INSEE order, and a département that fails without stopping the others.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../unit/helpers/run-cli.ts';

const ROOT = resolve(__dirname, '../..');
const MIRROR = resolve(ROOT, '../shared/opendata');
const tmp = mkdtempSync(join(tmpdir(), 'maillage-data-all-'));
const out = join(tmp, 'out');
const settings = join(tmp, 'departements');
let run: CliRun;

const listRows = Papa.parse<Record<string, string>>(
  readFileSync(join(MIRROR, 'france-services-anct/liste-fs-20240801.csv'), 'utf8').replace(/^\uFEFF/, ''),
  { header: true, skipEmptyLines: true },
).data;

beforeAll(async () => {
  // a settings folder where only Haute-Corse has a (broken) file: the others take the stated defaults
  mkdirSync(settings, { recursive: true });
  writeFileSync(join(settings, '2B.json'), '{ "code": "2B", ');
  run = await runCli(['data', '--depts', '80,2B,75', '--jobs', '2', '--raw', MIRROR, '--out', out, '--departements', settings]);
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The summary line of a département: its cells split on runs of spaces (names have single spaces). */
function summaryRow(code: string): string[] {
  const line = run.stdout.split('\n').find((l) => l.startsWith(`${code} `));
  if (!line) throw new Error(`no summary line for ${code} in:\n${run.stdout}`);
  return line.split(/ {2,}/);
}

describe('data --depts 80,2B,75', () => {
  it('exits 1 because one département failed, and says which and why', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/ÉCHEC 2B Haute-Corse :\n {2}.*2B\.json/);
    expect(summaryRow('2B').slice(2, 7)).toEqual(['–', '–', '–', '–', '–']);
  });

  it('builds the others, each with the national list’s France Services rows for it', () => {
    for (const code of ['80', '75']) {
      const expected = listRows.filter((r) => r.insee_dep === code).length;
      expect(expected).toBeGreaterThan(5);
      const row = summaryRow(code);
      expect(Number(row[2])).toBe(expected);
      const manifest = JSON.parse(readFileSync(join(out, code, 'manifest.json'), 'utf8'));
      expect(manifest.layers['france-services'].features).toBe(expected);
    }
    expect(run.stdout).toMatch(/^total +2 construits sur 3 /m);
  });

  it('counts cantons as the COG does (Paris: its pseudo-canton), and the covered ones within them', () => {
    const [, , , , cantons, covered, meeting] = summaryRow('80');
    expect(Number(cantons)).toBe(23);
    expect(Number(covered)).toBeLessThanOrEqual(Number(cantons));
    expect(Number(meeting)).toBeLessThanOrEqual(Number(cantons));
    expect(summaryRow('75')[4]).toBe('1');
  });

  it('writes index.json with the bundles built, in INSEE order', () => {
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    expect(index.format).toBe('maillage-bundle-index');
    expect(index.departements.map((d: { code: string; name: string }) => `${d.code} ${d.name}`)).toEqual(['75 Paris', '80 Somme']);
  });
});

describe('data --depts: bad lists are refused before any build', () => {
  it.each([
    ['02,XX', /« XX » n’est pas un code de département/],
    ['02,02', /02 figure deux fois/],
    [',', /liste vide/],
  ])('--depts %s', async (list, message) => {
    const bad = await runCli(['data', '--depts', list, '--out', join(tmp, 'never')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(message);
  });
});
