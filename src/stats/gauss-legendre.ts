/**
 * Gauss–Legendre quadrature: nodes and weights on [−1, 1] by Newton iteration on the Legendre
 * polynomial, and a composite rule over equal pieces of [a, b]. Used where a smooth integrand has
 * no library routine (the studentized range).
 *
 * @see Abramowitz & Stegun 25.4.29; W. H. Press et al., Numerical Recipes, §4.6.
 */

/** Nodes and weights of the n-point rule on [−1, 1]. */
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let pp = 1;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      pp = (n * (z * p1 - p2)) / (z * z - 1);
      const dz = p1 / pp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * pp * pp);
  }
  return { x, w };
}

const RULE = gaussLegendre(20);

/**
 * ∫ₐᵇ f by the 20-point Gauss–Legendre rule on `pieces` equal sub-intervals.
 *
 * @param f - a smooth integrand
 * @param a - lower limit
 * @param b - upper limit
 * @param pieces - number of sub-intervals (default 8)
 * @example integrate((x) => x * x, 0, 3) // 9
 */
export function integrate(f: (x: number) => number, a: number, b: number, pieces = 8): number {
  const h = (b - a) / pieces;
  let s = 0;
  for (let p = 0; p < pieces; p++) {
    const mid = a + (p + 0.5) * h;
    let part = 0;
    for (let i = 0; i < RULE.x.length; i++) part += RULE.w[i]! * f(mid + 0.5 * h * RULE.x[i]!);
    s += part;
  }
  return 0.5 * h * s;
}
