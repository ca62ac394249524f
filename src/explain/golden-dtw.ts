/**
 * Dynamic time warping (DTW) with a Sakoe–Chiba band, to align a lot's trajectory to a
 * reference lot's before comparing it with a golden envelope.
 */
import { AppError } from '../core/errors.js';

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
 * different length still meet at both ends). Memory is O(n·m) for the path.
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
  const D = new Float64Array(n * m).fill(Infinity);
  const slope = n > 1 ? (m - 1) / (n - 1) : 0;
  const inBand = (i: number, j: number) => Math.abs(j - i * slope) <= w + 1e-9;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (!inBand(i, j)) continue;
      const c = Math.abs(a[i]! - b[j]!);
      if (i === 0 && j === 0) {
        D[0] = c;
        continue;
      }
      let best = Infinity;
      if (i > 0) best = Math.min(best, D[(i - 1) * m + j]!);
      if (j > 0) best = Math.min(best, D[i * m + j - 1]!);
      if (i > 0 && j > 0) best = Math.min(best, D[(i - 1) * m + j - 1]!);
      D[i * m + j] = c + best;
    }
  }
  const cost = D[n * m - 1]!;
  if (!Number.isFinite(cost)) throw new AppError('dtw_band_too_narrow', `no warping path within a band of ${w} points`, 'widen the band');
  // Walk back from the end, preferring the diagonal on ties so the path is deterministic.
  const path: [number, number][] = [[n - 1, m - 1]];
  let i = n - 1, j = m - 1;
  while (i > 0 || j > 0) {
    const diag = i > 0 && j > 0 ? D[(i - 1) * m + j - 1]! : Infinity;
    const up = i > 0 ? D[(i - 1) * m + j]! : Infinity;
    const left = j > 0 ? D[i * m + j - 1]! : Infinity;
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
