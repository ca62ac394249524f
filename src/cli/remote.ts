import { AppError, field, type ErrorJson } from '../core/errors.js';
import type { Json } from '../core/json.js';
import type { Logger } from '../core/logger.js';
import type { AnyVerb, Verb } from '../core/verb.js';
import { discoveryPath, findServer, type ServerRecord } from '../server/discovery.js';
import type { JobState } from '../server/jobs.js';
import type { VerbRouteSpec } from '../server/verb-route.js';
import type { Actor } from '../store/store.js';
import type { Connection, ConnectOptions } from './connection.js';
import { passwordFor } from './password-prompt.js';

/** How requests to the server say who asks: an API key, or the session of a login. */
type Credentials = { kind: 'key'; headers: Record<string, string> } | { kind: 'session'; headers: Record<string, string> };

/**
 * The connection to the server that holds a store file: found through the discovery file next
 * to the store (server/discovery.ts), authenticated with an API key (`--api-key`,
 * `CAUSEWAY_API_KEY`) or a login (`--user` and a password). Each verb goes to its own route;
 * long verbs run as jobs there and are followed with their progress.
 *
 * @param path - the store file.
 * @param o - the command's options.
 * @param locked - the error of opening the file, thrown again when no server holds it.
 */
export async function remoteConnection(path: string, o: ConnectOptions, locked: AppError): Promise<Connection> {
  const found = await findServer(path);
  const elsewhere = `wait for the other process to finish, or name another store with ${field('db')}`;
  if (found.state === 'none') {
    throw new AppError('store_locked', `the store '${path}' is held by another process, and no causeway server has recorded that it holds it (${discoveryPath(path)})`, `a causeway server records itself there and commands then run through it; otherwise ${elsewhere}`, locked.details);
  }
  if (found.state === 'stale') throw new AppError('store_locked', `the store '${path}' is held by another process; ${found.why}, so its record is ignored`, elsewhere, locked.details);
  const server = found.server;
  return new RemoteConnection(server, await credentialsFor(server, o), o);
}

/** The route of a verb (from its domain's route module only), or undefined when it has none. */
async function routeOf(verb: AnyVerb): Promise<VerbRouteSpec | undefined> {
  const { ROUTES_OF_VERB } = await import('../server/routes/by-verb.js');
  const load = ROUTES_OF_VERB[verb.name.split(' ')[0]!];
  const routes = load ? await load() : [];
  return routes.find((r): r is VerbRouteSpec => r.verb === verb && 'extra' in r);
}

/** The key given, else a login with --user and a password; neither: what to do, in the user's words. */
async function credentialsFor(server: ServerRecord, o: ConnectOptions): Promise<Credentials> {
  const key = o.apiKey ?? process.env.CAUSEWAY_API_KEY;
  if (key) return { kind: 'key', headers: { authorization: `Bearer ${key}` } };
  if (!o.userGiven) {
    throw new AppError('no_credentials', `the store is held by the causeway server at ${server.url}; commands run through it, as you, and need your API key`,
      `create a key in the workbench (API keys, under your name) or with \`causeway keys create NAME --user YOU --reason "…"\` (asks for your password), then pass ${field('apiKey', 'KEY')} or set CAUSEWAY_API_KEY`);
  }
  const user = o.actor.user;
  const password = await passwordFor(user, `to log in to ${server.url}`);
  const res = await send(server, 'POST', 'api/session', { 'content-type': 'application/json' }, JSON.stringify({ username: user, password }));
  const body = await answer(res);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { kind: 'session', headers: { cookie, 'x-csrf-token': String((body as { csrf: string }).csrf) } };
}

async function send(server: ServerRecord, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
  try {
    return await fetch(new URL(path, server.url), { method, headers, ...(body !== undefined ? { body } : {}) });
  } catch (e) {
    throw new AppError('server_unreachable', `the causeway server at ${server.url} does not answer (${(e as Error).message})`, 'check that the server still runs; when it has stopped, run the command again: it then opens the store itself');
  }
}

/** The body of an answer: JSON or text when 2xx, else the server's error (its fields spelled by this edge). */
async function answer(res: Response, text = false): Promise<unknown> {
  const body = await res.text();
  if (res.ok) return text ? body : JSON.parse(body);
  let error: ErrorJson | undefined;
  try {
    error = (JSON.parse(body) as { error?: ErrorJson }).error;
  } catch {
    // not an answer of causeway (a proxy's page): reported below with the status
  }
  if (error) throw AppError.fromJSON(error);
  throw new AppError('server_unreachable', `the server answered ${res.status} ${res.statusText}`, 'check that the address in the discovery file is a causeway server');
}

