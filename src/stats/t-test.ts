import { AppError, field } from '../core/errors.js';
import { mean, variance, zeroVariance } from './descriptive.js';
import { studentT } from './distributions.js';
import { requireGroups } from './groups.js';
import { requireProbability } from './guard.js';

/** Difference of two means with its Welch standard error and degrees of freedom. */
interface WelchParts {
  diff: number;
  se: number;
  df: number;
}

function welchParts(a: Float64Array, b: Float64Array, method: string): WelchParts {
  requireGroups([a, b], method, 2);
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const se2 = va + vb;
  if (se2 === 0) throw zeroVariance(`${method} (both groups constant)`);
  // Welch–Satterthwaite degrees of freedom.
  const df = (se2 * se2) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  return { diff: mean(a) - mean(b), se: Math.sqrt(se2), df };
}

/** Result of Welch's two-sample t test (difference a − b). */
export interface WelchTResult {
  diff: number;
  se: number;
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  /** (1 − alpha) confidence interval of the difference. */
  lower: number;
  upper: number;
}

/**
 * Welch's two-sample t test (unequal variances; R `t.test(a, b)`):
 * t = (x̄ₐ − x̄_b)/√(sₐ²/nₐ + s_b²/n_b), df by Welch–Satterthwaite.
 *
 * @param a - first sample, ≥ 2 values
 * @param b - second sample, ≥ 2 values
 * @param alpha - 1 − confidence of the interval (default 0.05)
 * @example welchTTest(new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])).t // −3.674 (df 4)
 * @see B. L. Welch (1947), The generalization of "Student's" problem…, Biometrika 34.
 */
export function welchTTest(a: Float64Array, b: Float64Array, alpha = 0.05): WelchTResult {
  requireProbability(alpha, 'alpha');
  const { diff, se, df } = welchParts(a, b, 'Welch t test');
  const t = diff / se;
  const dist = studentT(df);
  const half = dist.upperQuantile(alpha / 2) * se;
  return { diff, se, t, df, p: Math.min(1, 2 * dist.sf(Math.abs(t))), lower: diff - half, upper: diff + half };
}

/** Result of two one-sided tests for equivalence of two means. */
export interface TostResult {
  diff: number;
  se: number;
  df: number;
  /** Equivalence bounds of the difference a − b. */
  lowerBound: number;
  upperBound: number;
  /** p of H0: diff ≤ lowerBound, and of H0: diff ≥ upperBound. */
  pLower: number;
  pUpper: number;
  /** max(pLower, pUpper): equivalence is shown when p < alpha. */
  p: number;
  /** The (1 − 2·alpha) confidence interval (90 % for alpha 0.05). */
  ciLower: number;
  ciUpper: number;
  confidence: number;
  equivalent: boolean;
  /** The conclusion in words. */
  sentence: string;
}

/**
 * Two one-sided tests (TOST) for equivalence of two means within a stated margin, Welch t-based:
 * the groups are equivalent at level alpha when the (1 − 2α) confidence interval of the
 * difference a − b lies inside (−margin, +margin) (equivalently both one-sided p < α).
 *
 * @param a - first sample (e.g. the receiving site), ≥ 2 values
 * @param b - second sample (e.g. the reference site), ≥ 2 values
 * @param margin - equivalence margin Δ > 0 in the unit of the data, or [lower, upper] bounds
 * @param alpha - level of each one-sided test (default 0.05, giving a 90 % interval)
 * @param names - group names for the sentence (default 'a', 'b')
 * @example tost(new Float64Array([99, 100, 101]), new Float64Array([100, 101, 102]), 3).equivalent // true: 90 % CI −1 ± 1.741 lies inside ±3
 * @see D. J. Schuirmann (1987), A comparison of the two one-sided tests procedure…, J. Pharmacokin. Biopharm. 15; FDA guidance on statistical approaches to bioequivalence (2001).
 */
export function tost(a: Float64Array, b: Float64Array, margin: number | readonly [number, number], alpha = 0.05, names: readonly [string, string] = ['a', 'b']): TostResult {
  requireProbability(alpha, 'alpha');
  if (alpha >= 0.5) throw new AppError('bad_probability', `TOST alpha ${alpha} must be below 0.5`, 'use 0.05');
  const [lowerBound, upperBound] = typeof margin === 'number' ? [-margin, margin] : margin;
  if (!(Number.isFinite(lowerBound) && Number.isFinite(upperBound) && lowerBound < upperBound)) {
    throw new AppError('bad_margin', `equivalence margin ${JSON.stringify(margin)} does not give bounds lower < upper`, `give a positive margin, e.g. ${field('margin', '2')} for ±2 units`);
  }
  const { diff, se, df } = welchParts(a, b, 'TOST equivalence test');
  const dist = studentT(df);
  const pLower = dist.sf((diff - lowerBound) / se);
  const pUpper = dist.cdf((diff - upperBound) / se);
  const half = dist.upperQuantile(alpha) * se;
  const ciLower = diff - half;
  const ciUpper = diff + half;
  const p = Math.max(pLower, pUpper);
  const equivalent = ciLower > lowerBound && ciUpper < upperBound;
  const confidence = 1 - 2 * alpha;
  const pct = `${Number((100 * confidence).toPrecision(4))} %`;
  const ci = `[${fmt(ciLower)}, ${fmt(ciUpper)}]`;
  const bounds = `(${fmt(lowerBound)}, ${fmt(upperBound)})`;
  const sentence = equivalent
    ? `${names[0]} and ${names[1]} are equivalent within ${bounds}: the ${pct} confidence interval of the difference ${names[0]} − ${names[1]}, ${ci}, lies inside the margin (TOST p = ${fmt(p)}).`
    : `Equivalence of ${names[0]} and ${names[1]} within ${bounds} is not shown: the ${pct} confidence interval of the difference ${names[0]} − ${names[1]}, ${ci}, is not inside the margin (TOST p = ${fmt(p)}).`;
  return { diff, se, df, lowerBound, upperBound, pLower, pUpper, p, ciLower, ciUpper, confidence, equivalent, sentence };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}
