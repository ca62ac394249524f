/**
 * Records over HTTP: limits approval as a signature, signing only as yourself, worksheets in
 * versions with audit entries, re-runs that reproduce, and an explain result saved as a worksheet
 * outliving the hour its job is kept (the jobs' clock is moved, nothing waits).
 */
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createUser } from '../src/server/auth/users.js';
import { ROLES } from '../src/server/permissions.js';
import { JOB_KEEP_MS } from '../src/server/jobs.js';
import { proposeLimits } from '../src/spc/limits-store.js';
import { audit } from '../src/store/audit.js';
import type { Store } from '../src/store/store.js';
import { finishedJob, login, TEST_PASSWORD, userOf } from './support/app.js';
import { ASSAY, recordsFixture } from './records-fixture.js';

let store: Store;
let app: Hono;
let offset = 0;
beforeAll(async () => {
  store = await recordsFixture();
  for (const role of ROLES) await createUser(store, { user: 'test', reason: 'fixture' }, { username: userOf(role), role, password: TEST_PASSWORD });
  // A second parameter that follows assay, so that explain has a candidate to find.
  for (let i = 0; i < ASSAY.length; i++) await store.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', 'hardness', $2)`, [`L${String(i + 1).padStart(2, '0')}`, 50 + 2 * ASSAY[i]! + (i % 3) * 0.1]);
  await proposeLimits(store, { material: 'TAB', parameter: 'assay', chart: 'imr', validFrom: '2024-01-01', center: 100, sigma: 1.5, lcl: 95.5, ucl: 104.5 }, { user: 'mia', reason: 'phase I' });
  app = createApp({ store, onInternalError: (e) => { throw e; }, jobsClock: () => Date.now() + offset }).app;
});
afterAll(() => store.close());


describe('signatures over HTTP', () => {
  it('approving limits records a signature (approved) bound to the version, which verifies', async () => {
    const quality = await login(app, userOf('quality'));
    const r = await quality.json('POST', '/api/limits/approve', { material: 'TAB', parameter: 'assay', chart: 'imr', version: 1, password: TEST_PASSWORD, reason: 'baseline reviewed' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'approved', approvedBy: 'quality-user', signature: { signer: 'quality-user', signerName: 'quality-user', meaning: 'approved', record: { kind: 'limits', id: 'TAB/assay/imr', version: '1' }, reason: 'baseline reviewed' } });
    const v = await quality.json('GET', '/api/signatures/verify?record=' + encodeURIComponent('limits:TAB/assay/imr@1'));
    expect(v.body).toMatchObject({ ok: true, checked: 1, failed: 0 });
  });

  it('an administrator cannot sign as another user: naming them is refused, their password does not work for the admin', async () => {
    const admin = await login(app, userOf('admin'));
    const named = await admin.json('POST', '/api/signatures', { record: 'limits:TAB/assay/imr@1', meaning: 'reviewed', password: TEST_PASSWORD, signer: 'quinn' });
    expect(named.status).toBe(403);
    expect(named.body.error.code).toBe('sign_for_other');
    const before = Number(await store.value("SELECT count(*) FROM login_attempts WHERE username = 'admin-user' AND NOT ok"));
    const theirs = await admin.json('POST', '/api/signatures', { record: 'limits:TAB/assay/imr@1', meaning: 'reviewed', password: 'quinn knows this one' });
    expect(theirs.body.error.code).toBe('reauthentication_failed');
    expect(Number(await store.value("SELECT count(*) FROM login_attempts WHERE username = 'admin-user' AND NOT ok"))).toBe(before + 1);
    expect(Number(await store.value("SELECT count(*) FROM signatures WHERE signer IN ('admin-user', 'quinn')"))).toBe(0);
  });

  it('meaning is required and must be one of the three; approving limits needs the quality role', async () => {
    const m = await login(app, userOf('manufacturing'));
    const none = await m.json('POST', '/api/signatures', { record: 'limits:TAB/assay/imr@1', password: TEST_PASSWORD });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain('meaning');
    const odd = await m.json('POST', '/api/signatures', { record: 'limits:TAB/assay/imr@1', meaning: 'liked', password: TEST_PASSWORD });
    expect(odd.status).toBe(400);
    const approve = await m.json('POST', '/api/signatures', { record: 'limits:TAB/assay/imr@1', meaning: 'approved', password: TEST_PASSWORD });
    expect(approve.status).toBe(403);
    const review = await m.json('POST', '/api/signatures', { record: 'limits:TAB/assay/imr@1', meaning: 'reviewed', password: TEST_PASSWORD });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ signer: 'manufacturing-user', meaning: 'reviewed' });
  });
});

