import { oneWayAnova } from './anova.js';
import { mean } from './descriptive.js';
import { requireGroups } from './groups.js';
import { median } from './quantile.js';

/** Result of Levene's test for equal variances. */
export interface LeveneResult {
  center: 'mean' | 'median';
  f: number;
  df1: number;
  df2: number;
  p: number;
}

/**
 * Levene's test of equal variances: a one-way ANOVA of zᵢⱼ = |xᵢⱼ − cᵢ|, with cᵢ the group mean
 * (Levene 1960) or the group median (Brown–Forsythe 1974, robust to non-normal data; R `car::leveneTest` default).
 *
 * @param groups - k ≥ 2 samples, each with ≥ 2 values
 * @param center - 'median' (default, Brown–Forsythe) or 'mean' (Levene)
 * @example levene([new Float64Array([1, 2, 3]), new Float64Array([2, 4, 6])], 'mean').f // 0.8
 * @see H. Levene (1960), Contributions to Probability and Statistics; M. B. Brown, A. B. Forsythe (1974), JASA 69.
 */
export function levene(groups: readonly Float64Array[], center: 'mean' | 'median' = 'median'): LeveneResult {
  requireGroups(groups, 'Levene test', 2);
  const z = groups.map((g) => {
    const c = center === 'mean' ? mean(g) : median(g);
    return Float64Array.from(g, (v) => Math.abs(v - c));
  });
  const aov = oneWayAnova(z);
  return { center, f: aov.f, df1: aov.dfBetween, df2: aov.dfWithin, p: aov.p };
}
