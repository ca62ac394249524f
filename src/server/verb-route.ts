import { z } from 'zod';
import { silentLogger } from '../core/logger.js';
import { parseVerbInput, type AnyVerb } from '../core/verb.js';
import type { Permission } from './permissions.js';
import { parseInput, route, svgResponse, type RouteContext, type RouteSpec } from './route.js';
import { reason } from './schemas.js';

/** How a verb is offered over HTTP. */
export interface VerbRouteOptions {
  method: 'get' | 'post';
  /** Path under /api, e.g. `/spc`. */
  path: string;
  /** Group in the OpenAPI document. */
  tag: string;
  permission: Permission;
  /** Default: the verb's summary. */
  summary?: string;
  returns?: string;
  /** Run as a job (the answer is the job; poll `/api/jobs/:id`), of this kind. */
  job?: string;
  /** The answer is an SVG figure (the verb returns its text). */
  svg?: boolean;
  /** Body fields the route needs besides the verb's (e.g. a re-entered password); documented and passed raw to `guard`. */
  extra?: z.ZodRawShape;
  /** Checked before the verb runs (e.g. re-authentication), with the request's context. */
  guard?: (ctx: RouteContext<unknown, unknown, unknown>) => Promise<void>;
  /** Writes need a reason (default: the verb's `writes`). */
  needsReason?: boolean;
}

/** Fields of a body that are the route's, not the verb's. */
const routeOnly = (extra: z.ZodRawShape | undefined) => new Set(['reason', ...Object.keys(extra ?? {})]);

/**
 * The HTTP route of a verb: the query (GET) or JSON body (POST) is the verb's fields by name,
 * parsed by the verb's schema (its rules and defaults, errors naming the fields); the answer is
 * the verb's result as JSON, an SVG, or a job. The OpenAPI document shows the same fields.
 *
 * @example verbRoute(spcVerb, { method: 'get', path: '/spc', tag: 'spc', permission: 'read' })
 */
export function verbRoute(verb: AnyVerb, o: VerbRouteOptions): RouteSpec<any, any, any> {
  const skip = routeOnly(o.extra);
  const needsReason = o.needsReason ?? verb.writes;
  const body = o.method === 'post' ? verb.fields.extend({ ...(o.extra ?? {}), ...(needsReason ? { reason } : {}) }) : undefined;
  return route<any, any, any>({
    method: o.method, path: o.path, tag: o.tag, permission: o.permission, summary: o.summary ?? verb.summary, needsReason, verb,
    ...(o.returns ? { returns: o.returns } : {}),
    ...(o.svg ? { produces: 'image/svg+xml' } : {}),
    ...(o.method === 'get' ? { query: verb.fields } : { body }),
    handler: async (ctx) => {
      const raw = o.method === 'get'
        ? ctx.c.req.query()
        : Object.fromEntries(Object.entries((ctx.raw ?? {}) as Record<string, unknown>).filter(([k]) => !skip.has(k)));
      const input = parseVerbInput(verb, raw);
      if (o.extra) parseInput(z.object(o.extra), ctx.raw, 'body');
      if (o.guard) await o.guard(ctx);
      if (o.job) {
        return ctx.jobs.start(o.job, ctx.user!.username, (logger, signal, store) => verb.run(store, input, { logger, signal, actor: ctx.actor }));
      }
      const result = await verb.run(ctx.store, input, { logger: silentLogger, actor: ctx.actor });
      return o.svg ? svgResponse(result as string) : result;
    },
  });
}
