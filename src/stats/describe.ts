import { isAppError } from '../core/errors.js';
import { extent, kurtosis, lag1Autocorrelation, mad, mean, sd, skewness } from './descriptive.js';
import { studentT } from './distributions.js';
import { requireCount, requireFinite, requireProbability } from './guard.js';
import { quantileSorted, sortedCopy, type QuantileType } from './quantile.js';

/** Options of {@link describe}. */
export interface DescribeOptions {
  /** Confidence level of the interval of the mean (default 0.95). */
  confidence?: number;
  /** Hyndman–Fan quantile type (default 7). */
  quantileType?: QuantileType;
  /** Probabilities of the reported quantiles (default 0.05, 0.25, 0.5, 0.75, 0.95). */
  probs?: readonly number[];
}

/**
 * A descriptive summary. A statistic the data cannot support (sd of one value, skewness of a
 * constant) is `null`, and `notes` says why — never NaN.
 */
export interface Description {
  n: number;
  mean: number;
  sd: number | null;
  /** Standard error of the mean, sd/√n. */
  se: number | null;
  /** t-based confidence interval of the mean. */
  ci: { level: number; lower: number; upper: number } | null;
  min: number;
  max: number;
  median: number;
  quantiles: { p: number; value: number }[];
  quantileType: QuantileType;
  /** Raw median absolute deviation (multiply by 1.4826 for a normal-consistent σ). */
  mad: number;
  skewness: number | null;
  kurtosis: number | null;
  lag1Autocorrelation: number | null;
  notes: string[];
}

/**
 * Descriptive statistics of one sample: n, mean (two-pass, compensated), sd, standard error,
 * t confidence interval of the mean, min/max, median and quantiles (type 7 by default), MAD,
 * skewness G₁, excess kurtosis G₂, and lag-1 autocorrelation (data in time order).
 *
 * @param x - finite values, n ≥ 1
 * @param options - confidence (0.95), quantileType (7), probs (0.05, 0.25, 0.5, 0.75, 0.95)
 * @example describe(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9])).mean // 5
 * @see NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.5 (quantitative techniques).
 */
export function describe(x: Float64Array, options: DescribeOptions = {}): Description {
  const level = options.confidence ?? 0.95;
  requireProbability(level, 'confidence level');
  requireFinite(x, 'describe');
  requireCount(x.length, 1, 'a description');
  const quantileType = options.quantileType ?? 7;
  const probs = options.probs ?? [0.05, 0.25, 0.5, 0.75, 0.95];
  const notes: string[] = [];
  const n = x.length;
  const s = sortedCopy(x);
  const m = mean(x);
  const sdv = n >= 2 ? sd(x) : null;
  if (sdv === null) notes.push('sd, standard error and confidence interval need at least 2 values');
  const se = sdv === null ? null : sdv / Math.sqrt(n);
  let ci: Description['ci'] = null;
  if (se !== null) {
    const half = studentT(n - 1).upperQuantile((1 - level) / 2) * se;
    ci = { level, lower: m - half, upper: m + half };
  }
  const { min, max } = extent(x);
  return {
    n,
    mean: m,
    sd: sdv,
    se,
    ci,
    min,
    max,
    median: quantileSorted(s, 0.5, 7),
    quantiles: probs.map((p) => ({ p, value: quantileSorted(s, p, quantileType) })),
    quantileType,
    mad: mad(x),
    skewness: orNote(() => skewness(x), 'skewness', notes),
    kurtosis: orNote(() => kurtosis(x), 'kurtosis', notes),
    lag1Autocorrelation: orNote(() => lag1Autocorrelation(x), 'lag-1 autocorrelation', notes),
    notes,
  };
}

function orNote(f: () => number, what: string, notes: string[]): number | null {
  try {
    return f();
  } catch (e) {
    if (!isAppError(e)) throw e;
    notes.push(`${what}: ${e.message}`);
    return null;
  }
}
