import { describe, expect, it } from 'vitest';
import { capability } from './capability.js';

// mean 10; deviations ±1, 0 alternating → overall sd = √(4/7); every moving range is 1 → σ within = 1/1.128
const X = Float64Array.of(9, 10, 11, 10, 9, 10, 11, 10);

describe('capability on a fixture computable by hand', () => {
  it('two-sided 7–13: Cp = Cpk = 1.128, Pp = Ppk = √(7/4)', () => {
    const r = capability(X, { lsl: 7, usl: 13 }, { distribution: 'normal' });
    expect(r.mean).toBe(10);
    expect(r.sigmaWithin).toBeCloseTo(1 / 1.128, 14);
    expect(r.indices.cp!.value).toBeCloseTo(1.128, 12);
    expect(r.indices.cpk!.value).toBeCloseTo(1.128, 12);
    expect(r.indices.pp!.value).toBeCloseTo(Math.sqrt(7 / 4), 12);
    expect(r.indices.ppk!.value).toBeCloseTo(Math.sqrt(7 / 4), 12);
    expect(r.indices.cpm!.value).toBeCloseTo(1.128, 12); // mean on target 10
    expect(r.notes.some((n) => n.includes('only 8 values'))).toBe(true);
  });
  it('one-sided: only the available side, and Cpk is that side', () => {
    const r = capability(X, { usl: 13 });
    expect(Object.keys(r.indices).sort()).toEqual(['cpk', 'cpu', 'ppk', 'ppu']);
    expect(r.indices.cpk!.value).toBe(r.indices.cpu!.value);
    expect(r.ppm.observed.total).toBe(0);
  });
  it('observed ppm counts values outside the limits', () => {
    const r = capability(X, { lsl: 9.5, usl: 13 }, { distribution: 'normal' });
    expect(r.ppm.observed.below).toBe(250000); // 2 of 8
  });
  it('a given σ within is used and named', () => {
    const r = capability(X, { lsl: 7, usl: 13 }, { sigmaWithin: 0.5, sigmaWithinMethod: 'R̄/d2' });
    expect(r.indices.cp!.value).toBeCloseTo(2, 12);
    expect(r.sigmaWithinMethod).toBe('R̄/d2');
  });
});

describe('capability refuses what it cannot compute', () => {
  it('no specification', () => {
    expect(() => capability(X, {})).toThrow(expect.objectContaining({ code: 'missing_specification' }));
  });
  it('NaN or Infinity among the values', () => {
    expect(() => capability(Float64Array.of(1, NaN, 2), { lsl: 0 })).toThrow(expect.objectContaining({ code: 'non_finite_value', message: expect.stringContaining('value 2 of 3 is NaN') }));
    expect(() => capability(Float64Array.of(1, Infinity), { lsl: 0 })).toThrow(expect.objectContaining({ code: 'non_finite_value' }));
  });
  it('zero variance', () => {
    expect(() => capability(Float64Array.of(5, 5, 5, 5), { lsl: 0 })).toThrow(expect.objectContaining({ code: 'zero_variance', message: expect.stringContaining('all 4 values are 5') }));
  });
  it('n below 2', () => {
    expect(() => capability(Float64Array.of(5), { lsl: 0 })).toThrow(expect.objectContaining({ code: 'too_few_values' }));
  });
  it('limits in the wrong order', () => {
    expect(() => capability(X, { lsl: 13, usl: 7 })).toThrow(expect.objectContaining({ code: 'bad_specification', message: 'LSL 13 is not below USL 7' }));
  });
  it('below 8 values the normality check is skipped and says so', () => {
    const r = capability(Float64Array.of(1, 2, 3, 4), { lsl: 0 });
    expect(r.normality).toEqual({ skipped: 'the normality check needs at least 8 values, got 4' });
  });
});

describe('non-normal data', () => {
  // Exponential quantiles: clearly skewed, positive.
  const n = 60;
  const expo = Float64Array.from({ length: n }, (_, i) => -Math.log(1 - (i + 0.5) / n));
  it('switches to the best fit by A² and names the method', () => {
    const r = capability(expo, { usl: 8 });
    expect((r.normality as { pValue: number }).pValue).toBeLessThan(0.01);
    expect(r.method).toBe('weibull'); // an exponential is a Weibull with shape 1
    expect(r.nonNormal!.candidates.map((c) => c.kind)).toEqual(['lognormal', 'weibull']);
    const w = r.nonNormal!.distribution as { shape: number; scale: number };
    expect(w.shape).toBeGreaterThan(0.9);
    expect(w.shape).toBeLessThan(1.1);
    // Ppu = (USL − P50)/(P99.865 − P50) from the fit
    expect(r.nonNormal!.ppu).toBeCloseTo((8 - r.nonNormal!.p50) / (r.nonNormal!.p99865 - r.nonNormal!.p50), 12);
    expect(r.ppm.basis).toBe('fitted weibull');
  });
  it('Box-Cox on request transforms data and limits', () => {
    const r = capability(expo, { lsl: 0.01, usl: 8 }, { distribution: 'box-cox' });
    expect(r.method).toBe('box-cox');
    expect(r.nonNormal!.lambda).toBeGreaterThan(0);
    expect(r.nonNormal!.lambda).toBeLessThan(0.5);
    expect(r.nonNormal!.p50).toBeGreaterThan(0);
  });
  it('negative skewed data cannot be fitted and the note says so', () => {
    const r = capability(Float64Array.from(expo, (v) => -v), { lsl: -8 });
    expect(r.method).toBe('normal');
    expect(r.notes.join(' ')).toContain('not all positive');
  });
});
