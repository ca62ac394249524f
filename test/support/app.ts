import type { Hono } from 'hono';
import { createApp } from '../../src/server/app.js';
import { createUser } from '../../src/server/auth/users.js';
import { ROLES, type Role } from '../../src/server/permissions.js';
import { Store } from '../../src/store/store.js';

/** A password long enough for the rules, used for test users only. */
export const TEST_PASSWORD = 'correct horse battery';

/** A real app on a real in-memory store, with one user per role (`<role>-user`). */
export async function testApp(store?: Store): Promise<{ app: Hono; store: Store; routes: ReturnType<typeof createApp>['routes'] }> {
  const s = store ?? (await Store.open(':memory:'));
  for (const role of ROLES) await createUser(s, { user: 'test', reason: 'fixture' }, { username: `${role}-user`, role, password: TEST_PASSWORD });
  const { app, routes } = createApp({ store: s, onInternalError: (e) => { throw e; } });
  return { app, store: s, routes };
}

/** A logged-in client: keeps the cookie and sends the CSRF token on writes. */
export interface Client {
  request(method: string, path: string, body?: unknown): Promise<Response>;
  json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** Logs in and returns a client, or throws with the server's answer. */
export async function login(app: Hono, username: string, password = TEST_PASSWORD): Promise<Client> {
  const res = await app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrf } = (await res.json()) as { csrf: string };
  const request = async (method: string, path: string, body?: unknown): Promise<Response> =>
    app.request(path, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return {
    request,
    json: async (method, path, body) => {
      const r = await request(method, path, body);
      return { status: r.status, body: await r.json() };
    },
  };
}

/** The role's test user name. */
export const userOf = (role: Role) => `${role}-user`;

/** Polls a job until it is no longer running; returns its final state (status, result or error). */
export async function finishedJob(c: Client, id: string): Promise<any> {
  for (;;) {
    const r = await c.json('GET', `/api/jobs/${id}`);
    if (r.body.status !== 'running') return r.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
