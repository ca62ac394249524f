import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../src/server/auth/users.js';
import { allows, ROLES } from '../src/server/permissions.js';
import { Store } from '../src/store/store.js';
import { login, testApp, TEST_PASSWORD, userOf } from './support/app.js';

let env: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  env = await testApp();
});
afterAll(() => env.store.close());

describe('sessions and CSRF', () => {
  it('sets an HTTP-only SameSite=Strict cookie and returns the CSRF token', async () => {
    const res = await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'quality-user', password: TEST_PASSWORD }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/causeway_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const body = (await res.json()) as { csrf: string; user: { role: string }; permissions: string[] };
    expect(body.csrf.length).toBeGreaterThan(20);
    expect(body.user.role).toBe('quality');
    expect(body.permissions).toContain('limits.approve');
  });

  it('refuses a write without the CSRF header even with a valid session', async () => {
    const admin = await login(env.app, userOf('admin'));
    const withToken = await admin.json('POST', '/api/users', { username: 'csrf-check', role: 'viewer', password: 'long enough password', reason: 'test user' });
    expect(withToken.status).toBe(200);
    const res = await admin.request('GET', '/api/session');
    expect(res.status).toBe(200);
    // Same cookie, no token:
    const cookie = (await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: userOf('admin'), password: TEST_PASSWORD }) })).headers.get('set-cookie')!.split(';')[0]!;
    const noToken = await env.app.request('/api/users', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ username: 'csrf-check2', role: 'viewer', password: 'long enough password', reason: 'test user' }) });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
  });

  it('requires a reason on writes and records it in the audit trail', async () => {
    const admin = await login(env.app, userOf('admin'));
    const missing = await admin.json('POST', '/api/users', { username: 'no-reason', role: 'viewer', password: 'long enough password' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('bad_request');
    const ok = await admin.json('POST', '/api/users', { username: 'with-reason', role: 'viewer', password: 'long enough password', reason: 'new QC analyst' });
    expect(ok.status).toBe(200);
    const trail = await admin.json('GET', '/api/audit?entity=users&key=with-reason');
    expect(trail.body.entries[0]).toMatchObject({ user_name: 'admin-user', action: 'insert', reason: 'new QC analyst', new_value: 'viewer' });
  });

  it('locks an account after 5 failed logins and audits the lock-out', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: userOf('viewer'), password: 'wrong password ' + i }) });
      expect(r.status).toBe(401);
    }
    const locked = await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: userOf('viewer'), password: TEST_PASSWORD }) });
    expect(locked.status).toBe(423);
    expect(Number(await env.store.value("SELECT count(*) FROM audit WHERE action = 'lockout' AND entity_key = 'viewer-user'"))).toBe(1);
    const admin = await login(env.app, userOf('admin'));
    expect((await admin.json('PUT', '/api/users/viewer-user', { unlock: true, reason: 'confirmed by phone' })).status).toBe(200);
    await expect(login(env.app, userOf('viewer'))).resolves.toBeDefined();
  });

  it('counts a wrong password re-entered to approve limits as a failed login: 5 lock the account', async () => {
    const quality = await login(env.app, userOf('quality'));
    const approve = { material: 'P', parameter: 'assay', chart: 'imr', version: 1, reason: 'signature test' };
    for (let i = 0; i < 5; i++) {
      const r = await quality.json('POST', '/api/limits/approve', { ...approve, password: 'wrong password ' + i });
      expect(r.body.error.code).toBe('reauthentication_failed');
    }
    const locked = await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: userOf('quality'), password: TEST_PASSWORD }) });
    expect(locked.status).toBe(423);
    expect(Number(await env.store.value("SELECT count(*) FROM audit WHERE action = 'lockout' AND entity_key = 'quality-user'"))).toBe(1);
    const admin = await login(env.app, userOf('admin'));
    expect((await admin.json('PUT', '/api/users/quality-user', { unlock: true, reason: 'test done' })).status).toBe(200);
  });

  it('never has a default password: the first admin gets a generated one or the environment’s', async () => {
    const store = await Store.open(':memory:');
    try {
      const first = await ensureAdmin(store, {});
      expect(first.created).toBe(true);
      expect(first.password).toMatch(/^[A-Za-z0-9]{20}$/);
      const again = await ensureAdmin(store, {});
      expect(again).toEqual({ created: false, username: 'admin' });
      const hash = String(await store.value("SELECT password_hash FROM users WHERE username = 'admin'"));
      expect(hash.startsWith('scrypt$32768$8$1$')).toBe(true);
      expect(hash).not.toContain(first.password!);
    } finally {
      store.close();
    }
  });
});

describe('permission matrix: every route × every role', () => {
  it('answers 401 without a session on every non-public route', async () => {
    for (const r of env.routes.filter((x) => x.permission !== 'public')) {
      const path = '/api' + r.path.replace(/:([A-Za-z_]+)/g, 'x');
      const res = await env.app.request(path, { method: r.method.toUpperCase(), headers: { 'content-type': 'application/json' }, body: r.method === 'get' ? undefined : '{}' });
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('allows exactly what the matrix allows (no unexpected allow, no unexpected deny)', async () => {
    for (const role of ROLES) {
      const client = await login(env.app, userOf(role));
      for (const r of env.routes.filter((x) => x.permission !== 'public' && !(x.method === 'delete' && x.path === '/session'))) {
        const path = '/api' + r.path.replace(/:([A-Za-z_]+)/g, 'x');
        const res = await client.request(r.method.toUpperCase(), path, r.method === 'get' ? undefined : { reason: 'matrix test' });
        const body = (await res.json()) as { error?: { code: string } };
        if (allows(role, r.permission)) expect(body.error?.code, `${role} ${r.method} ${r.path}`).not.toBe('forbidden');
        else expect(res.status, `${role} ${r.method} ${r.path}`).toBe(403);
      }
    }
  });
});

describe('API document', () => {
  it('serves OpenAPI 3.1 with every route and its permission', async () => {
    const res = await env.app.request('/api/openapi.json');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { description: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const r of env.routes) {
      const p = '/api' + r.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      expect(doc.paths[p]?.[r.method]?.description, p).toContain(`Permission: \`${r.permission}\``);
    }
    const page = await env.app.request('/api/docs');
    expect(await page.text()).toContain('/api/openapi.json');
  });

  it('answers errors as JSON with code, message and hint', async () => {
    const res = await env.app.request('/api/nothing-here');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string; hint: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.hint.length).toBeGreaterThan(0);
  });
});
