/**
 * The command line beside a running server, end to end: `causeway serve` (the built CLI, a real
 * process on a free port) holds a store file; `causeway …` run on the same file finds the server
 * through the discovery file and runs through its HTTP API with an API key.
 *
 * Store: 12 tablet lots T01…T12 of TAB, one a day from 2024-01-01, assay 98 + (k mod 4)·0.5,
 * defects k mod 3 of 40 inspected; users quality-user, manufacturing-user, viewer-user, each
 * with a key made on the file before the server starts. A copy of the file taken then answers
 * the same commands locally.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/server/auth/api-keys.js';
import { createUser } from '../src/server/auth/users.js';
import { discoveryPath, type ServerRecord } from '../src/server/discovery.js';
import { Store } from '../src/store/store.js';
import { TEST_PASSWORD } from './support/app.js';
import { CLI } from './support/cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-beside-'));
const db = path.join(dir, 'held.duckdb');
const copy = path.join(dir, 'copy.duckdb');
const keys: Record<'quality' | 'manufacturing' | 'viewer' | 'revoked', { id: string; key: string }> = {} as never;
let server: ChildProcess | undefined;
let record: ServerRecord;

/** Runs the built CLI in `dir` with `env` added; a non-zero exit is returned, not thrown. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const k of ['CAUSEWAY_API_KEY', 'CAUSEWAY_PASSWORD', 'CAUSEWAY_DB']) delete base[k];
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The workbench's API asked directly, with a key. */
async function api(key: string, method: string, route: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL(route, record.url), {
    method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, text: await res.text() };
}

const limitsCount = async () => JSON.parse((await api(keys.quality.key, 'GET', 'api/limits?material=TAB&parameter=assay')).text).limits.length as number;

beforeAll(async () => {
  const s = await Store.open(db);
  await s.run(`INSERT INTO sites VALUES ('S1', 'Site 1', 'UTC', NULL, NULL)`);
  await s.run(`INSERT INTO materials VALUES ('TAB', 'product', NULL, NULL, NULL)`);
  for (const p of ['assay', 'defects', 'inspected']) await s.run(`INSERT INTO parameters (material, parameter, kind) VALUES ('TAB', $1, 'discrete')`, [p]);
  for (let k = 1; k <= 12; k++) {
    const lot = `T${String(k).padStart(2, '0')}`;
    await s.run(`INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'TAB', 'S1', $2::TIMESTAMPTZ)`, [lot, new Date(Date.UTC(2024, 0, k, 6)).toISOString()]);
    for (const [p, v] of [['assay', 98 + (k % 4) * 0.5], ['defects', k % 3], ['inspected', 40]] as const) await s.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', $2, $3)`, [lot, p, v]);
  }
  const admin = { user: 'test', reason: 'fixture' };
  for (const role of ['quality', 'manufacturing', 'viewer'] as const) {
    await createUser(s, admin, { username: `${role}-user`, role, password: TEST_PASSWORD });
    keys[role] = await createApiKey(s, admin, { owner: `${role}-user`, name: `${role} script` });
  }
  keys.revoked = await createApiKey(s, admin, { owner: 'quality-user', name: 'to revoke' });
  s.close();
  copyFileSync(db, copy);
  // A small folder in the server's import folder, for an import through the server.
  mkdirSync(path.join(dir, 'imports', 'api-lots'), { recursive: true });
  writeFileSync(path.join(dir, 'imports', 'api-lots', 'sites.csv'), 'site,name,timezone\nLJU,Ljubljana,Europe/Ljubljana\n');
  writeFileSync(path.join(dir, 'imports', 'api-lots', 'materials.csv'), 'material,type\nAPI,raw\n');
  writeFileSync(path.join(dir, 'imports', 'api-lots', 'lots.csv'), 'lot,material,site,start,end\nA1,API,LJU,2024-01-10 08:00:00,2024-01-10 10:00:00\n');

  server = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', '--imports', path.join(dir, 'imports')], {
    cwd: dir, env: { ...process.env, CAUSEWAY_ADMIN_PASSWORD: TEST_PASSWORD }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/causeway is serving/.test(out)) resolve();
    });
    server!.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  record = JSON.parse(readFileSync(discoveryPath(db), 'utf8')) as ServerRecord;
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const gone = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the command line finds each verb\'s route', () => {
  it('has the route module of every verb the API offers', async () => {
    const { ROUTES } = await import('../src/server/routes/index.js');
    const { ROUTES_OF_VERB } = await import('../src/server/routes/by-verb.js');
    const missing: string[] = [];
    for (const r of ROUTES.filter((x) => x.verb)) {
      const load = ROUTES_OF_VERB[r.verb!.name.split(' ')[0]!];
      if (!load || !(await load()).includes(r)) missing.push(r.verb!.name);
    }
    expect(missing).toEqual([]);
  });
});

