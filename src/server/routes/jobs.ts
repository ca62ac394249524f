import { z } from 'zod';
import { route } from '../route.js';

const id = z.object({ id: z.string().uuid() });

/** Progress and cancellation of long work. */
export const jobRoutes = [
  route({ method: 'get', path: '/jobs/:id', tag: 'jobs', permission: 'read', params: id, summary: 'Progress (done/total), status and, when done, the result of a job', handler: async ({ jobs, params, user }) => jobs.get(params.id, user?.username) }),
  route({ method: 'delete', path: '/jobs/:id', tag: 'jobs', permission: 'read', needsReason: false, params: id, summary: 'Cancel a running job', handler: async ({ jobs, params, user }) => jobs.cancel(params.id, user?.username) }),
];
