/**
 * Reports over HTTP through the real app: define (quality only), run as a job with progress
 * (a viewer may not), read the run's record and download its HTML and PDF rendered from the
 * stored content. Fixture, checkable by hand: 8 tablet lots in March 2025, assay 9, 10, 11, 10 at
 * S1 and the same at S2, specification 7–13: mean 10, overall sd √(4/7) = 0.7559, so
 * Ppk = 3 / (3 · 0.7559) = 1.3229; both sites have mean 10, so the ANOVA F is 0 and p = 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { finishedJob, login, TEST_PASSWORD, testApp, userOf, type Client } from './support/app.js';

let env: Awaited<ReturnType<typeof testApp>>;
let quality: Client;
let engineer: Client;
let viewer: Client;


beforeAll(async () => {
  const s = await Store.open(':memory:');
  await s.run(`INSERT INTO sites VALUES ('S1', 'Site 1', 'UTC', NULL, NULL), ('S2', 'Site 2', 'UTC', NULL, NULL)`);
  await s.run(`INSERT INTO materials VALUES ('TAB', 'product', NULL, NULL, NULL)`);
  await s.run(`INSERT INTO parameters (material, parameter, kind, role, unit) VALUES ('TAB', 'assay', 'discrete', 'CQA', '%')`);
  await s.run(`INSERT INTO specifications (material, parameter, valid_from, lsl, usl) VALUES ('TAB', 'assay', '2024-01-01T00:00:00Z', 7, 13)`);
  const assay = [9, 10, 11, 10, 9, 10, 11, 10];
  for (let i = 0; i < 8; i++) {
    await s.run(`INSERT INTO lots (lot, material, site, start_time, status) VALUES ($1, 'TAB', $2, $3::TIMESTAMPTZ, 'released')`, [`T${i + 1}`, i < 4 ? 'S1' : 'S2', `2025-03-0${i + 1}T06:00:00Z`]);
    await s.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', 'assay', $2)`, [`T${i + 1}`, assay[i]!]);
  }
  env = await testApp(s);
  quality = await login(env.app, userOf('quality'));
  engineer = await login(env.app, userOf('manufacturing'));
  viewer = await login(env.app, userOf('viewer'));
});
afterAll(() => env.store.close());

describe('reports over HTTP', () => {
  it('defines a report (quality only), runs it as a job and serves the stored run as HTML and PDF', async () => {
    const def = { name: 'apr-tab', kind: 'apr', product: 'TAB', reason: 'APR 2025' };
    expect((await engineer.json('POST', '/api/reports', def)).status).toBe(403);
    const defined = await quality.json('POST', '/api/reports', def);
    expect(defined.status).toBe(200);
    expect(defined.body.definition).toMatchObject({ name: 'apr-tab', version: 1, kind: 'apr', product: 'TAB', definedBy: 'quality-user' });
    expect((await viewer.json('GET', '/api/reports')).body.definitions.map((d: { name: string }) => d.name)).toEqual(['apr-tab']);

    expect((await viewer.json('POST', '/api/reports/apr-tab/run', { period: '2025' })).status).toBe(403);
    const started = await engineer.json('POST', '/api/reports/apr-tab/run', { period: '2025' });
    expect(started.status).toBe(200);
    const job = await finishedJob(engineer, started.body.id);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    const { run, model } = job.result;
    expect(run).toMatchObject({ name: 'apr-tab', version: 1, period: '2025', user: 'manufacturing-user' });
    const assay = model.parameters[0];
    expect(assay.capability.mean).toBe(10);
    expect(assay.capability.ppk.value).toBeCloseTo(3 / (3 * Math.sqrt(4 / 7)), 10);
    expect(model.comparison[0].groups.map((g: { site: string; mean: number }) => [g.site, g.mean])).toEqual([['S1', 10], ['S2', 10]]);
    expect(model.comparison[0].anovaP).toBeCloseTo(1, 10);
    expect(model.lots.total).toMatchObject({ made: 8, released: 8, rejected: 0 });

    const record = await viewer.json('GET', `/api/reports/runs/${run.runId}`);
    expect(record.body).toMatchObject({ matches: true, sha256: run.contentSha256 });
    const html = await (await viewer.request('GET', `/api/reports/runs/${run.runId}/html`)).text();
    expect(html).toContain('Annual Product Review — TAB');
    expect(html).toContain(run.contentSha256);
    expect(html).toContain('1.32');
    const pdf = await viewer.request('GET', `/api/reports/runs/${run.runId}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const shown = await viewer.json('GET', '/api/reports/apr-tab');
    expect(shown.body.runs.map((r: { runId: string }) => r.runId)).toEqual([run.runId]);
  });

  it('a run is a signable record: the signature binds its content hash and the printed report shows it', async () => {
    const job = await finishedJob(engineer, (await engineer.json('POST', '/api/reports/apr-tab/run', { period: '2025-Q1' })).body.id);
    const { run } = job.result;
    const record = `report:apr-tab@${run.runId}`;
    const signed = await quality.json('POST', '/api/signatures', { record, meaning: 'reviewed', password: TEST_PASSWORD, reason: 'APR reviewed' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    // The hash the signature binds is the one stored with the run: the same canonical content.
    expect(signed.body).toMatchObject({ signer: 'quality-user', meaning: 'reviewed', contentSha256: run.contentSha256 });
    const html = await (await viewer.request('GET', `/api/reports/runs/${run.runId}/html`)).text();
    expect(html).toContain('<b>reviewed</b> by <b>quality-user</b> (quality-user) on ' + signed.body.signedAt.replace('T', ' ').slice(0, 19) + ' UTC');
    expect(html).toContain(`content SHA-256 ${run.contentSha256.slice(0, 16)}`);
    // Still open: the two meanings nobody signed yet.
    expect(html).toContain('<b>approved</b> — name, date and time');
    expect((await quality.json('GET', '/api/signatures/verify?record=' + encodeURIComponent(record))).body).toMatchObject({ ok: true, checked: 1 });
    // A definition version is a record too.
    const def = await quality.json('POST', '/api/signatures', { record: 'report:apr-tab@1', meaning: 'approved', password: TEST_PASSWORD, reason: 'APR protocol approved' });
    expect(def.status, JSON.stringify(def.body)).toBe(200);
  });

  it('answers an unknown definition and a bad period with what to change', async () => {
    const missing = await engineer.json('POST', '/api/reports/nope/run', { period: '2025' });
    const job = await finishedJob(engineer, missing.body.id);
    expect(job.error).toMatchObject({ code: 'report_not_found' });
    const bad = await engineer.json('POST', '/api/reports/apr-tab/run', { period: 'last year' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("'period' 'last year' is not a year, quarter, month or date range, e.g. period=2025");
  });
});
