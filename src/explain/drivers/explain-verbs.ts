import type { z } from 'zod';
import type { AnalysisSet } from '../../context/analysis-set-types.js';
import { defineVerb } from '../../core/verb.js';
import { explainWithSet } from './explain.js';
import { explainFields, explainRules } from './explain-request.js';
import type { ExplainOptions, Explanation } from './explain-types.js';
import { topPlots } from './plots.js';

/** The analysis sets of the latest explanations, for plots of their candidates (at most 20 kept). */
const sets = new Map<Explanation, AnalysisSet>();

/** The analysis set an explanation was computed on, while it is among the latest 20. */
export function setOf(explanation: Explanation): AnalysisSet | undefined {
  return sets.get(explanation);
}

function optionsOf(v: z.output<typeof explainFields>): ExplainOptions & { plots: boolean } {
  return {
    target: v.target, material: v.material, plots: v.plots,
    mode: v.bad !== undefined ? { kind: 'expr', expr: v.bad } : v.spec ? { kind: 'spec' } : { kind: 'numeric' },
    ...(v.site !== undefined ? { site: v.site } : {}), ...(v.from !== undefined ? { from: v.from } : {}), ...(v.to !== undefined ? { to: v.to } : {}),
    alpha: v.alpha, minN: v.minN, maxDrivers: v.maxDrivers, includeOutcomes: v.includeOutcomes,
    ...(v.exclude !== undefined ? { exclude: v.exclude } : {}),
  };
}

/**
 * `explain TARGET`: ranked drivers of a quality attribute with their evidence and a sentence
 * each, proxies grouped, confounding called out; with `plots`, also the top drivers' plots.
 */
export const explainVerb = defineVerb({
  name: 'explain',
  summary: 'why does TARGET vary? screens every candidate (own and upstream parameters and features, factors), ranks drivers in a joint model, groups proxies, calls out confounding',
  fields: explainFields, positional: ['target'], rules: explainRules, normalise: optionsOf,
  run: async (store, { plots, ...options }, ctx): Promise<Explanation & { plots?: string }> => {
    const { explanation, set } = await explainWithSet(store, { ...options, logger: ctx.logger, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    const answer = plots ? { ...explanation, plots: topPlots(explanation, set) } : explanation;
    sets.set(answer, set);
    for (const k of sets.keys()) if (sets.size > 20) sets.delete(k);
    return answer;
  },
});
