import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { explainWithSet } from '../../explain/drivers/explain.js';
import type { Explanation } from '../../explain/drivers/explain-types.js';
import { investigate } from '../../explain/investigate/investigate.js';
import { investigationHtml } from '../../explain/investigate/investigate-html.js';
import { plotOf } from '../../explain/drivers/plots.js';
import type { AnalysisSet } from '../../context/analysis-set-types.js';
import { route, svgResponse } from '../route.js';
import { name, isoTime } from '../schemas.js';


const explainBody = z.object({
  target: name, material: name, site: name.optional(), from: isoTime.optional(), to: isoTime.optional(),
  spec: z.boolean().optional().describe('pass/fail against the specification'), bad: z.string().max(300).optional().describe('pass/fail expression, e.g. "dissolution < 85"'),
  alpha: z.number().min(0.0001).max(0.5).optional(), minN: z.number().int().min(3).max(100000).optional(), maxDrivers: z.number().int().min(1).max(30).optional(),
  exclude: z.array(z.string().max(200)).max(100).optional(), includeOutcomes: z.boolean().optional(),
});

/** Finished explanations with their analysis set, for the plots of their drivers (kept for an hour, at most 20). */
const done = new Map<string, { explanation: Explanation; set: AnalysisSet; at: number }>();
function keep(id: string, value: { explanation: Explanation; set: AnalysisSet }): void {
  done.set(id, { ...value, at: Date.now() });
  for (const [k, v] of done) if (done.size > 20 || Date.now() - v.at > 3600_000) done.delete(k);
}

/** Why: explain (as a cancellable job with progress) and investigate. */
export const explainRoutes = [
  route({
    method: 'post', path: '/explain', tag: 'explain', permission: 'read', needsReason: false, body: explainBody,
    summary: 'Start explaining a target: returns a job; poll /api/jobs/:id for progress and the ranked drivers, DELETE it to cancel',
    handler: async ({ jobs, body, user }) => {
      const job = jobs.start('explain', user!.username, async (logger, signal, store) => {
        const r = await explainWithSet(store, {
          target: body.target, material: body.material, logger, signal,
          mode: body.bad ? { kind: 'expr', expr: body.bad } : body.spec ? { kind: 'spec' } : { kind: 'numeric' },
          ...(body.site ? { site: body.site } : {}), ...(body.from ? { from: body.from } : {}), ...(body.to ? { to: body.to } : {}),
          ...(body.alpha ? { alpha: body.alpha } : {}), ...(body.minN ? { minN: body.minN } : {}), ...(body.maxDrivers ? { maxDrivers: body.maxDrivers } : {}),
          ...(body.exclude ? { exclude: body.exclude } : {}), ...(body.includeOutcomes ? { includeOutcomes: true } : {}),
        });
        keep(job.id, r);
        return r.explanation;
      });
      return job;
    },
  }),
  route({
    method: 'get', path: '/explain/:id/plot', tag: 'explain', permission: 'read', summary: 'Scatter or box plot (SVG) of one candidate of a finished explanation',
    params: z.object({ id: z.string().uuid() }), query: z.object({ name }),
    handler: async ({ jobs, params, query, user }) => {
      jobs.get(params.id, user!.username);
      const r = done.get(params.id);
      if (!r) throw new AppError('not_found', `explanation ${params.id} is not finished or has expired`, 'run explain again');
      return svgResponse(plotOf(r.explanation, r.set, query.name));
    },
  }),
  route({
    method: 'get', path: '/investigate/:lot', tag: 'explain', permission: 'read', summary: 'Everything unusual about one lot, most unusual first, with similar past lots',
    params: z.object({ lot: name }), handler: async ({ store, params }) => investigate(store, params.lot),
  }),
  route({
    method: 'get', path: '/investigate/:lot/html', tag: 'explain', permission: 'read', summary: 'The one-page HTML summary of an investigation, to forward',
    params: z.object({ lot: name }),
    handler: async ({ store, params, c }) => c.html(investigationHtml(await investigate(store, params.lot))),
  }),
];
