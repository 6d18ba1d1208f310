/**
 * Independent oracle for the placement optimiser: the best set of 1 or 2 candidates by
 * trying every one and every pair, the objective written from scratch (covered weight,
 * plus the bonus times the capacity filled per group), sharing no code with src/core/planning.
 */
export interface PlainInstance {
  /** Cells covered by each candidate. */
  covers: number[][];
  weight: number[];
  coveredBefore: boolean[];
  /** Group of each candidate (-1: none) and capacity of each group; null for no group term. */
  group: number[] | null;
  capacity: number[] | null;
  bonus: number;
}

export function plainValue(inst: PlainInstance, set: readonly number[]): number {
  const covered = [...inst.coveredBefore];
  for (const k of set) for (const c of inst.covers[k]) covered[c] = true;
  let v = inst.weight.reduce((s, w, c) => s + (covered[c] ? w : 0), 0);
  if (inst.group && inst.capacity) {
    const count = inst.capacity.map(() => 0);
    for (const k of set) if (inst.group[k] >= 0) count[inst.group[k]]++;
    v += inst.bonus * count.reduce((s, n, g) => s + Math.min(n, inst.capacity![g]), 0);
  }
  return v;
}

/** Best value over every set of `n` (1 or 2) distinct candidates, with one best set (lowest indexes first). */
export function exhaustiveBest(inst: PlainInstance, n: 1 | 2): { value: number; set: number[] } {
  const m = inst.covers.length;
  let best = { value: -Infinity, set: [] as number[] };
  if (n === 1) {
    for (let a = 0; a < m; a++) {
      const v = plainValue(inst, [a]);
      if (v > best.value) best = { value: v, set: [a] };
    }
    return best;
  }
  // pairs: the value of {a} once, then b's extra cells against a marker array (every pair, no pruning)
  const mark = new Int32Array(inst.weight.length).fill(-1);
  for (let a = 0; a < m; a++) {
    const va = plainValue(inst, [a]);
    for (const c of inst.covers[a]) mark[c] = a;
    for (let b = a + 1; b < m; b++) {
      let extra = 0;
      for (const c of inst.covers[b]) if (mark[c] !== a && !inst.coveredBefore[c]) extra += inst.weight[c];
      let v = va + extra;
      if (inst.group && inst.capacity) {
        const [ga, gb] = [inst.group[a], inst.group[b]];
        // the group term of {a, b} minus that of {a}, counted again from the capacities
        const single = ga >= 0 ? Math.min(1, inst.capacity[ga]) : 0;
        const pair =
          ga >= 0 && ga === gb
            ? Math.min(2, inst.capacity[ga])
            : (ga >= 0 ? Math.min(1, inst.capacity[ga]) : 0) + (gb >= 0 ? Math.min(1, inst.capacity[gb]) : 0);
        v += inst.bonus * (pair - single);
      }
      if (v > best.value) best = { value: v, set: [a, b] };
    }
  }
  return best;
}
