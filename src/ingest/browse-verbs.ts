/**
 * The verbs of browsing the store: what it holds, lots, parameters. One schema each, for the
 * CLI and the HTTP API.
 */
import { z } from 'zod';
import { int, isoTime, text } from '../core/fields.js';
import { defineVerb } from '../core/verb.js';
import { listLots, listParameters, storeInfo } from './browse.js';

/** `info`: counts per kind, site and material; time spans; imports. */
export const infoVerb = defineVerb({
  name: 'info',
  summary: 'what the store holds: counts per kind of data, per site and per material, time spans, imports',
  fields: z.object({}),
  run: (store) => storeInfo(store),
});

/** Which lots to list. */
export const lotsFields = z.object({
  material: text().optional().meta({ title: 'Material', description: 'only lots of this material (default: all)' }),
  site: text().optional().meta({ title: 'Site', description: 'only lots made at this site (default: all)' }),
  from: isoTime().optional().meta({ title: 'From', description: 'only lots starting at or after this date or instant (default: no limit)' }),
  to: isoTime().optional().meta({ title: 'To', description: 'only lots starting before this date or instant (default: no limit)' }),
  status: text().optional().meta({ title: 'Status', description: 'only lots with this status, e.g. released (default: all)' }),
  q: text(100).optional().meta({ title: 'Lot id contains', description: 'only lots whose id contains this text, any case (default: all)' }),
  limit: int(1, 20000).default(1000).meta({ title: 'Limit', description: 'at most this many lots' }),
});

/** `lots`: lots in order of start, with filters. */
export const lotsVerb = defineVerb({
  name: 'lots',
  summary: 'list lots (oldest first) with material, site, step, times, status and genealogy links',
  fields: lotsFields,
  run: async (store, v) => ({
    lots: await listLots(store, Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined))),
  }),
});

/** `parameters`: parameters with unit, role and the current specification. */
export const parametersVerb = defineVerb({
  name: 'parameters',
  summary: 'list parameters with kind, unit, role and the specification valid now (number of versions)',
  fields: z.object({
    material: text().optional().meta({ title: 'Material', description: 'only parameters of this material (default: all)' }),
    role: text().optional().meta({ title: 'Role', description: 'only parameters with this role, e.g. CQA, CPP, IPC (default: all)' }),
  }),
  run: async (store, v) => ({ parameters: await listParameters(store, { ...(v.material !== undefined ? { material: v.material } : {}), ...(v.role !== undefined ? { role: v.role } : {}) }) }),
});
