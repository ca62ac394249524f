import { describe, expect, it } from 'vitest';
import { sortedColumns } from './sorted-columns.js';

const f = (...xs: number[]) => Float64Array.from(xs);

describe('sortedColumns: columns in order of the first, the others carried along', () => {
  it('returns the same arrays when already in order', () => {
    const cols = [f(1, 2, 2, 5), f(10, 20, 21, 50)];
    const out = sortedColumns(cols);
    expect(out[0]).toBe(cols[0]);
    expect(out[1]).toBe(cols[1]);
  });

  it('merges a few sorted runs, ties in their order', () => {
    const [k, v] = sortedColumns([f(5, 6, 7, 1, 2, 6, 3, 4), f(50, 60, 70, 10, 20, 61, 30, 40)]);
    expect([...k!]).toEqual([1, 2, 3, 4, 5, 6, 6, 7]);
    expect([...v!]).toEqual([10, 20, 30, 40, 50, 60, 61, 70]);
  });

  it('sorts scrambled columns (more runs than it merges)', () => {
    const n = 1000;
    const key = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const [k, v] = sortedColumns([key, key.map((x) => -x)]);
    expect([...k!]).toEqual(Array.from({ length: n }, (_, i) => i));
    expect([...v!]).toEqual(Array.from({ length: n }, (_, i) => -i));
  });
});
