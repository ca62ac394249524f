/**
 * The verifiable audit trail end to end: the built CLI verifies and exports it, plain SQL on the
 * store file breaks it and the CLI names the entry, the API answers the same for quality and
 * admin, and the lot and product filters select the entries about them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportAudit } from '../src/store/audit-export.js';
import { Store } from '../src/store/store.js';
import { folderWith, importAs } from './folder-fixture.js';
import { login, testApp, userOf } from './support/app.js';
import { HAS_CHROMIUM, NO_CHROMIUM } from './support/browser.js';
import { runCli } from './support/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-audit-'));
const db = path.join(dir, 'store.duckdb');

const FOLDER = {
  'steps.csv': 'step,product,sequence,material\nDISP,TAB,1,API\nPRESS,TAB,2,TAB\n',
  'discrete.csv': 'lot,parameter,value\nT1,assay,99.1\n',
};

beforeAll(async () => {
  const store = await Store.open(db);
  try {
    await importAs(store, folderWith(FOLDER));
    await importAs(store, folderWith({ ...FOLDER, 'discrete.csv': 'lot,parameter,value\nT1,assay,99.4\n' }), { replace: true, actor: { user: 'lab', reason: 'transcription error corrected' } });
  } finally {
    store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs SQL on the store file the way someone with the file and DuckDB would, around causeway. */
async function tamper(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(db);
  const c = await instance.connect();
  try {
    await c.run(sql);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('causeway audit (built CLI)', () => {
  it('verifies an intact trail and prints its head', async () => {
    const r = await runCli(dir, db, 'audit', 'verify', '--json');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.ok).toBe(true);
    expect(v.entries).toBeGreaterThanOrEqual(3);
    expect(v.head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exports the entries about a lot: the correction of its assay with old and new value and reason', async () => {
    const r = await runCli(dir, db, 'audit', 'export', '--lot', 'T1', '--out', path.join(dir, 'T1.csv'));
    expect(r.code).toBe(0);
    const csv = readFileSync(path.join(dir, 'T1.csv'), 'utf8');
    expect(csv).toContain('replace,discrete,T1/assay,value,99.1,99.4,transcription error corrected');
    // Lot A1 (API) was only brought by the first import: its entries are that import's, not the correction.
    const a1 = await runCli(dir, db, 'audit', 'export', '--lot', 'A1', '--json');
    const entries = JSON.parse(a1.stdout).entries as Array<{ action: string }>;
    expect(entries.length).toBeGreaterThan(0);
    // That import's entries: its rows, and the features it computed for the lots it brought.
    expect([...new Set(entries.map((e) => e.action))].sort()).toEqual(['compute', 'import']);
  });

  it('a product takes the entries of its materials and lots; a period cuts by time', async () => {
    const store = await Store.open(db);
    try {
      const all = await exportAudit(store, { product: 'TAB' });
      expect(all.entries.some((e) => e.key === 'T1/assay')).toBe(true);
      const none = await exportAudit(store, { product: 'TAB', to: '2000-01-01' });
      expect(none.entries).toEqual([]);
      await expect(exportAudit(store, { lot: 'NOPE' })).rejects.toMatchObject({ code: 'lot_not_found' });
    } finally {
      store.close();
    }
  });

  it.skipIf(!HAS_CHROMIUM)('writes a readable PDF report of the export', async () => {
    const out = path.join(dir, 'audit.pdf');
    const r = await runCli(dir, db, 'audit', 'export', '--product', 'TAB', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
  if (!HAS_CHROMIUM) it.skip(NO_CHROMIUM, () => {});

  it('an entry changed with plain SQL on the file: verify fails with exit 1 and names it', async () => {
    const id = (await (async () => {
      const store = await Store.open(db);
      try {
        return Number(await store.value("SELECT audit_id FROM audit WHERE action = 'replace'"));
      } finally {
        store.close();
      }
    })());
    await tamper(`UPDATE audit SET new_value = '99.9' WHERE audit_id = ${id}`);
    const r = await runCli(dir, db, 'audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`entry ${id} was changed after it was written`);
    await tamper(`UPDATE audit SET new_value = '99.4' WHERE audit_id = ${id}`);
    expect((await runCli(dir, db, 'audit', 'verify')).code).toBe(0);
  });
});

describe('audit routes', () => {
  let env: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    env = await testApp();
    await importAs(env.store, folderWith(FOLDER));
  });
  afterAll(() => env.store.close());

  it('GET /api/audit/verify recomputes the chain; the export filters by lot; viewers may not read either', async () => {
    const quality = await login(env.app, userOf('quality'));
    const v = await quality.json('GET', '/api/audit/verify');
    expect(v.status).toBe(200);
    expect(v.body.ok).toBe(true);
    const x = await quality.json('GET', '/api/audit/export?lot=T1');
    expect(x.body.entries.length).toBeGreaterThan(0);
    expect(x.body.verification.ok).toBe(true);
    const csv = await quality.request('GET', '/api/audit/export?lot=T1&format=csv');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).toBe('audit_id,recorded_at,user,action,entity,key,field,old_value,new_value,reason,import_id,entry_hash');
    const viewer = await login(env.app, userOf('viewer'));
    expect((await viewer.json('GET', '/api/audit/verify')).status).toBe(403);
    await env.store.run("UPDATE audit SET reason = 'edited' WHERE audit_id = (SELECT min(audit_id) FROM audit)");
    const broken = await quality.json('GET', '/api/audit/verify');
    expect(broken.body).toMatchObject({ ok: false, firstBreak: { problem: 'changed' } });
    expect(existsSync(db)).toBe(true);
  });
});
