import { AppError } from '../core/errors.js';
import { mean, zeroVariance } from './descriptive.js';
import { fisherF } from './distributions.js';
import { requireGroups } from './groups.js';
import { neumaierSum, neumaierDot } from './sum.js';

/** Result of a one-way analysis of variance. */
export interface AnovaResult {
  k: number;
  n: number;
  dfBetween: number;
  dfWithin: number;
  ssBetween: number;
  ssWithin: number;
  msBetween: number;
  msWithin: number;
  f: number;
  p: number;
  /** SS_between/(SS_between + SS_within). */
  rSquared: number;
  /** √MS_within, the pooled within-group sd. */
  residualSd: number;
  groupMeans: Float64Array;
  groupSizes: Float64Array;
}

/**
 * One-way ANOVA, computed stably: each group mean by the two-pass compensated mean, the grand
 * mean from them, and every sum of squares from centred values with compensated sums — never
 * from Σx² − (Σx)²/n, which loses all digits on data like NIST SmLs09 (values 1e12 + 0.1…).
 *
 * @param groups - k ≥ 2 samples, each finite with ≥ 1 value, N > k in total
 * @returns F, p = P(F(k−1, N−k) > F), SS, MS, df, R², residual sd; throws `zero_variance` when
 *   every group is constant (F undefined)
 * @example oneWayAnova([new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])]).f // 13.5
 * @see D. C. Montgomery, Design and Analysis of Experiments, ch. 3; NIST StRD ANOVA.
 */
export function oneWayAnova(groups: readonly Float64Array[]): AnovaResult {
  requireGroups(groups, 'one-way ANOVA');
  const k = groups.length;
  const groupSizes = Float64Array.from(groups, (g) => g.length);
  const n = neumaierSum(groupSizes);
  if (n <= k) throw new AppError('too_few_values', `one-way ANOVA needs more values (${n}) than groups (${k})`, 'add replicates to at least one group');
  const groupMeans = Float64Array.from(groups, (g) => mean(g));
  const grand = mean(concat(groups));
  const ssWithinParts = new Float64Array(k);
  groups.forEach((g, i) => {
    const m = groupMeans[i]!;
    const c = neumaierSum(g, m);
    ssWithinParts[i] = Math.max(0, neumaierDot(g, g, m, m) - (c * c) / g.length);
  });
  const ssWithin = neumaierSum(ssWithinParts);
  const dev = Float64Array.from(groupMeans, (m) => m - grand);
  const ssBetween = neumaierSum(Float64Array.from(dev, (d, i) => groupSizes[i]! * d * d));
  const dfBetween = k - 1;
  const dfWithin = n - k;
  const msBetween = ssBetween / dfBetween;
  const msWithin = ssWithin / dfWithin;
  if (ssWithin === 0) throw zeroVariance('the ANOVA F statistic (no variation within groups)');
  const f = msBetween / msWithin;
  return {
    k, n, dfBetween, dfWithin, ssBetween, ssWithin, msBetween, msWithin, f,
    p: fisherF(dfBetween, dfWithin).sf(f),
    rSquared: ssBetween / (ssBetween + ssWithin),
    residualSd: Math.sqrt(msWithin),
    groupMeans, groupSizes,
  };
}

/** Result of Welch's heteroscedastic one-way ANOVA. */
export interface WelchAnovaResult {
  f: number;
  df1: number;
  /** Fractional denominator degrees of freedom. */
  df2: number;
  p: number;
}

/**
 * Welch's one-way ANOVA for unequal variances (R `oneway.test(var.equal = FALSE)`):
 * wᵢ = nᵢ/sᵢ², x̄_w = Σwᵢx̄ᵢ/W, A = Σwᵢ(x̄ᵢ − x̄_w)²/(k − 1),
 * Λ = Σ(1 − wᵢ/W)²/(nᵢ − 1), F = A/(1 + 2(k − 2)Λ/(k² − 1)), df₂ = (k² − 1)/(3Λ).
 *
 * @param groups - k ≥ 2 samples, each with ≥ 2 values and non-zero variance
 * @example welchAnova([new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])]).f // 13.5
 * @see B. L. Welch (1951), On the comparison of several mean values: an alternative approach, Biometrika 38.
 */
export function welchAnova(groups: readonly Float64Array[]): WelchAnovaResult {
  requireGroups(groups, 'Welch ANOVA', 2);
  const k = groups.length;
  const stats = groups.map((g, i) => {
    const m = mean(g);
    const c = neumaierSum(g, m);
    const v = Math.max(0, neumaierDot(g, g, m, m) - (c * c) / g.length) / (g.length - 1);
    if (v === 0) throw zeroVariance(`Welch ANOVA: the variance of group ${i + 1}`);
    return { n: g.length, m, w: g.length / v };
  });
  const W = neumaierSum(Float64Array.from(stats, (s) => s.w));
  const mw = neumaierSum(Float64Array.from(stats, (s) => s.w * s.m)) / W;
  const A = neumaierSum(Float64Array.from(stats, (s) => s.w * (s.m - mw) ** 2)) / (k - 1);
  const lambda = neumaierSum(Float64Array.from(stats, (s) => (1 - s.w / W) ** 2 / (s.n - 1)));
  const f = A / (1 + (2 * (k - 2) * lambda) / (k * k - 1));
  const df1 = k - 1;
  const df2 = (k * k - 1) / (3 * lambda);
  return { f, df1, df2, p: fisherF(df1, df2).sf(f) };
}

function concat(groups: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(groups.reduce((s, g) => s + g.length, 0));
  let o = 0;
  for (const g of groups) {
    out.set(g, o);
    o += g.length;
  }
  return out;
}
