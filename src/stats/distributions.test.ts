import { describe, expect, it } from 'vitest';
import { chiSquare, fisherF, normal, studentT } from './distributions.js';
import { studentizedRange } from './studentized-range.js';

/** Relative agreement in significant digits. */
const digits = (x: number, c: number) => -Math.log10(Math.abs(x - c) / Math.abs(c) || 1e-16);

describe('distributions: published values', () => {
  it('t quantile 0.975, df 10 = 2.228138851986 (R qt; every t table)', () => {
    expect(digits(studentT(10).quantile(0.975), 2.228138851986274)).toBeGreaterThan(13);
    expect(studentT(10).upperQuantile(0.025)).toBeCloseTo(2.228138851986274, 13);
  });
  it('normal 0.975 quantile 1.959963984540054 and tail sf(8) = 6.22096057427178e-16', () => {
    expect(normal.quantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(digits(normal.sf(8), 6.22096057427178e-16)).toBeGreaterThan(12);
    expect(normal.cdf(-8)).toBe(normal.sf(8));
  });
  it('chi-square 0.95 quantile, df 10 = 18.307038053275146 (R qchisq)', () => {
    expect(digits(chiSquare(10).quantile(0.95), 18.307038053275146)).toBeGreaterThan(13);
  });
});

describe('distributions: closed forms (exact checks)', () => {
  it('t with df 1 is Cauchy: quantile tan(π(p − ½)); df 2: (2p − 1)/√(2p(1 − p))', () => {
    for (const p of [0.01, 0.3, 0.9, 0.999]) {
      expect(digits(studentT(1).quantile(p), Math.tan(Math.PI * (p - 0.5)))).toBeGreaterThan(12);
      expect(digits(studentT(2).quantile(p), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)))).toBeGreaterThan(12);
    }
    expect(studentT(2).sf(3)).toBeCloseTo(0.5 * (1 - 3 / Math.sqrt(11)), 15);
  });
  it('chi-square with df 2 is exponential: cdf 1 − e^(−x/2), quantile −2 ln(1 − p)', () => {
    expect(chiSquare(2).cdf(3)).toBeCloseTo(1 - Math.exp(-1.5), 15);
    expect(digits(chiSquare(2).sf(100), Math.exp(-50))).toBeGreaterThan(12);
    expect(digits(chiSquare(2).quantile(0.9), -2 * Math.log(0.1))).toBeGreaterThan(13);
  });
  it('F(2, d2): P(F > f) = (1 + 2f/d2)^(−d2/2); F(1, ν) = t(ν)²', () => {
    expect(digits(fisherF(2, 7).sf(3), Math.pow(1 + 6 / 7, -3.5))).toBeGreaterThan(13);
    const p = 0.99;
    expect(digits(fisherF(2, 7).quantile(p), 3.5 * (Math.pow(1 - p, -2 / 7) - 1))).toBeGreaterThan(12);
    const t = studentT(491).quantile(0.995);
    expect(digits(fisherF(1, 491).quantile(0.99), t * t)).toBeGreaterThan(12);
  });
  it('F(9, 491) 0.99 quantile inverts its cdf', () => {
    const q = fisherF(9, 491).quantile(0.99);
    expect(q).toBeCloseTo(2.4435, 4);
    expect(fisherF(9, 491).cdf(q)).toBeCloseTo(0.99, 14);
    expect(fisherF(9, 491).upperQuantile(0.01)).toBeCloseTo(q, 12);
  });
  it('upper tails are computed directly, not as 1 − cdf', () => {
    expect(fisherF(8, 180).sf(21)).toBeGreaterThan(0);
    expect(fisherF(8, 180).sf(21)).toBeLessThan(1e-20);
    expect(studentT(5).cdf(-40)).toBeGreaterThan(0);
  });
  it('studentized range with k = 2 is √2·|t|: P(Q ≤ q) = 2 F_t(q/√2) − 1, to 1e-11 for df 1 … 1000', () => {
    for (const df of [1, 2, 3, 10, 1000]) {
      for (const q of [0.5, 3.674, 40]) {
        expect(Math.abs(studentizedRange(2, df).cdf(q) - (2 * studentT(df).cdf(q / Math.SQRT2) - 1)), `df ${df}, q ${q}`).toBeLessThan(1e-11);
      }
    }
    expect(studentizedRange(2, 10).upperQuantile(0.05)).toBeCloseTo(Math.SQRT2 * 2.228138851986274, 11);
  });
  it('studentized range table values (Montgomery, Design and Analysis of Experiments, Table VII; Harter 1960)', () => {
    expect(studentizedRange(4, 16).upperQuantile(0.05)).toBeCloseTo(4.05, 2);
    expect(studentizedRange(3, 12).upperQuantile(0.05)).toBeCloseTo(3.77, 2);
    expect(studentizedRange(10, 60).upperQuantile(0.05)).toBeCloseTo(4.65, 2);
    expect(studentizedRange(5, 20).upperQuantile(0.01)).toBeCloseTo(5.29, 2);
    expect(studentizedRange(3, 1).upperQuantile(0.05)).toBeCloseTo(26.98, 2);
    expect(studentizedRange(3, Infinity).upperQuantile(0.05)).toBeCloseTo(3.31, 2);
  });
  it('refuses probabilities outside (0, 1) and bad degrees of freedom', () => {
    expect(() => normal.quantile(1)).toThrowError(expect.objectContaining({ code: 'bad_probability' }));
    expect(() => studentT(0)).toThrowError(expect.objectContaining({ code: 'bad_parameter' }));
    expect(() => chiSquare(NaN)).toThrowError(expect.objectContaining({ code: 'bad_parameter' }));
  });
});
