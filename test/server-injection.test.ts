import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { importFolder } from '../src/ingest/import-folder.js';
import { login, testApp, userOf, type Client } from './support/app.js';
import { PROJECT_ROOT } from './support/shared-data.js';

/** Payloads that would change the answer or the store if any reached SQL as text. */
const PAYLOADS = [`x' OR '1'='1`, `'; DROP TABLE lots; --`, `" OR ""="`, `x\u0000y`, `../../../../etc/passwd`, `%27%20OR%201=1`, `$1`, `lot') UNION SELECT password_hash FROM users --`];

let env: Awaited<ReturnType<typeof testApp>>;
let admin: Client;
let lots = 0;
let users = 0;
beforeAll(async () => {
  env = await testApp();
  await importFolder(env.store, path.join(PROJECT_ROOT, 'examples', 'folder'), { actor: { user: 'test' } });
  lots = Number(await env.store.value('SELECT count(*) FROM lots'));
  users = Number(await env.store.value('SELECT count(*) FROM users'));
  admin = await login(env.app, userOf('admin'));
});
afterAll(() => env.store.close());

function fields(schema: unknown): string[] {
  const s = schema as z.ZodObject<z.ZodRawShape> | undefined;
  return s && 'shape' in s ? Object.keys(s.shape) : [];
}

describe('injection and bad input on every parameter of every route', () => {
  it('never lets a payload reach SQL or files: no 500, no data, store intact', async () => {
    let tried = 0;
    for (const r of env.routes.filter((x) => x.permission !== 'public' && !(x.method === 'delete' && x.path === '/session') && x.path !== '/jobs/:id')) {
      const places = [
        ...fields(r.params).map((f) => ({ where: 'params' as const, f })),
        ...fields(r.query).map((f) => ({ where: 'query' as const, f })),
        ...fields(r.body).filter((f) => f !== 'reason' && f !== 'password').map((f) => ({ where: 'body' as const, f })),
      ];
      for (const { where, f } of places) {
        for (const payload of PAYLOADS) {
          let p = r.path;
          const query = new URLSearchParams();
          const body: Record<string, unknown> = { reason: 'injection test' };
          for (const k of fields(r.params)) p = p.replace(':' + k, encodeURIComponent(where === 'params' && k === f ? payload : 'x'));
          if (where === 'query') query.set(f, payload);
          if (where === 'body') body[f] = payload;
          const url = '/api' + p + (query.toString() ? '?' + query : '');
          const res = await admin.request(r.method.toUpperCase(), url, r.method === 'get' ? undefined : body);
          const text = await res.text();
          tried++;
          expect(res.status, `${r.method} ${url} (${where}.${f})`).toBeLessThan(500);
          expect(text, `${r.method} ${url}`).not.toMatch(/scrypt\$/);
        }
      }
    }
    expect(tried).toBeGreaterThan(200);
    expect(Number(await env.store.value('SELECT count(*) FROM lots'))).toBe(lots);
    expect(Number(await env.store.value('SELECT count(*) FROM users'))).toBe(users);
  });

  it('answers a lots filter with an injected value with no lots, not all of them', async () => {
    const r = await admin.json('GET', `/api/lots?material=${encodeURIComponent(`x' OR '1'='1`)}`);
    expect(r.status).toBe(200);
    expect(r.body.lots).toEqual([]);
  });

  it('searches lot ids in the store, not only within the first page of lots', async () => {
    const last = await env.store.value<string>('SELECT lot FROM lots ORDER BY start_time DESC NULLS LAST, lot DESC LIMIT 1');
    const r = await admin.json('GET', `/api/lots?q=${encodeURIComponent(String(last).toLowerCase())}&limit=1`);
    expect(r.status).toBe(200);
    expect(r.body.lots.map((l: { lot: string }) => l.lot)).toEqual([last]);
  });

  it('refuses bad bodies with a JSON error naming the field', async () => {
    const notJson = await admin.request('POST', '/api/users', undefined);
    expect(notJson.status).toBe(400);
    const raw = await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": ' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('bad_request');
    const wrongType = await admin.json('POST', '/api/users', { username: 42, role: 'emperor', password: 'short', reason: 'bad body' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toMatch(/username/);
    expect(wrongType.body.error.message).toMatch(/role/);
  });
});
