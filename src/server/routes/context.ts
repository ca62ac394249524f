import { z } from 'zod';
import { buildAnalysisSet } from '../../context/analysis-set.js';
import { CARRY_RULES } from '../../context/analysis-set-types.js';
import { listFeatures } from '../../context/features.js';
import { overlay } from '../../context/overlay.js';
import { trend } from '../../context/trend.js';
import { toJson } from '../../core/json.js';
import { cacheOf } from '../result-cache.js';
import { route } from '../route.js';
import { definedOnly, name, isoTime, list } from '../schemas.js';


/** Trends (M4), lot overlays, features, analysis sets. */
export const contextRoutes = [
  route({
    method: 'get', path: '/trend', tag: 'context', permission: 'read', summary: 'Values of tags for a chart of a given width: M4 down-sampling from the trend levels or the samples, raw when the range is small',
    query: z.object({
      tags: list.describe('comma-separated tags'), from: isoTime.optional(), to: isoTime.optional(), width: z.coerce.number().int().min(10).max(10000).default(1600), lot: name.optional(),
      exact: z.enum(['true', 'false']).default('false').describe('true: M4 over the samples, never the trend levels (slower; exact to the pixel)'),
    }),
    // Cached per store and data version: many people opening one trend link share one M4 query.
    handler: async ({ store, query, c }) => {
      const cache = cacheOf(store);
      const body = await cache.answers.get(JSON.stringify(query), await cache.version.get(), async () =>
        Buffer.from(toJson(await trend(store, { tags: query.tags, width: query.width, exact: query.exact === 'true', ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}), ...(query.lot ? { lot: query.lot } : {}) }))));
      return c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  }),
  route({
    method: 'get', path: '/overlay', tag: 'context', permission: 'read', summary: 'Trajectories of lots aligned on time since phase start, on a common grid',
    query: z.object({ tag: name.optional(), signal: name.optional(), lots: list, phase: name.optional(), grid: z.coerce.number().int().min(2).max(5000).default(200) }),
    handler: async ({ store, query }) => overlay(store, { lots: query.lots, grid: query.grid, ...(query.tag ? { tag: query.tag } : {}), ...(query.signal ? { signal: query.signal } : {}), ...(query.phase ? { phase: query.phase } : {}) }),
  }),
  route({
    method: 'get', path: '/features', tag: 'context', permission: 'read', summary: 'Features in context (tag × phase × lot, replicates, events) with n and excluded counts',
    query: z.object({ material: name.optional(), lot: name.optional(), name: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100000).default(5000) }),
    handler: async ({ store, query }) => ({
      features: await listFeatures(store, { limit: query.limit, ...(query.material ? { materials: [query.material] } : {}), ...(query.lot ? { lots: [query.lot] } : {}), ...(query.name ? { name: query.name } : {}) }),
    }),
  }),
  route({
    method: 'get', path: '/dataset', tag: 'context', permission: 'read', summary: 'An analysis set: one row per lot, own and upstream values carried down the genealogy, factors',
    query: z.object({ material: name.optional(), product: name.optional(), step: name.optional(), site: name.optional(), from: isoTime.optional(), to: isoTime.optional(), lots: list.optional(), rule: z.enum(CARRY_RULES as unknown as [string, ...string[]]).default('weighted_mean') }),
    handler: async ({ store, query }) => {
      return buildAnalysisSet(store, definedOnly(query) as never);
    },
  }),
];
