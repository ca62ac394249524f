/**
 * API keys over HTTP on the real app: a key acts as its owner with the owner's role (the same
 * permission check as a session), needs no CSRF token, is stored only as a hash, is refused
 * once revoked or once its user is disabled, and every write made with it is audited under its
 * user, naming the key.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, testApp, userOf, type Client } from './support/app.js';

let env: Awaited<ReturnType<typeof testApp>>;
let admin: Client;
beforeAll(async () => {
  env = await testApp();
  admin = await login(env.app, userOf('admin'));
});
afterAll(() => env.store.close());

/** A request with a key only (no cookie, no CSRF token). */
async function withKey(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await env.app.request(path, {
    method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

async function keyOf(role: 'viewer' | 'quality' | 'manufacturing', name: string): Promise<{ id: string; key: string }> {
  const client = await login(env.app, userOf(role));
  const r = await client.json('POST', '/api/keys', { name, reason: 'key for a script' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe('API keys', () => {
  it('is shown once, stored only as its SHA-256, and acts as its owner', async () => {
    const { id, key } = await keyOf('quality', 'report');
    expect(key).toMatch(/^cwk_[A-Za-z0-9_-]{43}$/);
    const stored = await env.store.one<{ key_hash: string; username: string }>('SELECT key_hash, username FROM api_keys WHERE key_id = $1', [id]);
    expect(stored).toEqual({ key_hash: createHash('sha256').update(key).digest('hex'), username: 'quality-user' });
    const me = await withKey(key, 'GET', '/api/session');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('quality-user');
    const list = await withKey(key, 'GET', '/api/keys');
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(list.body.keys.map((k: { id: string }) => k.id)).toEqual([id]);
    // The last use is recorded beside the request (not awaited by it): wait for it to land.
    let used: unknown = null;
    for (let i = 0; i < 100 && used === null; i++) {
      used = await env.store.value('SELECT last_used_at FROM api_keys WHERE key_id = $1', [id]);
      if (used === null) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(used).toBeInstanceOf(Date);
  });

  it('writes without a CSRF token, audited under the key\'s user with the key named', async () => {
    const { id, key } = await keyOf('manufacturing', 'mapper');
    const r = await withKey(key, 'POST', '/api/keys', { name: 'second', reason: 'rotation' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const entry = await env.store.one('SELECT user_name, reason FROM audit WHERE entity = $1 AND entity_key = $2', ['api_keys', r.body.id]);
    expect(entry).toEqual({ user_name: 'manufacturing-user', reason: `rotation (via API key ${id})` });
  });

  it('gives a viewer\'s key the viewer\'s permissions: a write is 403 and nothing is written', async () => {
    const { key } = await keyOf('viewer', 'reader');
    const before = await env.store.value('SELECT count(*) FROM control_limits');
    const r = await withKey(key, 'POST', '/api/limits', { parameter: 'assay', material: 'P', baselineLots: 'L1,L2', reason: 'try' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(await env.store.value('SELECT count(*) FROM control_limits')).toBe(before);
    expect((await withKey(key, 'GET', '/api/info')).status).toBe(200);
  });

  it('refuses a revoked key, a made-up key, and the key of a disabled user with 401', async () => {
    const { id, key } = await keyOf('quality', 'old');
    const revoked = await withKey(key, 'POST', `/api/keys/${id}/revoke`, { reason: 'laptop lost' });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedBy).toBe('quality-user');
    const after = await withKey(key, 'GET', '/api/info');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('bad_api_key');
    expect((await withKey('cwk_' + 'x'.repeat(43), 'GET', '/api/info')).status).toBe(401);
    const other = await keyOf('viewer', 'until disabled');
    expect((await admin.json('PUT', '/api/users/viewer-user', { disabled: true, reason: 'left' })).status).toBe(200);
    expect((await withKey(other.key, 'GET', '/api/info')).status).toBe(401);
    expect((await admin.json('PUT', '/api/users/viewer-user', { disabled: false, reason: 'back' })).status).toBe(200);
  });

  it('lets a user manage only their own keys; an administrator manages anyone\'s', async () => {
    const quality = await login(env.app, userOf('quality'));
    const forOther = await quality.json('POST', '/api/keys', { name: 'sneaky', owner: 'admin-user', reason: 'try' });
    expect(forOther.status).toBe(403);
    const hers = await keyOf('manufacturing', 'hers');
    const revoke = await quality.json('POST', `/api/keys/${hers.id}/revoke`, { reason: 'try' });
    expect(revoke.status).toBe(404);
    expect((await quality.json('GET', '/api/keys?owner=manufacturing-user')).status).toBe(403);
    const all = await admin.json('GET', '/api/keys?owner=manufacturing-user');
    expect(all.body.keys.map((k: { name: string }) => k.name)).toContain('hers');
    const made = await admin.json('POST', '/api/keys', { name: 'for ops', owner: 'quality-user', reason: 'ops script' });
    expect(made.body.owner).toBe('quality-user');
    expect((await admin.json('POST', `/api/keys/${hers.id}/revoke`, { reason: 'offboarding' })).body.revokedBy).toBe('admin-user');
  });
});
