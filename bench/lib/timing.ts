import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Median of the measured runs, in ms (warm-up runs excluded). */
  medianMs: number;
  minMs: number;
  maxMs: number;
  runsMs: number[];
}

export interface MeasureOptions {
  /** Runs done first and thrown away (JIT, file cache). */
  warmup: number;
  /** Measured runs; the median is reported. */
  runs: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function timingOf(runsMs: number[]): Timing {
  return { medianMs: median(runsMs), minMs: Math.min(...runsMs), maxMs: Math.max(...runsMs), runsMs };
}

/**
 * Runs `fn` `warmup` times, then `runs` times timed with `performance.now()`;
 * returns the timing and the value of the last run (for correctness checks).
 */
export function measure<T>(fn: () => T, options: MeasureOptions): { timing: Timing; value: T } {
  let value: T | undefined;
  for (let i = 0; i < options.warmup; i++) {
    value = undefined; // let the previous run's data be collected before the next one
    value = fn();
  }
  const runsMs: number[] = [];
  for (let i = 0; i < Math.max(1, options.runs); i++) {
    value = undefined;
    const t0 = performance.now();
    value = fn();
    runsMs.push(performance.now() - t0);
  }
  return { timing: timingOf(runsMs), value: value as T };
}

/**
 * Like {@link measure} for a pipeline made of named stages: `fn` returns its own
 * per-stage times (ms); the run with the median total is kept, with the median of each stage.
 */
export function measureStages<T>(
  fn: () => { value: T; stagesMs: Record<string, number> },
  options: MeasureOptions,
): { timing: Timing; stagesMs: Record<string, number>; value: T } {
  let last: { value: T; stagesMs: Record<string, number> } | undefined;
  for (let i = 0; i < options.warmup; i++) {
    last = undefined;
    last = fn();
  }
  const runsMs: number[] = [];
  const stageRuns: Record<string, number[]> = {};
  for (let i = 0; i < Math.max(1, options.runs); i++) {
    last = undefined;
    const t0 = performance.now();
    last = fn();
    runsMs.push(performance.now() - t0);
    for (const [k, v] of Object.entries(last.stagesMs)) (stageRuns[k] ??= []).push(v);
  }
  const stagesMs = Object.fromEntries(Object.entries(stageRuns).map(([k, v]) => [k, median(v)]));
  return { timing: timingOf(runsMs), stagesMs, value: last!.value };
}

/** Wall clock of a synchronous block (child processes included), in ms, from `process.hrtime`. */
export function wallClockMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–';
  return ratio >= 10 ? `×${ratio.toFixed(0)}` : `×${ratio.toFixed(2)}`;
}
