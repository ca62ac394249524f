/**
 * The threshold of a numeric driver that best separates the target, for a sentence a person
 * can act on ("lots with d90 above 118 µm had 3.9 % lower dissolution"). It is the split of a
 * one-level regression tree: the cut between distinct driver values that maximises the
 * between-group sum of squares, searched between the 10th and 90th percentile so each side has
 * a useful share of the lots. Only for description: p values come from rank tests, not from
 * this searched split (which would be optimistic).
 */
export interface Split {
  threshold: number;
  nBelow: number;
  nAbove: number;
  meanBelow: number;
  meanAbove: number;
}

/** Best split of `y` by `x` (paired, finite); undefined when x has fewer than 2 distinct values in range. */
export function bestSplit(x: Float64Array, y: Float64Array): Split | undefined {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i]!;
  const lo = Math.max(1, Math.floor(0.1 * n));
  const hi = Math.min(n - 1, Math.ceil(0.9 * n));
  let best: Split | undefined;
  let bestScore = -1;
  let left = 0;
  for (let k = 0; k < hi; k++) {
    left += y[order[k]!]!;
    const nl = k + 1;
    if (nl < lo) continue;
    const xk = x[order[k]!]!;
    const xn = x[order[k + 1]!]!;
    if (xk === xn) continue; // a cut must fall between distinct values
    const nr = n - nl;
    const ml = left / nl;
    const mr = (total - left) / nr;
    const score = (nl * nr * (ml - mr) * (ml - mr)) / n;
    if (score > bestScore) {
      bestScore = score;
      best = { threshold: xk, nBelow: nl, nAbove: nr, meanBelow: ml, meanAbove: mr };
    }
  }
  return best;
}
