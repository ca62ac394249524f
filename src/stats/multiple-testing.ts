import { requireProbability } from './guard.js';

/**
 * Benjamini–Hochberg q-values (false discovery rate adjusted p-values), in the input order:
 * q₍ᵢ₎ = min_{j ≥ i} (m p₍ⱼ₎ / j), capped at 1 — R's `p.adjust(p, 'BH')`.
 *
 * @param p - p-values in [0, 1]
 * @returns adjusted values, same order as `p`
 * @example benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]
 * @see Y. Benjamini, Y. Hochberg (1995), Controlling the false discovery rate, JRSS B 57.
 */
export function benjaminiHochberg(p: readonly number[] | Float64Array): Float64Array {
  const m = p.length;
  p.forEach((v, i) => requireProbability(v, `p-value ${i + 1}`, true));
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => p[b]! - p[a]!); // descending
  const q = new Float64Array(m);
  let running = 1;
  order.forEach((idx, k) => {
    const rank = m - k; // ascending rank of this p
    running = Math.min(running, (m * p[idx]!) / rank);
    q[idx] = running;
  });
  return q;
}
