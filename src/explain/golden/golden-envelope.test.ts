import { describe, expect, it } from 'vitest';
import { buildEnvelope, compareToEnvelope, fillGaps } from './golden-envelope.js';

// Three good lots on a 60 s grid. At each of the first three points the values are m−1, m+1, m
// (mean m, sd exactly 1); only lot C reaches the fourth point, so there is no envelope there.
const A = Float64Array.from([1, 2, 3]);
const B = Float64Array.from([3, 4, 5]);
const C = Float64Array.from([2, 3, 4, 10]);

describe('golden envelope on 3 lots', () => {
  it('is mean ± k·sd where at least 2 lots have a value', () => {
    const env = buildEnvelope([A, B, C], 60, { kind: 'sd', k: 2 });
    expect(env.t).toEqual([0, 60, 120, 180]);
    expect(env.n).toEqual([3, 3, 3, 1]);
    expect(env.mean).toEqual([2, 3, 4, null]);
    expect(env.sd).toEqual([1, 1, 1, null]);
    expect(env.low).toEqual([0, 1, 2, null]);
    expect(env.high).toEqual([4, 5, 6, null]);
  });

  it('uses type-7 percentiles when asked: p05 and p95 of {1, 2, 3} are 1.1 and 2.9', () => {
    const env = buildEnvelope([A, B, C], 60, { kind: 'percentile', low: 0.05, high: 0.95 });
    expect(env.low[0]).toBeCloseTo(1.1, 12);
    expect(env.high[0]).toBeCloseTo(2.9, 12);
  });

  it('reports a lot outside the envelope, the span and its largest deviation in sd', () => {
    const env = buildEnvelope([A, B, C], 60, { kind: 'sd', k: 2 });
    const d = compareToEnvelope(env, Float64Array.from([2, 5.5, 1, 7]), 60);
    expect(d.points.map((p) => p.outside)).toEqual([false, true, true, false]);
    expect(d.points.map((p) => p.z)).toEqual([0, 2.5, -3, null]);
    expect(d.compared).toBe(3);
    expect(d.outside).toBe(2);
    expect(d.withoutEnvelope).toBe(1);
    expect(d.spans).toEqual([{ from: 60, to: 180, points: 2, direction: 'both', maxZ: -3 }]);
  });

  it('needs two lots', () => {
    expect(() => buildEnvelope([A], 60, { kind: 'sd', k: 3 })).toThrow(/at least 2 good lots/);
  });

  it('fills gaps linearly inside and with the nearest value at the ends', () => {
    expect(Array.from(fillGaps(Float64Array.from([NaN, 1, NaN, 3, NaN])))).toEqual([1, 1, 2, 3, 3]);
  });
});
