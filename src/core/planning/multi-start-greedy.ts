import { interchange, objectiveValue, Selection, type PlacementObjective } from './maximize-coverage.ts';

/**
 * Greedy from many first sites: for a first site `a`, `a` then N − 1 greedy picks with lazy
 * gains (the single-site gains, computed once, are valid upper bounds for every run: gains
 * only shrink). First sites are tried in order of single-site gain (ties: lowest index), so
 * the first run is plain greedy; a first site is skipped when even its optimistic bound
 * (its single gain plus the N − 1 largest other single gains, by submodularity) cannot
 * reach the `keep` best runs so far, and at most `maxStarts` are run. The `keep` best
 * distinct sets, and the plain greedy one, are then improved by vertex substitution
 * (Teitz & Bart) and the best is returned (ties: the earlier run).
 * When no first site is left out by `maxStarts`, N ≤ 2 is exact: the best completion of a
 * first site is its greedy pick, and the skipped ones provably cannot win.
 */
export function multiStartGreedy(
  o: PlacementObjective,
  n: number,
  options: { keep?: number; maxStarts?: number; stats?: { starts: number; pruned: number } } = {},
): number[] {
  const { keep = 3, maxStarts = 24 } = options;
  const m = o.coverage.candidateCount;
  if (!Number.isInteger(n) || n < 0 || n > m) throw new RangeError(`cannot choose ${n} sites among ${m} candidates`);
  if (n === 0) return [];
  const s = new Selection(o);
  const single = Float64Array.from({ length: m }, (_, k) => s.gain(k));
  const order = Array.from({ length: m }, (_, k) => k).sort((a, b) => single[b] - single[a] || a - b);
  const base = objectiveValue(o, []);
  const runs: { set: number[]; value: number }[] = [];
  const gain = new Float64Array(m);
  const round = new Int32Array(m);
  const above = (a: number, b: number) => gain[a] > gain[b] || (gain[a] === gain[b] && a < b);
  // optimistic bound of any set holding `a`: its single gain plus the n − 1 largest other single gains (submodularity)
  const topSum = order.slice(0, n).reduce((t, k) => t + single[k], 0);
  const bound = (a: number) => base + single[a] + topSum - (order.slice(0, n).includes(a) ? single[a] : single[order[n - 1]]);
  let started = 0;
  let pruned = 0;
  for (const anchor of order) {
    if (started === maxStarts) break;
    if (bound(anchor) < keptThreshold(runs, keep)) {
      pruned++;
      continue;
    }
    started++;
    gain.set(single);
    round.fill(0);
    // a list sorted by (gain desc, index asc) is a valid heap: start from the shared order
    const heap = order.filter((k) => k !== anchor);
    const chosen = [anchor];
    let value = base + single[anchor];
    s.add(anchor);
    while (chosen.length < n) {
      const k = popTop(heap, above);
      if (round[k] === chosen.length) {
        value += gain[k];
        s.add(k);
        chosen.push(k);
      } else {
        gain[k] = s.gain(k);
        round[k] = chosen.length;
        pushHeap(heap, k, above);
      }
    }
    for (const k of chosen) s.remove(k);
    runs.push({ set: chosen, value });
  }
  if (options.stats) Object.assign(options.stats, { starts: started, pruned });
  const seen = new Set<string>();
  const best = runs
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => b.value - a.value || a.i - b.i)
    .filter((r) => {
      const key = [...r.set].sort((a, b) => a - b).join(',');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, keep);
  // the plain greedy run (first site: the best single one) is always improved too, so the answer is never worse than greedy + interchange
  if (!best.some((r) => r.i === 0)) best.push({ ...runs[0], i: 0 });
  let answer = best[0].set;
  let answerValue = -Infinity;
  for (const r of best) {
    const improved = interchange(o, r.set);
    const v = objectiveValue(o, improved);
    if (v > answerValue) [answer, answerValue] = [improved, v];
  }
  return answer;
}

/** The value a run must reach to be among the `keep` best distinct runs so far (-Infinity while fewer). */
function keptThreshold(runs: readonly { set: number[]; value: number }[], keep: number): number {
  const values = new Map<string, number>();
  for (const r of runs) values.set([...r.set].sort((a, b) => a - b).join(','), r.value);
  if (values.size < keep) return -Infinity;
  return [...values.values()].sort((a, b) => b - a)[keep - 1];
}

function pushHeap(heap: number[], k: number, above: (a: number, b: number) => boolean): void {
  heap.push(k);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (!above(heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function popTop(heap: number[], above: (a: number, b: number) => boolean): number {
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
}
