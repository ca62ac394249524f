import { AppError } from '../core/errors.js';
import { requireFinite } from './guard.js';

/** Values split by group label, labels in order of first appearance. */
export interface Grouped {
  labels: string[];
  groups: Float64Array[];
}

/**
 * Splits a value column by a parallel label column (the shape a store query returns).
 *
 * @param values - finite values
 * @param labels - one group label per value
 * @example splitGroups(new Float64Array([1, 2, 3]), ['a', 'b', 'a']) // labels ['a','b'], groups [[1,3],[2]]
 */
export function splitGroups(values: Float64Array, labels: readonly string[]): Grouped {
  if (values.length !== labels.length) {
    throw new AppError('length_mismatch', `${values.length} values but ${labels.length} group labels`, 'give one group label per value');
  }
  requireFinite(values, 'grouped values');
  const index = new Map<string, number[]>();
  labels.forEach((g, i) => {
    const list = index.get(g);
    if (list) list.push(values[i]!);
    else index.set(g, [values[i]!]);
  });
  return { labels: [...index.keys()], groups: [...index.values()].map((v) => Float64Array.from(v)) };
}

/**
 * Checks a set of groups for a k-sample method: at least `minGroups` groups, each with at least
 * `minSize` finite values.
 *
 * @param groups - the samples
 * @param method - the method's name, for messages
 * @param minSize - least values per group (default 1)
 * @param minGroups - least number of groups (default 2)
 * @param labels - group names for messages (default "group 1", …)
 * @example requireGroups([new Float64Array([1, 2]), new Float64Array([3])], 'Welch ANOVA', 2); // throws: group 2 has 1 value
 */
export function requireGroups(groups: readonly Float64Array[], method: string, minSize = 1, minGroups = 2, labels?: readonly string[]): void {
  if (groups.length < minGroups) {
    throw new AppError('too_few_groups', `${method} needs at least ${minGroups} groups, got ${groups.length}`, 'compare at least two groups');
  }
  groups.forEach((g, i) => {
    const name = labels?.[i] ?? `group ${i + 1}`;
    requireFinite(g, `${method}, ${name}`);
    if (g.length < minSize) {
      throw new AppError('too_few_values', `${method}: ${name} has ${g.length} value${g.length === 1 ? '' : 's'}, needs at least ${minSize}`, `drop ${name} or add data to it`);
    }
  });
}
