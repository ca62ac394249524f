import { z } from 'zod';
import { datasetVerb, featuresRefreshVerb, featuresVerb, trendVerb } from '../../context/context-verbs.js';
import { overlay } from '../../context/overlay.js';
import { overlayOptions, tagSpans } from '../../context/trend-options.js';
import { route } from '../route.js';
import { list, name } from '../schemas.js';
import { verbRoute } from '../verb-route.js';

/** Trends (M4), lot overlays, features, analysis sets. */
export const contextRoutes = [
  // Cached per store and data version: many people opening one trend link share one M4 query.
  verbRoute(trendVerb, { method: 'get', path: '/trend', tag: 'context', permission: 'read', cached: true }),
  route({
    method: 'get', path: '/overlay', tag: 'context', permission: 'read', summary: 'Trajectories of lots aligned on time since phase start, on a common grid',
    query: z.object({ tag: name.optional(), signal: name.optional(), lots: list, phase: name.optional(), grid: z.coerce.number().int().min(2).max(5000).default(200) }),
    handler: async ({ store, query }) => overlay(store, { lots: query.lots, grid: query.grid, ...(query.tag ? { tag: query.tag } : {}), ...(query.signal ? { signal: query.signal } : {}), ...(query.phase ? { phase: query.phase } : {}) }),
  }),
  route({
    method: 'get', path: '/trend/spans', tag: 'context', permission: 'read', summary: 'First and last sample time of tags (the trend view opens a picked tag on its last day of data)',
    query: z.object({ tags: list }), handler: async ({ store, query }) => ({ spans: await tagSpans(store, query.tags) }),
  }),
  route({
    method: 'get', path: '/overlay/options', tag: 'context', permission: 'read', summary: 'Overlay choices for a material: its recent lots that ran phases, the phases, the signals on their equipment, stored golden envelopes',
    query: z.object({ material: name }), handler: async ({ store, query }) => overlayOptions(store, query.material),
  }),
  verbRoute(featuresVerb, { method: 'get', path: '/features', tag: 'context', permission: 'read' }),
  verbRoute(featuresRefreshVerb, {
    method: 'post', path: '/features/refresh', tag: 'context', permission: 'data.import', job: 'features',
    summary: 'Recompute the features of the chosen lots (every lot by default): a job with progress; the features are replaced in one audited transaction',
  }),
  verbRoute(datasetVerb, { method: 'get', path: '/dataset', tag: 'context', permission: 'read' }),
];
