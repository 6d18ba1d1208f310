/**
 * Seeded pseudo-random numbers (mulberry32, as in flatbush's bench.js): the same
 * seed always gives the same data, so every run of the bench measures the same case.
 * A copy of tests/unit/helpers/seeded-random.ts (bench/ does not import tests/).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform number in [min, max) drawn from `random`. */
export function uniform(random: () => number, min: number, max: number): number {
  return min + (max - min) * random();
}

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
