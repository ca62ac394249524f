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
  return scan(Float64Array.from(order, (i) => x[i]!), Float64Array.from(order, (i) => y[i]!), n, total);
}

/**
 * {@link bestSplit} for pairs already in ascending order of x (the screen has them so from
 * ranking x), so nothing is sorted again. The total of y is summed in that order.
 *
 * @param xs - driver values (finite), ascending
 * @param ys - target values (finite), paired with xs
 * @param n - number of pairs (default xs.length)
 * @example bestSplitSorted(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 5, 9, 9])) // threshold 2, means 5 | 9
 */
export function bestSplitSorted(xs: Float64Array, ys: Float64Array, n = xs.length): Split | undefined {
  let total = 0;
  for (let k = 0; k < n; k++) total += ys[k]!;
  return scan(xs, ys, n, total);
}

/** The cut search over pairs in ascending order of x. */
function scan(xs: Float64Array, ys: Float64Array, n: number, total: number): Split | undefined {
  const lo = Math.max(1, Math.floor(0.1 * n));
  const hi = Math.min(n - 1, Math.ceil(0.9 * n));
  let best: Split | undefined;
  let bestScore = -1;
  let left = 0;
  for (let k = 0; k < hi; k++) {
    left += ys[k]!;
    const nl = k + 1;
    if (nl < lo) continue;
    const xk = xs[k]!;
    if (xk === xs[k + 1]) continue; // a cut must fall between distinct values
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
