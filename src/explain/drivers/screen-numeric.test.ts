import { describe, expect, it } from 'vitest';
import type { AnalysisColumn } from '../../context/analysis-set-types.js';
import { correlationPValue, pearson, spearman } from '../../stats/correlation.js';
import type { Screened, Untestable } from './explain-types.js';
import { isScreened, screenColumn } from './screen.js';
import { bestSplit, bestSplitSorted } from './split.js';
import { mulberry32 } from '../../../test/support/mulberry32.js';

const origin: AnalysisColumn['origin'] = { material: 'tablet', path: ['tablet'], rule: 'own', estimated: false };
const numeric = (name: string, values: number[] | Float64Array): AnalysisColumn => {
  const v = Float64Array.from(values);
  return { name, kind: 'numeric', values: v, origin, missing: v.filter((x) => !Number.isFinite(x)).length };
};
const screened = (r: Screened | Untestable): Screened => {
  if (!isScreened(r)) throw new Error(`untestable: ${r.reason}`);
  return r;
};

/** Seeded uniform numbers: the same fixture on every run. */
const rng = mulberry32;

/** What the screen must equal: stats' spearman and pearson on the complete pairs, the split of the pairs sorted by x. */
function reference(values: Float64Array, target: Float64Array) {
  const keep = Array.from(values.keys()).filter((i) => Number.isFinite(values[i]!) && !Number.isNaN(target[i]!));
  const x = Float64Array.from(keep, (i) => values[i]!);
  const y = Float64Array.from(keep, (i) => target[i]!);
  const byX = Array.from(x.keys()).sort((a, b) => x[a]! - x[b]!);
  const split = bestSplit(Float64Array.from(byX, (i) => x[i]!), Float64Array.from(byX, (i) => y[i]!))!;
  return { n: keep.length, s: spearman(x, y), r: pearson(x, y), split };
}

