/**
 * Worksheets in the workbench against a real server process: "Save view" on a control chart,
 * the server stopped and started again, the worksheet's link opened in Chromium with its saved
 * result, and signed through the Sign dialog (meaning and password); the signature verifies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { HAS_CHROMIUM, launch, NO_CHROMIUM, shot } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/app.js';
import { CLI } from '../support/cli.js';
import { PROJECT_ROOT } from '../support/shared-data.js';
import { recordsFixture } from '../records-fixture.js';

const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'web', 'index.html')) && existsSync(CLI);
const reason = !HAS_CHROMIUM ? NO_CHROMIUM : !built ? 'the CLI or the web workbench is not built (npm run build); skipping' : '';
const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'causeway-worksheets-')), 'ws.duckdb');
const port = 21_000 + Math.floor(Math.random() * 4000);
const base = `http://127.0.0.1:${port}`;

/** `causeway serve` as its own process; resolves once it prints where it serves. */
function serve(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, CAUSEWAY_ADMIN_PASSWORD: 'admin password for tests' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('causeway is serving')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await gone;
}

describe.skipIf(reason !== '')(`worksheets in Chromium${reason ? ' — ' + reason : ''}`, () => {
  let server: ChildProcess | undefined;
  let browser: Browser;
  beforeAll(async () => {
    (await recordsFixture(await Store.open(db))).close();
    server = await serve();
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stop(server);
  });

  it('saves a control chart as a worksheet that survives a restart; its link opens it; it is signed in the dialog', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/spc?material=TAB&parameter=assay`);
    await page.getByLabel('User name').fill('mia');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByLabel('Worksheet name').fill('assay chart for the review');
    await shot(page, 'worksheet-save-view');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Saved as' });
    await saved.waitFor();
    const href = await saved.getByRole('link').getAttribute('href');
    expect(href).toMatch(/^\/worksheets\/\d+$/);

    // The server stops and starts again on the same store; the link still opens the worksheet.
    await stop(server);
    server = await serve();
    await page.goto(base + href!);
    await page.getByRole('heading', { name: /assay chart for the review/ }).waitFor();
    await expect(page.getByText('TAB / assay, imr chart: 12 points').textContent()).resolves.toContain('12 points');
    await expect(page.locator('.kv').textContent()).resolves.toContain('1 imports; latest imp-1');

    await page.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByLabel('Meaning').selectOption('authored');
    await page.getByLabel('Re-enter your password').fill(TEST_PASSWORD);
    await page.getByRole('form', { name: 'Sign' }).getByRole('button', { name: 'Sign' }).click();
    await page.locator('ul.signatures li').filter({ hasText: 'Mia Manufacturing' }).waitFor();
    await expect(page.locator('ul.signatures').textContent()).resolves.toMatch(/Mia Manufacturing \(mia\), authored, 20\d\d-/);
    await page.getByRole('button', { name: 'Run it again on the data as it is now' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'reproduces' }).textContent()).resolves.toBe('the result reproduces exactly on the same data');
    await shot(page, 'worksheet-signed');

    const id = href!.split('/').pop();
    const verify = await page.evaluate(async (record) => (await fetch('/api/signatures/verify?record=' + encodeURIComponent(record))).json(), `worksheet:${id}@1`);
    expect(verify).toMatchObject({ ok: true, checked: 1 });
    await context.close();
  }, 120_000);
});
