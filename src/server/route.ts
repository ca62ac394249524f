import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { toJson } from '../core/json.js';
import type { AnyVerb } from '../core/verb.js';
import type { Actor, Store } from '../store/store.js';
import type { User } from './auth/users.js';
import { allows, type Permission } from './permissions.js';
import { httpErrors } from './http-error.js';
import type { Jobs } from './jobs.js';

/** What a route handler gets: validated input, the user, the store, and an actor for writes. */
export interface RouteContext<Q, B, P> {
  store: Store;
  jobs: Jobs;
  user: User | undefined;
  /** The session's CSRF token (for GET /api/session); none when the request came with an API key. */
  csrf: string | undefined;
  actor: Actor;
  query: Q;
  body: B;
  params: P;
  /** The body as sent (parsed JSON), for routes that read more than their schema. */
  raw: unknown;
  c: Context;
}

/**
 * One HTTP route: its permission and its input schemas. The same zod schemas validate
 * requests and generate the OpenAPI document, so the two can never disagree.
 */
export interface RouteSpec<Q = unknown, B = unknown, P = unknown> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** Path under /api in Hono form, e.g. `/lots/:lot`. */
  path: string;
  summary: string;
  /** Group in the OpenAPI document (the domain). */
  tag: string;
  permission: Permission;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Writes need a reason for the audit trail (default: true for non-GET routes). */
  needsReason?: boolean;
  /** Response description for the document. */
  returns?: string;
  /**
   * The verb this route offers (see `verb-route.ts`): its handler parses the query (GET) or the
   * body with the verb's schema, so `query`/`body` here only document it.
   */
  verb?: AnyVerb;
  /** Response media type for the document (default JSON). */
  produces?: string;
  handler: (ctx: RouteContext<Q, B, P>) => Promise<unknown>;
}

/** Builds a route spec with its types inferred from the schemas. */
export function route<Q = Record<string, never>, B = Record<string, never>, P = Record<string, never>>(spec: RouteSpec<Q, B, P>): RouteSpec<Q, B, P> {
  return spec;
}

/**
 * An SVG chart as a response (handlers return it instead of JSON).
 * @example return svgResponse(renderControlChart(panel, { title: 'hardness' }))
 */
export function svgResponse(svg: string): Response {
  return new Response(svg, { headers: { 'content-type': 'image/svg+xml; charset=utf-8' } });
}

/** Validates with zod; a failure is one AppError naming every bad field and its value. */
export function parseInput<T>(schema: z.ZodType<T> | undefined, input: unknown, where: string): T {
  if (!schema) return {} as T;
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`);
  throw new AppError('bad_request', `invalid ${where}: ${problems.join('; ')}`, 'see /api/docs for the expected shape', { issues: r.error.issues });
}

/** Everything the registry needs from the app at request time. */
export interface RouteEnv {
  /** The server's store; every request works on a handle of its own forked from it. */
  store: Store;
  jobs: Jobs;
  /**
   * Who asks: a browser session (cookie; writes carry its CSRF token) or an API key
   * (`Authorization: Bearer`, its id recorded with each write). A bad key is an error, not anonymous.
   */
  session: (c: Context, store: Store) => Promise<Caller | undefined>;
}

/** Who a request comes from: the user, and either the session's CSRF token or the API key's id. */
export interface Caller {
  user: User;
  csrf?: string;
  keyId?: string;
}

/** Registers routes on a Hono app under their path, checking permission and CSRF first. */
export function mount(app: Hono, specs: RouteSpec<any, any, any>[], env: RouteEnv): void {
  for (const spec of specs) {
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      // A connection per request: its reads see committed rows only, its temporary tables are
      // its own, and its writes queue behind the one writer (store/store.ts).
      const store = await env.store.fork();
      try {
        return await handle(c, spec, env, store);
      } finally {
        store.close();
      }
    });
  }
}

/** One request: session, permission, CSRF, input, reason, then the handler. */
async function handle(c: Context, spec: RouteSpec<any, any, any>, env: RouteEnv, store: Store): Promise<Response> {
  const session = await env.session(c, store);
  if (spec.permission !== 'public') {
    if (!session) throw httpErrors.unauthenticated();
    if (!allows(session.user.role, spec.permission)) throw httpErrors.forbidden(spec.permission, session.user.role);
    // Double-submit check: the CSRF token is readable only by our own pages (same-origin
    // fetch of /api/session); a cross-site form cannot send the header. A key is not sent by
    // the browser on its own (it is a header the caller writes), so a key needs no CSRF token.
    if (spec.method !== 'get' && session.keyId === undefined && c.req.header('x-csrf-token') !== session.csrf) throw httpErrors.csrf();
  }
  const params = parseInput(spec.params, c.req.param(), 'path');
  const query = spec.verb ? ({} as never) : parseInput(spec.query, c.req.query(), 'query');
  let raw: unknown = {};
  if (spec.method !== 'get') {
    const text = await c.req.text();
    if (text.length > 0) {
      try {
        raw = JSON.parse(text);
      } catch {
        throw new AppError('bad_request', 'the request body is not valid JSON', 'send a JSON object with Content-Type: application/json');
      }
    }
  }
  const body = spec.verb ? ({} as never) : parseInput(spec.body, raw, 'body');
  const needsReason = spec.needsReason ?? spec.method !== 'get';
  const reason = (raw as { reason?: unknown })?.reason;
  if (needsReason && (typeof reason !== 'string' || reason.trim().length < 3))
    throw new AppError('reason_required', 'every change needs a reason for the audit trail', "add \"reason\": \"why this change is made\" to the body");
  const actor: Actor = {
    user: session?.user.username ?? 'anonymous', ...(typeof reason === 'string' ? { reason } : {}), ...(session?.keyId ? { via: `API key ${session.keyId}` } : {}),
  };
  const result = await spec.handler({ store, jobs: env.jobs, user: session?.user, csrf: session?.csrf, actor, query, body, params, raw, c });
  if (result instanceof Response) return result;
  return c.body(toJson(result), 200, { 'content-type': 'application/json; charset=utf-8' });
}
