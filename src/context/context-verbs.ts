/**
 * The verbs of context: trends of tags, analysis sets, features (list and recompute) and the
 * genealogy of a lot. Requests in `context-request.ts`.
 */
import { cancellingLogger, defineVerb } from '../core/verb.js';
import { buildAnalysisSet } from './analysis-set.js';
import type { AnalysisSetOptions } from './analysis-set-types.js';
import { datasetFields, datasetRules, featuresFields, genealogyFields, refreshFields, trendFields, trendRules } from './context-request.js';
import { listFeatures, refreshFeatures } from './features.js';
import { downstream, upstream } from './genealogy.js';
import { genealogyGraph } from './genealogy-graph.js';
import { trend } from './trend.js';

/** `trend TAG…`: values for a chart of a given width (M4 down-sampling in the store). */
export const trendVerb = defineVerb({
  name: 'trend',
  summary: 'values of tags for a chart of a given width: raw when few, else first/last/min/max per pixel column (M4, from the trend levels)',
  fields: trendFields, positional: ['tags'], rules: trendRules,
  run: (store, v) => trend(store, {
    tags: v.tags, width: v.width, exact: v.exact,
    ...(v.from !== undefined ? { from: v.from } : {}), ...(v.to !== undefined ? { to: v.to } : {}), ...(v.lot !== undefined ? { lot: v.lot } : {}),
  }),
});

/** `dataset`: an analysis set, one row per lot, own and upstream values carried down the genealogy. */
export const datasetVerb = defineVerb({
  name: 'dataset',
  summary: 'analysis set: one row per lot of a material, columns for its parameters, features and factors and those of every upstream lot',
  fields: datasetFields, rules: datasetRules,
  normalise: (v): AnalysisSetOptions => {
    const o: AnalysisSetOptions = { rule: v.rule };
    for (const k of ['material', 'product', 'step', 'site', 'from', 'to'] as const) if (v[k] !== undefined) o[k] = v[k];
    if (v.lots !== undefined) o.lots = v.lots;
    if (v.depth !== undefined) o.include = { depth: v.depth };
    return o;
  },
  run: (store, options, ctx) => buildAnalysisSet(store, { ...options, logger: ctx.logger }),
});

/** `features`: features of lots in context, with n and excluded counts. */
export const featuresVerb = defineVerb({
  name: 'features',
  summary: 'features of lots in context (per tag × phase, replicate parameter, event type), with n and the samples excluded',
  fields: featuresFields,
  run: async (store, v) => ({
    features: await listFeatures(store, { limit: v.limit, ...(v.lot ? { lots: v.lot } : {}), ...(v.material ? { materials: v.material } : {}), ...(v.name !== undefined ? { name: v.name } : {}) }),
  }),
});

/** `features refresh`: recomputes the automatic features of the chosen lots, in one audited transaction. */
export const featuresRefreshVerb = defineVerb({
  name: 'features refresh',
  summary: 'recompute the features of the chosen lots (every lot by default) and replace the stored ones, in one audited transaction',
  fields: refreshFields, writes: true,
  run: (store, v, ctx) => refreshFeatures(store, { logger: cancellingLogger(ctx), actor: ctx.actor, ...(v.lot ? { lots: v.lot } : {}), ...(v.material ? { materials: v.material } : {}) }),
});

/** `genealogy LOT`: the closure of a lot up- or downstream, with the contribution of each lot, and the graph to draw it. */
export const genealogyVerb = defineVerb({
  name: 'genealogy',
  summary: 'upstream or downstream genealogy of a lot, to any depth, with the contribution of each lot (mass balance)',
  fields: genealogyFields, positional: ['lot'],
  run: async (store, v) => {
    const options = v.depth === undefined ? {} : { depth: v.depth };
    const closure = v.direction === 'up' ? await upstream(store, v.lot, options) : await downstream(store, v.lot, options);
    const graph = await genealogyGraph(store, v.lot, options);
    return { lot: v.lot, direction: v.direction, lots: closure.lots, edges: graph.edges, nodes: graph.nodes };
  },
});

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The closure of a lot as CSV: one row per lot reached, with depth and contribution. */
export const genealogyCsvVerb = defineVerb({
  name: 'genealogy csv',
  summary: 'the genealogy closure of a lot as CSV: lot, material, step, site, status, depth, contribution, estimated',
  fields: genealogyFields, positional: ['lot'],
  run: async (store, v) => {
    const options = v.depth === undefined ? {} : { depth: v.depth };
    const c = v.direction === 'up' ? await upstream(store, v.lot, options) : await downstream(store, v.lot, options);
    const cols = ['lot', 'material', 'step', 'site', 'status', 'depth', 'contribution', 'estimated'] as const;
    return [cols.join(','), ...c.lots.map((l) => cols.map((k) => csvCell(l[k])).join(','))].join('\r\n') + '\r\n';
  },
});
