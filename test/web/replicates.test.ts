/**
 * A replicate parameter in the workbench, in Chromium: qcc's piston rings (25 lots × 5
 * diameters, specification 73.95–74.05; test/support/pistonrings.ts) imported as an open-format
 * folder, then the Capability view shows qcc's printed figures (Cp 1.70, Cpk 1.66, σ within
 * 0.009785 from R̄/d2) and the Control chart view, with no chart chosen, draws the X̄-R chart and
 * says why. Screenshots: test-output/screenshots/rings-*.png.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/serve.js';
import { importFolder } from '../../src/ingest/import-folder.js';
import { createUser } from '../../src/server/auth/users.js';
import { Store } from '../../src/store/store.js';
import { HAS_CHROMIUM, launch, NO_CHROMIUM, shot } from '../support/browser.js';
import { writePistonRingFolder } from '../support/pistonrings.js';
import { hasSharedData, PROJECT_ROOT, SHARED_DATA_MISSING } from '../support/shared-data.js';

const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'web', 'index.html'));
const reason = !HAS_CHROMIUM ? NO_CHROMIUM : !built ? 'the web workbench is not built (npm run build); skipping' : !hasSharedData('qcc', 'pistonrings.txt') ? SHARED_DATA_MISSING : '';
const PASSWORD = 'correct horse battery';

/** The numbers of one row of the indices table (value, lower, upper). */
async function indexRow(page: Page, name: string): Promise<number[]> {
  const row: Locator = page.locator('table.data tbody tr', { has: page.locator('td:first-child', { hasText: new RegExp(`^${name}$`) }) });
  const cells = await row.locator('td').allTextContents();
  return cells.slice(1).map(Number);
}

describe.skipIf(reason !== '')(`a replicate parameter in the workbench (piston rings)${reason ? ' — ' + reason : ''}`, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-web-rings-'));
    const db = path.join(dir, 'rings.duckdb');
    const store = await Store.open(db);
    try {
      await importFolder(store, writePistonRingFolder(path.join(dir, 'rings')), { actor: { user: 'test', reason: 'fixture' } });
      await createUser(store, { user: 'test', reason: 'fixture' }, { username: 'qa', role: 'quality', password: PASSWORD });
    } finally {
      store.close();
    }
    process.env.CAUSEWAY_ADMIN_PASSWORD = 'admin password for tests';
    server = await startServer({ db, port: 0, host: '127.0.0.1', quiet: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(server.url);
    await page.getByLabel('User name').fill('qa');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Capability shows the figures qcc prints, with σ within from the lots as subgroups', async () => {
    await page.goto(server.url + 'capability?material=RING&parameter=diameter');
    await page.getByRole('heading', { name: 'Indices' }).waitFor();
    await page.locator('table.data tbody tr').first().waitFor();
    await page.locator('.svg-view svg').first().waitFor();
    const cp = await indexRow(page, 'Cp');
    const cpk = await indexRow(page, 'Cpk');
    const cpm = await indexRow(page, 'Cpm');
    expect(cp.map((v) => v.toFixed(2))).toEqual(['1.70', '1.49', '1.91']);
    expect(cpk.map((v) => v.toFixed(2))).toEqual(['1.66', '1.45', '1.88']);
    expect(cpm.map((v) => v.toFixed(2))).toEqual(['1.69', '1.48', '1.90']);
    expect(cp[0]!.toFixed(3)).toBe('1.703');
    expect(cpk[0]!.toFixed(3)).toBe('1.663');
    const summary = await page.locator('p.muted', { hasText: 'σ within' }).first().textContent();
    expect(summary).toContain('n = 125, mean 74.001, σ within 0.009785 (R̄/d2 over 25 lots of 5 values)');
    await shot(page, 'rings-capability');
  });

  it('Control chart with no chart chosen draws the X̄-R chart of the lots and says why', async () => {
    await page.goto(server.url + 'spc?material=RING&parameter=diameter');
    await page.locator('.svg-view svg').first().waitFor();
    const choice = page.locator('p.chart-choice');
    await choice.waitFor();
    expect(await choice.textContent()).toBe('X̄-R chart, the default for 5 values of diameter per lot (each lot one subgroup; X̄-S is used above 10 values or when lots have different numbers)');
    expect(await page.getByLabel('Chart').inputValue()).toBe('');
    await page.getByRole('heading', { name: /^Violations \(0\)$/ }).waitFor();
    const svg = await page.locator('.svg-view svg').first().innerHTML();
    expect(svg).toContain('X̄');
    await shot(page, 'rings-control-chart');
  });
});
