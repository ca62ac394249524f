/**
 * The Reports page in Chromium against a real server process: a quality user opens a report
 * definition, runs it over 2025, follows its progress, and downloads the PDF of the run; the run
 * then appears in the list with its content hash. Fixture: 8 tablet lots at two sites with an
 * assay and its specification (as test/report-routes.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/serve.js';
import { defineReport } from '../../src/report/definitions/definition-store.js';
import { createUser } from '../../src/server/auth/users.js';
import { Store } from '../../src/store/store.js';
import { HAS_CHROMIUM, launch, NO_CHROMIUM, shot } from '../support/browser.js';
import { PROJECT_ROOT } from '../support/shared-data.js';

const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'web', 'index.html'));
const reason = !HAS_CHROMIUM ? NO_CHROMIUM : !built ? 'the web workbench is not built (npm run build); skipping' : '';
const PASSWORD = 'correct horse battery';

describe.skipIf(reason !== '')(`Reports page in Chromium${reason ? ' — ' + reason : ''}`, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let db: string;

  beforeAll(async () => {
    db = path.join(mkdtempSync(path.join(os.tmpdir(), 'causeway-reports-web-')), 'r.duckdb');
    const s = await Store.open(db);
    await s.run(`INSERT INTO sites VALUES ('S1', 'Site 1', 'UTC', NULL, NULL), ('S2', 'Site 2', 'UTC', NULL, NULL)`);
    await s.run(`INSERT INTO materials VALUES ('TAB', 'product', NULL, NULL, NULL)`);
    await s.run(`INSERT INTO parameters (material, parameter, kind, role, unit) VALUES ('TAB', 'assay', 'discrete', 'CQA', '%')`);
    await s.run(`INSERT INTO specifications (material, parameter, valid_from, lsl, usl) VALUES ('TAB', 'assay', '2024-01-01T00:00:00Z', 7, 13)`);
    for (let i = 0; i < 8; i++) {
      await s.run(`INSERT INTO lots (lot, material, site, start_time, status) VALUES ($1, 'TAB', $2, $3::TIMESTAMPTZ, 'released')`, [`T${i + 1}`, i < 4 ? 'S1' : 'S2', `2025-03-0${i + 1}T06:00:00Z`]);
      await s.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', 'assay', $2)`, [`T${i + 1}`, [9, 10, 11, 10][i % 4]!]);
    }
    await createUser(s, { user: 'test', reason: 'fixture' }, { username: 'qa', role: 'quality', password: PASSWORD });
    await defineReport(s, 'apr-tab', { kind: 'apr', product: 'TAB', title: null, sites: [], parameters: [], roles: ['CQA', 'CPP'], charts: ['control', 'histogram', 'box'], rules: 'we' }, { user: 'qa', reason: 'APR 2025' });
    s.close();
    process.env.CAUSEWAY_ADMIN_PASSWORD = 'admin password for tests';
    server = await startServer({ db, port: 19080 + Math.floor(Math.random() * 800), host: '127.0.0.1', quiet: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 }, acceptDownloads: true });
    await page.goto(server.url);
    await page.getByLabel('User name').fill('qa');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the definition, runs it over a period with progress, and downloads the PDF', async () => {
    await page.getByRole('link', { name: 'Reports' }).first().click();
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    await page.getByRole('link', { name: 'apr-tab' }).click();
    await page.getByRole('heading', { name: /Run apr-tab/ }).waitFor();
    await page.getByLabel('Period').fill('2025');
    await page.getByRole('button', { name: 'Run report' }).click();
    const ready = page.getByRole('status').filter({ hasText: /Report R-\S+ ready/ });
    await ready.waitFor({ timeout: 120_000 });
    const runId = /Report (R-\S+) ready/.exec(await ready.innerText())![1]!;
    await shot(page, 'reports-run');
    const [download] = await Promise.all([page.waitForEvent('download'), ready.getByRole('link', { name: 'download PDF' }).click()]);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    // The run is listed with its content hash, as the store holds it.
    const record = (await (await page.request.get(server.url + `api/reports/runs/${runId}`)).json()) as { matches: boolean; sha256: string };
    expect(record.matches).toBe(true);
    const row = page.getByRole('row').filter({ hasText: runId });
    await row.waitFor();
    expect(await row.locator('code.sha').innerText()).toBe(record.sha256.slice(0, 12) + '…');
  }, 240_000);
});
