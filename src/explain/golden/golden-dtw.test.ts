import { describe, expect, it } from 'vitest';
import { dtw, warpTo } from './golden-dtw.js';

describe('dtw', () => {
  it('aligns a repeated point at zero cost', () => {
    const r = dtw([0, 1, 2], [0, 1, 1, 2]);
    expect(r.cost).toBe(0);
    expect(r.path).toEqual([[0, 0], [1, 1], [1, 2], [2, 3]]);
  });

  it('sums the absolute differences along the diagonal when nothing better exists', () => {
    // |0−0| + |2−1| + |0−0| = 1
    expect(dtw([0, 2, 0], [0, 1, 0]).cost).toBe(1);
  });

  it('is limited by the Sakoe–Chiba band', () => {
    // Free warping matches the step at zero cost: (0,0) (1,0) (2,1) (2,2).
    expect(dtw([0, 0, 1], [0, 1, 1]).cost).toBe(0);
    // A band of 0 forces the diagonal: |0−0| + |0−1| + |1−1| = 1.
    expect(dtw([0, 0, 1], [0, 1, 1], 0).cost).toBe(1);
  });

  it('puts a lot on the reference axis, averaging the points matched to one reference point', () => {
    const w = warpTo([0, 1, 2], [0, 1, 1, 2]);
    expect(Array.from(w.values)).toEqual([0, 1, 2]);
    expect(Array.from(w.lotIndex)).toEqual([0, 1, 3]);
    // 0.5 has to be matched to 0 or to 1: either way the cost is 0.5.
    const v = warpTo([0, 1], [0, 0.5, 1]);
    expect(v.cost).toBe(0.5);
  });

  it('refuses an empty series', () => {
    expect(() => dtw([], [1])).toThrow(/non-empty/);
  });

  it('stores only the band yet gives the cost of a plain full-matrix computation with the same band', () => {
    // The plain O(n·m) recursion, written out, with cells outside the band set to infinity.
    const plain = (a: number[], b: number[], w: number): number => {
      const n = a.length, m = b.length, slope = (m - 1) / (n - 1);
      const D = Array.from({ length: n }, () => new Array<number>(m).fill(Infinity));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          if (Math.abs(j - i * slope) > w + 1e-9) continue;
          const prev = i === 0 && j === 0 ? 0 : Math.min(i > 0 ? D[i - 1]![j]! : Infinity, j > 0 ? D[i]![j - 1]! : Infinity, i > 0 && j > 0 ? D[i - 1]![j - 1]! : Infinity);
          D[i]![j] = Math.abs(a[i]! - b[j]!) + prev;
        }
      }
      return D[n - 1]![m - 1]!;
    };
    const a = Array.from({ length: 40 }, (_, i) => Math.sin(i / 4));
    const b = Array.from({ length: 55 }, (_, i) => Math.sin(i / 5.5 + 0.3) + 0.1 * Math.cos(i));
    for (const w of [2, 5, 60]) expect(dtw(a, b, w).cost).toBeCloseTo(plain(a, b, w), 12);
    expect(dtw(a, b, 2).cost).toBeGreaterThanOrEqual(dtw(a, b, 60).cost);
  });
});
