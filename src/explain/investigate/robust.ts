/**
 * Robust position of a value among comparable values: z = (x − median) / scale, with scale the
 * larger of 1.4826 · MAD and (Q90 − Q10) / 2.5631 — both estimate σ for normal data, and neither
 * moves when one bad lot is in the history. The second keeps a signal that sits at one value
 * most of the time (a spray rate that is 0 except in a few lots; MAD ≈ 0) from calling every
 * ordinary excursion thousands of sd away. When both are 0, the mean absolute deviation · 1.2533
 * is used; when that is 0 too, no z is given.
 *
 * @see P. J. Rousseeuw, C. Croux (1993), Alternatives to the median absolute deviation, JASA 88;
 *   B. Iglewicz, D. Hoaglin (1993), How to Detect and Handle Outliers (|z| > 3.5 rule).
 */
export interface RobustScale {
  median: number;
  scale: number;
  low: number;
  high: number;
  n: number;
}

/** Median, robust scale, range of the finite values; undefined with fewer than 5 values or no spread. */
export function robustScale(values: ArrayLike<number>): RobustScale | undefined {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length < 5) return undefined;
  const med = mid(v);
  const dev = v.map((x) => Math.abs(x - med)).sort((a, b) => a - b);
  let scale = Math.max(1.4826 * mid(dev), (q7(v, 0.9) - q7(v, 0.1)) / 2.5631);
  if (scale === 0) scale = 1.2533 * (dev.reduce((s, x) => s + x, 0) / dev.length);
  if (!(scale > 0)) return undefined;
  return { median: med, scale, low: v[0]!, high: v[v.length - 1]!, n: v.length };
}

/** Quantile of sorted values, Hyndman–Fan type 7 (as DuckDB's quantile_cont). */
function q7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]!) - sorted[lo]!);
}

function mid(sorted: number[]): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** The |z| above which a value is unusual (Iglewicz–Hoaglin). */
export const UNUSUAL_Z = 3.5;
