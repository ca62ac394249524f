import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/serve.js';
import { createUser } from '../../src/server/auth/users.js';
import { Store } from '../../src/store/store.js';
import { HAS_CHROMIUM, launch, NO_CHROMIUM, shot } from '../support/browser.js';
import { PROJECT_ROOT } from '../support/shared-data.js';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import type { Browser } from 'playwright-core';

const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'web', 'index.html'));
const reason = !HAS_CHROMIUM ? NO_CHROMIUM : !built ? 'the web workbench is not built (npm run build); skipping' : '';

describe.skipIf(reason !== '')(`workbench in Chromium${reason ? ' — ' + reason : ''}`, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  beforeAll(async () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'causeway-web-')), 'web.duckdb');
    const store = await Store.open(db);
    await createUser(store, { user: 'test', reason: 'fixture' }, { username: 'qa', role: 'quality', password: 'correct horse battery' });
    await store.run("INSERT INTO sites VALUES ('LJU', 'Ljubljana', 'Europe/Ljubljana', NULL, NULL)");
    store.close();
    process.env.CAUSEWAY_ADMIN_PASSWORD = 'admin password for tests';
    server = await startServer({ db, port: 18080 + Math.floor(Math.random() * 1000), host: '127.0.0.1', quiet: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses a wrong password, then logs in and shows the overview', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(server.url);
    await page.getByLabel('User name').fill('qa');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('user name or password is wrong');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await expect(page.getByText('Ljubljana').first().textContent()).resolves.toContain('Ljubljana');
    await shot(page, '01-overview');
  });
});
