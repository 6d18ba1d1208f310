import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { computeCoverage } from '../../core/coverage/compute-coverage.ts';
import { defaultCoverageRule } from '../../core/coverage/coverage-rule.ts';
import { departementSortKey } from '../../data/bundle/bundle-index.ts';
import { coverageInputFromBundle } from '../../data/coverage/coverage-input.ts';
import { writeBundleIndex } from '../io/bundle-index-file.ts';
import { currentBundleDir } from '../io/bundle-store.ts';
import { readCoverageBundle } from './coverage.action.ts';

/**
 * `data --all`: builds the bundle of every metropolitan département (or of a given list), several
 * at a time. Each département is built by a child process running `data --dept NN` (its own memory,
 * and a failure stays its own); the summary reads each bundle back and measures it with the
 * coverage engine and the département's default rule, as the app's table does.
 */

export interface DataAllOptions {
  /** The CLI's launcher (bin/maillage.mjs), started once per département. */
  cliEntry: string;
  /** Département codes, in the order to build them. */
  codes: readonly string[];
  /** Builds run at once (≥ 1). */
  jobs: number;
  /** Options passed to every `data --dept NN` (e.g. `--raw DIR`, `--out DIR`). */
  passThrough: readonly string[];
  /** Where the bundles are published (`public/data`, or `--out`): read back for the summary. */
  outDir: string;
  log: (line: string) => void;
}

export interface DepartementBuild {
  code: string;
  name: string;
  ok: boolean;
  /** The child's last lines of error output when the build failed. */
  error: string | null;
  elapsedMs: number;
  /** France Services of the département: the national list's rows for it (fixed sites and buses). */
  franceServices: number | null;
  franceServicesBuses: number | null;
  cantons: number | null;
  /** Cantons with at least one France Services (site or bus) counted in them. */
  cantonsWithFranceServices: number | null;
  /** Cantons meeting the département's rule (default: one France Services per canton). */
  cantonsMeetingRule: number | null;
  /** Bytes of the bundle's files (the road graph included when there is one). */
  bundleBytes: number | null;
}

export interface DataAllResult {
  builds: DepartementBuild[];
  elapsedMs: number;
  jobs: number;
}

/** Metropolitan départements of the reference package (01 … 95 with 2A and 2B), in INSEE order. */
export function metropolitanDepartements(): { code: string; name: string }[] {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@etalab/decoupage-administratif/package.json'));
  const all = JSON.parse(readFileSync(join(dir, 'data', 'departements.json'), 'utf8')) as { code: string; nom: string }[];
  return all
    .filter((d) => d.code.length === 2)
    .map((d) => ({ code: d.code, name: d.nom }))
    .sort((a, b) => departementSortKey(a.code).localeCompare(departementSortKey(b.code)));
}

/** Default number of builds at once: the cores this process may use. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const s = statSync(join(dir, name));
    total += s.isDirectory() ? folderBytes(join(dir, name)) : s.size;
  }
  return total;
}

/** Runs `data --dept code` in a child process; resolves with its exit code and error output's tail. */
function buildOne(options: DataAllOptions, code: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [options.cliEntry, 'data', '--dept', code, ...options.passThrough], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: process.env,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    child.on('error', (e) => done({ code: null, stderr: e.message }));
    child.on('close', (exit) => done({ code: exit, stderr }));
  });
}

/** Measures a built bundle: France Services, cantons, cantons with a France Services and meeting the rule. */
async function summarise(outDir: string, code: string): Promise<Omit<DepartementBuild, 'ok' | 'error' | 'elapsedMs'>> {
  const { manifest, layers } = await readCoverageBundle(outDir, code);
  const table = computeCoverage(coverageInputFromBundle(manifest, layers), defaultCoverageRule(manifest));
  const dir = currentBundleDir(outDir, code);
  return {
    code,
    name: manifest.departement.name,
    // the list's rows for the département: fixed sites and buses (the table counts buses apart)
    franceServices: manifest.layers['france-services']?.features ?? 0,
    franceServicesBuses: table.total.franceServicesBuses,
    cantons: table.rows.length,
    cantonsWithFranceServices: table.rows.filter((r) => r.franceServices > 0).length,
    cantonsMeetingRule: table.rows.filter((r) => r.status === 'met').length,
    bundleBytes: dir ? folderBytes(dir) : null,
  };
}

