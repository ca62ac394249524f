import { z } from 'zod';
import { genealogyGraph } from '../../context/genealogy-graph.js';
import { genealogyCsvVerb, genealogyVerb } from '../../context/context-verbs.js';
import { infoVerb, lotsVerb, parametersVerb } from '../../ingest/browse-verbs.js';
import { lotDetail } from '../../context/lot-detail.js';
import { route } from '../route.js';
import { name, isoTime } from '../schemas.js';
import { verbRoute } from '../verb-route.js';


/** What the store holds, lots, one lot, parameters, genealogy. */
export const lotRoutes = [
  verbRoute(infoVerb, { method: 'get', path: '/info', tag: 'lots', permission: 'read' }),
  verbRoute(lotsVerb, { method: 'get', path: '/lots', tag: 'lots', permission: 'read', summary: 'Lots in order of start, with filters and a search on the lot id' }),
  route({
    method: 'get', path: '/lots/:lot', tag: 'lots', permission: 'read',
    summary: "One lot: its record and site time zone, attributes, results judged against the specification, replicates, events and upstream lots with their key attributes",
    params: z.object({ lot: name }),
    handler: async ({ store, params }) => lotDetail(store, params.lot),
  }),
  verbRoute(parametersVerb, { method: 'get', path: '/parameters', tag: 'lots', permission: 'read' }),
  route({
    method: 'get', path: '/events', tag: 'lots', permission: 'read', summary: 'Events (phases, alarms, deviations, CAPAs) of a lot, or on the equipment of given tags in a time range',
    query: z.object({ lot: name.optional(), tags: z.string().max(4000).optional().describe('comma-separated tags: events on their equipment'), from: isoTime.optional(), to: isoTime.optional(), type: name.optional(), limit: z.coerce.number().int().min(1).max(20000).default(2000) }),
    handler: async ({ store, query }) => {
      const tags = query.tags ? query.tags.split(',').map((t) => t.trim()).filter(Boolean) : null;
      return {
        events: await store.all(
          `SELECT event, type, name, lot, equipment, start_time, end_time, severity, text FROM events
           WHERE ($1::VARCHAR IS NULL OR lot = $1)
             AND ($2::VARCHAR IS NULL OR equipment IN (SELECT equipment FROM tags WHERE list_contains(string_split($2, ','), tag)))
             AND ($3::VARCHAR IS NULL OR coalesce(end_time, start_time) >= $3::TIMESTAMPTZ)
             AND ($4::VARCHAR IS NULL OR start_time < $4::TIMESTAMPTZ)
             AND ($5::VARCHAR IS NULL OR type = $5)
           ORDER BY start_time LIMIT $6`,
          [query.lot ?? null, tags ? tags.join(',') : null, query.from ?? null, query.to ?? null, query.type ?? null, query.limit],
        ),
      };
    },
  }),
  route({
    method: 'get', path: '/genealogy/:lot', tag: 'lots', permission: 'read', summary: 'The genealogy graph of a lot, up- and downstream, with quantities and shares',
    params: z.object({ lot: name }), query: z.object({ depth: z.coerce.number().int().min(1).max(50).optional() }),
    handler: async ({ store, params, query }) => genealogyGraph(store, params.lot, query.depth ? { depth: query.depth } : {}),
  }),
  verbRoute(genealogyVerb, { method: 'get', path: '/genealogy/:lot/export', tag: 'lots', permission: 'read', summary: 'The genealogy closure of a lot up- or downstream, with the contribution of each lot (mass balance), and its edges' }),
  verbRoute(genealogyCsvVerb, { method: 'get', path: '/genealogy/:lot/export.csv', tag: 'lots', permission: 'read', document: 'csv' }),
];
