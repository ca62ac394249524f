import { AppError } from '../core/errors.js';
import type { ChartData } from './chart-data.js';
import type { ChartKind } from './types.js';

/** The name of each chart kind in a sentence ('X̄-R chart'). */
export const CHART_TITLES: Record<ChartKind, string> = {
  imr: 'I-MR chart', 'xbar-r': 'X̄-R chart', 'xbar-s': 'X̄-S chart', p: 'p chart', np: 'np chart', c: 'c chart', u: 'u chart', ewma: 'EWMA chart', cusum: 'CUSUM chart',
};

/** Largest subgroup size an X̄-R chart is chosen for; above it (or with unequal sizes) X̄-S. */
export const MAX_RANGE_SUBGROUP = 10;

/** How many values the lots have, in words: '5' or '6–12'. */
export function sizesText(sizes: readonly number[]): string {
  const lo = Math.min(...sizes);
  const hi = Math.max(...sizes);
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}

/** The replicates per lot of replicate data (empty for one value per lot). */
export function subgroupSizes(data: ChartData): number[] {
  return data.source === 'replicates' ? data.rows.map((r) => r.replicates?.length ?? 1) : [];
}

/**
 * The chart a parameter gets when none is asked for, with the reason in a sentence.
 * With a subgroup size k (consecutive lots grouped): X̄-R for k ≤ 10, else X̄-S. One value per lot: I-MR. A replicate parameter: each lot is a subgroup; X̄-R when every lot has
 * the same number of values, 2 to 10; X̄-S when a lot has more than 10 or the sizes vary (the range
 * wastes the information of large subgroups and its constants assume equal sizes); I-MR of the lot
 * means when a lot has a single value (no spread within it to judge by).
 *
 * @example defaultChart(data).kind // 'xbar-r' for 25 lots of 5 piston-ring diameters
 * @see Montgomery, Introduction to SQC (6th ed.), §6.3: X̄ and s charts are preferable when n is
 *   moderately large (n > 10 or 12) or the sample size varies
 */
export function defaultChart(data: ChartData, parameter: string, subgroup?: number): { kind: ChartKind; reason: string } {
  if (subgroup !== undefined) {
    const kind = subgroup <= MAX_RANGE_SUBGROUP ? 'xbar-r' : 'xbar-s';
    return { kind, reason: `${CHART_TITLES[kind]} of subgroups of ${subgroup} consecutive lots, the default for that subgroup size (X̄-R up to ${MAX_RANGE_SUBGROUP}, X̄-S above)` };
  }
  const sizes = subgroupSizes(data);
  if (sizes.length === 0) return { kind: 'imr', reason: `I-MR chart, the default for one value of ${parameter} per lot` };
  const n = sizesText(sizes);
  const min = Math.min(...sizes);
  const max = Math.max(...sizes);
  if (min < 2) {
    return { kind: 'imr', reason: `I-MR chart of lot means: ${parameter} has ${n} values per lot and a lot with a single value has no spread within it for an X̄ chart` };
  }
  if (min === max && max <= MAX_RANGE_SUBGROUP) {
    return { kind: 'xbar-r', reason: `X̄-R chart, the default for ${n} values of ${parameter} per lot (each lot one subgroup; X̄-S is used above ${MAX_RANGE_SUBGROUP} values or when lots have different numbers)` };
  }
  return {
    kind: 'xbar-s',
    reason: `X̄-S chart, the default for ${n} values of ${parameter} per lot (each lot one subgroup; ${min === max ? `more than ${MAX_RANGE_SUBGROUP} values` : 'the lots have different numbers of values'}, so S rather than R)`,
  };
}

/**
 * What a chart other than X̄-R/X̄-S does with a replicate parameter: I-MR, EWMA and CUSUM plot one
 * value per lot, its mean, with σ from the moving ranges of the lot means (lot-to-lot variation
 * inside the limits); attribute charts do not apply to measured values. Returns the note to show.
 */
export function lotMeansNote(kind: ChartKind, data: ChartData, parameter: string, subgroup: number | undefined): string | undefined {
  const sizes = subgroupSizes(data);
  if (sizes.length === 0 || ((kind === 'xbar-r' || kind === 'xbar-s') && subgroup === undefined)) return undefined;
  if (kind === 'p' || kind === 'np' || kind === 'c' || kind === 'u') {
    throw new AppError('bad_option', `a ${kind} chart counts nonconforming units or defects; '${parameter}' is a measured replicate parameter`, 'use the default chart (X̄-R or X̄-S), or imr, ewma or cusum of the lot means');
  }
  const mean = `a lot's mean of its ${sizesText(sizes)} values of ${parameter}`;
  if (subgroup !== undefined) return `subgroups of ${subgroup} consecutive lots, each value in them ${mean}`;
  return `${CHART_TITLES[kind]} of lot means: each point is ${mean}; σ comes from the moving ranges of the lot means, so lot-to-lot variation is inside the limits (the X̄ chart judges lot means against the spread within lots)`;
}
