import { AppError } from '../core/errors.js';
import { chiSquare } from './distributions.js';
import { requireGroups } from './groups.js';
import { averageRanks, tieSum } from './ranks.js';

/** Result of the Kruskal–Wallis rank test. */
export interface KruskalWallisResult {
  /** H corrected for ties. */
  h: number;
  df: number;
  /** From the chi-square approximation with k − 1 df. */
  p: number;
  /** Mean rank of each group. */
  meanRanks: Float64Array;
}

/**
 * Kruskal–Wallis test: H = 12/(N(N+1)) Σ Rᵢ²/nᵢ − 3(N+1), divided by the tie correction
 * 1 − Σ(t³ − t)/(N³ − N); p from χ²(k − 1) (as R's `kruskal.test`).
 *
 * @param groups - k ≥ 2 samples, each with ≥ 1 finite value, not all values equal
 * @example kruskalWallis([new Float64Array([1, 2]), new Float64Array([3, 4])]).h // 2.4
 * @see W. H. Kruskal, W. A. Wallis (1952), Use of ranks in one-criterion variance analysis, JASA 47.
 */
export function kruskalWallis(groups: readonly Float64Array[]): KruskalWallisResult {
  requireGroups(groups, 'Kruskal–Wallis test');
  const all = new Float64Array(groups.reduce((s, g) => s + g.length, 0));
  let o = 0;
  for (const g of groups) {
    all.set(g, o);
    o += g.length;
  }
  const n = all.length;
  const { ranks, ties } = averageRanks(all);
  const correction = 1 - tieSum(ties) / (n * n * n - n);
  if (!(correction > 0)) throw new AppError('zero_variance', 'Kruskal–Wallis test: all values are equal, there is nothing to rank', 'check the data');
  const meanRanks = new Float64Array(groups.length);
  let s = 0;
  o = 0;
  groups.forEach((g, i) => {
    let r = 0;
    for (let j = 0; j < g.length; j++) r += ranks[o + j]!;
    o += g.length;
    meanRanks[i] = r / g.length;
    s += (r * r) / g.length;
  });
  const h = ((12 / (n * (n + 1))) * s - 3 * (n + 1)) / correction;
  const df = groups.length - 1;
  return { h, df, p: chiSquare(df).sf(h), meanRanks };
}
