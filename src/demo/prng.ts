/**
 * A small seeded pseudo-random generator for the lot-level data of the demo network, so a
 * seed gives the same network on every machine and every run (Math.random cannot be seeded).
 * Continuous samples do not use it: they are drawn inside DuckDB from hashes (continuous-sql.ts).
 */

/**
 * sfc32 ("small fast chaotic", Chris Doty-Humphrey, PractRand): 128-bit state, passes
 * PractRand and BigCrush; plenty for synthetic data.
 *
 * @example
 * const rng = new Rng(42); rng.uniform(); // same number for seed 42, always
 * @see https://pracrand.sourceforge.net/ (sfc32)
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  /** @param seed any 32-bit integer; different seeds give independent-looking streams. */
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    // Warm-up: the first outputs of sfc32 still reflect the seed too closely.
    for (let i = 0; i < 15; i++) this.next32();
  }

  /** The next raw 32-bit unsigned integer. */
  next32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.next32() / 4294967296;
  }

  /** Uniform on [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** An integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.uniform() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.uniform() < p;
  }

  /**
   * Normal(mean, sd) by the Box–Muller transform (the second value of each pair is kept).
   * @see G. E. P. Box, M. E. Muller (1958), Ann. Math. Statist. 29(2), 610–611.
   */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return mean + sd * z;
    }
    const u1 = (this.next32() + 0.5) / 4294967296; // never 0: log(0) would be -Infinity
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return mean + sd * r * Math.cos(2 * Math.PI * u2);
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.uniform() * items.length)]!;
  }

  /** A new generator for an independent sub-stream (e.g. one per site), derived from this one. */
  fork(label: number): Rng {
    return new Rng((this.next32() ^ Math.imul(label + 1, 0x85ebca6b)) >>> 0);
  }
}

/** Rounds to `digits` decimals (the demo writes values as a lab would report them). */
export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
