import { describe as suite, expect, it } from 'vitest';
import { extent, kurtosis, lag1Autocorrelation, mad, mean, sd, skewness, variance } from './descriptive.js';
import { describe } from './describe.js';
import { median, quantiles, type QuantileType } from './quantile.js';
import { neumaierSum } from './sum.js';

const f = (...v: number[]) => Float64Array.from(v);

suite('descriptive statistics (hand-computed fixtures)', () => {
  it('mean, variance, sd of 2,4,4,4,5,5,7,9: 5, 32/7, √(32/7)', () => {
    const x = f(2, 4, 4, 4, 5, 5, 7, 9);
    expect(mean(x)).toBe(5);
    expect(variance(x)).toBeCloseTo(32 / 7, 14);
    expect(sd(x)).toBeCloseTo(Math.sqrt(32 / 7), 14);
  });

  it('compensated sum keeps the 1 that plain summation loses', () => {
    const x = f(1e16, 1, -1e16);
    expect(x.reduce((s, v) => s + v, 0)).toBe(0);
    expect(neumaierSum(x)).toBe(1);
  });

  it('variance of values near 1e9 with spread 1 (naive Σx² − (Σx)²/n fails)', () => {
    const x = f(1e9 + 1, 1e9 + 2, 1e9 + 3);
    expect(variance(x)).toBe(1);
  });

  it('lag-1 autocorrelation of 1,3,2,4 is −1.75/5 = −0.35 (NIST definition)', () => {
    expect(lag1Autocorrelation(f(1, 3, 2, 4))).toBeCloseTo(-0.35, 15);
  });

  it('skewness G1 and excess kurtosis G2 of 1,2,3,10 (m2 12.5, m3 45, m4 348.5)', () => {
    const x = f(1, 2, 3, 10);
    expect(skewness(x)).toBeCloseTo((Math.sqrt(12) / 2) * (45 / Math.pow(12.5, 1.5)), 14);
    expect(kurtosis(x)).toBeCloseTo(((5 * (348.5 / 156.25 - 3) + 6) * 3) / 2, 13);
    expect(kurtosis(x)).toBeCloseTo(3.228, 12);
  });

  it('median, MAD, min/max', () => {
    expect(median(f(4, 1, 3, 2))).toBe(2.5);
    expect(mad(f(1, 2, 3, 4, 100))).toBe(1);
    expect(mad(f(1, 2, 3, 4, 100), 1.4826)).toBeCloseTo(1.4826, 15);
    expect(extent(f(3, -1, 7))).toEqual({ min: -1, max: 7 });
  });

  it('quantile types 1–9 of 1,2,3,4 at p = 0.25 (Hyndman & Fan formulas)', () => {
    const expected: Record<QuantileType, number> = { 1: 1, 2: 1.5, 3: 1, 4: 1, 5: 1.5, 6: 1.25, 7: 1.75, 8: 1 + 5 / 12, 9: 1.4375 };
    for (const t of [1, 2, 3, 4, 5, 6, 7, 8, 9] as QuantileType[]) {
      expect(quantiles(f(4, 2, 3, 1), [0.25], t)[0], `type ${t}`).toBeCloseTo(expected[t], 14);
    }
    expect(quantiles(f(1, 2, 3, 4), [0, 0.5, 1])).toEqual([1, 2.5, 4]);
  });

  it('describe: summary with t interval; 2,4,4,4,5,5,7,9 → mean 5 ± t(0.975, 7)·sd/√8', () => {
    const d = describe(f(2, 4, 4, 4, 5, 5, 7, 9));
    expect(d.n).toBe(8);
    expect(d.se).toBeCloseTo(Math.sqrt(32 / 7 / 8), 14);
    // t(0.975, 7) = 2.364624251592785 (R qt(0.975, 7))
    expect(d.ci!.upper - 5).toBeCloseTo(2.364624251592785 * Math.sqrt(32 / 7 / 8), 12);
    expect(d.median).toBe(4.5);
    expect(d.notes).toEqual([]);
  });
});

suite('descriptive statistics: bad input', () => {
  it('refuses NaN and Infinity, naming the position', () => {
    expect(() => mean(f(1, NaN, 3))).toThrow(/value 2 of 3 is NaN/);
    expect(() => sd(f(1, Infinity))).toThrowError(expect.objectContaining({ code: 'non_finite_value' }));
  });
  it('says n is too small instead of returning NaN', () => {
    expect(() => mean(f())).toThrowError(expect.objectContaining({ code: 'too_few_values' }));
    expect(() => sd(f(1))).toThrow(/needs at least 2 values, got 1/);
    expect(() => skewness(f(1, 2))).toThrowError(expect.objectContaining({ code: 'too_few_values' }));
  });
  it('zero variance is an error for r(1) and skewness, a note (null) in describe', () => {
    expect(() => lag1Autocorrelation(f(2, 2, 2))).toThrowError(expect.objectContaining({ code: 'zero_variance' }));
    const d = describe(f(2, 2, 2, 2));
    expect(d.sd).toBe(0);
    expect(d.skewness).toBeNull();
    expect(d.kurtosis).toBeNull();
    expect(d.notes.length).toBe(3);
    const one = describe(f(7));
    expect(one.sd).toBeNull();
    expect(one.ci).toBeNull();
    expect(JSON.stringify(one)).not.toMatch(/NaN|Infinity/);
  });
});
