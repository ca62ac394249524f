/**
 * `causeway start` through the built CLI (`node dist/cli/main.js`, built by `npm test`'s
 * pretest): on an existing store it shows the summary, then serves the workbench, printing the
 * URL and the first admin login; that login works. The store is created empty beforehand so
 * start does not build the default demo network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { PROJECT_ROOT } from './support/shared-data.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const root = mkdtempSync(path.join(os.tmpdir(), 'causeway-start-'));
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const gone = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  }
  rmSync(root, { recursive: true, force: true });
});

/** Resolves with everything printed on stdout once `pattern` has appeared; rejects if the process exits first. */
function waitForOutput(p: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (pattern.test(out)) resolve(out);
    });
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    p.once('exit', (code) => reject(new Error(`start exited with ${code} before printing ${pattern}:\n${out}\n${err}`)));
  });
}

describe.skipIf(!existsSync(CLI))(existsSync(CLI) ? 'causeway start serves the workbench' : 'causeway start: dist/cli/main.js missing; run npm run build', () => {
  it('prints the URL and the first login, answers /api/health, and the printed password logs in', async () => {
    const db = path.join(root, 'tiny.duckdb');
    (await Store.open(db)).close();
    const port = 20_000 + Math.floor(Math.random() * 5000);
    const env = { ...process.env };
    delete env.CAUSEWAY_ADMIN_PASSWORD; // the generated password is what a first run prints
    child = spawn(process.execPath, [CLI, 'start', '--db', db, '--port', String(port), '--host', '127.0.0.1'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = await waitForOutput(child, /with the password \S+\n/);
    expect(out).toContain(`exists; showing what it holds`);
    expect(out).toContain(`at http://127.0.0.1:${port}/`);
    const password = /log in as 'admin' with the password (\S+)/.exec(out)![1]!;

    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const login = await fetch(`http://127.0.0.1:${port}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { role: string } }).user.role).toBe('admin');

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses a port that is not a number before doing any work', async () => {
    const p = spawn(process.execPath, [CLI, 'start', '--db', path.join(root, 'never.duckdb'), '--port', 'eighty'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => p.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain("--port 'eighty' is not a whole number");
    expect(existsSync(path.join(root, 'never.duckdb'))).toBe(false);
  }, 30_000);

  it('says in one error line and a hint that the port is taken, exit 1, for serve and start (regression: an unhandled error event with a stack trace)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const db = path.join(root, 'busy.duckdb');
    (await Store.open(db)).close();
    try {
      const run = async (args: string[]) => {
        const p = spawn(process.execPath, [CLI, ...args, '--port', String(port), '--host', '127.0.0.1'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        p.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const code = await new Promise<number | null>((resolve) => p.once('exit', resolve));
        return { code, err };
      };
      for (const args of [['serve', '--db', db], ['start', '--db', db], ['start', '--db', path.join(root, 'not-built.duckdb')]]) {
        const { code, err } = await run(args);
        expect(code, args.join(' ')).toBe(1);
        expect(err.trimEnd().split('\n'), args.join(' ')).toEqual([
          `error: port ${port} on 127.0.0.1 is already in use by another program (perhaps causeway running already)`,
          `hint: stop that program, or start on another port, e.g. --port ${port + 1}`,
        ]);
      }
      // start checks the port before building the demo network into a new store
      expect(existsSync(path.join(root, 'not-built.duckdb'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);
});
