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
});
