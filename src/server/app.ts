import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError, httpStatus, isAppError } from '../core/errors.js';
import { toJson } from '../core/json.js';
import type { Store } from '../store/store.js';
import { readApiKey, touchApiKey } from './auth/api-keys.js';
import { readSession, SESSION_COOKIE } from './auth/sessions.js';
import { Jobs } from './jobs.js';
import { openApiDocument, openApiPage } from './openapi.js';
import { mount, type Caller, type RouteSpec } from './route.js';
import { ROUTES } from './routes/index.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  store: Store;
  /** Folder of the built web workbench (index.html + assets); omitted: API only. */
  webRoot?: string;
  version?: string;
  /** The clock of the jobs (tests move it to see a finished job expire); default: Date.now. */
  jobsClock?: () => number;
  /** Where internal errors (bugs) are reported; default: stderr. */
  onInternalError?: (e: unknown) => void;
}

/**
 * The causeway HTTP app: every library verb under `/api` (one route module per domain),
 * the OpenAPI 3.1 document at `/api/openapi.json` and its readable page at `/api/docs`,
 * and the web workbench for every other path. Tests build it and call `app.request()`.
 */
export function createApp(options: AppOptions): { app: Hono; routes: RouteSpec<any, any, any>[]; jobs: Jobs } {
  const { store } = options;
  const jobs = new Jobs(store, options.jobsClock);
  const app = new Hono();
  const api = new Hono();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
  });

  const session = async (c: Context, request: Store): Promise<Caller | undefined> => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    if (!bearer) return readSession(request, getCookie(c, SESSION_COOKIE));
    const { user, keyId, stale } = await readApiKey(request, bearer[1]!);
    // Recorded on the server's own handle, not awaited: a read must not wait behind a long import for it.
    if (stale) touchApiKey(store, keyId).catch(() => {});
    return { user, keyId };
  };
  mount(api, ROUTES, { store, jobs, session });

  const doc = openApiDocument(ROUTES, options.version ?? '0.1.0');
  api.get('/openapi.json', (c) => c.json(doc));
  api.get('/docs', (c) => c.html(openApiPage(doc)));
  api.get('/health', (c) => c.json({ ok: true }));
  api.all('*', (c) => errorResponse(c, new AppError('not_found', `no API route ${c.req.method} ${new URL(c.req.url).pathname}`, 'see /api/docs for the routes')));

  app.route('/api', api);
  const report = options.onInternalError ?? ((e: unknown) => process.stderr.write(`internal error: ${(e as Error)?.stack ?? String(e)}\n`));
  app.onError((e, c) => {
    if (!isAppError(e)) report(e);
    return errorResponse(c, e);
  });

  if (options.webRoot && existsSync(path.join(options.webRoot, 'index.html'))) {
    const root = path.relative(process.cwd(), options.webRoot) || '.';
    app.use('/assets/*', serveStatic({ root }));
    app.get('*', serveStatic({ root, rewriteRequestPath: () => '/index.html' }));
  } else {
    app.get('/', (c) => c.html('<p>causeway API is running. The web workbench is not built: run <code>npm run build</code>. API documentation: <a href="/api/docs">/api/docs</a>.</p>'));
  }
  return { app, routes: ROUTES, jobs };
}

/** Errors are JSON with a stable code, a message and a hint; bugs are 500 without internals. */
function errorResponse(c: Context, e: unknown): Response {
  if (isAppError(e)) return c.body(toJson({ error: e.toJSON() }), httpStatus(e) as 400, { 'content-type': 'application/json; charset=utf-8' });
  return c.body(toJson({ error: { code: 'internal', message: 'internal error', hint: 'the server log has the details; report this as a bug' } }), 500, { 'content-type': 'application/json; charset=utf-8' });
}
