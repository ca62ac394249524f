/**
 * The verbs of comparison: a parameter across sites or any factor (with its box plots), and
 * descriptive statistics over lots. Requests in `compare-request.ts`.
 */
import type { z } from 'zod';
import { defineVerb } from '../core/verb.js';
import { filtersOf } from '../context/lot-filter.js';
import { boxPlotSvg } from './box-plot-svg.js';
import { compareParameter, type CompareParameterOptions } from './compare-parameter.js';
import { compareFields, compareRules, statsFields } from './compare-request.js';
import { parameterStatistics } from './parameter-statistics.js';

function compareOptionsOf(v: z.output<typeof compareFields>): CompareParameterOptions {
  const o: CompareParameterOptions = { parameter: v.parameter, by: v.by, alpha: v.alpha, ...filtersOf(v) };
  if (v.reference !== undefined) o.reference = v.reference;
  if (v.margin !== undefined) o.margin = v.margin;
  if (v.lsl !== undefined || v.usl !== undefined) {
    o.spec = { ...(v.lsl !== undefined ? { lsl: v.lsl } : {}), ...(v.usl !== undefined ? { usl: v.usl } : {}), ...(v.target !== undefined ? { target: v.target } : {}) };
  }
  return o;
}

/** `compare PARAMETER --by site`: per-group statistics and capability, ANOVA, Welch, Tukey, Kruskal–Wallis, Levene, TOST. */
export const compareVerb = defineVerb({
  name: 'compare',
  summary: 'compare a parameter across sites, equipment, suppliers, campaigns or any factor: group statistics, ANOVA, Welch, Tukey, Kruskal–Wallis, Levene, TOST equivalence',
  fields: compareFields, positional: ['parameter'], rules: compareRules, normalise: compareOptionsOf,
  run: (store, options, ctx) => compareParameter(store, { ...options, logger: ctx.logger }),
});

/** The box plots per group, as SVG. */
export const compareFigureVerb = defineVerb({
  name: 'compare figure',
  summary: 'box plots of a parameter per group, with the specification, as SVG',
  fields: compareFields, positional: ['parameter'], rules: compareRules, normalise: compareOptionsOf,
  run: async (store, options, ctx) => {
    const c = await compareParameter(store, { ...options, logger: ctx.logger });
    return boxPlotSvg(c.comparison.groups, { title: `${c.parameter} by ${c.by}`, yLabel: c.parameter, ...(c.spec ? { spec: c.spec } : {}) });
  },
});

/** `stats PARAMETER`: n, mean with its interval, sd, quantiles, MAD, skewness, kurtosis, lag-1 autocorrelation. */
export const statsVerb = defineVerb({
  name: 'stats',
  summary: 'descriptive statistics of a parameter or feature over lots: n, mean with confidence interval, sd, quantiles, MAD, skewness, kurtosis, lag-1 autocorrelation',
  fields: statsFields, positional: ['parameter'],
  run: (store, v, ctx) => parameterStatistics(store, { parameter: v.parameter, logger: ctx.logger, ...filtersOf(v) }, { confidence: v.confidence }),
});
