import { createPointIndex, type NearestResult, type PointIndex } from '../src/core/index/point-index.ts';
import { linearNearest } from './lib/naive.ts';
import type { Table } from './lib/report.ts';
import { mulberry32, uniform } from './lib/seeded-random.ts';
import { formatMs, formatRatio, measure } from './lib/timing.ts';

export interface NearestOptions {
  quick: boolean;
}

/** The Nord's box `[minLng, minLat, maxLng, maxLat]`. */
const NORD_BBOX = [2.06, 49.96, 4.24, 51.09] as const;
const K = 3;

function randomPoints(seed: number, n: number): [number, number][] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => [uniform(random, NORD_BBOX[0], NORD_BBOX[2]), uniform(random, NORD_BBOX[1], NORD_BBOX[3])]);
}

function sameResults(a: NearestResult[], b: NearestResult[]): boolean {
  return a.length === b.length && a.every((r, i) => r.index === b[i].index && r.distanceKm === b[i].distanceKm);
}

/** `createPointIndex(...).nearest(p, 3)` against a haversine linear scan, at 1,000 and 100,000 points. */
export function runNearestBench(options: NearestOptions): Table[] {
  const queryCount = options.quick ? 2_000 : 10_000;
  const queries = randomPoints(7, queryCount);
  const rows: string[][] = [];
  const notes = [`Seeded uniform points and ${queryCount} seeded query points in the Nord box [${NORD_BBOX.join(', ')}]; k = ${K}.`];
  for (const n of [1_000, 100_000]) {
    const points = randomPoints(n, n);
    const build = measure(() => createPointIndex(points), options.quick ? { warmup: 1, runs: 3 } : { warmup: 2, runs: 7 });
    const index: PointIndex = build.value;
    const indexed = measure(() => queries.map((q) => index.nearest(q, K)), options.quick ? { warmup: 1, runs: 3 } : { warmup: 1, runs: 5 });
    // the linear scan costs n haversines per query: at 100,000 points it runs on the first queries only
    const linearCount = Math.min(queryCount, Math.floor((options.quick ? 2e7 : 1e8) / n));
    const linearQueries = queries.slice(0, linearCount);
    const linear = measure(
      () => linearQueries.map((q) => linearNearest(points, q, K)),
      options.quick ? { warmup: 0, runs: 1 } : { warmup: 1, runs: 3 },
    );
    const bad = linearQueries.findIndex((_, i) => !sameResults(indexed.value[i], linear.value[i]));
    if (bad >= 0) {
      throw new Error(
        `nearest bench: index and linear scan DIFFER at n=${n}, query #${bad} [${linearQueries[bad]}]: ` +
          `${JSON.stringify(indexed.value[bad])} vs ${JSON.stringify(linear.value[bad])}`,
      );
    }
    const indexUs = (indexed.timing.medianMs / queryCount) * 1000;
    const linearUs = (linear.timing.medianMs / linearCount) * 1000;
    rows.push(
      ['index: build', String(n), '–', formatMs(build.timing.medianMs), '–', '–'],
      ['index: nearest(p, 3)', String(n), String(queryCount), formatMs(indexed.timing.medianMs), indexUs.toFixed(2), '×1.00'],
      [
        'linear haversine scan',
        String(n),
        String(linearCount),
        formatMs(linear.timing.medianMs),
        linearUs.toFixed(2),
        formatRatio(linearUs / indexUs),
      ],
    );
    notes.push(
      `n=${n}: same ${K} nearest (indexes and km) on all ${linearCount} queries compared; linear scan measured on ${linearCount} of the ${queryCount} queries${linearCount < queryCount ? ' (per-query time, not extrapolated further)' : ''}; build and index medians of ${options.quick ? 3 : 7} / ${options.quick ? 3 : 5} runs.`,
    );
  }
  return [
    {
      title: 'Nearest: k = 3 nearest of seeded points in the Nord',
      columns: ['method', 'points', 'queries', 'median ms', 'µs / query', 'ratio vs index'],
      rows,
      notes,
    },
  ];
}
