import { describe, expect, it } from 'vitest';
import { boxCox, boxCoxLambda, cdf, fitLognormal, fitWeibull, quantile, survival } from './fit.js';
import { adPValue, andersonDarling } from './normality.js';
import { normInv } from '../spc/dist.js';

describe('maximum-likelihood fits', () => {
  it('log-normal of 1, e, e²: meanlog 1, sdlog √(2/3)', () => {
    const d = fitLognormal(Float64Array.of(1, Math.E, Math.E ** 2));
    expect(d.meanlog).toBeCloseTo(1, 14);
    expect(d.sdlog).toBeCloseTo(Math.sqrt(2 / 3), 14);
    expect(quantile(d, 0.5)).toBeCloseTo(Math.E, 12);
  });
  it('Weibull: the shape solves the likelihood equation and the scale follows', () => {
    const x = Float64Array.of(1.2, 2.5, 0.7, 3.1, 1.9, 2.2, 0.4, 1.5);
    const { shape: k, scale } = fitWeibull(x);
    const ln = Array.from(x, Math.log);
    const sk = x.reduce((s, v) => s + v ** k, 0);
    const skl = x.reduce((s, v, i) => s + v ** k * ln[i]!, 0);
    const score = skl / sk - 1 / k - ln.reduce((a, b) => a + b, 0) / x.length;
    expect(Math.abs(score)).toBeLessThan(1e-12);
    expect(scale).toBeCloseTo((sk / x.length) ** (1 / k), 12);
    // scaling the data scales the scale and leaves the shape
    const y = fitWeibull(Float64Array.from(x, (v) => v * 1000));
    expect(y.shape).toBeCloseTo(k, 9);
    expect(y.scale / scale).toBeCloseTo(1000, 6);
  });
  it('Weibull CDF, survival and quantile agree; shape 1 is the exponential', () => {
    const d = { kind: 'weibull' as const, shape: 1, scale: 2 };
    expect(quantile(d, 0.5)).toBeCloseTo(2 * Math.LN2, 14);
    expect(cdf(d, 3) + survival(d, 3)).toBeCloseTo(1, 15);
  });
  it('Box-Cox λ maximises the profile likelihood; data that are squares of a symmetric set give λ near 0.5', () => {
    const base = Array.from({ length: 41 }, (_, i) => 10 + normInv((i + 0.5) / 41));
    const x = Float64Array.from(base, (v) => v * v);
    const { lambda } = boxCoxLambda(x);
    expect(lambda).toBeGreaterThan(0.3);
    expect(lambda).toBeLessThan(0.7);
    expect(boxCox(Math.E, 0)).toBe(1);
    expect(boxCox(4, 0.5)).toBe(2);
  });
  it('refuses non-positive values', () => {
    expect(() => fitWeibull(Float64Array.of(1, 0, 2))).toThrow(expect.objectContaining({ code: 'not_positive' }));
  });
});

describe('Anderson–Darling normality test', () => {
  it('normal scores look normal; exponential scores do not', () => {
    const n = 50;
    const normal = Float64Array.from({ length: n }, (_, i) => normInv((i + 0.5) / n));
    const r = andersonDarling(normal);
    expect(r.a2).toBeLessThan(0.2);
    expect(r.pValue).toBeGreaterThan(0.9);
    expect(r.a2Adjusted).toBeCloseTo(r.a2 * (1 + 0.75 / n + 2.25 / (n * n)), 14);
    const expo = Float64Array.from({ length: n }, (_, i) => -Math.log(1 - (i + 0.5) / n));
    expect(andersonDarling(expo).pValue).toBeLessThan(0.001);
  });
  it('is unchanged by location and scale', () => {
    const x = Float64Array.of(3.1, 2.7, 3.5, 2.9, 3.0, 3.8, 2.2, 3.3, 3.1, 2.8);
    const a = andersonDarling(x);
    const b = andersonDarling(Float64Array.from(x, (v) => 100 + 7 * v));
    expect(b.a2).toBeCloseTo(a.a2, 10);
  });
  it('p-values at the tabulated critical values of A*² (D\'Agostino & Stephens 1986: 0.631, 0.752, 1.035)', () => {
    expect(adPValue(0.631).toFixed(3)).toBe('0.100');
    expect(adPValue(0.752).toFixed(3)).toBe('0.050');
    expect(adPValue(1.035).toFixed(3)).toBe('0.010');
  });
  it('regression: a huge A*² (large, clearly non-normal samples) gives p = 0, not the upturn of the formula', () => {
    expect(adPValue(152)).toBeLessThan(1e-100);
    expect(adPValue(500)).toBe(0);
    const n = 20000;
    const expo = Float64Array.from({ length: n }, (_, i) => -Math.log(1 - (i + 0.5) / n));
    expect(andersonDarling(expo).pValue).toBe(0);
  });
  it('needs 8 values', () => {
    expect(() => andersonDarling(Float64Array.of(1, 2, 3))).toThrow(expect.objectContaining({ code: 'too_few_values' }));
  });
});
