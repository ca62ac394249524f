import { describe, expect, it } from 'vitest';
import { ols } from './ols.js';
import { polyfit } from './polyfit.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('OLS by QR (hand-computed)', () => {
  it('y = 2, 4, 7 on x = 1, 2, 3: b = (−2/3, 5/2), SE from σ² = 1/6, R² = 75/76', () => {
    const fit = ols([f(1, 2, 3)], f(2, 4, 7));
    expect(fit.coefficients[0]).toBeCloseTo(-2 / 3, 14);
    expect(fit.coefficients[1]).toBeCloseTo(2.5, 14);
    expect(fit.residualSd).toBeCloseTo(Math.sqrt(1 / 6), 14);
    expect(fit.standardErrors[1]).toBeCloseTo(Math.sqrt(1 / 12), 14); // σ/√Sxx, Sxx = 2
    expect(fit.standardErrors[0]).toBeCloseTo(Math.sqrt(7 / 18), 14); // σ√(1/n + x̄²/Sxx)
    expect(fit.rSquared).toBeCloseTo(75 / 76, 14);
    expect(fit.dfResidual).toBe(1);
  });
  it('without intercept: y = b x, b = Σxy/Σx², R² uncentred', () => {
    const fit = ols([f(1, 2, 3)], f(2, 4, 7), { intercept: false });
    expect(fit.coefficients[0]).toBeCloseTo(31 / 14, 14);
    const sse = [2, 4, 7].reduce((s, y, i) => s + (y - (31 / 14) * (i + 1)) ** 2, 0);
    expect(fit.rSquared).toBeCloseTo(1 - sse / 69, 14);
  });
  it('an exact quadratic is recovered by polyfit, in powers of x', () => {
    const x = f(-3, -1, 0, 2, 5, 6);
    const y = Float64Array.from(x, (v) => 1 - 2 * v + 0.5 * v * v + (v === 2 ? 0.1 : v === 0 ? -0.1 : 0));
    const fit = polyfit(x, y, 2);
    const direct = ols([x, Float64Array.from(x, (v) => v * v)], y);
    for (let i = 0; i < 3; i++) expect(fit.coefficients[i]).toBeCloseTo(direct.coefficients[i]!, 12);
    for (let i = 0; i < 3; i++) expect(fit.standardErrors[i]).toBeCloseTo(direct.standardErrors[i]!, 12);
    expect(fit.residualSd).toBeCloseTo(direct.residualSd, 13);
  });
  it('bad input: collinear or constant predictors, too few rows, NaN', () => {
    expect(() => ols([f(1, 2, 3, 4), f(2, 4, 6, 8)], f(1, 2, 3, 5))).toThrowError(expect.objectContaining({ code: 'rank_deficient' }));
    expect(() => ols([f(1, 1, 1)], f(1, 2, 3))).toThrowError(expect.objectContaining({ code: 'rank_deficient' }));
    expect(() => ols([f(1, 2)], f(1, 2))).toThrowError(expect.objectContaining({ code: 'too_few_values' }));
    expect(() => ols([f(1, 2, NaN)], f(1, 2, 3))).toThrowError(expect.objectContaining({ code: 'non_finite_value' }));
    expect(() => polyfit(f(1, 2, 3), f(1, 2, 3), 0)).toThrowError(expect.objectContaining({ code: 'bad_degree' }));
  });
});
