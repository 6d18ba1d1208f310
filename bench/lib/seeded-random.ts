/**
 * Seeded pseudo-random numbers: the same seed always gives the same data, so every run
 * of the bench measures the same case. The generator is the tests' (mulberry32); the
 * bench adds what only it needs.
 */
export { mulberry32, uniform } from '../../tests/unit/helpers/seeded-random.ts';

/** A standard normal number (Box–Muller) drawn from `random`. */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `k` distinct indexes out of `0..n-1`, in increasing order (partial Fisher–Yates). */
export function sampleIndexes(random: () => number, n: number, k: number): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return Array.from(pool.subarray(0, k)).sort((a, b) => a - b);
}
