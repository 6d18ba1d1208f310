import { interchange, objectiveValue, type PlacementObjective } from './maximize-coverage.ts';

/** mulberry32: a small seeded generator, so that a restart can be replayed exactly. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The yardstick for the heuristic on larger N: `restarts` seeded random sets of `n`
 * distinct candidates, each improved by the interchange; returns the best set and the
 * value of every restart.
 */
export function bestOfRandomRestarts(
  o: PlacementObjective,
  n: number,
  restarts: number,
  seed: number,
): { best: number[]; value: number; values: number[] } {
  const random = mulberry32(seed);
  const m = o.coverage.candidateCount;
  const pool = Array.from({ length: m }, (_, i) => i);
  let best: number[] = [];
  let value = -Infinity;
  const values: number[] = [];
  for (let r = 0; r < restarts; r++) {
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(random() * (m - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    const set = interchange(o, pool.slice(0, n));
    const v = objectiveValue(o, set);
    values.push(v);
    if (v > value) [best, value] = [set, v];
  }
  return { best, value, values };
}
