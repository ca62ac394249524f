import { describe, expect, it } from 'vitest';
import { attributeChart } from './attributes.js';
import { cusum, ewma } from './time-weighted.js';
import { imr, xbar } from './variables.js';

describe('charts on fixtures computable by hand', () => {
  it('I-MR of 1, 2, 3: centre 2, MR̄ 1, σ = 1/1.128; the MR series starts at point 1', () => {
    const r = imr(Float64Array.of(1, 2, 3));
    expect(r.center).toBe(2);
    expect(r.sigma).toBeCloseTo(1 / 1.128, 14);
    expect(r.secondary!.start).toBe(1);
    expect(Array.from(r.secondary!.values)).toEqual([1, 1]);
    expect(r.secondary!.lcl[0]).toBe(0);
  });
  it('X̄-R with unequal subgroup sizes: limits step with n', () => {
    const r = xbar([Float64Array.of(1, 3), Float64Array.of(2, 4, 3, 3)], 'R', { known: { center: 3, sigma: 2 } });
    expect(r.primary.ucl[0]).toBeCloseTo(3 + (3 * 2) / Math.sqrt(2), 14);
    expect(r.primary.ucl[1]).toBeCloseTo(3 + (3 * 2) / 2, 14);
    expect(r.secondary!.center[0]).toBeCloseTo(1.128 * 2, 14);
    expect(r.secondary!.center[1]).toBeCloseTo(2.059 * 2, 14);
  });
  it('p chart with variable sizes: stepped limits, LCL clipped at 0', () => {
    const r = attributeChart('p', Float64Array.of(2, 8), Float64Array.of(10, 40)); // p̄ = 10/50 = 0.2
    expect(r.center).toBeCloseTo(0.2, 15);
    expect(r.primary.ucl[0]).toBeCloseTo(0.2 + 3 * Math.sqrt(0.016), 14);
    expect(r.primary.ucl[1]).toBeCloseTo(0.2 + 3 * Math.sqrt(0.004), 14);
    expect(r.primary.lcl[0]).toBe(0);
  });
  it('EWMA and CUSUM with known centre and σ', () => {
    const x = Float64Array.of(0, 2, 2);
    const e = ewma(x, { lambda: 0.5, known: { center: 0, sigma: 1 } });
    expect(Array.from(e.primary.values)).toEqual([0, 1, 1.5]);
    expect(e.primary.sd[0]).toBeCloseTo(0.5, 15); // λσ
    expect(e.primary.sd[1]).toBeCloseTo(Math.sqrt(0.25 * 0.25 + 0.25), 15);
    const c = cusum(x, { k: 0.5, h: 2, known: { center: 0, sigma: 1 } });
    expect(Array.from(c.primary.values)).toEqual([0, 1.5, 3]);
    expect(Array.from(c.secondary!.values)).toEqual([0, 0, 0]);
  });
});

describe('bad input gives a clear error', () => {
  it('a subgroup of size 1 for X̄-R', () => {
    expect(() => xbar([Float64Array.of(1, 2), Float64Array.of(5)], 'R')).toThrow(expect.objectContaining({ code: 'subgroup_too_small', message: expect.stringContaining('subgroup 2 has 1 value') }));
  });
  it('NaN and Infinity', () => {
    expect(() => imr(Float64Array.of(1, NaN, 3))).toThrow(expect.objectContaining({ code: 'non_finite_value' }));
    expect(() => xbar([Float64Array.of(1, Infinity)], 'S')).toThrow(expect.objectContaining({ code: 'non_finite_value' }));
  });
  it('zero variance', () => {
    expect(() => imr(Float64Array.of(4, 4, 4))).toThrow(expect.objectContaining({ code: 'zero_variance' }));
    expect(() => attributeChart('c', Float64Array.of(0, 0), Float64Array.of(1, 1))).toThrow(expect.objectContaining({ code: 'zero_variance' }));
  });
  it('too few values, impossible counts, bad settings', () => {
    expect(() => imr(Float64Array.of(4))).toThrow(expect.objectContaining({ code: 'too_few_values' }));
    expect(() => attributeChart('p', Float64Array.of(6), Float64Array.of(5))).toThrow(expect.objectContaining({ code: 'bad_input' }));
    expect(() => attributeChart('np', Float64Array.of(1, 2), Float64Array.of(5, 6))).toThrow(expect.objectContaining({ code: 'unequal_sizes' }));
    expect(() => ewma(Float64Array.of(1, 2), { lambda: 0 })).toThrow(expect.objectContaining({ code: 'bad_option' }));
  });
});
