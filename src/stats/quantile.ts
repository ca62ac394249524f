import { AppError } from '../core/errors.js';
import { requireCount, requireFinite, requireProbability } from './guard.js';

/** The nine sample quantile definitions of Hyndman & Fan (1996); R's `quantile(type = …)`. */
export type QuantileType = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * Copies and sorts ascending (typed-array sort is numeric).
 *
 * @param values - the data
 * @example sortedCopy(new Float64Array([3, 1, 2])) // [1, 2, 3]
 */
export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Sample quantile of already sorted data by one of the Hyndman–Fan definitions.
 * Type 7 (the default, as in R, NumPy and Excel's PERCENTILE.INC) interpolates between order
 * statistics at h = (n − 1)p + 1. Type 6 is Minitab's and SPSS's, type 8 is the median-unbiased
 * one Hyndman & Fan recommend.
 *
 * @param sorted - data sorted ascending (see {@link sortedCopy}), finite, n ≥ 1
 * @param p - probability in [0, 1]
 * @param type - definition 1…9 (default 7)
 * @example quantileSorted(new Float64Array([1, 2, 3, 4]), 0.25) // 1.75
 * @see R. J. Hyndman, Y. Fan (1996), Sample quantiles in statistical packages, The American Statistician 50(4), 361–365.
 */
export function quantileSorted(sorted: Float64Array, p: number, type: QuantileType = 7): number {
  const n = sorted.length;
  requireCount(n, 1, 'a quantile');
  requireProbability(p, 'quantile', true);
  const x = (i: number): number => sorted[Math.min(Math.max(i, 1), n) - 1]!;
  // Hyndman & Fan's unified form: Q = (1 − γ) x_j + γ x_{j+1}, j = ⌊np + m⌋, g = np + m − j.
  const m = offsetOf(type, p);
  const np = n * p + m;
  let j = Math.floor(np);
  let g = np - j;
  // As R does: a g within a few ulps of 0 or 1 is rounding noise of n·p, not a real fraction.
  const fuzz = 4 * Number.EPSILON * Math.max(1, Math.abs(np));
  if (g < fuzz) g = 0;
  if (1 - g < fuzz) {
    g = 0;
    j += 1;
  }
  let gamma: number;
  if (type === 1) gamma = g > 0 ? 1 : 0;
  else if (type === 2) gamma = g > 0 ? 1 : 0.5;
  else if (type === 3) gamma = g === 0 && j % 2 === 0 ? 0 : 1;
  else gamma = g;
  if (gamma === 0) return x(j);
  if (gamma === 1) return x(j + 1);
  return (1 - gamma) * x(j) + gamma * x(j + 1);
}

function offsetOf(type: QuantileType, p: number): number {
  switch (type) {
    case 1:
    case 2:
    case 4:
      return 0;
    case 3:
      return -0.5;
    case 5:
      return 0.5;
    case 6:
      return p;
    case 7:
      return 1 - p;
    case 8:
      return (p + 1) / 3;
    case 9:
      return p / 4 + 3 / 8;
    default:
      throw new AppError('bad_quantile_type', `quantile type ${String(type)} is not one of 1…9`, 'use 7 (the default) unless a procedure names another');
  }
}

/**
 * Sample quantiles of unsorted data (sorts a copy once).
 *
 * @param values - finite data, n ≥ 1
 * @param probs - probabilities in [0, 1]
 * @param type - Hyndman–Fan definition (default 7)
 * @example quantiles(new Float64Array([3, 1, 2]), [0, 0.5, 1]) // [1, 2, 3]
 * @see R. J. Hyndman, Y. Fan (1996), The American Statistician 50(4).
 */
export function quantiles(values: Float64Array, probs: readonly number[], type: QuantileType = 7): number[] {
  requireFinite(values, 'quantile');
  const s = sortedCopy(values);
  return probs.map((p) => quantileSorted(s, p, type));
}

/**
 * Median (the 0.5 quantile; all nine types agree on it except 1 and 3 for even n, so type 7 is used).
 *
 * @param values - finite data, n ≥ 1
 * @example median(new Float64Array([4, 1, 3, 2])) // 2.5
 */
export function median(values: Float64Array): number {
  return quantiles(values, [0.5])[0]!;
}
