/**
 * Compensated summation (Neumaier's improvement of Kahan's algorithm): the running error of
 * each addition is kept and added back, so the sum is as accurate as if it were computed in
 * roughly twice the working precision. Plain summation loses the last digits on data with a
 * large common offset (NIST NumAcc4: 1001 values near 1e7).
 *
 * @param values - the addends
 * @param shift - subtracted from every value before summing (default 0)
 * @returns Σ (values[i] − shift)
 * @example neumaierSum(new Float64Array([1e16, 1, -1e16])) // 1 (plain summation gives 0)
 * @see A. Neumaier (1974), Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen, ZAMM 54.
 */
export function neumaierSum(values: Float64Array, shift = 0): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! - shift;
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}

/**
 * Compensated sum of products Σ (a[i] − sa)(b[i] − sb), the core of variances, covariances and
 * autocorrelations after centring.
 *
 * @param a - first factor
 * @param b - second factor (same length as `a`)
 * @param sa - subtracted from a (default 0)
 * @param sb - subtracted from b (default 0)
 * @example neumaierDot(new Float64Array([1, 2]), new Float64Array([3, 4])) // 11
 */
export function neumaierDot(a: Float64Array, b: Float64Array, sa = 0, sb = 0): number {
  let sum = 0;
  let c = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const v = (a[i]! - sa) * (b[i]! - sb);
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}
