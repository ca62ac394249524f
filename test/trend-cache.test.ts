/**
 * GET /api/trend answers from the result cache until the data changes: a new audited sample
 * shows in the next answer. Real app, real in-memory store.
 */
import { describe, expect, it } from 'vitest';
import { cacheOf } from '../src/server/result-cache.js';
import { audit } from '../src/store/audit.js';
import { login, testApp, userOf } from './support/app.js';

describe('GET /api/trend with the result cache', () => {
  it('gives the same answer twice, and the new value after an audited write', async () => {
    const { app, store } = await testApp();
    try {
      await store.transaction(async () => {
        await store.run("INSERT INTO tags (tag, equipment, unit) VALUES ('TT1', 'E1', 'degC')");
        await store.run(`INSERT INTO samples (tag, time, value, quality) VALUES
          ('TT1', '2024-01-01 00:00:00+00', 1.5, 0), ('TT1', '2024-01-01 00:00:01+00', 2.5, 0), ('TT1', '2024-01-01 00:00:02+00', 4, 2)`);
        await audit(store, { user: 'test', reason: 'fixture' }, { action: 'insert', entity: 'samples', key: '3 rows' });
      });
      const viewer = await login(app, userOf('viewer'));
      const url = '/api/trend?tags=TT1&from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z&width=100';
      const a = await viewer.json('GET', url);
      expect(a.status).toBe(200);
      expect(a.body.series[0]).toMatchObject({ tag: 'TT1', mode: 'raw', samples: 3, badSamples: 1, value: [1.5, 2.5] });
      const b = await viewer.request('GET', url);
      expect(await b.text()).toBe(JSON.stringify(a.body));
      // Regression: the server forks a handle per request, and the cache was kept per handle, so
      // no answer was ever served from it. Now one answer is held for the whole database.
      expect(cacheOf(store).answers.size).toBe(1);

      await store.transaction(async () => {
        await store.run("INSERT INTO samples (tag, time, value, quality) VALUES ('TT1', '2024-01-01 00:00:03+00', 8, 0)");
        await audit(store, { user: 'test', reason: 'fixture' }, { action: 'insert', entity: 'samples', key: '1 row' });
      });
      const c = await viewer.json('GET', url);
      expect(c.body.series[0]).toMatchObject({ samples: 4, badSamples: 1, value: [1.5, 2.5, 8] });

      // an unknown tag is an error every time, never a remembered answer
      const bad = await viewer.json('GET', '/api/trend?tags=NOPE&from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z');
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(bad.status).toBeLessThan(500);
    } finally {
      store.close();
    }
  });
});