/** A command's verbs sent to the server's routes. */
class RemoteConnection implements Connection {
  readonly where = 'remote' as const;
  constructor(
    private readonly server: ServerRecord,
    private readonly credentials: Credentials,
    private readonly o: ConnectOptions,
  ) {}

  async call<O>(verb: Verb<any, any, O>, given: Record<string, unknown>): Promise<Json<O>> {
    const spec = await routeOf(verb);
    if (!spec) throw new AppError('not_remote', `\`causeway ${verb.name}\` does not run through a server`, `run it when the server no longer holds the store, or on a copy of the store with ${field('db')}`);
    const raw = spec.fromCli ? spec.fromCli(given, { imports: this.server.imports }) : spec.notRemote ? notRemote(spec) : given;
    const path = 'api' + spec.path.replace(/:([A-Za-z_]+)/g, (_m, n: string) => encodeURIComponent(String(raw[n] ?? '')));
    const inPath = new Set([...spec.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!));
    const fields = Object.fromEntries(Object.entries(raw).filter(([k, v]) => !inPath.has(k) && v !== undefined));
    let res: Response;
    if (spec.method === 'get') {
      const query = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
      res = await send(this.server, 'GET', query.size ? `${path}?${query}` : path, this.credentials.headers);
    } else {
      const body = { ...fields, ...(await this.extras(spec)), ...reasonOf(spec, this.o.actor, this.server) };
      res = await send(this.server, spec.method.toUpperCase(), path, { ...this.credentials.headers, 'content-type': 'application/json' }, JSON.stringify(body));
    }
    const result = await answer(res, spec.document !== undefined);
    return (spec.job ? await this.follow(result as JobState, this.o.logger) : result) as Json<O>;
  }

  /** Fields the route asks besides the verb's: a password re-entered to sign (approving limits). */
  private async extras(spec: VerbRouteSpec): Promise<Record<string, unknown>> {
    if (!spec.extra.includes('password')) return {};
    return { password: await passwordFor(this.o.actor.user, `to sign \`causeway ${spec.verb.name}\``) };
  }

  /** Follows a job to its end, drawing its progress; Ctrl-C cancels it on the server. */
  private async follow(job: JobState, logger: Logger): Promise<unknown> {
    let cancelled = false;
    const cancel = () => {
      cancelled = true;
    };
    process.once('SIGINT', cancel);
    try {
      for (let state = job; ; ) {
        if (state.status === 'done') return state.result;
        if (state.status === 'failed' && state.error) throw AppError.fromJSON(state.error);
        if (state.status !== 'running') throw new AppError('cancelled', `the ${state.kind} was cancelled on the server; nothing was stored`, 'start it again when needed');
        if (cancelled) {
          await send(this.server, 'DELETE', `api/jobs/${job.id}`, this.credentials.headers);
          throw new AppError('cancelled', `the ${state.kind} was cancelled; nothing was stored`, 'start it again when needed');
        }
        logger.progress(state.label, state.done, state.total ?? undefined);
        await new Promise((resolve) => setTimeout(resolve, 200));
        state = (await answer(await send(this.server, 'GET', `api/jobs/${job.id}`, this.credentials.headers))) as JobState;
      }
    } finally {
      process.off('SIGINT', cancel);
    }
  }

  async close(): Promise<void> {
    // A login's session ends with the command; a key stays valid until revoked.
    if (this.credentials.kind === 'session') await send(this.server, 'DELETE', 'api/session', this.credentials.headers).catch(() => {});
  }
}

function notRemote(spec: VerbRouteSpec): never {
  throw new AppError('not_remote', `\`causeway ${spec.verb.name}\` cannot run through the server`, spec.notRemote!);
}

/** Every write through the server records why; the command line says so before sending. */
function reasonOf(spec: VerbRouteSpec, actor: Actor, server: ServerRecord): { reason?: string } {
  if (actor.reason !== undefined) return { reason: actor.reason };
  if (spec.needsReason) throw new AppError('reason_required', `\`causeway ${spec.verb.name}\` writes through the server at ${server.url}, and every write there records why`, `add ${field('reason', '"why this change is made"')}`);
  return {};
}
