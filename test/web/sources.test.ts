/**
 * Admin → Live sources in Chromium: an administrator adds a SQL source over a PostgreSQL database
 * made for this run, syncs it, reads its dead letter, and every user sees its health on the
 * overview. The password typed into the form is never shown back.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/serve.js';
import { ingestBatch } from '../../src/ingest/batch/ingest-batch.js';
import { Store } from '../../src/store/store.js';
import { HAS_CHROMIUM, launch, NO_CHROMIUM, shot } from '../support/browser.js';
import { serviceMissing, serviceUp } from '../support/services.js';
import { PROJECT_ROOT } from '../support/shared-data.js';

const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'web', 'index.html'));
const pgUp = await serviceUp('postgres');
const reason = !HAS_CHROMIUM ? NO_CHROMIUM : !built ? 'the web workbench is not built (npm run build); skipping' : !pgUp ? serviceMissing('postgres') : '';
const DB = `cw_web_${randomBytes(4).toString('hex')}`;
const SECRET = 'web-pw-71c2';

describe.skipIf(reason !== '')(`Admin → Live sources in Chromium${reason ? ' — ' + reason : ''}`, () => {
  let admin: pg.Client;
  let dir: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DB}`);
    const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: DB });
    await c.connect();
    await c.query('CREATE TABLE results (id int PRIMARY KEY, lot text, test text, value double precision, changed timestamptz NOT NULL)');
    await c.query("INSERT INTO results VALUES (1, 'L1', 'assay', 99.2, '2025-01-02T10:00:00Z'), (2, 'L8', 'assay', 97.5, '2025-01-02T11:00:00Z')");
    await c.end();
    dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-web-sources-'));
    const db = path.join(dir, 'store.duckdb');
    const store = await Store.open(db);
    await ingestBatch(store, {
      source: 'setup', sites: [{ site: 'S', timezone: 'UTC' }], materials: [{ material: 'M', type: 'product' }],
      lots: [{ lot: 'L1', material: 'M', site: 'S' }], parameters: [{ parameter: 'assay', kind: 'discrete', material: 'M' }],
    }, { actor: { user: 'test' } });
    store.close();
    process.env.CAUSEWAY_ADMIN_PASSWORD = 'admin password for tests';
    server = await startServer({ db, port: 19900 + Math.floor(Math.random() * 90), host: '127.0.0.1', quiet: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds a SQL source, syncs it and shows its dead letter; the health appears on the overview', async () => {
    await page.goto(server.url);
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill('admin password for tests');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.goto(server.url + 'admin');
    await page.getByRole('heading', { name: 'Live sources' }).waitFor();
    const config = {
      connection: { driver: 'postgres', host: '127.0.0.1', user: 'postgres', password: SECRET, database: DB },
      tables: [{ name: 'results', table: 'results', id: 'id', watermark: { column: 'changed' }, discrete: { lot: '{lot}', parameter: '{test}', value: '{value}' } }],
    };
    await page.getByLabel('Name', { exact: true }).fill('lims');
    await page.getByLabel('Schedule').fill('manual');
    await page.getByLabel(/Configuration/).fill(JSON.stringify(config, null, 2));
    await page.getByLabel('Reason').last().fill('connect the LIMS');
    await page.getByRole('button', { name: 'Add source' }).click();
    await page.getByText('lims added').waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText('lims: 2 rows read, 1 stored, 0 corrected, 1 dead letters').waitFor();
    await page.getByRole('button', { name: 'Dead letters', exact: true }).click();
    await page.getByText("lot unknown lot (value 'L8')").waitFor();
    await shot(page, 'sources-admin');
    expect(await page.content()).not.toContain(SECRET);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Live sources' }).waitFor();
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Live sources' }) });
    await panel.getByText('ok', { exact: true }).waitFor();
    expect(await panel.textContent()).toContain('1 (1 in 24 h)');
    await shot(page, 'sources-overview');
  }, 120_000);
});
