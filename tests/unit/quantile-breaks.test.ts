/** Class breaks of the choropleths (src/core/classify/quantile-breaks.ts). */
import { describe, expect, it } from 'vitest';
import { classIndexOf, quantileBreaks } from '../../src/core/classify/quantile-breaks.ts';

describe('quantileBreaks', () => {
  it('splits ten values into classes of equal counts', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const breaks = quantileBreaks(values, 5);
    expect(breaks).toEqual([3, 5, 7, 9]);
    const counts = [0, 0, 0, 0, 0];
    for (const v of values) counts[classIndexOf(v, breaks)]++;
    expect(counts).toEqual([2, 2, 2, 2, 2]);
  });

  it('rounds thresholds to the step (half a point for rates in %)', () => {
    const rates = [13.4, 13.9, 16.1, 16.3, 16.8, 17.3, 17.3, 17.4, 17.5, 17.5, 17.6, 17.9, 18.1, 18.3, 19.5, 19.7, 21.3];
    expect(quantileBreaks(rates, 5, 0.5)).toEqual([17, 17.5, 18, 19.5]);
  });

  it('drops thresholds that rounding collapses into one another or onto the smallest value', () => {
    // 1.2 and 1.4 both round to 1, the smallest value: only the threshold at 5 is left
    expect(quantileBreaks([1, 1.1, 1.2, 1.3, 1.4, 1.6, 5, 9], 4, 1)).toEqual([5]);
  });

  it('gives fewer classes when there are fewer distinct values, and none for no values', () => {
    expect(quantileBreaks([4, 4, 4, 4], 4)).toEqual([]);
    expect(quantileBreaks([1, 1, 1, 9], 4)).toEqual([9]);
    expect(quantileBreaks([], 3)).toEqual([]);
  });

  it('never puts a threshold at or below the smallest value (no empty first class)', () => {
    const breaks = quantileBreaks([0, 0, 0, 0, 0, 0, 5, 6], 4);
    expect(breaks[0]).toBeGreaterThan(0);
  });

  it('never rounds a threshold above the largest value (no empty last class)', () => {
    // the last quantile is 21.3, which would round up to 21.5
    const breaks = quantileBreaks([13.4, 16.2, 17.5, 21.3], 5, 0.5);
    expect(breaks).toEqual([16, 17.5]);
    expect(classIndexOf(21.3, breaks)).toBe(breaks.length);
  });

  it('ignores NaN and infinite values, and does not modify its input', () => {
    const values = [3, Number.NaN, 1, Number.POSITIVE_INFINITY, 2, 4];
    const copy = [...values];
    expect(quantileBreaks(values, 2)).toEqual([3]);
    expect(values).toEqual(copy);
  });

  it('refuses a class count that is not a whole number ≥ 1, or a negative step', () => {
    expect(() => quantileBreaks([1, 2], 0)).toThrow(RangeError);
    expect(() => quantileBreaks([1, 2], 2.5)).toThrow(RangeError);
    expect(() => quantileBreaks([1, 2], 2, -1)).toThrow(RangeError);
  });
});

describe('classIndexOf', () => {
  it('puts a value equal to a threshold in the class above it', () => {
    expect(classIndexOf(2.9, [3, 5])).toBe(0);
    expect(classIndexOf(3, [3, 5])).toBe(1);
    expect(classIndexOf(5, [3, 5])).toBe(2);
    expect(classIndexOf(100, [3, 5])).toBe(2);
    expect(classIndexOf(7, [])).toBe(0);
  });
});
