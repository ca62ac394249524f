import type { CarryRule } from './analysis-set-types.js';

/**
 * The SQL aggregate that carries values of upstream lots down to one target lot, for each rule.
 * Evaluated per (target lot, upstream material, consuming step, parameter) over rows with
 * `u.w` (contribution of the upstream lot to the target), `u.n_group` (number of upstream lots
 * of that material and step), `u.start_time`, `u.lot` and `v.value` (NULL when not computable).
 *
 * Why renormalise the weighted mean: an upstream lot without a value must not pull the mean
 * towards zero (missing is not zero), so the weights of the lots that have a value are scaled
 * to sum to 1. If those weights sum to 0 the value is missing, not a division by zero.
 */
export const CARRY_SQL: Record<CarryRule, string> = {
  weighted_mean: `CASE WHEN sum(CASE WHEN v.value IS NOT NULL THEN u.w END) > 0
      THEN sum(u.w * v.value) / sum(CASE WHEN v.value IS NOT NULL THEN u.w END) END`,
  min: 'min(v.value)',
  max: 'max(v.value)',
  first: 'first(v.value ORDER BY u.start_time NULLS LAST, u.lot) FILTER (WHERE v.value IS NOT NULL)',
  single_parent: 'CASE WHEN max(u.n_group) = 1 THEN max(v.value) END',
};
