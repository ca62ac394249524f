/**
 * M4Grid on a fixture small enough to check by hand: one second in three pixel columns, four
 * buckets of 200 ms (two of them across a column edge) and two samples at the end.
 */
import { describe, expect, it } from 'vitest';
import { LEVEL_COLUMNS, M4Grid, type LevelRows } from './trend-m4.js';

const ms = 1000; // µs

/** Bucket rows from literal rows in the order of {@link LEVEL_COLUMNS} (times in ms, NaN: none). */
function rows(...r: number[][]): LevelRows {
  const timed = new Set(['bucket', 'tFirst', 'tLast', 'tMin', 'tMax', 'bFirst', 'bLast']);
  return Object.fromEntries(LEVEL_COLUMNS.map((name, i) => [name, Float64Array.from(r, (row) => (timed.has(name) ? row[i]! * ms : row[i]!))])) as unknown as LevelRows;
}

describe('M4Grid', () => {
  it('puts columns at exact µs edges: ⌈c·span/width⌉', () => {
    const g = new M4Grid(0, 1000 * ms, 3); // edges 0, 333 334, 666 667 µs
    expect([g.columnOf(333_333), g.columnOf(333_334), g.columnOf(666_666), g.columnOf(666_667), g.columnOf(999_999)]).toEqual([0, 1, 1, 2, 2]);
  });

  it('gives whole buckets to their column and the points of a bucket across an edge to the column of their own time', () => {
    const g = new M4Grid(0, 1000 * ms, 3);
    //    bucket   n nbad tFirst vFirst tLast vLast tMin vMin tMax vMax bFirst bLast
    g.addBuckets(rows(
      [0, 3, 0, 10, 1, 190, 2, 50, 0.5, 100, 3, NaN, NaN], // inside column 0
      [200, 10, 2, 210, 4, 390, 5, 300, -1, 350, 9, 320, 340], // across 333.334 ms
      [400, 5, 0, 400, 6, 599, 6.5, 450, 0, 500, 7, NaN, NaN], // inside column 1
      [600, 2, 0, 600, 1, 700, 2, 600, 1, 700, 2, NaN, NaN], // across 666.667 ms
      [800, 4, 0, 810, 1, 890, 1, 810, 1, 890, 1, NaN, NaN], // outside [lo, hi): skipped
    ), 0, 800 * ms, 200 * ms);
    g.addSamples(Float64Array.of(998 * ms, 999 * ms), Float64Array.of(NaN, 8), Float64Array.of(0, 1));
    const p = g.points();
    // Column 0: first 10 ms, max 210 ms (4), last and min the same point (300 ms, −1): once.
    // Column 1: first and max 350 ms (9), min 450 ms (0), last 600 ms (1). Column 2: 700 ms, 999 ms.
    expect(Array.from(p.time)).toEqual([10, 210, 300, 350, 450, 600, 700, 999]);
    expect(Array.from(p.value)).toEqual([1, 4, -1, 9, 0, 1, 2, 8]);
    expect(Array.from(p.bad)).toEqual([320, 340, 998]);
    expect([p.samples, p.badSamples]).toEqual([3 + 10 + 5 + 2 + 2, 2 + 1]);
  });

  it('keeps the earlier of two equal minima or maxima, and a column without samples draws nothing', () => {
    const g = new M4Grid(0, 1000 * ms, 2);
    g.addSamples(Float64Array.of(100 * ms, 200 * ms, 300 * ms, 400 * ms), Float64Array.of(5, 1, 5, 1), Float64Array.of(1, 1, 1, 1));
    const p = g.points();
    // first 100 (5) = max, min 200 (1), last 400 (1): the later 5 and 1 at 300 ms are not kept.
    expect(Array.from(p.time)).toEqual([100, 200, 400]);
    expect(Array.from(p.value)).toEqual([5, 1, 1]);
    expect([p.samples, p.bad.length]).toEqual([4, 0]);
  });
});
