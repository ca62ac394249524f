/**
 * What only the CLI could do, now over HTTP through the real app: MSPC fit (a job), score and
 * contributions; golden build, the stored envelope (what the trend view draws) and check;
 * features refresh as a job with progress; the genealogy export; each with its permission.
 * Fixture (test/support/mspc-fixture.ts): tags A, B = 2A, C for 80 minutes, then 5 minutes where
 * B = −2A; golden lots G1–G3 released and HOT 8 sd above at minutes 2–3; G1 and G2 go into T1
 * (10 and 30 kg).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { finishedJob, login, testApp, userOf, type Client } from './support/app.js';
import { at, writeMspcFixture } from './support/mspc-fixture.js';

let env: Awaited<ReturnType<typeof testApp>>;
let engineer: Client;
let viewer: Client;


beforeAll(async () => {
  const store = await Store.open(':memory:');
  await writeMspcFixture(store);
  await store.run("INSERT INTO genealogy (parent_lot, child_lot, quantity) VALUES ('G1', 'T1', 10), ('G2', 'T1', 30)");
  env = await testApp(store);
  engineer = await login(env.app, userOf('manufacturing'));
  viewer = await login(env.app, userOf('viewer'));
});
afterAll(() => env.store.close());

describe('MSPC over HTTP', () => {
  it('fits a model as a job, stored as version 1 and audited under the user with the reason', async () => {
    const body = { name: 'abc', tags: 'A,B,C', from: at(0), to: at(4800), window: '1m', components: 2, reason: 'normal week' };
    expect((await viewer.json('POST', '/api/mspc/models', body)).status).toBe(403);
    const started = await engineer.json('POST', '/api/mspc/models', body);
    expect(started.status).toBe(200);
    const job = await finishedJob(engineer, started.body.id);
    expect(job.status).toBe('done');
    expect(job.result).toMatchObject({ name: 'abc', version: 1, kind: 'pca', components: 2, n: 80, variables: ['A', 'B', 'C'] });
    expect(await env.store.one("SELECT user_name, reason FROM audit WHERE entity = 'models' AND entity_key = 'abc/1'")).toEqual({ user_name: 'manufacturing-user', reason: 'normal week' });
  });
  it('scores the next 10 minutes: exactly the 5 broken windows are above the SPE limit', async () => {
    const r = await viewer.json('GET', `/api/mspc/score?name=abc&from=${at(4800)}&to=${at(5400)}`);
    expect(r.status).toBe(200);
    expect(r.body.rows).toHaveLength(10);
    expect(r.body.rows.filter((x: { speOut: boolean }) => x.speOut).map((x: { row: string }) => x.row))
      .toEqual(['2025-03-01T01:25:00Z', '2025-03-01T01:26:00Z', '2025-03-01T01:27:00Z', '2025-03-01T01:28:00Z', '2025-03-01T01:29:00Z']);
    const svg = await viewer.request('GET', `/api/mspc/score/svg?name=abc&from=${at(4800)}&to=${at(5400)}`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toMatch(/^<svg/);
  });
  it('contributions of a broken window add up to its SPE; C contributes least', async () => {
    const r = await viewer.json('GET', '/api/mspc/contributions?name=abc&time=2025-03-01T01:27:00Z');
    expect(r.status).toBe(200);
    expect(r.body.contributions.reduce((s: number, x: { spe: number }) => s + x.spe, 0)).toBeCloseTo(r.body.spe, 9);
    expect(r.body.spe).toBeGreaterThan(r.body.speLimit);
    expect(r.body.contributions[2].variable).toBe('C');
  });
  it('a tag-window model scored without a range names the fields', async () => {
    const r = await viewer.json('GET', '/api/mspc/score?name=abc');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe("model 'abc' is on tag windows: give 'from' and 'to'");
  });
});

describe('golden batch over HTTP (the trend view draws /api/golden/:name, which answered 404)', () => {
  it('builds an envelope from released lots, then serves it and checks a lot that ran hot', async () => {
    const built = await engineer.json('POST', '/api/golden', { name: 'dry', signal: 'product_temp', phase: 'drying', material: 'granulate', status: 'released', k: 3, reason: 'golden batch of 2025' });
    expect(built.status).toBe(200);
    expect(built.body).toMatchObject({ name: 'dry', version: 1, step: 60, lots: ['G1', 'G2', 'G3'], gridPoints: 5, withEnvelope: 5 });
    const model = await viewer.json('GET', '/api/golden/dry');
    expect(model.status).toBe(200);
    // Minute k: the good lots are m−1, m, m+1 (sd 1): mean m, envelope m ± 3.
    expect(model.body.envelope.t).toEqual([0, 60, 120, 180, 240]);
    expect(model.body.envelope.mean).toEqual([20, 30, 40, 50, 60]);
    expect(model.body.envelope.high).toEqual([23, 33, 43, 53, 63]);
    const check = await viewer.json('GET', '/api/golden/dry/check?lot=HOT');
    expect(check.body.spans).toEqual([{ from: 120, to: 240, points: 2, direction: 'above', maxZ: 8 }]);
    expect((await viewer.json('GET', '/api/golden/none')).status).toBe(404);
  });
});

describe('features refresh over HTTP', () => {
  it('recomputes features as a job with progress; the drying mean of G1 is (20+30+40+50+60)/5 = 40', async () => {
    expect((await viewer.json('POST', '/api/features/refresh', { reason: 'new data' })).status).toBe(403);
    const started = await engineer.json('POST', '/api/features/refresh', { material: 'granulate', reason: 'new data' });
    expect(started.status).toBe(200);
    const job = await finishedJob(engineer, started.body.id);
    expect(job.status).toBe('done');
    expect(job.result.lots).toBe(4);
    expect(job.total).not.toBeNull();
    const f = await viewer.json('GET', '/api/features?lot=G1&name=drying.*.mean');
    expect(f.body.features.map((x: { name: string; value: number }) => [x.name, x.value])).toEqual([['drying.product_temp.mean', 40]]);
  });
});

describe('genealogy export over HTTP', () => {
  it('T1 is made of 10 kg of G1 and 30 kg of G2: contributions 0.25 and 0.75, as JSON and as CSV', async () => {
    const r = await viewer.json('GET', '/api/genealogy/T1/export');
    expect(r.status).toBe(200);
    expect(r.body.direction).toBe('up');
    expect(r.body.lots.map((l: { lot: string; contribution: number }) => [l.lot, l.contribution])).toEqual([['G1', 0.25], ['G2', 0.75]]);
    const down = await viewer.json('GET', '/api/genealogy/G1/export?direction=down');
    expect(down.body.lots.map((l: { lot: string; contribution: number }) => [l.lot, l.contribution])).toEqual([['T1', 0.25]]);
    const csv = await viewer.request('GET', '/api/genealogy/T1/export.csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n').slice(0, 3)).toEqual([
      'lot,material,step,site,status,depth,contribution,estimated',
      'G1,granulate,,S1,released,1,0.25,false',
      'G2,granulate,,S1,released,1,0.75,false',
    ]);
  });
});