describe('worksheets over HTTP', () => {
  it('saves a control chart with its inputs, data state and software; a new version needs a reason; both kept and audited', async () => {
    const m = await login(app, userOf('manufacturing'));
    const saved = await m.json('POST', '/api/worksheets', { name: 'assay I-MR', view: 'spc', inputs: { parameter: 'assay' } });
    expect(saved.status).toBe(200);
    const id = saved.body.worksheet;
    expect(saved.body).toMatchObject({ version: 1, name: 'assay I-MR', view: 'spc', inputs: { parameter: 'assay' }, software: 'causeway 0.1.0', savedBy: 'manufacturing-user', reason: 'first version', dataState: { imports: 1, latestImport: 'imp-1' } });
    expect(saved.body.result.panels[0].chart.primary.values).toEqual(ASSAY);
    const noReason = await m.json('POST', `/api/worksheets/${id}`, { name: 'assay I-MR from L06', view: 'spc', inputs: { parameter: 'assay', from: '2024-01-06' } });
    expect(noReason.body.error.code).toBe('reason_required');
    const v2 = await m.json('POST', `/api/worksheets/${id}`, { name: 'assay I-MR from L06', view: 'spc', inputs: { parameter: 'assay', from: '2024-01-06' }, reason: 'only lots after the change' });
    expect(v2.body).toMatchObject({ worksheet: id, version: 2, reason: 'only lots after the change' });
    expect(v2.body.result.panels[0].chart.primary.values).toEqual(ASSAY.slice(5));
    const versions = await m.json('GET', `/api/worksheets/${id}/versions`);
    expect(versions.body.versions.map((v: any) => [v.version, v.name])).toEqual([[1, 'assay I-MR'], [2, 'assay I-MR from L06']]);
    const old = await m.json('GET', `/api/worksheets/${id}?version=1`);
    expect(old.body.result.panels[0].points).toHaveLength(12);
    const trail = await store.all<{ action: string; entity_key: string; user_name: string }>("SELECT action, entity_key, user_name FROM audit WHERE entity = 'worksheet' ORDER BY audit_id");
    expect(trail).toEqual([{ action: 'insert', entity_key: `${id}/v1`, user_name: 'manufacturing-user' }, { action: 'version', entity_key: `${id}/v2`, user_name: 'manufacturing-user' }]);
    const viewer = await login(app, userOf('viewer'));
    expect((await viewer.json('POST', '/api/worksheets', { name: 'x', view: 'spc', inputs: { parameter: 'assay' } })).status).toBe(403);
    expect((await viewer.json('GET', `/api/worksheets/${id}`)).body.version).toBe(2);
  });

  it('an explain result saved as a worksheet is still there after its job has expired', async () => {
    const q = await login(app, userOf('quality'));
    const job = await q.json('POST', '/api/explain', { material: 'TAB', target: 'assay' });
    const done = await finishedJob(q, job.body.id);
    expect(done.status).toBe('done');
    expect(done.result.drivers.map((d: any) => d.name)).toContain('hardness');
    const saved = await q.json('POST', '/api/worksheets', { name: 'why assay varies', job: job.body.id });
    expect(saved.body).toMatchObject({ view: 'explain', inputs: { material: 'TAB', target: 'assay' }, dataState: { imports: 1, latestImport: 'imp-1' } });
    offset = JOB_KEEP_MS + 60_000; // an hour and a minute later
    const gone = await q.json('GET', `/api/jobs/${job.body.id}`);
    expect(gone.status).toBe(404);
    const kept = await q.json('GET', `/api/worksheets/${saved.body.worksheet}`);
    expect(kept.body.result.drivers.map((d: any) => d.name)).toEqual(done.result.drivers.map((d: any) => d.name));
    offset = 0;
    // The saved explanation comes out again, to the last digit, on the same data.
    const rerun = await finishedJob(q, (await q.json('POST', `/api/worksheets/${saved.body.worksheet}/run`, {})).body.id);
    expect(rerun.result).toMatchObject({ reproduced: true, sameDataState: true });
  });

  it('re-runs reproduce on the same data, and say so when the data changed', async () => {
    const m = await login(app, userOf('manufacturing'));
    const saved = await m.json('POST', '/api/worksheets', { name: 'assay capability', view: 'capability', inputs: { parameter: 'assay' } });
    const first = await finishedJob(m, (await m.json('POST', `/api/worksheets/${saved.body.worksheet}/run`, {})).body.id);
    expect(first.result).toMatchObject({ reproduced: true, sameDataState: true, verdict: 'the result reproduces exactly on the same data' });
    // A correction arrives through a new import.
    await store.transaction(async () => {
      await store.run(`INSERT INTO imports VALUES ('imp-2', 'correction', 'folder', 'test', 'typo', now(), now(), NULL)`);
      await store.run("UPDATE discrete SET value = 99.5, import_id = 'imp-2' WHERE lot = 'L11' AND parameter = 'assay'");
      await audit(store, { user: 'test', reason: 'typo' }, { action: 'replace', entity: 'discrete', key: 'L11/assay', oldValue: '110', newValue: '99.5', importId: 'imp-2' });
    });
    const second = await finishedJob(m, (await m.json('POST', `/api/worksheets/${saved.body.worksheet}/run`, {})).body.id);
    expect(second.result).toMatchObject({ reproduced: false, sameDataState: false, now: { dataState: { imports: 2, latestImport: 'imp-2' } } });
  });

  it('a signed worksheet whose stored result is edited with SQL fails verification', async () => {
    const m = await login(app, userOf('manufacturing'));
    const saved = await m.json('POST', '/api/worksheets', { name: 'signed chart', view: 'spc', inputs: { parameter: 'assay' } });
    const record = `worksheet:${saved.body.worksheet}@1`;
    const sig = await m.json('POST', '/api/signatures', { record, meaning: 'authored', password: TEST_PASSWORD });
    expect(sig.status).toBe(200);
    expect((await m.json('GET', `/api/worksheets/${saved.body.worksheet}`)).body.signatures.map((s: any) => s.meaning)).toEqual(['authored']);
    expect((await m.json('GET', '/api/signatures/verify?record=' + encodeURIComponent(record))).body.ok).toBe(true);
    // One value of the saved chart (L01's assay, 100) made 100.5 in the stored JSON.
    await store.run(`UPDATE worksheet_versions SET result = replace(result::VARCHAR, '"values":[100,', '"values":[100.5,')::JSON WHERE worksheet = $1`, [saved.body.worksheet]);
    expect((await m.json('GET', `/api/worksheets/${saved.body.worksheet}`)).body.result.panels[0].chart.primary.values[0]).toBe(100.5);
    const v = await m.json('GET', '/api/signatures/verify?record=' + encodeURIComponent(record));
    expect(v.body.ok).toBe(false);
    expect(v.body.signatures[0].problems.map((p: any) => p.problem)).toEqual(['content']);
  });

});
