import { describe, expect, it } from 'vitest';
import { oneWayAnova, welchAnova } from './anova.js';
import { studentT } from './distributions.js';
import { kruskalWallis } from './kruskal-wallis.js';
import { levene } from './levene.js';
import { welchTTest } from './t-test.js';
import { tukeyHsd } from './tukey-hsd.js';

const f = (...v: number[]) => Float64Array.from(v);

/** Montgomery, Design and Analysis of Experiments (8th ed.), Example 3.1: etch rate by RF power. */
const etch = [f(575, 542, 530, 539, 570), f(565, 593, 590, 579, 610), f(600, 651, 610, 637, 629), f(725, 700, 715, 685, 710)];

describe('one-way ANOVA', () => {
  it('Montgomery Example 3.1: SS 66870.55 / 5339.20, MS_E 333.70, F 66.80', () => {
    const a = oneWayAnova(etch);
    expect(a.ssBetween).toBeCloseTo(66870.55, 8);
    expect(a.ssWithin).toBeCloseTo(5339.2, 8);
    expect(a.msWithin).toBeCloseTo(333.7, 10);
    expect(a.f).toBeCloseTo(66.8, 1);
    expect(a.f).toBeCloseTo(66870.55 / 3 / 333.7, 10);
    expect([a.dfBetween, a.dfWithin]).toEqual([3, 16]);
    expect(Array.from(a.groupMeans)).toEqual([551.2, 587.4, 625.4, 707]);
    expect(a.p).toBeLessThan(1e-8);
  });
  it('two groups 1,2,3 | 4,5,6: F 13.5 = t², p equal to the pooled t test', () => {
    const a = oneWayAnova([f(1, 2, 3), f(4, 5, 6)]);
    expect(a.f).toBeCloseTo(13.5, 13);
    expect(a.rSquared).toBeCloseTo(13.5 / 17.5, 14);
    expect(a.residualSd).toBeCloseTo(1, 14);
    expect(a.p).toBeCloseTo(2 * studentT(4).sf(Math.sqrt(13.5)), 14);
  });
  it('bad input: one group, an empty group, no variation within groups', () => {
    expect(() => oneWayAnova([f(1, 2)])).toThrowError(expect.objectContaining({ code: 'too_few_groups' }));
    expect(() => oneWayAnova([f(1, 2), f()])).toThrow(/group 2 has 0 values/);
    expect(() => oneWayAnova([f(1, 1), f(2, 2)])).toThrowError(expect.objectContaining({ code: 'zero_variance' }));
    expect(() => oneWayAnova([f(1), f(2)])).toThrowError(expect.objectContaining({ code: 'too_few_values' }));
  });
});

describe('Welch ANOVA', () => {
  it('two groups: F = Welch t², df2 = Welch–Satterthwaite df', () => {
    const a = f(1, 2, 3, 4);
    const b = f(2, 5, 9);
    const w = welchAnova([a, b]);
    const t = welchTTest(a, b);
    expect(w.f).toBeCloseTo(t.t * t.t, 12);
    expect(w.df2).toBeCloseTo(t.df, 12);
    expect(w.p).toBeCloseTo(t.p, 12);
  });
  it('three groups by hand: w = 3, 0.6, 1; x̄_w = 20/4.6; F = A/(1 + Λ/4), df2 = 8/(3Λ)', () => {
    const w = welchAnova([f(1, 2, 3), f(2, 4, 6, 8), f(10, 10, 13)]);
    const W = 4.6;
    const mw = 20 / W;
    const A = (3 * (2 - mw) ** 2 + 0.6 * (5 - mw) ** 2 + 1 * (11 - mw) ** 2) / 2;
    const L = (1 - 3 / W) ** 2 / 2 + (1 - 0.6 / W) ** 2 / 3 + (1 - 1 / W) ** 2 / 2;
    expect(w.f).toBeCloseTo(A / (1 + (2 * L) / 8), 12);
    expect(w.df2).toBeCloseTo(8 / (3 * L), 12);
    expect(w.f).toBeCloseTo(26.43, 2);
  });
  it('refuses a constant group (its weight n/s² is infinite)', () => {
    expect(() => welchAnova([f(1, 2, 3), f(5, 5, 5)])).toThrowError(expect.objectContaining({ code: 'zero_variance' }));
  });
});

describe('Tukey HSD', () => {
  it('Montgomery Example 3.7: half-width q(0.05; 4, 16)·√(333.70/5) ≈ 4.05 × 8.17 = 33.09', () => {
    const pairs = tukeyHsd(etch);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
    const half = (pairs[0]!.upper - pairs[0]!.lower) / 2;
    expect(half / Math.sqrt(333.7 / 5)).toBeCloseTo(4.05, 2);
    expect(half).toBeCloseTo(33.09, 0);
    expect(pairs[0]!.diff).toBeCloseTo(36.2, 12);
    for (const p of pairs) expect(p.p).toBeLessThan(0.05); // Montgomery: all pairs differ
  });
  it('two groups: adjusted p equals the pooled two-sample t test p', () => {
    const [pair] = tukeyHsd([f(1, 2, 3), f(4, 5, 6)]);
    expect(pair!.p).toBeCloseTo(2 * studentT(4).sf(Math.sqrt(13.5)), 12);
  });
});

describe('Kruskal–Wallis', () => {
  it('Montgomery §3.11.1, etch rate: rank sums 17, 39.5, 63.5, 90; H = 16.91 (tie-corrected)', () => {
    const k = kruskalWallis(etch);
    expect(Array.from(k.meanRanks, (r) => r * 5)).toEqual([17, 39.5, 63.5, 90]);
    const h0 = (12 / (20 * 21)) * ((17 ** 2 + 39.5 ** 2 + 63.5 ** 2 + 90 ** 2) / 5) - 63;
    expect(k.h).toBeCloseTo(h0 / (1 - 6 / 7980), 12);
    expect(k.h).toBeCloseTo(16.91, 2);
    expect(k.df).toBe(3);
  });
  it('1,2 | 3,4: H = 2.4', () => {
    expect(kruskalWallis([f(1, 2), f(3, 4)]).h).toBeCloseTo(2.4, 14);
  });
  it('all values equal: nothing to rank', () => {
    expect(() => kruskalWallis([f(1, 1), f(1, 1)])).toThrowError(expect.objectContaining({ code: 'zero_variance' }));
  });
});

describe('Levene', () => {
  it('mean-centred on 1,2,6 | 1,3,5: z = (2,1,3 | 2,0,2), F = 4/7', () => {
    expect(levene([f(1, 2, 6), f(1, 3, 5)], 'mean').f).toBeCloseTo(4 / 7, 14);
  });
  it('median-centred (Brown–Forsythe): z = (1,0,4 | 2,0,2), F = 1/17', () => {
    const r = levene([f(1, 2, 6), f(1, 3, 5)]);
    expect(r.center).toBe('median');
    expect(r.f).toBeCloseTo(1 / 17, 14);
    expect([r.df1, r.df2]).toEqual([1, 4]);
  });
});
