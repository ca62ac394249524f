/**
 * The sources API on the real app: health for every role, configuration for administrators
 * only, secrets never in any answer, every change audited without them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Store } from '../src/store/store.js';
import { login, testApp } from './support/app.js';

const SECRET = 'lims-pw-9f3a';
const config = {
  connection: { driver: 'postgres', host: '127.0.0.1', user: 'reader', password: SECRET, database: 'lims' },
  tables: [{ name: 'results', table: 'results', id: 'id', watermark: { column: 'changed' }, discrete: { lot: '{lot}', parameter: '{test}', value: '{value}' } }],
};
let app: Hono;
let store: Store;

beforeAll(async () => {
  ({ app, store } = await testApp());
});

describe('/api/sources', () => {
  it('lets an administrator add, read, change and remove a source without a secret ever coming back', async () => {
    const admin = await login(app, 'admin-user');
    const added = await admin.json('POST', '/api/sources', { name: 'lims', kind: 'sql', config, schedule: 'manual', reason: 'connect the LIMS' });
    expect(added.status).toBe(200);
    expect(added.body.source.config.connection.password).toBe('(secret)');
    const one = await admin.json('GET', '/api/sources/lims');
    expect([one.body.source.schedule, one.body.health.status]).toEqual(['manual', 'never run']);
    const changed = await admin.json('PUT', '/api/sources/lims', { kind: 'sql', config: { ...config, connection: { ...config.connection, password: undefined, host: 'lims.local' } }, reason: 'new host' });
    expect(changed.body.source.config.connection).toMatchObject({ host: 'lims.local', password: '(secret)' });
    const kinds = await admin.json('GET', '/api/source-kinds');
    expect(kinds.body.kinds.map((k: { kind: string }) => k.kind)).toEqual(expect.arrayContaining(['sparkplug', 'sql']));
    const bad = await admin.json('POST', '/api/sources', { name: 'x', kind: 'sql', config: { connection: { driver: 'oracle' } }, reason: 'try' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_source']);
    const texts = [added, one, changed, kinds, bad].map((r) => JSON.stringify(r.body));
    expect(texts.some((t) => t.includes(SECRET))).toBe(false);
    const audit = await store.all<{ action: string; new_value: string | null; old_value: string | null }>("SELECT action, new_value, old_value FROM audit WHERE entity = 'sources' ORDER BY audit_id");
    expect(audit.map((a) => a.action)).toEqual(['insert', 'update']);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    const removed = await admin.json('DELETE', '/api/sources/lims', { reason: 'LIMS retired' });
    expect(removed.body).toEqual({ removed: 'lims' });
  });

  it('shows health to every role and refuses configuration to anyone but an administrator', async () => {
    const admin = await login(app, 'admin-user');
    await admin.json('POST', '/api/sources', { name: 'lims2', kind: 'sql', config, schedule: 'manual', reason: 'connect' });
    const viewer = await login(app, 'viewer-user');
    const health = await viewer.json('GET', '/api/sources');
    expect(health.status).toBe(200);
    expect(health.body.sources.map((s: { source: string; status: string }) => [s.source, s.status])).toEqual([['lims2', 'never run']]);
    expect(JSON.stringify(health.body)).not.toContain(SECRET);
    for (const [method, path] of [['GET', '/api/sources/lims2'], ['POST', '/api/sources'], ['DELETE', '/api/sources/lims2'], ['POST', '/api/sources/lims2/sync']] as const) {
      const r = await (await login(app, 'quality-user')).json(method, path, method === 'GET' ? undefined : { reason: 'try' });
      expect([method, path, r.status]).toEqual([method, path, 403]);
    }
  });
});
