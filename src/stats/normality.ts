import { AppError } from '../core/errors.js';
import { normCdf } from '../spc/dist.js';
import { requireCount } from './guard.js';

/** Result of the Anderson–Darling test for normality with estimated mean and sd. */
export interface AndersonDarling {
  n: number;
  /** A² statistic. */
  a2: number;
  /** A*² = A²(1 + 0.75/n + 2.25/n²), the small-sample corrected statistic the p-value uses. */
  a2Adjusted: number;
  /** p-value (D'Agostino & Stephens 1986, Table 4.9), clipped to [0, 1]. */
  pValue: number;
}

/**
 * A² of sorted values against a fitted distribution, given as its CDF and survival function
 * (the survival function avoids 1 − F losing all digits in the upper tail):
 * A² = −n − (1/n) Σ (2i−1)[ln F(x₍ᵢ₎) + ln S(x₍ₙ₊₁₋ᵢ₎)].
 *
 * @param sorted - values in ascending order
 * @example adStatistic(sorted, (x) => 1 - Math.exp(-x), (x) => Math.exp(-x))
 * @see Anderson & Darling (1954) JASA 49; Stephens (1974) JASA 69
 */
export function adStatistic(sorted: Float64Array, cdf: (x: number) => number, sf: (x: number) => number): number {
  const n = sorted.length;
  const tiny = Number.MIN_VALUE; // a value far in a tail still counts, as a very large term
  let s = 0;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(cdf(sorted[i]!), tiny);
    const hi = Math.max(sf(sorted[n - 1 - i]!), tiny);
    s += (2 * i + 1) * (Math.log(lo) + Math.log(hi));
  }
  return -n - s / n;
}

/**
 * Anderson–Darling test of normality, mean and sd estimated from the data (case 3), with the
 * D'Agostino–Stephens small-sample correction and p-value formulas:
 * A*² < 0.2: p = 1 − exp(−13.436 + 101.14A*² − 223.73A*⁴);
 * < 0.34: p = 1 − exp(−8.318 + 42.796A*² − 59.938A*⁴);
 * < 0.6: p = exp(0.9177 − 4.279A*² − 1.38A*⁴); else p = exp(1.2937 − 5.709A*² + 0.0186A*⁴).
 *
 * @param values - finite values, n ≥ 8 (the formulas' range of validity)
 * @example andersonDarling(values).pValue < 0.05 // evidence against normality
 * @see D'Agostino, R.B. & Stephens, M.A. (1986) Goodness-of-Fit Techniques, Table 4.9
 */
export function andersonDarling(values: Float64Array): AndersonDarling {
  const n = values.length;
  requireCount(n, 8, 'the Anderson–Darling test', 'collect more lots before judging normality');
  const sorted = Float64Array.from(values).sort();
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) throw new AppError('zero_variance', `all ${n} values are ${sorted[0]}: normality cannot be judged`, 'check the data; identical values carry no information about a distribution');
  const a2 = adStatistic(sorted, (x) => normCdf((x - mean) / sd), (x) => normCdf((mean - x) / sd));
  const a = a2 * (1 + 0.75 / n + 2.25 / (n * n));
  return { n, a2, a2Adjusted: a, pValue: adPValue(a) };
}

/**
 * p-value of the normality test from the corrected statistic A*² (D'Agostino & Stephens 1986,
 * Table 4.9), clipped to [0, 1]; 0 for A*² ≥ 153, where the formula stops decreasing.
 * @example adPValue(0.752) // ≈ 0.05, the tabulated 5 % critical value
 */
export function adPValue(a: number): number {
  // The last quadratic turns upward past its minimum at A*² = 5.709/(2·0.0186) ≈ 153; the true
  // p-value there is far below any level anyone tests at, so it is reported as 0.
  if (a >= 153) return 0;
  let p: number;
  if (a < 0.2) p = 1 - Math.exp(-13.436 + 101.14 * a - 223.73 * a * a);
  else if (a < 0.34) p = 1 - Math.exp(-8.318 + 42.796 * a - 59.938 * a * a);
  else if (a < 0.6) p = Math.exp(0.9177 - 4.279 * a - 1.38 * a * a);
  else p = Math.exp(1.2937 - 5.709 * a + 0.0186 * a * a);
  return Math.min(1, Math.max(0, p));
}
