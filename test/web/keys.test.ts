/**
 * API keys in the workbench (Chromium): a user makes a key under their name, sees it once,
 * uses it from a script, and revokes it; the revoked key is refused.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/serve.js';
import { createUser } from '../../src/server/auth/users.js';
import { Store } from '../../src/store/store.js';
import { HAS_CHROMIUM, launch, NO_CHROMIUM, shot } from '../support/browser.js';
import { PROJECT_ROOT } from '../support/shared-data.js';

const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'web', 'index.html'));
const reason = !HAS_CHROMIUM ? NO_CHROMIUM : !built ? 'the web workbench is not built (npm run build); skipping' : '';

describe.skipIf(reason !== '')(`API keys in the workbench${reason ? ' — ' + reason : ''}`, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  beforeAll(async () => {
    const db = path.join(mkdtempSync(path.join(os.tmpdir(), 'causeway-web-keys-')), 'web.duckdb');
    const store = await Store.open(db);
    await createUser(store, { user: 'test', reason: 'fixture' }, { username: 'ana', role: 'viewer', password: 'correct horse battery' });
    store.close();
    process.env.CAUSEWAY_ADMIN_PASSWORD = 'admin password for tests';
    server = await startServer({ db, port: 0, host: '127.0.0.1', quiet: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('makes a key under the user\'s name, shows it once, and revokes it', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(server.url);
    await page.getByLabel('User name').fill('ana');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'Your API keys' }).waitFor();
    await page.getByLabel('Key name').fill('nightly-report');
    await page.getByLabel('Reason', { exact: true }).fill('report script');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByRole('status', { name: 'New API key' }).locator('code').textContent())!.trim();
    expect(key).toMatch(/^cwk_/);
    await page.getByRole('cell', { name: 'nightly-report' }).waitFor();
    await shot(page, 'api-keys');
    const info = await fetch(new URL('api/info', server.url), { headers: { authorization: `Bearer ${key}` } });
    expect(info.status).toBe(200);
    const id = (await (await fetch(new URL('api/keys', server.url), { headers: { authorization: `Bearer ${key}` } })).json() as { keys: { id: string }[] }).keys[0]!.id;
    await page.getByLabel('Key to revoke').fill(id);
    await page.getByLabel('Reason for revoking').fill('no longer needed');
    await page.getByRole('button', { name: 'Revoke key' }).click();
    // The table reloads after the revocation is stored: 'ana' then shows as owner and as who revoked.
    await page.getByRole('cell', { name: 'ana', exact: true }).nth(1).waitFor();
    const status = (await fetch(new URL('api/info', server.url), { headers: { authorization: `Bearer ${key}` } })).status;
    expect(status).toBe(401);
  }, 90_000);
});