const lastLines = (text: string, n: number) => text.trim().split('\n').slice(-n).join('\n');

/**
 * Builds every département of `codes`, `jobs` at a time, in order of the list. A failed build is
 * reported with its error and the others go on; the bundles already published stay in place.
 * Rewrites `index.json` once all are done.
 */
export async function runDataAll(options: DataAllOptions, names: ReadonlyMap<string, string>): Promise<DataAllResult> {
  const started = performance.now();
  const builds: DepartementBuild[] = new Array(options.codes.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.codes.length) {
      const i = next++;
      const code = options.codes[i];
      const t0 = performance.now();
      const run = await buildOne(options, code);
      const elapsedMs = performance.now() - t0;
      const empty = {
        code,
        name: names.get(code) ?? code,
        elapsedMs,
        franceServices: null,
        franceServicesBuses: null,
        cantons: null,
        cantonsWithFranceServices: null,
        cantonsMeetingRule: null,
        bundleBytes: null,
      };
      if (run.code !== 0) {
        builds[i] = { ...empty, ok: false, error: lastLines(run.stderr, 6) || `arrêt (code ${run.code})` };
      } else {
        try {
          builds[i] = { ...(await summarise(options.outDir, code)), ok: true, error: null, elapsedMs };
        } catch (e) {
          builds[i] = { ...empty, ok: false, error: `bundle construit mais illisible : ${(e as Error).message}` };
        }
      }
      done++;
      const b = builds[i];
      options.log(
        `[${String(done).padStart(2)}/${options.codes.length}] ${code} ${b.name}: ${b.ok ? `${b.franceServices} France Services, ${b.cantons} cantons` : 'ÉCHEC'} (${(elapsedMs / 1000).toFixed(1)} s)`,
      );
    }
  };
  const jobs = Math.max(1, Math.min(options.jobs, options.codes.length));
  await Promise.all(Array.from({ length: jobs }, worker));
  writeBundleIndex(options.outDir, options.log);
  return { builds, elapsedMs: performance.now() - started, jobs };
}

/** The summary table printed at the end (one line per département, then the totals). */
export function dataAllTable(result: DataAllResult): string {
  const head = [
    'dept',
    'nom',
    'France Services',
    'dont bus',
    'cantons',
    'cantons avec site FS',
    'cantons conformes',
    'temps s',
    'bundle Mo',
  ];
  const rows = result.builds.map((b) => [
    b.code,
    b.name,
    b.franceServices ?? '–',
    b.franceServicesBuses ?? '–',
    b.cantons ?? '–',
    b.cantonsWithFranceServices ?? '–',
    b.cantonsMeetingRule ?? '–',
    (b.elapsedMs / 1000).toFixed(1),
    b.bundleBytes === null ? '–' : (b.bundleBytes / 1e6).toFixed(1),
  ]);
  const ok = result.builds.filter((b) => b.ok);
  const sum = (f: (b: DepartementBuild) => number | null) => ok.reduce((s, b) => s + (f(b) ?? 0), 0);
  rows.push([
    'total',
    `${ok.length} construits sur ${result.builds.length}`,
    sum((b) => b.franceServices),
    sum((b) => b.franceServicesBuses),
    sum((b) => b.cantons),
    sum((b) => b.cantonsWithFranceServices),
    sum((b) => b.cantonsMeetingRule),
    (result.elapsedMs / 1000).toFixed(1),
    (sum((b) => b.bundleBytes) / 1e6).toFixed(1),
  ]);
  const cells = [head, ...rows].map((r) => r.map(String));
  const widths = head.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c <= 1 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  const failed = result.builds.filter((b) => !b.ok);
  return [
    ...cells.map(line),
    `${result.jobs} construction(s) à la fois ; ${(result.elapsedMs / 1000).toFixed(1)} s en tout`,
    ...failed.map((b) => `ÉCHEC ${b.code} ${b.name} :\n  ${b.error?.replace(/\n/g, '\n  ')}`),
  ].join('\n');
}
