import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlacementObjective } from '../../src/core/planning/maximize-coverage.ts';
import { wallClockMs } from './timing.ts';

export type GlpkStatus = { ok: true; version: string } | { ok: false; reason: string };

function glpsolVersion(): string | null {
  const r = spawnSync('glpsol', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0].trim() : null;
}

/** Finds `glpsol`; when missing and root, installs Debian's `glpk-utils`. Never throws: says why it is unavailable. */
export function ensureGlpk(): GlpkStatus {
  const found = glpsolVersion();
  if (found) return { ok: true, version: found };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'glpsol not found and not root, so glpk-utils cannot be installed' };
  console.log('glpsol not found: apt-get install -y glpk-utils …');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = spawnSync('apt-get', ['install', '-y', 'glpk-utils'], { encoding: 'utf8', env, timeout: 600_000 });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { encoding: 'utf8', env, timeout: 300_000 });
    r = spawnSync('apt-get', ['install', '-y', 'glpk-utils'], { encoding: 'utf8', env, timeout: 600_000 });
  }
  const installed = glpsolVersion();
  return installed
    ? { ok: true, version: installed }
    : { ok: false, reason: `apt-get install glpk-utils failed (exit ${r.status ?? 'none'})` };
}

/**
 * The maximal covering location problem as a mixed-integer program (Church & ReVelle 1974),
 * in CPLEX LP format: maximise Σ w_c y_c (+ bonus Σ z_g) with y_c ≤ Σ_{k covers c} x_k for
 * every cell not already covered, z_g ≤ Σ_{k in g} x_k, z_g ≤ capacity_g, Σ x_k = N,
 * x binary, 0 ≤ y ≤ 1. The cells already covered are a constant, added back to the value.
 */
export function mclpLp(o: PlacementObjective, n: number): { lp: string; constant: number } {
  const { coverage, weight } = o;
  const coveredBy: number[][] = Array.from({ length: coverage.cellCount }, () => []);
  for (let k = 0; k < coverage.candidateCount; k++)
    for (let p = coverage.offsets[k]; p < coverage.offsets[k + 1]; p++) coveredBy[coverage.cells[p]].push(k);
  let constant = 0;
  const objective: string[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  for (let c = 0; c < coverage.cellCount; c++) {
    if (coverage.coveredBefore[c]) {
      constant += weight[c];
      continue;
    }
    if (coveredBy[c].length === 0 || weight[c] === 0) continue;
    objective.push(`+ ${weight[c]} y${c}`);
    rows.push(` c${c}: y${c} ${coveredBy[c].map((k) => `- x${k}`).join(' ')} <= 0`);
    bounds.push(` 0 <= y${c} <= 1`);
  }
  if (o.group && o.capacity) {
    o.capacity.forEach((cap, g) => {
      const members = [...o.group!].flatMap((gg, k) => (gg === g ? [k] : []));
      if (cap <= 0 || members.length === 0) return;
      objective.push(`+ ${o.groupBonus} z${g}`);
      rows.push(` g${g}: z${g} ${members.map((k) => `- x${k}`).join(' ')} <= 0`);
      bounds.push(` 0 <= z${g} <= ${cap}`);
    });
  }
  const xs = Array.from({ length: coverage.candidateCount }, (_, k) => `x${k}`);
  rows.push(` card: ${xs.join(' + ')} = ${n}`);
  /** Joins tokens into lines of about 200 characters (LP files are read line by line). */
  const wrap = (items: string[]): string[] => {
    const lines = [''];
    for (const t of items) {
      if (lines[lines.length - 1].length > 200) lines.push('');
      lines[lines.length - 1] += ` ${t}`;
    }
    return lines;
  };
  const lp = [
    'Maximize',
    ` obj:${wrap(objective).join('\n')}`,
    'Subject To',
    ...rows.flatMap((r) => wrap(r.split(' ').filter(Boolean)).map((l) => l)),
    'Bounds',
    ...bounds,
    'Binary',
    ...wrap(xs),
    'End',
    '',
  ].join('\n');
  return { lp, constant };
}

export interface GlpkResult {
  ms: number;
  /** The best integer value found (constant included), null when none. */
  value: number | null;
  /** True when GLPK proved it optimal within the time limit. */
  optimal: boolean;
}

/** Solves the MCLP with glpsol (branch and cut, `--tmlim` seconds), timed by wall clock from writing the model to reading the answer. */
export function solveWithGlpk(workDir: string, o: PlacementObjective, n: number, timeLimitS: number): GlpkResult {
  mkdirSync(workDir, { recursive: true });
  const lpPath = join(workDir, `mclp-${n}.lp`);
  const outPath = join(workDir, `mclp-${n}.txt`);
  let result = { status: -1, stdout: '' };
  let constant = 0;
  const ms = wallClockMs(() => {
    const model = mclpLp(o, n);
    constant = model.constant;
    writeFileSync(lpPath, model.lp);
    const r = spawnSync('glpsol', ['--lp', lpPath, '--tmlim', String(timeLimitS), '-o', outPath], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    result = { status: r.status ?? -1, stdout: r.stdout };
  });
  if (result.status !== 0) return { ms, value: null, optimal: false };
  const text = readFileSync(outPath, 'utf8');
  const status = text.match(/^Status:\s+(.+)$/m)?.[1] ?? '';
  const objective = text.match(/^Objective:\s+obj = ([-\d.e+]+)/m)?.[1];
  return { ms, value: objective === undefined ? null : Number(objective) + constant, optimal: /INTEGER OPTIMAL/.test(status) };
}
