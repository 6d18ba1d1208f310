import { DRIVE_TIME_BANDS_MINUTES } from './point-drive-times.ts';

export interface DriveTimeAggregationInput {
  /** Minutes per point (from pointDriveTimes): Infinity with no path, NaN off the network. */
  minutes: ArrayLike<number>;
  /** Weight per point (people in a grid cell, a commune's population or its share in an area). */
  weights: ArrayLike<number>;
  /** Area of each point (0 .. areaCount - 1), or -1 for a point in no area (ignored). */
  areaOf: ArrayLike<number>;
  areaCount: number;
  /** Upper bounds of the bands, minutes, increasing (default 10, 20, 30). */
  bandsMinutes?: readonly number[];
}

/** One row of sums: per area (index) or over every point in an area (total). */
export interface DriveTimeAggregate {
  population: number;
  /** Population within each band (cumulative: within 20 minutes includes within 10). */
  populationWithin: number[];
  /** Population-weighted mean minutes over the points with a time; NaN when none. */
  meanMinutes: number;
  /** Largest time of a point with a weight above 0 and a time; NaN when none. */
  maxMinutes: number;
  /** Attached to the road network, but no site can be reached from it. */
  populationNoPath: number;
  /** Farther than the connector's cap from every road node. */
  populationOffNetwork: number;
}

export interface DriveTimeAggregation {
  bandsMinutes: readonly number[];
  areas: DriveTimeAggregate[];
  /** The same sums over every point that lies in an area. */
  total: DriveTimeAggregate;
}

/**
 * Sums drive times per area from generic typed arrays (a canton table calls it with grid cells
 * and a cell → canton index). A point split between areas (a commune in two cantons) is given
 * once per area with its share of the weight. Shares "within N minutes" are of the whole
 * population: people with no path or off the network count as not within. One pass over the
 * points. Inputs are not modified.
 */
export function aggregateDriveTimesByArea(input: DriveTimeAggregationInput): DriveTimeAggregation {
  const { minutes, weights, areaOf, areaCount } = input;
  const bands = input.bandsMinutes ?? DRIVE_TIME_BANDS_MINUTES;
  const n = minutes.length;
  if (weights.length !== n || areaOf.length !== n) {
    throw new RangeError(`minutes, weights and areaOf differ in length (${n}, ${weights.length}, ${areaOf.length})`);
  }
  for (let b = 1; b < bands.length; b++) if (!(bands[b] > bands[b - 1])) throw new RangeError('bandsMinutes must increase');
  const rows = areaCount + 1; // the last row is the total
  const nb = bands.length;
  const pop = new Float64Array(rows);
  const within = new Float64Array(rows * nb);
  const timed = new Float64Array(rows);
  const weighted = new Float64Array(rows);
  const max = new Float64Array(rows).fill(NaN);
  const noPath = new Float64Array(rows);
  const off = new Float64Array(rows);
  const total = areaCount;
  const add = (r: number, w: number, m: number) => {
    pop[r] += w;
    if (Number.isNaN(m)) off[r] += w;
    else if (m === Infinity) noPath[r] += w;
    else {
      timed[r] += w;
      weighted[r] += w * m;
      if (w > 0 && !(m <= max[r])) max[r] = m;
      for (let b = 0; b < nb; b++) if (m <= bands[b]) within[r * nb + b] += w;
    }
  };
  for (let i = 0; i < n; i++) {
    const a = areaOf[i];
    if (a < 0) continue;
    if (!Number.isInteger(a) || a >= areaCount) throw new RangeError(`point ${i} has area ${a}, outside 0..${areaCount - 1}`);
    const w = weights[i];
    if (!(w >= 0)) throw new RangeError(`point ${i} has weight ${w}: weights are 0 or more`);
    add(a, w, minutes[i]);
    add(total, w, minutes[i]);
  }
  const row = (r: number): DriveTimeAggregate => ({
    population: pop[r],
    populationWithin: Array.from(within.subarray(r * nb, r * nb + nb)),
    meanMinutes: timed[r] > 0 ? weighted[r] / timed[r] : NaN,
    maxMinutes: max[r],
    populationNoPath: noPath[r],
    populationOffNetwork: off[r],
  });
  return { bandsMinutes: [...bands], areas: Array.from({ length: areaCount }, (_, r) => row(r)), total: row(total) };
}
