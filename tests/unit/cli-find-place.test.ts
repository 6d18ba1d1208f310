import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/cli/cli-error.ts';
import { runFindPlace } from '../../src/cli/actions/find-place.action.ts';
import { parseOptions } from '../../src/cli/args/parse-options.ts';
import { findPlaceCommand } from '../../src/cli/commands/find-place.command.ts';
import { fictionalManifest } from './helpers/fictional-manifest.ts';

/** Fictional communes of a fictional bundle "99" (Tournelle's INSEE code is Maubertin's postcode). */
const COMMUNES: [string, string, string, number][] = [
  ['99008', 'Maubertin', '99600', 30000],
  ['99009', 'Assaing', '99600', 1700],
  ['99600', 'Tournelle', '99300', 600],
  ['99001', "Villeneuve-d'Orval", '99100 99110', 50000],
  ['99002', '=Formule', '99200', 10], // a hostile name, to check the CSV neutralisation
];

function commune([code, name, postcodes, population]: [string, string, string, number], i: number) {
  return {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [i, 0],
          [i + 1, 0],
          [i + 1, 1],
          [i, 0],
        ],
      ],
    },
    properties: { code, name, postcodes, population, centroid_lng: i + 0.6, centroid_lat: 0.3 },
  };
}

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'maillage-find-place-'));
  for (const [dept, features] of [
    ['99', COMMUNES.map(commune)],
    ['98', []],
  ] as const) {
    const dir = join(dataDir, dept);
    mkdirSync(dir);
    writeFileSync(join(dir, 'communes.geojson'), JSON.stringify({ type: 'FeatureCollection', features }));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify(
        fictionalManifest(
          { code: dept, name: `Fictif ${dept}`, extent: [0, 0, 6, 1] },
          { communes: { file: 'communes.geojson', status: features.length ? 'ok' : 'no-data', features: features.length } },
        ),
      ),
    );
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the command's `run` with its output captured. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const code = await findPlaceCommand.run(
    parseOptions('find-place', findPlaceCommand.options, ['--data', dataDir, '--dept', '99', ...args]).values,
  );
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}
afterEach(() => vi.restoreAllMocks());

describe('find-place', () => {
  it('prints the ranked matches as JSON: code, name, postcodes, score', async () => {
    const out = await run(['--query', 'maubretin']);
    expect(out.code).toBe(0);
    const rows = JSON.parse(out.stdout);
    expect(rows[0]).toEqual({
      rank: 1,
      code: '99008',
      name: 'Maubertin',
      postcodes: ['99600'],
      score: expect.any(Number),
      match: 'fuzzy',
      matched_postcode: null,
    });
    expect(rows[0].score).toBeLessThan(1);
  });

  it('reads a postcode as a postcode, not as the INSEE code of another commune; "insee" labels a code', async () => {
    const rows = JSON.parse((await run(['--query', '99600'])).stdout);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['Maubertin', 'Assaing']);
    expect(rows.every((r: { score: number; matched_postcode: string }) => r.score === 1 && r.matched_postcode === '99600')).toBe(true);
    const byCode = JSON.parse((await run(['--query', 'insee 99600'])).stdout);
    expect(byCode.map((r: { name: string }) => r.name)).toEqual(['Tournelle']);
  });

  it('prints CSV with postcodes space-separated and text cells neutralised', async () => {
    const out = await run(['--query', '99', '--format', 'csv', '--limit', '10']);
    expect(out.stdout.endsWith('\r\n')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(out.stdout.trim(), { header: true });
    expect(parsed.meta.fields).toEqual(['rank', 'code', 'name', 'postcodes', 'score', 'match', 'matched_postcode']);
    expect(parsed.data.map((r) => r.name)).toEqual(["Villeneuve-d'Orval", 'Maubertin', 'Assaing', 'Tournelle', "'=Formule"]);
    expect(parsed.data[0].postcodes).toBe('99100 99110');
  });

  it('stops at --limit', async () => {
    expect(JSON.parse((await run(['--query', '99', '--limit', '2'])).stdout)).toHaveLength(2);
  });

  it('prints an empty list and says so when nothing matches', async () => {
    const out = await run(['--query', 'xylophone']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([]);
    expect(out.stderr).toMatch(/no commune of Fictif 99 matches "xylophone"/);
  });

  it('rejects a missing query, a bad format or limit, with what to do', async () => {
    await expect(run([])).rejects.toThrow(CliError);
    await expect(run(['--query', '  '])).rejects.toThrow(/--query est vide/);
    await expect(run(['--query', 'a', '--format', 'xml'])).rejects.toThrow(/--format « xml » inconnu/);
    for (const bad of ['0', '101', '2.5', 'ten']) {
      await expect(run(['--query', 'a', '--limit', bad]), bad).rejects.toThrow(/--limit/);
    }
  });

  it('says how to build the data when the bundle is missing or has no communes', async () => {
    const missing = runFindPlace({ dept: '97', dataDir, query: 'a', limit: 5 });
    await expect(missing).rejects.toThrow(CliError);
    await expect(missing).rejects.toMatchObject({ fix: expect.stringMatching(/cli -- data --dept 97/) });
    await expect(runFindPlace({ dept: '98', dataDir, query: 'a', limit: 5 })).rejects.toThrow(/n’a pas de communes/);
  });
});
