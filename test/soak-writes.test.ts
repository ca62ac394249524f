/**
 * Soak test of the store under a team's load (issue: writes that keep their promise). Twenty
 * clients work through the real HTTP app while an import of a million samples fails half-way:
 * readers must never see the import's uncommitted rows, and every write that answered 2xx —
 * logins, limits approvals, new users — must be in the store with its audit entry afterwards.
 * The counts are printed for docs/reliability.md.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/core/logger.js';
import { parseVerbInput } from '../src/core/verb.js';
import { IMPORT_ROOT } from '../src/server/routes/imports.js';
import { limitsProposeVerb } from '../src/spc/spc-verbs.js';
import { Store } from '../src/store/store.js';
import { BASE, importAs, writeFolder } from './folder-fixture.js';
import { finishedJob, login, TEST_PASSWORD, testApp, userOf, type Client } from './support/app.js';

const SAMPLES = 1_000_000;
const PROPOSALS = 120;
const SEED_LOTS = 30;

let env: Awaited<ReturnType<typeof testApp>>;
let dir: string;

/** A folder of SEED lots with one discrete parameter, so that there are limits to approve. */
function seedFolder(): string {
  const lots = ['lot,material,site,start,end'];
  const values = ['lot,parameter,value'];
  for (let i = 0; i < SEED_LOTS; i++) {
    const id = `S${String(i + 1).padStart(2, '0')}`;
    const day = String(1 + i).padStart(2, '0');
    lots.push(`${id},SEED,LJU,2023-05-${day} 08:00:00,2023-05-${day} 12:00:00`);
    values.push(`${id},x,${(100 + Math.sin(i) * 2).toFixed(3)}`);
  }
  return writeFolder({
    'sites.csv': BASE['sites.csv']!,
    'materials.csv': 'material,type\nSEED,product\n',
    'lots.csv': lots.join('\n') + '\n',
    'parameters.csv': 'parameter,kind,material,unit\nx,discrete,SEED,%\n',
    'discrete.csv': values.join('\n') + '\n',
  });
}

/**
 * The base folder plus a million samples of TI1 whose very last row says "good" with no value.
 * The import checks and stores the lots and most of the work before it reaches that row, so it
 * fails inside its transaction, half-way, after other clients' writes have queued behind it.
 */
async function failingImport(root: string): Promise<void> {
  const folder = path.join(root, 'big');
  mkdirSync(folder);
  for (const [name, text] of Object.entries(BASE)) writeFileSync(path.join(folder, name), text);
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`COPY (
      SELECT 'TI1' AS tag, TIMESTAMPTZ '2024-01-10 07:00:00+00' + to_seconds(i) AS time,
             CASE WHEN i = ${SAMPLES - 1} THEN NULL ELSE 60 + (i % 100) / 10.0 END AS value, 'good' AS quality
      FROM range(${SAMPLES}) t(i) ORDER BY i)
    TO '${path.join(folder, 'continuous.parquet').replaceAll("'", "''")}' (FORMAT parquet)`);
  c.closeSync();
  db.closeSync();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-soak-'));
  const store = await Store.open(path.join(dir, 'soak.duckdb'));
  await importAs(store, seedFolder());
  // 400 proposed versions of the same chart, proposed by an engineer so that quality can approve them.
  const input = parseVerbInput(limitsProposeVerb, { parameter: 'x', material: 'SEED', chart: 'imr' });
  for (let i = 0; i < PROPOSALS; i++) {
    await limitsProposeVerb.run(store, input, { logger: silentLogger, actor: { user: 'engineer', reason: `proposal ${i + 1}` } });
  }
  const root = path.join(dir, 'imports');
  mkdirSync(root);
  await failingImport(root);
  IMPORT_ROOT.dir = root;
  env = await testApp(store);
}, 120_000);
afterAll(() => env?.store.close());

const count = async (sql: string, params: unknown[] = []) => Number(await env.store.value(sql, params as never));

/** Logs in, counting the logins that answered 200 (each must leave its audit entry). */
const logins = { ok: 0 };
async function loginCounted(app: Hono, user: string): Promise<Client> {
  const c = await login(app, user);
  logins.ok++;
  return c;
}

