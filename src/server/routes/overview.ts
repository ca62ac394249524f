import { z } from 'zod';
import { attention } from '../../overview/attention.js';
import { route } from '../route.js';

/** The start page: what needs attention. */
export const overviewRoutes = [
  route({
    method: 'get', path: '/attention', tag: 'catalog', permission: 'read',
    summary: 'What needs attention in the last days: out-of-specification results, run-rule violations (one chart per parameter and site), open deviations',
    query: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
    handler: async ({ store, query }) => attention(store, { days: query.days }),
  }),
];
