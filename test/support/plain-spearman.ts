/**
 * Spearman's rho written plainly, independent of the library's statistics, so tests can check
 * the library against it: ranks with ties averaged, then Pearson's r of the ranks (Spearman 1904).
 */

/** 1-based ranks, ties given their average rank. */
export function plainRanks(x: ArrayLike<number>): number[] {
  const v = Array.from(x);
  const idx = v.map((_, i) => i).sort((a, b) => v[a]! - v[b]!);
  const r = new Array<number>(v.length).fill(0);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++;
    for (let k = i; k <= j; k++) r[idx[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rho of paired values (all finite). */
export function plainSpearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const rx = plainRanks(x);
  const ry = plainRanks(y);
  const n = rx.length;
  const mx = rx.reduce((a, b) => a + b, 0) / n;
  const my = ry.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho over the pairs where both values are finite, with their number. */
export function plainSpearmanComplete(a: ArrayLike<number>, b: ArrayLike<number>): { rho: number; n: number } {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < a.length; i++)
    if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) {
      x.push(a[i]!);
      y.push(b[i]!);
    }
  return { rho: plainSpearman(x, y), n: x.length };
}
