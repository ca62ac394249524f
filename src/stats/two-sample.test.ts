import { describe, expect, it } from 'vitest';
import { chiSquareIndependence, fisherExact } from './contingency.js';
import { pearson, spearman } from './correlation.js';
import { normal, studentT } from './distributions.js';
import { mannWhitney } from './mann-whitney.js';
import { benjaminiHochberg } from './multiple-testing.js';
import { tost, welchTTest } from './t-test.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('Welch t test', () => {
  it('1,2,3 vs 4,5,6: t = −3/√(2/3) = −3.674, df 4, p 0.02131, CI −3 ± t(0.975,4)·0.8165', () => {
    const r = welchTTest(f(1, 2, 3), f(4, 5, 6));
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(2 / 3), 14);
    expect(r.df).toBeCloseTo(4, 14);
    expect(r.p).toBeCloseTo(0.02131, 5);
    expect(r.lower).toBeCloseTo(-3 - 2.776445105197793 * Math.sqrt(2 / 3), 12);
  });
  it('refuses two constant groups and single values', () => {
    expect(() => welchTTest(f(1, 1), f(2, 2))).toThrowError(expect.objectContaining({ code: 'zero_variance' }));
    expect(() => welchTTest(f(1), f(2, 3))).toThrowError(expect.objectContaining({ code: 'too_few_values' }));
  });
});

describe('TOST equivalence', () => {
  const a = f(99, 100, 101);
  const b = f(100, 101, 102);
  it('margin 3: 90 % CI −1 ± t(0.95, 4)·√(2/3) = [−2.741, 0.741] inside ±3 → equivalent', () => {
    const r = tost(a, b, 3, 0.05, ['site B', 'site A']);
    const half = 2.131846786326649 * Math.sqrt(2 / 3);
    expect(r.ciLower).toBeCloseTo(-1 - half, 12);
    expect(r.ciUpper).toBeCloseTo(-1 + half, 12);
    expect(r.confidence).toBeCloseTo(0.9, 15);
    expect(r.equivalent).toBe(true);
    expect(r.p).toBeLessThan(0.05);
    expect(r.sentence).toMatch(/^site B and site A are equivalent within \(-3, 3\): the 90 % confidence interval/);
  });
  it('margin 1: the lower test has t = 0, p = ½; not equivalent, said in words', () => {
    const r = tost(a, b, 1, 0.05, ['site B', 'site A']);
    expect(r.pLower).toBeCloseTo(0.5, 15);
    expect(r.p).toBeCloseTo(0.5, 15);
    expect(r.equivalent).toBe(false);
    expect(r.sentence).toMatch(/^Equivalence of site B and site A within \(-1, 1\) is not shown/);
  });
  it('refuses a margin that gives no interval', () => {
    expect(() => tost(a, b, 0)).toThrowError(expect.objectContaining({ code: 'bad_margin' }));
    expect(() => tost(a, b, -2)).toThrowError(expect.objectContaining({ code: 'bad_margin' }));
  });
});

describe('Mann–Whitney U', () => {
  it('exact: 1,2 vs 3,4 → U 0, p = 2 · 1/6; 1,2,3 vs 4,5,6 → p = 2/20', () => {
    expect(mannWhitney(f(1, 2), f(3, 4))).toEqual({ u: 0, p: 1 / 3, method: 'exact' });
    expect(mannWhitney(f(1, 2, 3), f(4, 5, 6)).p).toBeCloseTo(0.1, 15);
    expect(mannWhitney(f(4, 5, 6), f(1, 2, 3)).u).toBe(9);
  });
  it('ties: normal approximation with tie and continuity correction (1,1,2 vs 2,3,3: U 0.5, σ² 4.8)', () => {
    const r = mannWhitney(f(1, 1, 2), f(2, 3, 3));
    expect(r.method).toBe('normal approximation');
    expect(r.u).toBe(0.5);
    expect(r.p).toBeCloseTo(2 * normal.sf(3.5 / Math.sqrt(4.8)), 15);
  });
});

describe('correlation', () => {
  it('Pearson of 1,2,3,4 with 1,3,2,4: r = 4/5, p = 0.2 (t with 2 df)', () => {
    const r = pearson(f(1, 2, 3, 4), f(1, 3, 2, 4));
    expect(r.r).toBeCloseTo(0.8, 15);
    expect(r.p).toBeCloseTo(0.2, 13);
  });
  it('Spearman with a tie: ranks 1, 2.5, 2.5, 4 vs 1..4 → ρ = 3/√10', () => {
    const r = spearman(f(1, 2, 2, 3), f(10, 20, 30, 40));
    expect(r.r).toBeCloseTo(3 / Math.sqrt(10), 14);
    expect(r.p).toBeCloseTo(2 * studentT(2).sf((r.r * Math.sqrt(2)) / Math.sqrt(1 - r.r * r.r)), 14);
  });
  it('perfect correlation gives p 0, a constant variable an error', () => {
    expect(pearson(f(1, 2, 3), f(2, 4, 6)).p).toBe(0);
    expect(() => pearson(f(1, 2, 3), f(5, 5, 5))).toThrowError(expect.objectContaining({ code: 'zero_variance' }));
    expect(() => pearson(f(1, 2), f(1, 2))).toThrowError(expect.objectContaining({ code: 'too_few_values' }));
  });
});

describe('contingency tables', () => {
  it('chi-square of [[10, 20], [20, 10]]: E = 15, X² = 4 · 25/15 = 20/3, df 1', () => {
    const r = chiSquareIndependence([[10, 20], [20, 10]]);
    expect(r.statistic).toBeCloseTo(20 / 3, 14);
    expect(r.df).toBe(1);
    expect(r.p).toBeCloseTo(2 * normal.sf(Math.sqrt(20 / 3)), 14);
    expect(r.smallExpected).toBe(0);
  });
  it("Fisher's tea tasting [[3, 1], [1, 3]]: two-sided p = 34/70", () => {
    expect(fisherExact([[3, 1], [1, 3]]).p).toBeCloseTo(34 / 70, 14);
    expect(fisherExact([[3, 1], [1, 3]]).oddsRatio).toBe(9);
  });
  it('refuses empty rows and non-counts', () => {
    expect(() => chiSquareIndependence([[0, 0], [1, 2]])).toThrowError(expect.objectContaining({ code: 'bad_table' }));
    expect(() => fisherExact([[1.5, 1], [1, 3]])).toThrowError(expect.objectContaining({ code: 'bad_table' }));
  });
});

describe('Benjamini–Hochberg', () => {
  it('q of 0.01, 0.04, 0.03 = 0.03, 0.04, 0.04 (running minimum of m·p/rank)', () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03]);
    expect(q[0]).toBeCloseTo(0.03, 15);
    expect(q[1]).toBeCloseTo(0.04, 15);
    expect(q[2]).toBeCloseTo(0.04, 15);
  });
  it('refuses a p outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.2, 1.5])).toThrowError(expect.objectContaining({ code: 'bad_probability' }));
  });
});
