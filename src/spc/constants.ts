import { AppError } from '../core/errors.js';
import { gammaln, normCdf } from './dist.js';

/**
 * Control chart constants for subgroups of n = 2…25.
 *
 * - d2 (mean of the relative range W = R/σ) is the three-decimal value of Montgomery,
 *   *Introduction to Statistical Quality Control*, Appendix VI. The tabulated value is used on
 *   purpose: it is what the textbook, Minitab and R qcc use, so σ = R̄/d2 matches their reports
 *   digit for digit (the exact d2(5) = 2.32593 would move σ in the fifth digit).
 * - d3 (standard deviation of W) is computed to full precision by numerical integration of the
 *   range distribution of n standard normals (Montgomery's table rounds it to three decimals;
 *   the test checks the rounding agrees).
 * - c4 = sqrt(2/(n−1))·Γ(n/2)/Γ((n−1)/2), exact.
 * - A2 = 3/(d2√n), A3 = 3/(c4√n), D3 = max(0, 1 − 3d3/d2), D4 = 1 + 3d3/d2,
 *   B3 = max(0, 1 − 3√(1−c4²)/c4), B4 = 1 + 3√(1−c4²)/c4 (Montgomery, Appendix VI footnotes).
 *
 * @see Montgomery, D.C., Introduction to Statistical Quality Control, Appendix VI.
 */
const D2_TABLE: readonly number[] = [
  NaN, NaN, 1.128, 1.693, 2.059, 2.326, 2.534, 2.704, 2.847, 2.97, 3.078, 3.173, 3.258, 3.336, 3.407, 3.472, 3.532,
  3.588, 3.64, 3.689, 3.735, 3.778, 3.819, 3.858, 3.895, 3.931,
];

/** Smallest and largest subgroup size with tabulated constants. */
const MIN_N = 2;
export const MAX_N = 25;

function checkN(n: number, what: string): void {
  if (!Number.isInteger(n) || n < MIN_N || n > MAX_N) {
    throw new AppError(
      'subgroup_size_unsupported',
      `${what} needs a subgroup size between ${MIN_N} and ${MAX_N}, got ${n}`,
      n < MIN_N ? 'use an individuals chart (imr) for single values' : 'use an X̄-S chart or smaller subgroups',
    );
  }
}

/** d2(n): expected relative range, Montgomery Appendix VI (three decimals). @example d2(5) // 2.326 */
export function d2(n: number): number {
  checkN(n, 'd2');
  return D2_TABLE[n]!;
}

/** c4(n) = sqrt(2/(n−1))·Γ(n/2)/Γ((n−1)/2): bias of the sample standard deviation. @example c4(5) // 0.9399856 */
export function c4(n: number): number {
  if (!Number.isInteger(n) || n < 2) throw new AppError('subgroup_size_unsupported', `c4 needs n ≥ 2, got ${n}`, 'use subgroups of at least 2 values');
  return Math.sqrt(2 / (n - 1)) * Math.exp(gammaln(n / 2) - gammaln((n - 1) / 2));
}

const d3Cache = new Map<number, number>();

/**
 * d3(n): standard deviation of the relative range of n standard normal values, by numerical
 * integration: E[W] = ∫ 1 − Φ(x)ⁿ − (1−Φ(x))ⁿ dx and
 * E[W²] = 2 ∫∫_{x<y} 1 − Φ(y)ⁿ − (1−Φ(x))ⁿ + (Φ(y)−Φ(x))ⁿ dx dy (composite Simpson on [−8, 8]).
 * @example d3(5) // 0.8640855 (Montgomery: 0.864)
 * @see Tippett (1925); Montgomery Appendix VI.
 */
export function d3(n: number): number {
  checkN(n, 'd3');
  const hit = d3Cache.get(n);
  if (hit !== undefined) return hit;
  const m = 640; // even number of Simpson intervals; h = 0.025 gives ~1e-9 accuracy
  const a = -8;
  const h = 16 / m;
  const F = new Float64Array(m + 1);
  for (let i = 0; i <= m; i++) F[i] = normCdf(a + i * h);
  const w = (i: number) => (i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2);
  let ew = 0;
  for (let i = 0; i <= m; i++) ew += w(i) * (1 - F[i]! ** n - (1 - F[i]!) ** n);
  ew *= h / 3;
  // Outer Simpson over y; the inner integral over x ∈ [a, y] ends on a grid point, so it is
  // Simpson when it spans an even number of intervals, else Simpson plus one 3/8-rule panel.
  let ew2 = 0;
  for (let j = 2; j <= m; j += 1) {
    const Fy = F[j]!;
    const g = (i: number) => 1 - Fy ** n - (1 - F[i]!) ** n + (Fy - F[i]!) ** n;
    let inner = 0;
    const even = j % 2 === 0 ? j : j - 3;
    for (let i = 0; i <= even; i++) inner += (i === 0 || i === even ? 1 : i % 2 === 1 ? 4 : 2) * g(i);
    inner *= h / 3;
    if (even !== j) inner += ((3 * h) / 8) * (g(j - 3) + 3 * g(j - 2) + 3 * g(j - 1) + g(j));
    ew2 += w(j) * inner;
  }
  ew2 *= (2 * h) / 3;
  const v = Math.sqrt(ew2 - ew * ew);
  d3Cache.set(n, v);
  return v;
}

/** All constants of one subgroup size, as in Montgomery's Appendix VI. */
export interface ChartConstants {
  n: number;
  d2: number;
  d3: number;
  c4: number;
  A2: number;
  A3: number;
  B3: number;
  B4: number;
  D3: number;
  D4: number;
}

/** The constants for subgroup size n (2…25). @example chartConstants(5).A2 // 0.577 */
export function chartConstants(n: number): ChartConstants {
  const D2 = d2(n);
  const D3v = d3(n);
  const C4 = c4(n);
  const s = Math.sqrt(1 - C4 * C4) / C4;
  return {
    n,
    d2: D2,
    d3: D3v,
    c4: C4,
    A2: 3 / (D2 * Math.sqrt(n)),
    A3: 3 / (C4 * Math.sqrt(n)),
    B3: Math.max(0, 1 - 3 * s),
    B4: 1 + 3 * s,
    D3: Math.max(0, 1 - (3 * D3v) / D2),
    D4: 1 + (3 * D3v) / D2,
  };
}
