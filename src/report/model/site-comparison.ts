/**
 * Site-to-site comparison of a reviewed parameter: the `compare` verb's library call
 * (`compareParameter`, by site, α = 0.05, the stored specification) with the review's period, so
 * the numbers equal those of `causeway compare PARAMETER --by site --from … --to …`.
 */
import { boxPlotSvg } from '../../compare/box-plot-svg.js';
import { compareParameter } from '../../compare/compare-parameter.js';
import { isDone, type Outcome } from '../../compare/outcome.js';
import { isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../store/store.js';
import { printableSvg } from '../render/print-svg.js';
import type { ReviewedParameter } from './parameter-review.js';
import type { SiteComparison } from './types.js';

const pOf = (o: Outcome<{ p: number }>): number | null => (isDone(o) && Number.isFinite(o.result.p) ? o.result.p : null);

/** Compares one parameter across sites over [from, to); the box plot when `box`. */
export async function compareSites(store: Store, p: ReviewedParameter, from: string, to: string, box: boolean, logger: Logger): Promise<{ comparison: SiteComparison; svg?: string }> {
  const base = { material: p.material, parameter: p.parameter };
  try {
    const c = await compareParameter(store, { parameter: p.parameter, material: p.material, by: 'site', alpha: 0.05, from, to, logger });
    const k = c.comparison;
    const comparison: SiteComparison = {
      ...base, status: 'done',
      groups: k.groups.map((g) => ({
        site: g.group, n: g.n, mean: g.mean, sd: g.sd,
        ppk: g.capability && isDone(g.capability) ? (g.capability.result.indices.ppk?.value ?? null) : null,
      })),
      anovaP: pOf(k.anova), welchP: pOf(k.welch), kruskalP: pOf(k.kruskalWallis), leveneP: pOf(k.levene), summary: k.summary,
    };
    const svg = box ? printableSvg(boxPlotSvg(k.groups, { title: `${p.parameter} by site`, yLabel: `${p.parameter}${p.unit ? ` (${p.unit})` : ''}`, ...(c.spec ? { spec: c.spec } : {}) })) : undefined;
    return { comparison, ...(svg ? { svg } : {}) };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { comparison: { ...base, status: 'not_computed', reason: e.message, groups: [], anovaP: null, welchP: null, kruskalP: null, leveneP: null, summary: [] } };
  }
}
