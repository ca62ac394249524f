/**
 * Ranks with ties averaged (the "mid-rank" convention of rank tests and Spearman's rho), plus
 * the tie sizes the tie corrections need.
 *
 * @param x - finite data
 * @returns ranks 1…n in the input order, and the size of every tie group larger than 1
 * @example averageRanks(new Float64Array([10, 20, 10, 30])) // ranks [1.5, 3, 1.5, 4], ties [2]
 * @see M. Hollander, D. A. Wolfe (1999), Nonparametric Statistical Methods, 2nd ed., §4.
 */
export function averageRanks(x: Float64Array): { ranks: Float64Array; ties: number[] } {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(n);
  const ties: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]!] === x[order[i]!]) j++;
    const r = (i + j + 2) / 2; // mean of the 1-based positions i+1 … j+1
    for (let k = i; k <= j; k++) ranks[order[k]!] = r;
    if (j > i) ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

/**
 * Σ (t³ − t) over tie groups, the quantity every tie correction uses.
 *
 * @param ties - sizes of the tie groups (see {@link averageRanks})
 * @example tieSum([2, 3]) // 6 + 24 = 30
 */
export function tieSum(ties: readonly number[]): number {
  let s = 0;
  for (const t of ties) s += t * t * t - t;
  return s;
}
