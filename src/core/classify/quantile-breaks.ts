/**
 * Class breaks of a choropleth: the thresholds that split `values` into at most
 * `classes` classes of about equal counts (quantiles), each rounded to a multiple of
 * `step` (0: no rounding) so that the legend reads "15 à 17 %", not "15.13 à 16.97 %".
 *
 * Returns the ascending, distinct thresholds t₁ < t₂ < … (at most `classes − 1`):
 * class 0 holds values below t₁, class i values in [tᵢ, tᵢ₊₁), the last one values ≥ the
 * last threshold (see {@link classIndexOf}). Thresholds at or below the smallest value,
 * or rounded above the largest, are dropped (they would leave a class empty); so are
 * non-finite values. Fewer
 * distinct values than classes give fewer classes. The input is not modified.
 *
 * @param values the figures to classify (any order; NaN and ±Infinity ignored)
 * @param classes how many classes are wanted, ≥ 1
 * @param step rounding of the thresholds, in the values' unit (e.g. 0.5 for rates in %, 1 for counts)
 */
export function quantileBreaks(values: readonly number[], classes: number, step = 0): number[] {
  if (!Number.isInteger(classes) || classes < 1) throw new RangeError(`classes must be a whole number ≥ 1, got ${classes}`);
  if (!(step >= 0)) throw new RangeError(`step must be ≥ 0, got ${step}`);
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const round = (v: number) => (step > 0 ? Math.round(Math.round(v / step) * step * 1e9) / 1e9 : v);
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    // the first value of the i-th slice of equal counts
    const t = round(sorted[Math.min(sorted.length - 1, Math.ceil((i * sorted.length) / classes))]);
    if (t > min && t <= max && (breaks.length === 0 || t > breaks[breaks.length - 1])) breaks.push(t);
  }
  return breaks;
}

/** Class of a value for thresholds from {@link quantileBreaks}: how many thresholds are ≤ the value. */
export function classIndexOf(value: number, breaks: readonly number[]): number {
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i++;
  return i;
}
