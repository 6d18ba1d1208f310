import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './timing.ts';

/** One whole process (or a sequence of processes) as the operating system accounts it. */
export interface ProcessRun {
  wallMs: number;
  /** User + system CPU time of the process(es). */
  cpuMs: number;
  /** Largest resident set of any one process, MiB. */
  peakMiB: number;
}

const TIME = '/usr/bin/time';

/** Whether GNU time (Debian's `time` package) is there to give CPU time and peak memory. */
export function hasGnuTime(): boolean {
  return existsSync(TIME);
}

/**
 * Runs `command args` as a whole process under GNU time (`/usr/bin/time -f`), so that start-up,
 * reading and writing are all in the figure; a non-zero exit throws with its stderr. Without GNU
 * time, only the wall clock is measured (cpuMs and peakMiB are NaN).
 */
export function runProcess(command: string, args: readonly string[], cwd?: string): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-bench-'));
  const out = join(dir, 'time.txt');
  try {
    const timed = hasGnuTime();
    const t0 = process.hrtime.bigint();
    const r = timed
      ? spawnSync(TIME, ['-f', '%e %U %S %M', '-o', out, command, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      : spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0)
      throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.error?.message || '').slice(-2000)}`);
    if (!timed) return { wallMs, cpuMs: Number.NaN, peakMiB: Number.NaN };
    const [, user, sys, maxKb] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    return { wallMs, cpuMs: (user + sys) * 1000, peakMiB: maxKb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Several processes run one after the other, as one run: times added, the largest peak. */
export function sumRuns(runs: readonly ProcessRun[]): ProcessRun {
  return {
    wallMs: runs.reduce((s, r) => s + r.wallMs, 0),
    cpuMs: runs.reduce((s, r) => s + r.cpuMs, 0),
    peakMiB: Math.max(...runs.map((r) => r.peakMiB)),
  };
}

export interface PairedRuns {
  a: ProcessRun[];
  b: ProcessRun[];
  /** b / a wall time, pair by pair. */
  wallRatios: number[];
  /** b / a CPU time, pair by pair. */
  cpuRatios: number[];
}

/**
 * Runs A and B in turn (A B A B …), `warmup` pairs thrown away then `runs` pairs kept: pairing
 * keeps the ratio meaningful when the shared machine's speed drifts during the bench.
 */
export function runPaired(a: () => ProcessRun, b: () => ProcessRun, warmup: number, runs: number): PairedRuns {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const result: PairedRuns = { a: [], b: [], wallRatios: [], cpuRatios: [] };
  for (let i = 0; i < runs; i++) {
    const ra = a();
    const rb = b();
    result.a.push(ra);
    result.b.push(rb);
    result.wallRatios.push(rb.wallMs / ra.wallMs);
    result.cpuRatios.push(rb.cpuMs / ra.cpuMs);
  }
  return result;
}

/** `median [min–max]` of a list, with a formatter. */
export function spread(values: readonly number[], format: (v: number) => string): string {
  if (values.some((v) => Number.isNaN(v))) return '–';
  return `${format(median(values))} [${format(Math.min(...values))}–${format(Math.max(...values))}]`;
}