describe('numeric screen', () => {
  it('gives the rho, threshold and means a reader computes by hand', () => {
    // Neighbours swapped: every rank differs by 1, Σd² = 10, rho = 1 − 6·10/(10·99) = 31/33.
    const y = new Float64Array([2, 1, 4, 3, 6, 5, 8, 7, 10, 9]);
    const s = screened(screenColumn(numeric('x', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), { y, binary: false }, 10, null));
    expect(s.rho).toBeCloseTo(31 / 33, 14);
    // Cuts after 4 and after 6 both score 4·6·(7.5 − 2.5)²/10 = 60 (the middle cut 52.9); the first is kept.
    expect(s.effect).toMatchObject({ kind: 'threshold', threshold: 4, nBelow: 4, nAbove: 6, meanBelow: 2.5, meanAbove: 7.5, difference: 5 });
    expect(s.n).toBe(10);
    // −0 and +0 tie; the cut after the four zeros reports the last of them, as a stable sort leaves it (+0).
    const z = screened(screenColumn(numeric('z', [-0, 0, -0, 0, 5, 6, 7, 8, 9, 10]), { y: new Float64Array([1, 1, 1, 1, 9, 9, 9, 9, 9, 9]), binary: false }, 10, null));
    expect(z.effect).toMatchObject({ threshold: 0, nBelow: 4, meanBelow: 1, meanAbove: 9 });
    expect(Object.is((z.effect as { threshold: number }).threshold, 0)).toBe(true);
  });

  it('equals stats spearman, pearson and the split bit for bit: ties, −0, last-bit differences, missing values on both sides', () => {
    const r = rng(5);
    const n = 400;
    const target = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : Math.round(6 * (r() - 0.5)) / 2));
    const eps = 2 ** -52;
    const columns = [
      Float64Array.from({ length: n }, () => 50 + 10 * r()),
      Float64Array.from({ length: n }, () => (r() < 0.1 ? NaN : Math.round(4 * (r() - 0.5)))), // −0 from Math.round
      Float64Array.from({ length: n }, () => (r() < 0.3 ? -0 : r() < 0.5 ? 0 : r() - 0.5)),
      Float64Array.from({ length: n }, () => 1 + eps * Math.floor(4 * r())),
      Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? Infinity : 1e-150 * (r() - 0.5))),
    ];
    for (const [k, values] of columns.entries()) {
      const got = screened(screenColumn(numeric(`c${k}`, values), { y: target, binary: false }, 10, null));
      const want = reference(values, target);
      expect(got.n).toBe(want.n);
      expect(got.rho).toBe(want.s.r);
      expect(got.p).toBe(want.s.p);
      expect(got.pearson).toBe(want.r.r);
      expect(got.pParametric).toBe(want.r.p);
      expect(got.effect).toMatchObject({ threshold: want.split.threshold, nBelow: want.split.nBelow, meanBelow: want.split.meanBelow, meanAbove: want.split.meanAbove });
      expect(Object.is((got.effect as { threshold: number }).threshold, want.split.threshold)).toBe(true);
    }
  });

  it('gives the same result for a candidate screened again after others (scratch arrays reused)', () => {
    const r = rng(9);
    const y = Float64Array.from({ length: 200 }, () => r());
    const a = numeric('a', Float64Array.from({ length: 200 }, () => (r() < 0.2 ? NaN : r())));
    const b = numeric('b', Float64Array.from({ length: 200 }, () => r()));
    const first = screenColumn(a, { y, binary: false }, 10, null);
    screenColumn(b, { y, binary: false }, 10, null);
    expect(screenColumn(a, { y, binary: false }, 10, null)).toEqual(first);
  });

  it('says why a candidate cannot be tested', () => {
    const y = new Float64Array([1, 2, Infinity, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const x = numeric('x', [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]);
    expect(screenColumn(x, { y, binary: false }, 10, null)).toEqual({ name: 'x', reason: 'Pearson correlation, y: value 3 of 12 is Infinity' });
    const y2 = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(screenColumn(numeric('c', Array(12).fill(4)), { y: y2, binary: false }, 10, null)).toEqual({ name: 'c', reason: 'the same value on every lot' });
    expect(screenColumn(numeric('m', [1, 2, NaN, NaN, NaN, 6, 7, 8, 9, 10, 11, 12]), { y: y2, binary: false }, 10, null)).toEqual({ name: 'm', reason: 'only 9 lots have both values (need 10)' });
    // Subnormal values: their squares underflow to 0, so Pearson's r has no variance to divide by (as in stats).
    const tiny = numeric('tiny', [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8].map((v) => v * 1e-310));
    expect(() => pearson(tiny.values as Float64Array, y2)).toThrow('Pearson correlation cannot be computed: x is constant');
    expect(screenColumn(tiny, { y: y2, binary: false }, 10, null)).toEqual({ name: 'tiny', reason: 'Pearson correlation cannot be computed: x is constant' });
    expect(screenColumn(numeric('short', [1, 2, 3]), { y: y2, binary: false }, 2, null)).toEqual({ name: 'short', reason: 'short: 3 values for 12 lots of the target' });
    expect(screenColumn(numeric('two', [1, 2]), { y: new Float64Array([5, 7]), binary: false }, 2, null)).toEqual({ name: 'two', reason: 'Pearson correlation needs at least 3 values, got 2' });
  });
});

describe('split of sorted pairs', () => {
  it('finds the same split as bestSplit without sorting again', () => {
    expect(bestSplitSorted(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 5, 9, 9]))).toEqual({ threshold: 2, nBelow: 2, nAbove: 2, meanBelow: 5, meanAbove: 9 });
    expect(bestSplitSorted(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 5, 9, 9]))).toEqual(bestSplit(new Float64Array([3, 1, 4, 2]), new Float64Array([9, 5, 9, 5])));
  });
});

describe('correlation p from r', () => {
  it('is the p of pearson: r = 0.8 on 4 pairs has t = 0.8·√(2/0.36) = 1.886, two-sided p = 0.2 with 2 df', () => {
    const r = pearson(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 3, 2, 4]));
    expect(r.r).toBeCloseTo(0.8, 15);
    expect(correlationPValue(r.r, 4)).toBe(r.p);
    expect(correlationPValue(0.8, 4)).toBeCloseTo(0.2, 12);
  });
});
