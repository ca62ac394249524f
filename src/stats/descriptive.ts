import { AppError } from '../core/errors.js';
import { requireCount, requireFinite } from './guard.js';
import { median } from './quantile.js';
import { neumaierDot, neumaierSum } from './sum.js';

/**
 * Arithmetic mean by two passes with compensated sums: a first estimate m₀, then
 * m = m₀ + Σ(x − m₀)/n, which removes the rounding of the first pass (NIST NumAcc4: 1001
 * values near 1e7 with a spread of 0.1).
 *
 * @param x - finite data, n ≥ 1
 * @example mean(new Float64Array([1, 2, 3, 4])) // 2.5
 * @see NIST StRD univariate summary statistics; Neumaier (1974).
 */
export function mean(x: Float64Array): number {
  requireFinite(x, 'mean');
  requireCount(x.length, 1, 'the mean');
  const n = x.length;
  const m0 = neumaierSum(x) / n;
  return m0 + neumaierSum(x, m0) / n;
}

/**
 * Sample variance (denominator n − 1) by the corrected two-pass algorithm:
 * s² = (Σ(x − x̄)² − (Σ(x − x̄))²/n) / (n − 1); the correction term removes the error left by
 * a mean that is not exact.
 *
 * @param x - finite data, n ≥ 2
 * @example variance(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9])) // 32/7 ≈ 4.5714
 * @see T. F. Chan, G. H. Golub, R. J. LeVeque (1983), Algorithms for computing the sample variance, The American Statistician 37(3).
 */
export function variance(x: Float64Array): number {
  requireCount(x.length, 2, 'the variance');
  const m = mean(x);
  return centredSquares(x, m) / (x.length - 1);
}

/** Σ(x − m)² with the two-pass correction term, never negative. */
function centredSquares(x: Float64Array, m: number): number {
  const ss = neumaierDot(x, x, m, m);
  const c = neumaierSum(x, m);
  return Math.max(0, ss - (c * c) / x.length);
}

/**
 * Sample standard deviation √s² (denominator n − 1).
 *
 * @param x - finite data, n ≥ 2
 * @example sd(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9])) // √(32/7) ≈ 2.138
 */
export function sd(x: Float64Array): number {
  return Math.sqrt(variance(x));
}

/**
 * Lag-1 autocorrelation as NIST defines it for the StRD:
 * r(1) = Σᵢ₌₂ⁿ (yᵢ − ȳ)(yᵢ₋₁ − ȳ) / Σᵢ₌₁ⁿ (yᵢ − ȳ)².
 *
 * @param x - finite data, n ≥ 2, not all equal
 * @example lag1Autocorrelation(new Float64Array([1, 2, 3])) // 0 (numerator (-1)(0)+(0)(1))
 * @see NIST StRD, Univariate Summary Statistics, certification method.
 */
export function lag1Autocorrelation(x: Float64Array): number {
  requireCount(x.length, 2, 'the lag-1 autocorrelation');
  const m = mean(x);
  const den = centredSquares(x, m);
  if (den === 0) throw zeroVariance('the lag-1 autocorrelation');
  const num = neumaierDot(x.subarray(1), x.subarray(0, x.length - 1), m, m);
  return num / den;
}

/**
 * Adjusted Fisher–Pearson skewness G₁ = √(n(n−1))/(n−2) · m₃/m₂^{3/2} (SAS, Minitab, Excel SKEW),
 * with central moments mₖ = Σ(x − x̄)ᵏ/n.
 *
 * @param x - finite data, n ≥ 3, not all equal
 * @example skewness(new Float64Array([1, 2, 3, 10])) // ≈ 1.7636 (m₂ = 12.5, m₃ = 45)
 * @see D. N. Joanes, C. A. Gill (1998), Comparing measures of sample skewness and kurtosis, The Statistician 47(1).
 */
export function skewness(x: Float64Array): number {
  requireCount(x.length, 3, 'the skewness');
  const n = x.length;
  const [m2, m3] = centralMoments(x);
  if (m2 === 0) throw zeroVariance('the skewness');
  return (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / Math.pow(m2, 1.5));
}

/**
 * Excess kurtosis G₂ = ((n+1)g₂ + 6)(n−1)/((n−2)(n−3)), g₂ = m₄/m₂² − 3 (SAS, Minitab, Excel KURT).
 *
 * @param x - finite data, n ≥ 4, not all equal
 * @example kurtosis(new Float64Array([1, 2, 3, 10])) // 3.228 (m₂ = 12.5, m₄ = 348.5)
 * @see D. N. Joanes, C. A. Gill (1998), The Statistician 47(1).
 */
export function kurtosis(x: Float64Array): number {
  requireCount(x.length, 4, 'the kurtosis');
  const n = x.length;
  const [m2, , m4] = centralMoments(x);
  if (m2 === 0) throw zeroVariance('the kurtosis');
  const g2 = m4 / (m2 * m2) - 3;
  return (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3));
}

function centralMoments(x: Float64Array): [number, number, number] {
  const m = mean(x);
  const d = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) d[i] = x[i]! - m;
  const d2 = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) d2[i] = d[i]! * d[i]!;
  const n = x.length;
  return [neumaierSum(d2) / n, neumaierDot(d2, d) / n, neumaierDot(d2, d2) / n];
}

/**
 * Median absolute deviation from the median, optionally scaled (1.4826 makes it a consistent
 * estimator of σ for normal data, as R's `mad` does by default).
 *
 * @param x - finite data, n ≥ 1
 * @param scale - multiplier (default 1: the raw MAD)
 * @example mad(new Float64Array([1, 2, 3, 4, 100])) // 1
 * @see F. R. Hampel (1974), The influence curve and its role in robust estimation, JASA 69.
 */
export function mad(x: Float64Array, scale = 1): number {
  const med = median(x);
  const dev = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) dev[i] = Math.abs(x[i]! - med);
  return scale * median(dev);
}

/**
 * Smallest and largest value.
 *
 * @param x - finite data, n ≥ 1
 * @example extent(new Float64Array([3, -1, 7])) // { min: -1, max: 7 }
 */
export function extent(x: Float64Array): { min: number; max: number } {
  requireFinite(x, 'min/max');
  requireCount(x.length, 1, 'min/max');
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * The `zero_variance` error: a statistic divides by a spread that is zero.
 *
 * @param what - the statistic, for the message
 * @example throw zeroVariance('the skewness');
 */
export function zeroVariance(what: string): AppError {
  return new AppError('zero_variance', `${what} cannot be computed: all values are equal (zero variance)`, 'check the data; a constant series has no spread to analyse');
}

