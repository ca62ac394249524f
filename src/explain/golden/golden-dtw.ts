/**
 * Dynamic time warping (DTW) with a Sakoe–Chiba band, to align a lot's trajectory to a
 * reference lot's before comparing it with a golden envelope.
 */
import { AppError } from '../../core/errors.js';

/** The optimal warping path and its cost. */
export interface DtwResult {
  /** Σ |a_i − b_j| over the path. */
  cost: number;
  /** Matched index pairs [i in a, j in b], from [0, 0] to [n − 1, m − 1]. */
  path: [number, number][];
}

/**
 * DTW of two series with the absolute difference as local cost and steps (1, 0), (0, 1),
 * (1, 1): D(i, j) = |a_i − b_j| + min(D(i−1, j), D(i, j−1), D(i−1, j−1)). Cells are allowed only
 * within `band` points of the diagonal i·(m−1)/(n−1) (a Sakoe–Chiba band, scaled so series of
 * different length still meet at both ends). Only cells inside the band are stored.
 *
 * @param a - reference series (finite values)
 * @param b - series to align
 * @param band - half-width of the band in points (default: max(n, m), i.e. no band)
 * @example dtw([0, 1, 2], [0, 1, 1, 2]).cost // 0: b's repeated 1 maps to a's single 1
 * @see Sakoe & Chiba, IEEE Trans. ASSP 26 (1978) 43–49
 */
export function dtw(a: ArrayLike<number>, b: ArrayLike<number>, band?: number): DtwResult {
  const n = a.length, m = b.length;
  if (n === 0 || m === 0) throw new AppError('empty_series', 'dynamic time warping needs two non-empty series', 'check that both lots have data in the phase');
  const w = band ?? Math.max(n, m);
  if (!(w >= 0)) throw new AppError('bad_band', `DTW band ${w} is negative`, 'give a band of 0 or more grid points');
  // Only the cells inside the band are stored (row i holds columns lo[i]…hi[i]): memory and time
  // O(n·band) instead of O(n·m), which matters for long phases sampled every second.
  const slope = n > 1 ? (m - 1) / (n - 1) : 0;
  const lo = new Int32Array(n), hi = new Int32Array(n), start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    lo[i] = Math.max(0, Math.ceil(i * slope - w - 1e-9));
    hi[i] = Math.min(m - 1, Math.floor(i * slope + w + 1e-9));
    start[i + 1] = start[i]! + Math.max(0, hi[i]! - lo[i]! + 1);
  }
  const D = new Float64Array(start[n]!).fill(Infinity);
  const at = (i: number, j: number): number => (i < 0 || j < lo[i]! || j > hi[i]! ? Infinity : D[start[i]! + j - lo[i]!]!);
  for (let i = 0; i < n; i++) {
    for (let j = lo[i]!; j <= hi[i]!; j++) {
      const c = Math.abs(a[i]! - b[j]!);
      const best = i === 0 && j === 0 ? 0 : Math.min(at(i - 1, j), at(i, j - 1), at(i - 1, j - 1));
      D[start[i]! + j - lo[i]!] = c + best;
    }
  }
  const cost = at(n - 1, m - 1);
  if (!Number.isFinite(cost)) throw new AppError('dtw_band_too_narrow', `no warping path within a band of ${w} points`, 'widen the band');
  // Walk back from the end, preferring the diagonal on ties so the path is deterministic.
  const path: [number, number][] = [[n - 1, m - 1]];
  let i = n - 1, j = m - 1;
  while (i > 0 || j > 0) {
    const diag = at(i - 1, j - 1), up = at(i - 1, j), left = at(i, j - 1);
    if (diag <= up && diag <= left) (i--, j--);
    else if (up <= left) i--;
    else j--;
    path.push([i, j]);
  }
  path.reverse();
  return { cost, path };
}

/**
 * Puts `b` on the time axis of the reference `a`: for each reference point i, the mean of the
 * values of `b` matched to it, and the first matched index of `b` (the lot's own time there).
 *
 * @example warpTo([0, 1, 2], [0, 1, 1, 2]).values // [0, 1, 2]
 */
export function warpTo(a: ArrayLike<number>, b: ArrayLike<number>, band?: number): { values: Float64Array; lotIndex: Int32Array; cost: number } {
  const { cost, path } = dtw(a, b, band);
  const sum = new Float64Array(a.length), cnt = new Float64Array(a.length);
  const lotIndex = new Int32Array(a.length).fill(-1);
  for (const [i, j] of path) {
    sum[i]! += b[j]!;
    cnt[i]! += 1;
    if (lotIndex[i] === -1) lotIndex[i] = j;
  }
  return { values: sum.map((s, i) => s / cnt[i]!), lotIndex, cost };
}
