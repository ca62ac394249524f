/**
 * Robust position of a value among comparable values: z = (x − median) / (1.4826 · MAD), the
 * MAD scaled to estimate σ for normal data. Robust because one bad lot in the history does not
 * widen the yardstick it is measured with. When the MAD is 0 (more than half the values equal)
 * the mean absolute deviation · 1.2533 is used instead; when that is 0 too, no z is given.
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
  let scale = 1.4826 * mid(dev);
  if (scale === 0) scale = 1.2533 * (dev.reduce((s, x) => s + x, 0) / dev.length);
  if (!(scale > 0)) return undefined;
  return { median: med, scale, low: v[0]!, high: v[v.length - 1]!, n: v.length };
}

function mid(sorted: number[]): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** The |z| above which a value is unusual (Iglewicz–Hoaglin). */
export const UNUSUAL_Z = 3.5;
