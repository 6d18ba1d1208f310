import type { CandidateCoverage } from './candidate-coverage.ts';

/**
 * A maximal-covering objective over candidate sites: the weight of the cells covered
 * (by the existing sites or the chosen ones), plus, when groups are given, `groupBonus`
 * for each unit of group capacity filled (a canton's gap: each chosen site in a canton
 * with a gap closes one unit, up to the gap). With `groupBonus` above the total weight,
 * filling capacity comes first and coverage breaks the ties. Both parts are monotone and
 * submodular, so lazy greedy gains are exact and greedy keeps its 1 − 1/e guarantee.
 * Weights should be whole numbers (people), so that sums are exact in any order.
 */
export interface PlacementObjective {
  coverage: CandidateCoverage;
  /** Weight of each cell (e.g. its population, possibly scaled for priority territories). */
  weight: Float64Array;
  /** Group of each candidate (-1: none), or null for no group term. */
  group: Int32Array | null;
  /** Capacity of each group (e.g. the canton's gap). */
  capacity: Int32Array | null;
  groupBonus: number;
}

/** Mutable state of a selection: how many chosen sites cover each cell and fill each group. */
export class Selection {
  readonly count: Int32Array;
  readonly inGroup: Int32Array;
  constructor(readonly o: PlacementObjective) {
    this.count = new Int32Array(o.coverage.cellCount);
    this.inGroup = new Int32Array(o.capacity?.length ?? 0);
  }
  /** What adding candidate `k` would add to the objective now. */
  gain(k: number): number {
    const { offsets, cells, coveredBefore } = this.o.coverage;
    let g = 0;
    for (let p = offsets[k]; p < offsets[k + 1]; p++) {
      const c = cells[p];
      if (this.count[c] === 0 && coveredBefore[c] === 0) g += this.o.weight[c];
    }
    const grp = this.o.group ? this.o.group[k] : -1;
    if (grp >= 0 && this.inGroup[grp] < this.o.capacity![grp]) g += this.o.groupBonus;
    return g;
  }
  add(k: number): void {
    this.shift(k, 1);
  }
  remove(k: number): void {
    this.shift(k, -1);
  }
  private shift(k: number, by: 1 | -1): void {
    const { offsets, cells } = this.o.coverage;
    for (let p = offsets[k]; p < offsets[k + 1]; p++) this.count[cells[p]] += by;
    const grp = this.o.group ? this.o.group[k] : -1;
    if (grp >= 0) this.inGroup[grp] += by;
  }
}

/** The objective's value for a set of candidates (what the existing sites cover included). */
export function objectiveValue(o: PlacementObjective, chosen: readonly number[]): number {
  const s = new Selection(o);
  let v = 0;
  for (let c = 0; c < o.coverage.cellCount; c++) if (o.coverage.coveredBefore[c]) v += o.weight[c];
  for (const k of chosen) {
    v += s.gain(k);
    s.add(k);
  }
  return v;
}

function checkCount(o: PlacementObjective, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > o.coverage.candidateCount)
    throw new RangeError(`cannot choose ${n} sites among ${o.coverage.candidateCount} candidates`);
}

/** Plain greedy: N rounds, each evaluating every candidate; largest gain, ties to the lowest index. The naive baseline. */
export function greedyPlain(o: PlacementObjective, n: number): number[] {
  checkCount(o, n);
  const s = new Selection(o);
  const taken = new Uint8Array(o.coverage.candidateCount);
  const chosen: number[] = [];
  for (let round = 0; round < n; round++) {
    let best = -1;
    let bestGain = -Infinity;
    for (let k = 0; k < o.coverage.candidateCount; k++) {
      if (taken[k]) continue;
      const g = s.gain(k);
      if (g > bestGain) [best, bestGain] = [k, g];
    }
    taken[best] = 1;
    s.add(best);
    chosen.push(best);
  }
  return chosen;
}

/**
 * Greedy with lazy gains (CELF, Leskovec et al. 2007): gains only shrink as sites are
 * chosen, so a candidate whose stale gain tops the queue is re-evaluated, and taken when
 * its fresh gain still tops it. The queue is ordered by gain, then lowest index: the
 * choice is exactly plain greedy's, ties included, with far fewer evaluations.
 */
export function greedyLazy(o: PlacementObjective, n: number): number[] {
  checkCount(o, n);
  const s = new Selection(o);
  const m = o.coverage.candidateCount;
  const gain = new Float64Array(m);
  const round = new Int32Array(m);
  const heap: number[] = [];
  const above = (a: number, b: number) => gain[a] > gain[b] || (gain[a] === gain[b] && a < b);
  const push = (k: number) => {
    heap.push(k);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!above(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let best = i;
        if (l < heap.length && above(heap[l], heap[best])) best = l;
        if (r < heap.length && above(heap[r], heap[best])) best = r;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best], heap[i]];
        i = best;
      }
    }
    return top;
  };
  for (let k = 0; k < m; k++) {
    gain[k] = s.gain(k);
    push(k);
  }
  const chosen: number[] = [];
  while (chosen.length < n) {
    const k = pop();
    if (round[k] === chosen.length) {
      s.add(k);
      chosen.push(k);
    } else {
      gain[k] = s.gain(k);
      round[k] = chosen.length;
      push(k);
    }
  }
  return chosen;
}

/**
 * Vertex substitution (Teitz & Bart, 1968): for each chosen site in turn, the best
 * replacement among the other candidates (largest gain, ties to the lowest index) is
 * swapped in when it strictly improves the objective; passes repeat until a whole pass
 * changes nothing. Returns the improved set (same size); the input is not modified.
 */
export function interchange(o: PlacementObjective, start: readonly number[], maxPasses = 100): number[] {
  const chosen = [...start];
  const s = new Selection(o);
  const taken = new Uint8Array(o.coverage.candidateCount);
  for (const k of chosen) {
    s.add(k);
    taken[k] = 1;
  }
  for (let pass = 0, improved = true; improved && pass < maxPasses; pass++) {
    improved = false;
    for (let pos = 0; pos < chosen.length; pos++) {
      const out = chosen[pos];
      s.remove(out);
      const loss = s.gain(out);
      let best = out;
      let bestGain = loss;
      for (let k = 0; k < o.coverage.candidateCount; k++) {
        if (taken[k]) continue;
        const g = s.gain(k);
        if (g > bestGain) [best, bestGain] = [k, g]; // ascending k: ties keep the lowest index
      }
      if (best !== out) {
        taken[out] = 0;
        taken[best] = 1;
        chosen[pos] = best;
        improved = true;
      }
      s.add(chosen[pos]);
    }
  }
  return chosen;
}

/**
 * Orders a set the way greedy would pick among its members (largest gain first, ties to
 * the lowest index) and gives each member's gain given the ones before it.
 */
export function rankSelection(o: PlacementObjective, set: readonly number[]): { candidate: number; gain: number }[] {
  const s = new Selection(o);
  const left = [...set].sort((a, b) => a - b);
  const ranked: { candidate: number; gain: number }[] = [];
  while (left.length > 0) {
    let at = 0;
    let bestGain = -Infinity;
    left.forEach((k, i) => {
      const g = s.gain(k);
      if (g > bestGain) [at, bestGain] = [i, g];
    });
    const [k] = left.splice(at, 1);
    s.add(k);
    ranked.push({ candidate: k, gain: bestGain });
  }
  return ranked;
}
