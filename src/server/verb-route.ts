import { z } from 'zod';
import { toJson } from '../core/json.js';
import { silentLogger } from '../core/logger.js';
import { parseVerbInput, type AnyVerb } from '../core/verb.js';
import { dataState } from '../records/data-state.js';
import type { JobRecord } from './jobs.js';
import type { Permission } from './permissions.js';
import { cacheOf } from './result-cache.js';
import { parseInput, route, type RouteContext, type RouteSpec } from './route.js';
import { reason } from './schemas.js';

/** How a verb is offered over HTTP. */
export interface VerbRouteOptions {
  method: 'get' | 'post';
  /** Path under /api, e.g. `/spc`; `:name` takes the verb's field of that name from the path. */
  path: string;
  /** Group in the OpenAPI document. */
  tag: string;
  permission: Permission;
  /** Default: the verb's summary. */
  summary?: string;
  returns?: string;
  /** Run as a job (the answer is the job; poll `/api/jobs/:id`), of this kind. */
  job?: string;
  /** The verb returns a document of this type (its text) instead of a result for JSON. */
  document?: 'svg' | 'html' | 'csv';
  /** Many people open the same link: identical requests share one answer until the data changes (result-cache.ts). */
  cached?: boolean;
  /** Body fields the route needs besides the verb's (e.g. a re-entered password); checked, documented and passed raw to `guard`. */
  extra?: z.ZodRawShape;
  /** Checked after the input and before the verb runs (e.g. re-authentication). */
  guard?: (ctx: RouteContext<unknown, unknown, unknown>, input: unknown) => Promise<void>;
  /** The input as the server reads it (e.g. a folder name resolved under the import root). */
  resolve?: (input: any, ctx: RouteContext<unknown, unknown, unknown>) => Promise<unknown>;
  /**
   * Work after the verb, in the same transaction, on its result (e.g. the signature recorded
   * with an approval); what it returns is the answer.
   */
  after?: (ctx: RouteContext<unknown, unknown, unknown>, input: any, result: any) => Promise<unknown>;
  /** Writes need a reason (default: the verb's `writes`). */
  needsReason?: boolean;
  /**
   * Why the CLI cannot send this verb to a running server, and what to do instead (e.g. a
   * path on the user's machine the server cannot read). Absent: it can.
   */
  notRemote?: string;
  /**
   * How a command run on the server's machine sends its fields here, when they need a change
   * (e.g. a folder path becomes the name of a folder in the server's import root); throws
   * `not_remote` when the request cannot be sent.
   */
  fromCli?: (raw: Record<string, unknown>, server: { imports: string }) => Record<string, unknown>;
}

/** A route built from a verb: the registry the CLI looks a verb's address up in. */
export type VerbRouteSpec = RouteSpec<any, any, any> & {
  verb: AnyVerb; job?: string; document?: 'svg' | 'html' | 'csv'; notRemote?: string;
  /** Names of the body fields besides the verb's (e.g. `password`). */
  extra: string[];
  fromCli?: VerbRouteOptions['fromCli'];
};

const TYPES = { svg: 'image/svg+xml', html: 'text/html', csv: 'text/csv' } as const;

/**
 * The HTTP route of a verb: the path parameters and the query (GET) or JSON body (POST) are the
 * verb's fields by name, parsed by the verb's schema (its rules and defaults, errors naming the
 * fields); the answer is the verb's result as JSON, a document (SVG, HTML, CSV), or a job. The
 * OpenAPI document shows the same fields.
 *
 * @example verbRoute(spcVerb, { method: 'get', path: '/spc', tag: 'spc', permission: 'read' })
 */
export function verbRoute(verb: AnyVerb, o: VerbRouteOptions): VerbRouteSpec {
  const inPath = [...o.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);
  const skip = new Set(['reason', ...Object.keys(o.extra ?? {})]);
  const needsReason = o.needsReason ?? verb.writes;
  const pick = Object.fromEntries(inPath.map((n) => [n, true])) as Record<string, true>;
  const rest = inPath.length ? verb.fields.omit(pick) : verb.fields;
  const spec = route<any, any, any>({
    method: o.method, path: o.path, tag: o.tag, permission: o.permission, summary: o.summary ?? verb.summary, needsReason, verb,
    ...(o.returns ? { returns: o.returns } : {}),
    ...(o.document ? { produces: TYPES[o.document] } : {}),
    ...(inPath.length ? { params: verb.fields.pick(pick) } : {}),
    ...(o.method === 'get' ? { query: rest } : { body: rest.extend({ ...(o.extra ?? {}), ...(needsReason ? { reason } : {}) }) }),
    handler: async (ctx) => {
      const given = o.method === 'get'
        ? ctx.c.req.query()
        : Object.fromEntries(Object.entries((ctx.raw ?? {}) as Record<string, unknown>).filter(([k]) => !skip.has(k)));
      const raw: Record<string, unknown> = { ...given, ...ctx.c.req.param() };
      const parsed = parseVerbInput(verb, raw);
      const input = o.resolve ? await o.resolve(parsed, ctx) : parsed;
      if (o.extra) parseInput(z.object(o.extra), ctx.raw, 'body');
      if (o.guard) await o.guard(ctx, input);
      if (o.job) {
        // The request and the data state stay with the job, so its result can be saved as a worksheet.
        const record: JobRecord = { request: raw };
        return ctx.jobs.start(o.job, ctx.user!.username, async (logger, signal, store) => {
          record.dataState = await dataState(store);
          return verb.run(store, input, { logger, signal, actor: ctx.actor });
        }, record);
      }
      const after = o.after;
      const run = after
        ? () => ctx.store.transaction(async () => after(ctx, input, await verb.run(ctx.store, input, { logger: silentLogger, actor: ctx.actor })))
        : () => verb.run(ctx.store, input, { logger: silentLogger, actor: ctx.actor });
      if (o.document) return new Response(String(await run()), { headers: { 'content-type': `${TYPES[o.document]}; charset=utf-8` } });
      if (!o.cached) return run();
      // Keyed by the parsed input, so two spellings of one request share the answer.
      const cache = cacheOf(ctx.store);
      const body = await cache.answers.get(`${o.path} ${toJson(input)}`, await cache.version.get(), async () => Buffer.from(toJson(await run())));
      return ctx.c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  });
  return {
    ...spec, verb, extra: Object.keys(o.extra ?? {}), ...(o.job ? { job: o.job } : {}), ...(o.document ? { document: o.document } : {}),
    ...(o.notRemote ? { notRemote: o.notRemote } : {}), ...(o.fromCli ? { fromCli: o.fromCli } : {}),
  };
}