describe('20 concurrent clients against an import that fails half-way', () => {
  it('keeps every write that answered 2xx, with its audit entry, and shows no uncommitted row', async () => {
    const app = env.app;
    const admin = await loginCounted(app, userOf('admin'));
    const manufacturing = await loginCounted(app, userOf('manufacturing'));
    const auditBefore = await count('SELECT count(*) FROM audit');

    const started = await manufacturing.json('POST', '/api/imports', { folder: 'big', reason: 'soak: an import that fails half-way' });
    expect(started.status).toBe(200);
    let importDone = false;
    const importJob = finishedJob(manufacturing, started.body.id).then((job) => {
      importDone = true;
      return job;
    });

    const tally = { reads: 0, dirtyReads: 0, loginLoops: 0, loginRefused: 0, approved: [] as number[], approveRefused: 0, users: [] as string[], userRefused: 0 };
    /** Each client keeps working until the import has ended and it has done at least `min` units. */
    const until = (done: () => number, min: number) => () => !importDone || done() < min;
    // A refusal answered without I/O resolves in microtasks only; yielding keeps the timers alive.
    const tick = () => new Promise((r) => setImmediate(r));

    const reader = async () => {
      const c = await loginCounted(app, userOf('viewer'));
      let n = 0;
      while (until(() => n, 20)()) {
        const r = await c.json('GET', '/api/lots?limit=1000');
        expect(r.status).toBe(200);
        const lots = r.body.lots as { lot: string }[];
        if (lots.some((l) => l.lot === 'A1' || l.lot === 'T1')) tally.dirtyReads++;
        if (lots.length !== SEED_LOTS) tally.dirtyReads++;
        tally.reads++;
        await tick();
        n++;
      }
    };
    const loginLoop = async (i: number) => {
      let n = 0;
      while (until(() => n, 10)()) {
        const res = await app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: userOf(i % 2 ? 'tech-transfer' : 'viewer'), password: TEST_PASSWORD }) });
        if (res.status === 200) logins.ok++; else tally.loginRefused++;
        tally.loginLoops++;
        await tick();
        n++;
      }
    };
    const approver = async (slot: number) => {
      const c = await loginCounted(app, userOf('quality'));
      for (let v = slot + 1; v <= PROPOSALS; v += 4) {
        const r = await c.json('POST', '/api/limits/approve', { parameter: 'x', material: 'SEED', chart: 'imr', version: v, password: TEST_PASSWORD, reason: `soak approval ${v}` });
        if (r.status === 200) tally.approved.push(v); else tally.approveRefused++;
        await tick();
      }
    };
    const userCreator = async (slot: number) => {
      let n = 0;
      while (until(() => n, 15)()) {
        const username = `soak-${slot}-${n}`;
        const r = await admin.json('POST', '/api/users', { username, role: 'viewer', password: TEST_PASSWORD, reason: 'soak: new colleague' });
        if (r.status === 200) tally.users.push(username); else tally.userRefused++;
        await tick();
        n++;
      }
    };

    await Promise.all([
      ...Array.from({ length: 8 }, reader),
      ...Array.from({ length: 6 }, (_, i) => loginLoop(i)),
      ...Array.from({ length: 4 }, (_, i) => approver(i)),
      ...Array.from({ length: 2 }, (_, i) => userCreator(i)),
    ]);
    const job = await importJob;

    // The import failed, on the row the test planted, and left nothing behind.
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('invalid_input');
    expect(await count("SELECT count(*) FROM lots WHERE lot IN ('A1', 'T1')")).toBe(0);
    expect(await count('SELECT count(*) FROM samples')).toBe(0);
    expect(await count("SELECT count(*) FROM tags WHERE tag IN ('TI1', 'FORCE')")).toBe(0);
    expect(tally.dirtyReads).toBe(0);

    // Every 2xx write is there with its audit entry; nothing was refused.
    expect(tally.loginRefused + tally.approveRefused + tally.userRefused).toBe(0);
    const loginAudits = await count("SELECT count(*) FROM audit WHERE action = 'login'");
    expect(loginAudits).toBe(logins.ok);
    expect(tally.approved.length).toBe(PROPOSALS);
    expect(await count("SELECT count(*) FROM control_limits WHERE material = 'SEED' AND status = 'approved'")).toBe(PROPOSALS);
    expect(await count("SELECT count(DISTINCT entity_key) FROM audit WHERE action = 'approve' AND entity = 'control_limits'")).toBe(PROPOSALS);
    const storedUsers = await env.store.all<{ username: string }>("SELECT username FROM users WHERE username LIKE 'soak-%' ORDER BY 1");
    expect(storedUsers.map((u) => u.username)).toEqual([...tally.users].sort());
    expect(await count("SELECT count(DISTINCT entity_key) FROM audit WHERE action = 'insert' AND entity = 'users' AND entity_key LIKE 'soak-%'")).toBe(tally.users.length);
    const auditAfter = await count('SELECT count(*) FROM audit');

    console.log(
      `soak: ${tally.reads} reads (0 saw uncommitted rows), ${logins.ok} logins with ${loginAudits} login audit entries, ` +
      `${tally.approved.length} approvals of ${PROPOSALS}, ${tally.users.length} users created, ` +
      `${auditAfter - auditBefore} audit entries written during the soak; import of ${SAMPLES} samples ${job.status} (${job.error.code}): ${job.error.message}`,
    );
  }, 600_000);
});
