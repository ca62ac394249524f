import { oneWayAnova } from './anova.js';
import { studentizedRange } from './studentized-range.js';

/** One pair of Tukey's HSD: difference of means (b − a), its family-wise CI and adjusted p. */
export interface TukeyPair {
  a: number;
  b: number;
  diff: number;
  lower: number;
  upper: number;
  /** Adjusted p-value P(Q > |diff|/se) from the studentized range. */
  p: number;
}

/**
 * Tukey's honestly significant differences for all pairs, with the Tukey–Kramer standard error
 * for unequal group sizes, se = √(MS_within/2 · (1/nₐ + 1/n_b)) — the same as R's `TukeyHSD`.
 *
 * @param groups - k ≥ 2 samples as for {@link oneWayAnova}
 * @param alpha - family-wise error rate of the intervals (default 0.05)
 * @returns pairs in the order (1,2), (1,3), …, (2,3), …; indices into `groups`
 * @example tukeyHsd([new Float64Array([1, 2, 3]), new Float64Array([4, 5, 6])])[0].diff // 3
 * @see J. W. Tukey (1953), The problem of multiple comparisons; C. Y. Kramer (1956), Biometrics 12.
 */
export function tukeyHsd(groups: readonly Float64Array[], alpha = 0.05): TukeyPair[] {
  const aov = oneWayAnova(groups);
  const dist = studentizedRange(aov.k, aov.dfWithin);
  const qCrit = dist.upperQuantile(alpha);
  const pairs: TukeyPair[] = [];
  for (let a = 0; a < aov.k; a++) {
    for (let b = a + 1; b < aov.k; b++) {
      const diff = aov.groupMeans[b]! - aov.groupMeans[a]!;
      const se = Math.sqrt((aov.msWithin / 2) * (1 / aov.groupSizes[a]! + 1 / aov.groupSizes[b]!));
      pairs.push({ a, b, diff, lower: diff - qCrit * se, upper: diff + qCrit * se, p: dist.sf(Math.abs(diff) / se) });
    }
  }
  return pairs;
}