describe('causeway serve records where it listens', () => {
  it('writes <store>.server.json, readable by its owner only, with the URL and the process and no secret', () => {
    expect(record.pid).toBe(server!.pid);
    expect(record.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(record.store).toBe(db);
    expect(statSync(discoveryPath(db)).mode & 0o777).toBe(0o600);
    const text = readFileSync(discoveryPath(db), 'utf8');
    for (const k of Object.values(keys)) expect(text).not.toContain(k.key);
    expect(text).not.toContain(TEST_PASSWORD);
  });
});

describe('a command on the held store runs through the server', () => {
  it('spc --json through the server is byte for byte the workbench API\'s answer, and the same as on the file', async () => {
    for (const args of [['spc', 'assay'], ['spc', 'defects', '--chart', 'np', '--size', 'inspected']]) {
      const remote = await cli([...args, '--db', db, '--json', '--api-key', keys.viewer.key]);
      expect(remote.code, remote.stderr).toBe(0);
      const query = new URLSearchParams({ parameter: args[1]!, ...(args[2] ? { chart: 'np', size: 'inspected' } : {}) });
      const http = await api(keys.viewer.key, 'GET', `api/spc?${query}`);
      expect(http.status).toBe(200);
      // The CLI adds the figure files it wrote (none here) and indents; the rest is the API's bytes.
      const { files, ...result } = JSON.parse(remote.stdout) as { files: unknown };
      expect(files).toEqual([]);
      expect(JSON.stringify(result)).toBe(http.text);
      const local = await cli([...args, '--db', copy, '--json']);
      expect(remote.stdout).toBe(local.stdout);
    }
  }, 60_000);

  it('prints the same text and draws the same SVG as on the file, with the key from CAUSEWAY_API_KEY', async () => {
    const remote = await cli(['spc', 'assay', '--db', db, '--svg', 'remote.svg'], { CAUSEWAY_API_KEY: keys.viewer.key });
    const local = await cli(['spc', 'assay', '--db', copy, '--svg', 'local.svg']);
    expect(remote.code, remote.stderr).toBe(0);
    const svg = readFileSync(path.join(dir, 'remote.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toBe(readFileSync(path.join(dir, 'local.svg'), 'utf8'));
    expect(remote.stdout.replace('remote.svg', 'local.svg')).toBe(local.stdout);
    // assay cycles 98.5, 99, 99.5, 98 over the 12 lots: centre 98.75
    expect(remote.stdout).toContain('assay of TAB: Individuals and moving range (I-MR)');
    expect(remote.stdout).toContain('12 points, centre 98.75');
  }, 30_000);

  it('writes with a key: limits proposed and approved (four eyes, the signature re-entered) are stored, audited under each key\'s user', async () => {
    const propose = await cli(['spc', 'limits', 'propose', 'assay', '--material', 'TAB', '--baseline-lots', 'T01,T02,T03,T04,T05,T06,T07,T08', '--reason', 'phase I', '--db', db, '--json', '--api-key', keys.manufacturing.key]);
    expect(propose.code, propose.stderr + propose.stdout).toBe(0);
    expect(JSON.parse(propose.stdout)).toMatchObject({ version: 1, status: 'proposed', setBy: 'manufacturing-user' });
    const approve = await cli(['spc', 'limits', 'approve', 'assay', '--material', 'TAB', '--chart', 'imr', '--version', '1', '--reason', 'reviewed', '--db', db, '--json', '--api-key', keys.quality.key], { CAUSEWAY_PASSWORD: TEST_PASSWORD });
    expect(approve.code, approve.stderr + approve.stdout).toBe(0);
    expect(JSON.parse(approve.stdout)).toMatchObject({ version: 1, status: 'approved', approvedBy: 'quality-user' });
    const trail = JSON.parse((await api(keys.quality.key, 'GET', 'api/audit?entity=control_limits')).text).entries as { user_name: string; action: string; reason: string }[];
    expect(trail.map((e) => [e.user_name, e.reason]).reverse()).toEqual([
      ['manufacturing-user', `phase I (via API key ${keys.manufacturing.id})`],
      ['quality-user', `reviewed (via API key ${keys.quality.id})`],
    ]);
  }, 60_000);

  it('imports a folder of the server\'s import folder as a job, followed to its end', async () => {
    const r = await cli(['import', path.join('imports', 'api-lots'), '--reason', 'API lots', '--db', db, '--json', '--api-key', keys.quality.key]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(JSON.parse(r.stdout).total.inserted).toBe(3);
    const lots = JSON.parse((await api(keys.viewer.key, 'GET', 'api/lots?material=API')).text);
    expect(JSON.stringify(lots)).toContain('"A1"');
    const imports = JSON.parse((await api(keys.viewer.key, 'GET', 'api/imports')).text).imports as { user_name: string; source: string }[];
    expect(imports[0]!.user_name).toBe('quality-user');
  }, 60_000);

  it('refuses a revoked key (401) and a viewer\'s key for a write (403); nothing is written', async () => {
    const revoke = await cli(['keys', 'revoke', keys.revoked.id, '--reason', 'laptop lost', '--db', db, '--json', '--api-key', keys.quality.key]);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(JSON.parse(revoke.stdout).revokedBy).toBe('quality-user');
    expect((await api(keys.revoked.key, 'GET', 'api/info')).status).toBe(401);
    const before = await limitsCount();
    const proposeArgs = ['spc', 'limits', 'propose', 'assay', '--material', 'TAB', '--baseline-lots', 'T01,T02,T03,T04', '--reason', 'again', '--db', db, '--json'];
    const revoked = await cli([...proposeArgs, '--api-key', keys.revoked.key]);
    expect(revoked.code).toBe(1);
    expect(JSON.parse(revoked.stdout).error.code).toBe('bad_api_key');
    const viewer = await cli([...proposeArgs, '--api-key', keys.viewer.key]);
    expect(viewer.code).toBe(1);
    expect(JSON.parse(viewer.stdout).error).toMatchObject({ code: 'forbidden', message: "the role 'viewer' may not do 'limits.propose'" });
    expect(await limitsCount()).toBe(before);
  }, 60_000);

  it('makes the first key with a login (--user and the password), which ends with the command', async () => {
    const r = await cli(['keys', 'create', 'laptop', '--user', 'viewer-user', '--reason', 'my scripts', '--db', db, '--json'], { CAUSEWAY_PASSWORD: TEST_PASSWORD });
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const made = JSON.parse(r.stdout) as { owner: string; key: string };
    expect(made.owner).toBe('viewer-user');
    expect((await api(made.key, 'GET', 'api/session')).status).toBe(200);
    const trail = JSON.parse((await api(keys.quality.key, 'GET', 'api/audit?entity=sessions&limit=1')).text).entries as { user_name: string; action: string }[];
    expect(trail[0]).toMatchObject({ user_name: 'viewer-user', action: 'login' });
  }, 30_000);

  it('without a key says what to do, in the user\'s words, and exits 1', async () => {
    const r = await cli(['spc', 'assay', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: the store is held by the causeway server at ${record.url}`);
    expect(r.stderr).toContain('causeway keys create');
    expect(r.stderr).toContain('--api-key KEY');
    expect(r.stderr).not.toMatch(/stop the server/i);
  }, 30_000);

  it('says which commands do not run through the server, and what to do instead', async () => {
    const audit = await cli(['audit', 'list', '--db', db], { CAUSEWAY_API_KEY: keys.quality.key });
    expect(audit.code).toBe(1);
    expect(audit.stderr).toContain('error: `causeway audit list` works on the store file itself and does not run through the causeway server');
    const elsewhere = await cli(['import', dir, '--reason', 'x', '--db', db, '--api-key', keys.quality.key]);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`the server imports only folders of its import folder ${path.join(dir, 'imports')}`);
  }, 30_000);
});

describe('when the server has stopped', () => {
  it('removes its record on a clean shutdown, and the commands open the file again, where the writes are', async () => {
    const gone = new Promise<number | null>((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    expect(await gone).toBe(0);
    expect(existsSync(discoveryPath(db))).toBe(false);
    const trail = await cli(['audit', 'list', '--entity', 'control_limits', '--db', db, '--json']);
    expect(trail.code, trail.stderr).toBe(0);
    expect((JSON.parse(trail.stdout) as { user_name: string }[]).map((e) => e.user_name).sort()).toEqual(['manufacturing-user', 'quality-user']);
  }, 30_000);

  it('ignores a record whose process is gone, saying so, while another process holds the file', async () => {
    writeFileSync(discoveryPath(db), JSON.stringify({ ...record, pid: 2 ** 22 + 1 }), { mode: 0o600 });
    const holder = await Store.open(db);
    try {
      const r = await cli(['spc', 'assay', '--db', db, '--api-key', keys.viewer.key]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`(process ${2 ** 22 + 1}) is no longer running, so its record is ignored`);
    } finally {
      holder.close();
    }
  }, 30_000);
});
