import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Explanation } from '../../explain/drivers/explain-types.js';
import { explainVerb, setOf } from '../../explain/drivers/explain-verbs.js';
import { plotOf } from '../../explain/drivers/plots.js';
import { investigateHtmlVerb, investigateVerb } from '../../explain/investigate/investigate-verbs.js';
import { route, svgResponse } from '../route.js';
import { name } from '../schemas.js';
import { verbRoute } from '../verb-route.js';

/** Why: explain (as a cancellable job with progress) and investigate. */
export const explainRoutes = [
  verbRoute(explainVerb, {
    method: 'post', path: '/explain', tag: 'explain', permission: 'read', job: 'explain', needsReason: false,
    summary: 'Start explaining a target: returns a job; poll /api/jobs/:id for progress and the ranked drivers, DELETE it to cancel',
  }),
  route({
    method: 'get', path: '/explain/:id/plot', tag: 'explain', permission: 'read', summary: 'Scatter or box plot (SVG) of one candidate of a finished explanation',
    params: z.object({ id: z.string().uuid() }), query: z.object({ name }),
    handler: async ({ jobs, params, query, user }) => {
      const job = jobs.get(params.id, user!.username);
      const explanation = job.status === 'done' ? (job.result as Explanation) : undefined;
      const set = explanation && setOf(explanation);
      if (!explanation || !set) throw new AppError('not_found', `explanation ${params.id} is not finished or has expired`, 'run explain again');
      return svgResponse(plotOf(explanation, set, query.name));
    },
  }),
  verbRoute(investigateVerb, { method: 'get', path: '/investigate/:lot', tag: 'explain', permission: 'read' }),
  verbRoute(investigateHtmlVerb, { method: 'get', path: '/investigate/:lot/html', tag: 'explain', permission: 'read', document: 'html' }),
];
