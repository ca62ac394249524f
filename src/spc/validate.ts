import { AppError } from '../core/errors.js';

/**
 * Input checks shared by charts and capability. Every check names the value and says what to do;
 * nothing downstream ever sees NaN or ±Infinity.
 */

// The same refusals as the statistics: a NaN or infinite value names its position; too few values say how many.
export { requireCount, requireFinite } from '../stats/guard.js';

/** Resolves a baseline: all indices when none is given; checks each index is in range. */
export function resolveBaseline(baseline: readonly number[] | undefined, count: number): number[] {
  // Plain loops: charts of a million points must not pay for Array.from callbacks or a sort.
  if (baseline === undefined) {
    const all = new Array<number>(count);
    for (let i = 0; i < count; i++) all[i] = i;
    return all;
  }
  let sorted = true;
  for (let j = 0; j < baseline.length; j++) {
    const i = baseline[j]!;
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new AppError('bad_baseline', `baseline point ${i} is not one of the ${count} points`, 'list baseline points by their position, 0-based, or give lots or dates');
    }
    if (j > 0 && i < baseline[j - 1]!) sorted = false;
  }
  return sorted ? [...baseline] : [...baseline].sort((a, b) => a - b);
}

/** Checks nsigmas is a positive finite number; returns it (default 3). */
export function resolveNsigmas(nsigmas: number | undefined): number {
  const k = nsigmas ?? 3;
  if (!(k > 0) || !Number.isFinite(k)) throw new AppError('bad_option', `nsigmas ${k} must be a positive number`, 'use 3 (the Shewhart default)');
  return k;
}
