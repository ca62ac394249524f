/**
 * `causeway sign` and `causeway worksheets` through the built CLI on a store file: the password
 * comes on standard input (as a script would pipe it), never from a flag.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { proposeLimits } from '../src/spc/limits-store.js';
import { Store } from '../src/store/store.js';
import { TEST_PASSWORD } from './support/app.js';
import { CLI, runCli } from './support/cli.js';
import { recordsFixture } from './records-fixture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-records-cli-'));
const db = path.join(dir, 'records.duckdb');

/** Runs the CLI with `stdin` piped in. */
function cli(stdin: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args, '--db', db], { cwd: dir });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
    p.stdin.end(stdin);
  });
}

describe.skipIf(!existsSync(CLI))('causeway sign and worksheets (built CLI)', () => {
  beforeAll(async () => {
    const store = await recordsFixture(await Store.open(db));
    await proposeLimits(store, { material: 'TAB', parameter: 'assay', chart: 'imr', validFrom: '2024-01-01', center: 100, sigma: 1.5, lcl: 95.5, ucl: 104.5 }, { user: 'mia', reason: 'phase I' });
    store.close();
  });

  it('signs with the password on stdin, refuses a missing meaning and a wrong password, and verifies', async () => {
    const none = await cli(TEST_PASSWORD + '\n', 'sign', 'limits:TAB/assay/imr@1', '--user', 'quinn');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--meaning is required');
    const wrong = await cli('not the password\n', 'sign', 'limits:TAB/assay/imr@1', '--meaning', 'approved', '--user', 'quinn');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('the password you re-entered is wrong');
    const ok = await cli(TEST_PASSWORD + '\n', 'sign', 'limits:TAB/assay/imr@1', '--meaning', 'approved', '--user', 'quinn', '--reason', 'phase I reviewed', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ signer: 'quinn', signerName: 'Quinn Quality', meaning: 'approved', record: { kind: 'limits', id: 'TAB/assay/imr', version: '1' }, reason: 'phase I reviewed' });
    const verified = await runCli(dir, db, 'sign', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('1 signature(s) verified');
    expect(verified.stdout).toMatch(/ok {5}limits:TAB\/assay\/imr@1 {2}Quinn Quality \(quinn\), approved, 20\d\d-/);
  }, 60_000);

  it('saves, lists, shows and re-runs a worksheet; a changed record fails `sign verify` with exit code 1', async () => {
    const saved = await runCli(dir, db, 'worksheets', 'save', '--name', 'assay capability', '--view', 'capability', '--inputs', '{"parameter":"assay"}', '--user', 'mia', '--json');
    expect(saved.code).toBe(0);
    const w = JSON.parse(saved.stdout);
    expect(w).toMatchObject({ version: 1, view: 'capability', savedBy: 'mia', dataState: { imports: 1, latestImport: 'imp-1' } });
    const list = await runCli(dir, db, 'worksheets', 'list');
    expect(list.stdout).toMatch(new RegExp(`${w.worksheet} +1 +1 +assay capability +capability +mia`));
    const out = path.join(dir, 'w.json');
    const show = await runCli(dir, db, 'worksheets', 'show', String(w.worksheet), '--out', out);
    expect(show.stdout).toContain(`record     worksheet:${w.worksheet}@1`);
    expect(JSON.parse(readFileSync(out, 'utf8')).result.parameter).toBe('assay');
    const rerun = await runCli(dir, db, 'worksheets', 'run', String(w.worksheet));
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('the result reproduces exactly on the same data');
    const v2 = await runCli(dir, db, 'worksheets', 'save', '--worksheet', String(w.worksheet), '--name', 'assay capability', '--view', 'capability', '--inputs', '{"parameter":"assay"}', '--user', 'mia');
    expect(v2.code).toBe(1);
    expect(v2.stderr).toContain('needs a reason');

    const store = await Store.open(db);
    await store.run('UPDATE control_limits SET lcl = 90');
    store.close();
    const failed = await runCli(dir, db, 'sign', 'verify', 'limits:TAB/assay/imr@1');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('limits:TAB/assay/imr@1 was changed after quinn signed it (approved)');
  }, 90_000);
});
