import { describe, expect, it } from 'vitest';
import { Rng } from './prng.js';

describe('seeded generator', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xa = Array.from({ length: 5 }, () => a.next32());
    expect(Array.from({ length: 5 }, () => b.next32())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next32())).not.toEqual(xa);
  });

  it('draws normals with the asked mean and sd (100 000 draws: within 4 standard errors)', () => {
    const r = new Rng(1);
    const n = 100_000;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal(10, 2);
      s += x;
      ss += x * x;
    }
    const mean = s / n;
    const sd = Math.sqrt((ss - n * mean * mean) / (n - 1));
    expect(Math.abs(mean - 10)).toBeLessThan(4 * (2 / Math.sqrt(n)));
    expect(Math.abs(sd - 2)).toBeLessThan(4 * (2 / Math.sqrt(2 * n)));
  });
});
