import { AppError } from '../core/errors.js';
import { mean } from './descriptive.js';
import { studentT } from './distributions.js';
import { requireCount, requireFinite } from './guard.js';
import { averageRanks } from './ranks.js';
import { neumaierDot } from './sum.js';

/** A correlation coefficient with its two-sided p-value. */
export interface CorrelationResult {
  r: number;
  n: number;
  /** Two-sided p of H0: no correlation, from t = r√((n − 2)/(1 − r²)) with n − 2 df. */
  p: number;
  method: 'pearson' | 'spearman';
  /** How p was obtained (always the t approximation with n − 2 df; for Spearman an approximation, not the exact permutation p). */
  pValueMethod: 't approximation (n − 2 df)';
}

function checkPair(x: Float64Array, y: Float64Array, what: string): void {
  if (x.length !== y.length) throw new AppError('length_mismatch', `${what}: x has ${x.length} values, y has ${y.length}`, 'give paired values');
  requireFinite(x, `${what}, x`);
  requireFinite(y, `${what}, y`);
  requireCount(x.length, 3, what);
}

function pearsonCore(x: Float64Array, y: Float64Array, what: string): number {
  const mx = mean(x);
  const my = mean(y);
  const sxx = neumaierDot(x, x, mx, mx);
  const syy = neumaierDot(y, y, my, my);
  if (sxx === 0 || syy === 0) {
    throw new AppError('zero_variance', `${what} cannot be computed: ${sxx === 0 ? 'x' : 'y'} is constant`, 'a constant variable has no correlation with anything');
  }
  return Math.max(-1, Math.min(1, neumaierDot(x, y, mx, my) / Math.sqrt(sxx * syy)));
}

/**
 * Two-sided p of a correlation coefficient under H0: no correlation, from
 * t = r√((n − 2)/(1 − r²)) with n − 2 degrees of freedom — the p that {@link pearson} and
 * {@link spearman} give, for callers that computed r themselves (the explain screen).
 *
 * @param r - the coefficient, in [−1, 1]
 * @param n - number of pairs, n ≥ 3
 * @example correlationPValue(0.8, 4) // 0.2, as pearson([1, 2, 3, 4], [1, 3, 2, 4]).p
 * @see Sheskin, Handbook of Parametric and Nonparametric Statistical Procedures, Test 28.
 */
export function correlationPValue(r: number, n: number): number {
  if (Math.abs(r) === 1) return 0; // perfect correlation: t is unbounded, p is exactly 0
  const t = r * Math.sqrt((n - 2) / (1 - r * r));
  return Math.min(1, 2 * studentT(n - 2).sf(Math.abs(t)));
}

/**
 * Pearson's product-moment correlation from centred, compensated sums, with the t-test p-value.
 *
 * @param x - finite values, n ≥ 3
 * @param y - finite values paired with x
 * @example pearson(new Float64Array([1, 2, 3, 4]), new Float64Array([1, 3, 2, 4])).r // 0.8
 * @see K. Pearson (1895); any text, e.g. Sheskin, Handbook of Parametric and Nonparametric Statistical Procedures, Test 28.
 */
export function pearson(x: Float64Array, y: Float64Array): CorrelationResult {
  checkPair(x, y, 'Pearson correlation');
  const r = pearsonCore(x, y, 'Pearson correlation');
  return { r, n: x.length, p: correlationPValue(r, x.length), method: 'pearson', pValueMethod: 't approximation (n − 2 df)' };
}

/**
 * Spearman's rank correlation: Pearson's r of the ranks, ties given their average rank. The
 * p-value uses the t approximation with n − 2 df (as R's `cor.test(exact = FALSE)`), not the
 * exact permutation distribution.
 *
 * @param x - finite values, n ≥ 3
 * @param y - finite values paired with x
 * @example spearman(new Float64Array([1, 2, 3, 4]), new Float64Array([10, 30, 20, 40])).r // 0.8
 * @see C. Spearman (1904), Amer. J. Psychol. 15; Sheskin, Test 29.
 */
export function spearman(x: Float64Array, y: Float64Array): CorrelationResult {
  checkPair(x, y, 'Spearman correlation');
  const r = pearsonCore(averageRanks(x).ranks, averageRanks(y).ranks, 'Spearman correlation');
  return { r, n: x.length, p: correlationPValue(r, x.length), method: 'spearman', pValueMethod: 't approximation (n − 2 df)' };
}
