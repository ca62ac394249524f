import { AppError } from '../core/errors.js';
import { normal } from './distributions.js';
import { requireGroups } from './groups.js';
import { averageRanks, tieSum } from './ranks.js';

/** Result of the Mann–Whitney U (Wilcoxon rank-sum) test. */
export interface MannWhitneyResult {
  /** U of the first sample: number of pairs (a, b) with a > b, ties counting ½. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'normal approximation';
}

/**
 * Mann–Whitney U test, two-sided, as R's `wilcox.test(a, b)`: exact null distribution when both
 * samples have fewer than 50 values and there are no ties; otherwise the normal approximation
 * with tie-corrected variance and continuity correction (the method used is returned).
 *
 * @param a - first sample, ≥ 1 value
 * @param b - second sample, ≥ 1 value
 * @example mannWhitney(new Float64Array([1, 2]), new Float64Array([3, 4])) // u 0, p 1/3 (exact)
 * @see H. B. Mann, D. R. Whitney (1947), Ann. Math. Statist. 18; Hollander & Wolfe (1999) §4.1.
 */
export function mannWhitney(a: Float64Array, b: Float64Array): MannWhitneyResult {
  requireGroups([a, b], 'Mann–Whitney test');
  const m = a.length;
  const n = b.length;
  const all = new Float64Array(m + n);
  all.set(a);
  all.set(b, m);
  const { ranks, ties } = averageRanks(all);
  let r1 = 0;
  for (let i = 0; i < m; i++) r1 += ranks[i]!;
  const u = r1 - (m * (m + 1)) / 2;
  if (ties.length === 0 && m < 50 && n < 50) {
    const counts = uDistribution(m, n);
    const total = counts.reduce((s, c) => s + c, 0);
    // Two-sided as R: twice the smaller tail, at most 1.
    const lower = counts.slice(0, Math.floor(u) + 1).reduce((s, c) => s + c, 0) / total;
    const upper = counts.slice(Math.ceil(u)).reduce((s, c) => s + c, 0) / total;
    return { u, p: Math.min(1, 2 * Math.min(lower, upper)), method: 'exact' };
  }
  const N = m + n;
  const sigma2 = ((m * n) / 12) * (N + 1 - tieSum(ties) / (N * (N - 1)));
  if (!(sigma2 > 0)) throw new AppError('zero_variance', 'Mann–Whitney test: all values are equal', 'check the data');
  const z0 = u - (m * n) / 2;
  const z = (z0 - Math.sign(z0) * 0.5) / Math.sqrt(sigma2);
  return { u, p: Math.min(1, 2 * normal.sf(Math.abs(z))), method: 'normal approximation' };
}

/**
 * Frequencies of U = 0 … mn under H0: the coefficients of the Gaussian binomial [m+n choose m]_q,
 * built as Π_{i=1..m} (1 − q^{n+i})/(1 − q^i); each partial product is a polynomial with
 * non-negative integer coefficients.
 */
function uDistribution(m: number, n: number): number[] {
  const c = new Array<number>(m * n + 1).fill(0);
  c[0] = 1;
  for (let i = 1; i <= m; i++) {
    const up = n + i;
    for (let k = c.length - 1; k >= up; k--) c[k]! -= c[k - up]!; // × (1 − q^{n+i})
    for (let k = i; k < c.length; k++) c[k]! += c[k - i]!; // ÷ (1 − q^i)
  }
  return c;
}
