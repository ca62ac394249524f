import { describe, expect, it } from 'vitest';
import { orderWork, stableOrder } from './stable-order.js';
import { mulberry32 } from '../../test/support/mulberry32.js';

/** The order a stable comparison sort of the indices gives (Array.prototype.sort is stable). */
function plainOrder(x: Float64Array): number[] {
  return Array.from(x, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
}

/** Seeded uniform numbers: the same fixture on every run. */
const rng = mulberry32;

describe('stableOrder', () => {
  it('orders small values a reader can check, ties in input order', () => {
    expect([...stableOrder(new Float64Array([3, -1, 3, 0]))]).toEqual([1, 3, 0, 2]);
    expect([...stableOrder(new Float64Array([2, 2, 1, 2, 1]))]).toEqual([2, 4, 0, 1, 3]);
  });

  it('orders across signs, binades, subnormals and infinities', () => {
    const x = new Float64Array([Infinity, -Infinity, 1e-310, -1e-310, 5e-324, 0, -2.5]);
    expect([...stableOrder(x)]).toEqual([1, 6, 3, 5, 4, 2, 0]);
  });

  it('tells apart values that differ in the last bit only', () => {
    const eps = 2 ** -52;
    expect([...stableOrder(new Float64Array([1 + eps, 1, 1 + eps, 1 - eps / 2]))]).toEqual([3, 1, 0, 2]);
  });

  it('treats −0 and +0 as one value, keeping their input order', () => {
    expect([...stableOrder(new Float64Array([0, -0, 0, -0, -1]))]).toEqual([4, 0, 1, 2, 3]);
    expect([...stableOrder(new Float64Array([-0, 0]))]).toEqual([0, 1]);
  });

  it('gives the order of a stable comparison sort on 3000 values of seven kinds, reusing its work space', () => {
    const r = rng(11);
    const work = orderWork(3000);
    const out = new Int32Array(3000);
    const makers = [
      () => Math.round(20 * (r() - 0.5)) / 4, // many exact ties, both signs
      () => (r() - 0.5) * 10 ** Math.floor(20 * r() - 10), // many binades
      () => 50 + r(), // high words mostly distinct
      () => 50 + 0.02 * r(), // short runs of equal high words (ordered by insertion)
      () => -(50 + 0.02 * r()), // the same, negative (low words flipped)
      () => 1e7 + 1e-3 * r(), // one long run: only the low words differ (radix of the run)
      () => 1 + 2 ** -52 * Math.floor(r() * 100), // last bits only, with ties
    ];
    for (const make of makers) {
      const x = Float64Array.from({ length: 3000 }, make);
      expect([...stableOrder(x, out, work)]).toEqual(plainOrder(x));
    }
  });

  it('orders a view into a larger array (offset buffer)', () => {
    const whole = new Float64Array([9, 3, 1, 2, 9]);
    expect([...stableOrder(whole.subarray(1, 4))]).toEqual([1, 2, 0]);
  });

  it('refuses NaN and work space that is too small', () => {
    expect(() => stableOrder(new Float64Array([1, NaN, 2]))).toThrow('value 2 of 3 is NaN');
    expect(() => stableOrder(new Float64Array([1, 2, 3]), new Int32Array(2))).toThrow('3 values but room for 2');
    expect(() => stableOrder(new Float64Array([1, 2, 3]), undefined, orderWork(1))).toThrow('3 values but room for 1');
  });

  it('returns an empty order for no values', () => {
    expect(stableOrder(new Float64Array(0)).length).toBe(0);
  });
});
