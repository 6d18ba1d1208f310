/**
 * Seeded pseudo-random numbers for oracle tests (mulberry32, as in flatbush's
 * bench.js): the same seed always gives the same sequence, so a failing case
 * can be replayed exactly.
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
