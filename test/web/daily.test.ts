/**
 * The workbench for daily use, in Chromium on the small demo network (one store, one server,
 * one browser for the whole file; several checks per page load). Facts are read from the store
 * before the server starts, never assumed. Screenshots: .scratch/web/daily-*.png (looked at by
 * people; not compared). The first paint of the logged-in Overview is measured and printed as
 * a recorded figure (docs/benchmarks.md); no check depends on it.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/cli/serve.js';
import { createUser } from '../../src/server/auth/users.js';
import { Store } from '../../src/store/store.js';
import { HAS_CHROMIUM, launch, NO_CHROMIUM } from '../support/browser.js';
import { smallDemoStore } from '../support/demo-store.js';
import { PROJECT_ROOT } from '../support/shared-data.js';

const built = existsSync(path.join(PROJECT_ROOT, 'dist', 'web', 'index.html'));
const reason = !HAS_CHROMIUM ? NO_CHROMIUM : !built ? 'the web workbench is not built (npm run build); skipping' : '';
const PASSWORD = 'correct horse battery';
const ADMIN_PASSWORD = 'admin password for tests';
const SHOTS = path.join(PROJECT_ROOT, '.scratch', 'web');

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `daily-${name}.png`), fullPage: true });
}

async function login(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}

/** The cell texts of the rows of the table under the heading that starts with `heading`. */
async function tableUnder(page: Page, heading: RegExp): Promise<string[][]> {
  const h = page.getByRole('heading', { name: heading });
  await h.waitFor();
  const table = h.locator('xpath=following::table[1]');
  await table.locator('tbody tr').first().waitFor();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent ?? '')));
}

describe.skipIf(reason !== '')(`the workbench for daily use, in Chromium${reason ? ' — ' + reason : ''}`, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  let page: Page;
  let facts: {
    lot: string; site: string; zone: string; oos: { lot: string; value: number; lsl: number; usl: number };
    upstream: number; apiLot: string; deviations: string[]; startUtc: string;
    hardness: { lsl: number; usl: number; lots: string[] };
    productTempLast: string; alarm: { lot: string; tag: string };
  };

  beforeAll(async () => {
    const db = await smallDemoStore(5);
    const store = await Store.open(db);
    await createUser(store, { user: 'test', reason: 'fixture' }, { username: 'qa', role: 'quality', password: PASSWORD });
    await createUser(store, { user: 'test', reason: 'fixture' }, { username: 'operator', role: 'viewer', password: PASSWORD });
    // The demo has no out-of-specification result; plant one (assay 106.2 %, spec 95–105) on the newest tablet lot.
    const lot = String(await store.value("SELECT lot FROM discrete WHERE material = 'CWX-50-FCT' AND parameter = 'assay' ORDER BY time DESC LIMIT 1"));
    await store.run("UPDATE discrete SET value = 106.2 WHERE lot = $1 AND parameter = 'assay'", [lot]);
    const rec = (await store.one<{ site: string; timezone: string; start_time: Date }>('SELECT l.site, s.timezone, l.start_time FROM lots l JOIN sites s USING (site) WHERE lot = $1', [lot]))!;
    const up = await store.all<{ lot: string }>(
      `WITH RECURSIVE u(lot) AS (SELECT parent_lot FROM genealogy WHERE child_lot = $1 UNION SELECT g.parent_lot FROM genealogy g JOIN u ON g.child_lot = u.lot) SELECT lot FROM u`, [lot]);
    const apiLots = new Set((await store.all<{ lot: string }>("SELECT lot FROM lots WHERE material = 'API'")).map((r) => r.lot));
    const apiLot = up.map((r) => r.lot).find((l) => apiLots.has(l))!;
    const deviations = (await store.all<{ event: string }>("SELECT event FROM events WHERE type IN ('deviation', 'capa') AND end_time IS NULL ORDER BY event")).map((r) => r.event);
    const spec = (await store.one<{ lsl: number; usl: number }>("SELECT lsl, usl FROM specifications WHERE material = 'CORES' AND parameter = 'hardness'"))!;
    const coreLots = (await store.all<{ lot: string }>("SELECT DISTINCT lot FROM replicates WHERE material = 'CORES' AND parameter = 'hardness' AND lot IN (SELECT lot FROM lots WHERE site = 'PAR')")).map((r) => r.lot);
    const productTempLast = ((await store.value("SELECT max(time) FROM samples WHERE tag = 'LJU-FBD1.product_temp'")) as Date).toISOString();
    const alarm = (await store.one<{ lot: string; tag: string }>("SELECT lot, split_part(name, ' ', 1) AS tag FROM events WHERE type = 'alarm' AND name LIKE '%impeller_power%' LIMIT 1"))!;
    store.close();
    facts = {
      productTempLast, alarm,
      hardness: { ...spec, lots: coreLots }, lot, site: rec.site, zone: rec.timezone, oos: { lot, value: 106.2, lsl: 95, usl: 105 }, upstream: up.length, apiLot, deviations, startUtc: rec.start_time.toISOString() };
    process.env.CAUSEWAY_ADMIN_PASSWORD = ADMIN_PASSWORD;
    server = await startServer({ db, port: 0, host: '127.0.0.1', quiet: true });
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 }, acceptDownloads: true })).newPage();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('paints the logged-in Overview fast and lists what needs attention, with links', async () => {
    await login(page, server.url, 'qa', PASSWORD);
    // A fresh tab with the session cookie: first contentful paint of the app shell.
    const fresh = await page.context().newPage();
    await fresh.goto(server.url);
    await fresh.getByRole('heading', { name: 'Overview' }).waitFor();
    const fcp = await fresh.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    const heading = await fresh.evaluate(() => performance.now());
    console.log(`first contentful paint of the workbench: ${fcp.toFixed(0)} ms; Overview heading shown by ${heading.toFixed(0)} ms`);
    expect(Number.isFinite(fcp)).toBe(true);
    await fresh.close();

    const oos = await tableUnder(page, /^Results outside specification \(\d+\)$/);
    expect(oos.length).toBe(1);
    expect(oos[0]!.slice(0, 6)).toEqual([facts.lot, 'CWX-50-FCT', facts.site, 'assay', '106.2', '95 – 105']);
    const devs = await tableUnder(page, /^Open deviations \(\d+\)$/);
    expect(devs.map((r) => r[0]).sort()).toEqual(facts.deviations);
    const rules = await tableUnder(page, /^Run-rule signals on control charts \(\d+\)$/);
    expect(rules.length).toBeGreaterThan(0);
    expect(await page.getByText('ending at the newest data in the store').count()).toBe(1);
    await shot(page, 'overview');
    // The chart link of a signal opens that parameter's chart at that site.
    const link = page.getByRole('heading', { name: /^Run-rule signals/ }).locator('xpath=following::table[1]').locator('tbody tr').first().locator('td').nth(1).locator('a');
    const [parameter, material, site] = (await link.textContent())!.split(' · ');
    await link.click();
    await page.waitForURL(/\/spc\?/);
    const url = new URL(page.url());
    expect([url.searchParams.get('parameter'), url.searchParams.get('material'), url.searchParams.get('site')]).toEqual([parameter, material, site]);
  });

  it('the lot page judges results against the specification, lists upstream lots, and shows times in the site zone', async () => {
    await page.goto(server.url + `lot?lot=${encodeURIComponent(facts.lot)}`);
    const results = await tableUnder(page, /^Results/);
    const assay = results.find((r) => r[0] === 'assay')!;
    expect([assay[1], assay[3], assay[4]]).toEqual(['106.2', '95 – 105', '✗ fail']);
    expect(results.filter((r) => r[4] === '✓ pass').length).toBeGreaterThan(0);
    await page.getByText('1 outside specification').waitFor();
    await page.getByText(`Times in ${facts.zone} (site ${facts.site}).`).waitFor();
    // The start time as the site's wall clock.
    const wall = new Intl.DateTimeFormat('en-CA', { timeZone: facts.zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(facts.startUtc)).replace(', ', ' ');
    expect(await page.locator('dl.kv dt:text-is("start") + dd').textContent()).toBe(wall);
    const up = await tableUnder(page, /^Made from \(\d+ upstream lots\)$/);
    expect(up.length).toBe(facts.upstream);
    const api = up.find((r) => r[0] === facts.apiLot)!;
    expect(api[1]).toBe('API');
    expect(api[6]).toMatch(/^supplier_lot \S+/);
    expect(api[7]).toMatch(/assay \d/);
    await shot(page, 'lot');
    await page.getByRole('link', { name: facts.apiLot, exact: true }).first().click();
    await page.getByRole('heading', { name: `Lot ${facts.apiLot}` }).waitFor();
  });

  it('the control chart names parameter, material and site (also in the exported SVG and PNG), draws the specification, shows a lot on hover and opens it on click', async () => {
    await page.goto(server.url + 'spc?material=CORES&parameter=hardness&site=PAR');
    const svg = page.locator('.svg-view svg').first();
    await svg.waitFor();
    const title = 'hardness · CORES · PAR — X̄ and R';
    const texts = await svg.locator('text').allTextContents();
    expect(texts.some((t) => t.startsWith(title))).toBe(true);
    expect(texts).toContain(`LSL ${facts.hardness.lsl}`);
    expect(texts).toContain(`USL ${facts.hardness.usl}`);
    expect(texts).toContain('specification limits (of single values)');
    const points = svg.locator('g.pt');
    // X̄ and R: one point per lot in each.
    expect(await points.count()).toBe(2 * facts.hardness.lots.length);
    await page.getByRole('heading', { name: /^Violations \(\d+\)$/ }).waitFor();
    const [svgFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG', exact: true }).click()]);
    expect(svgFile.suggestedFilename()).toBe('spc-hardness-CORES-PAR-default.svg');
    expect(readFileSync((await svgFile.path())!, 'utf8')).toContain(title);
    const [pngFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG', exact: true }).click()]);
    const png = readFileSync((await pngFile.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    mkdirSync(SHOTS, { recursive: true });
    await pngFile.saveAs(path.join(SHOTS, 'daily-exported-chart.png'));
    // Hover the first point: the tooltip names its lot; click: its lot page.
    const first = points.first();
    const lot = (await first.getAttribute('data-lot'))!;
    expect(facts.hardness.lots).toContain(lot);
    await first.locator('circle').last().hover({ force: true });
    const tip = page.getByRole('tooltip');
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(new RegExp(`^Lot ${lot} · \\d{4}-\\d\\d-\\d\\d · X̄ [\\d.]+`));
    await shot(page, 'control-chart');
    await first.locator('circle').last().click({ force: true });
    await page.getByRole('heading', { name: `Lot ${lot}` }).waitFor();
  });

  it('capability draws the histogram across the page and says which Ppk to report', async () => {
    // The form checks the name and the dates before sending.
    await page.goto(server.url + 'capability');
    await page.getByLabel(/^Material/).selectOption('CORES');
    await page.waitForFunction(() => document.querySelectorAll('#param-list option').length === 2);
    await page.getByLabel('Parameter or feature').fill('hardnes');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toBe('No parameter “hardnes” for CORES. Did you mean hardness or tablet_weight?');
    await page.getByLabel('Parameter or feature').fill('hardness');
    await page.getByLabel('From', { exact: true }).fill('2025-03-20');
    await page.getByLabel('To', { exact: true }).fill('2025-03-10');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toBe('“To” must not be before “From”.');
    expect(new URL(page.url()).searchParams.get('parameter')).toBeNull();
    await page.goto(server.url + 'capability?material=CORES&parameter=hardness&site=PAR');
    const svg = page.locator('.svg-view svg').first();
    await svg.waitFor();
    const note = page.getByRole('note');
    await note.waitFor();
    const said = (await note.textContent())!;
    expect(said).toMatch(/^Report Ppk \d\.\d\d \((normal, σ overall|[a-z-]+ percentiles)\): /);
    // The same sentence is in the figure, and the figure spans the content column.
    const inFigure = (await svg.locator('text').allTextContents()).find((t) => t.startsWith('Report Ppk'));
    expect(said.startsWith(inFigure!)).toBe(true);
    const main = (await page.locator('main').boundingBox())!;
    const fig = (await svg.boundingBox())!;
    expect(fig.width).toBeGreaterThan(main.width * 0.85);
    expect((await svg.locator('text').allTextContents()).some((t) => t.startsWith('hardness · CORES · PAR — process capability'))).toBe(true);
    await shot(page, 'capability');
  });

  it('the trend opens a picked tag on its last day, in lanes per unit with limits, a cursor readout and one stated time zone; the form checks before sending', async () => {
    await page.goto(server.url + 'trend');
    const form = page.getByRole('form', { name: 'trend' });
    const tag = form.getByLabel('Tag', { exact: true });
    await page.waitForFunction(() => document.querySelectorAll('#tag-list option').length > 0);
    // A typo: named, with the closest tags, and nothing is sent.
    await tag.fill('LJU-FBD1.product_tmp');
    await tag.press('Enter');
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^No tag “LJU-FBD1\.product_tmp”\. Did you mean LJU-FBD1\.product_temp, /);
    expect(new URL(page.url()).searchParams.get('tags')).toBeNull();
    // Enter submits; no range given: the last day of the tag's data.
    await tag.fill('LJU-FBD1.product_temp');
    await tag.press('Enter');
    await page.waitForURL(/tags=LJU-FBD1\.product_temp/);
    const u1 = new URL(page.url());
    expect(Date.parse(u1.searchParams.get('to')!)).toBe(Date.parse(facts.productTempLast) + 1000);
    expect(Date.parse(u1.searchParams.get('to')!) - Date.parse(u1.searchParams.get('from')!)).toBe(86_400_000);
    await page.getByText('Times (From, To, the axis and the cursor) in Europe/Ljubljana, site LJU').waitFor();
    // From shows the site's wall clock.
    const wall = (iso: string, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(iso)).replace(', ', 'T');
    expect(await form.getByLabel('From', { exact: true }).inputValue()).toBe(wall(u1.searchParams.get('from')!, 'Europe/Ljubljana'));
    // A second tag of another unit: a second lane; both tags' limits drawn.
    await tag.fill('LJU-FBD1.filter_dp');
    await tag.press('Enter');
    await page.waitForURL(/filter_dp/);
    const chart = page.getByRole('img', { name: 'trend of LJU-FBD1.product_temp, LJU-FBD1.filter_dp' });
    await chart.waitFor();
    expect(await chart.locator('g.lane').evaluateAll((g) => g.map((x) => x.getAttribute('data-unit')))).toEqual(['°C', 'mbar']);
    const texts = await chart.locator('text').allTextContents();
    expect(texts).toContain('high limit 45 °C');
    expect(texts).toContain('high limit 25 mbar');
    // The cursor reads both tags at the time under the mouse.
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
    const readout = page.getByRole('status', { name: 'cursor readout' });
    await readout.waitFor();
    const lines = (await readout.innerText()).split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(lines[1]).toMatch(/^LJU-FBD1\.product_temp: -?[\d.]+ °C$/);
    expect(lines[2]).toMatch(/^LJU-FBD1\.filter_dp: -?[\d.]+ mbar$/);
    await shot(page, 'trend');
    // End before start is refused in words.
    await form.getByLabel('To', { exact: true }).fill('2025-03-01T08:00');
    await form.getByLabel('From', { exact: true }).fill('2025-03-02T08:00');
    await form.getByLabel('From', { exact: true }).press('Enter');
    expect(await alert.textContent()).toBe('“To” must be after “From”.');
    // UTC instead of the site's zone: the inputs follow, the note says so.
    await form.getByLabel('From', { exact: true }).fill(wall(u1.searchParams.get('from')!, 'Europe/Ljubljana'));
    await form.getByLabel('To', { exact: true }).fill(wall(u1.searchParams.get('to')!, 'Europe/Ljubljana'));
    await form.getByLabel(/^Time zone/).selectOption('UTC');
    await form.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/tz=UTC/);
    await page.getByText('Times (From, To, the axis and the cursor) in UTC').waitFor();
    expect(await page.getByRole('form', { name: 'trend' }).getByLabel('From', { exact: true }).inputValue()).toBe(wall(u1.searchParams.get('from')!, 'UTC'));
    // A lot with an alarm: the alarm is marked on the time axis, the tag's limit drawn.
    await page.goto(server.url + `trend?tags=${facts.alarm.tag}&lot=${facts.alarm.lot}`);
    const alarmChart = page.getByRole('img', { name: `trend of ${facts.alarm.tag}` });
    await alarmChart.waitFor();
    // Alarms come with the events, after the samples.
    await alarmChart.locator('g.alarm').first().waitFor();
    expect(await alarmChart.locator('g.alarm').count()).toBe(1);
    expect(await alarmChart.locator('text').allTextContents()).toContain('high limit 10.1 kW');
    await shot(page, 'trend-alarm');
  });

  it('overlays lots of any material through a phase, with a stored golden envelope behind them', async () => {
    // A golden envelope of the dryer's product temperature, built through the API as a user would.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const session = await (await fetch(server.url + 'api/session', { headers: { cookie } })).json() as { csrf: string };
    const built = await fetch(server.url + 'api/golden', { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrf }, body: JSON.stringify({ material: 'DRIED-GRANULATE', signal: 'product_temp', phase: 'drying', status: 'released', reason: 'reference for the dryer' }) });
    expect(built.status).toBe(200);
    await page.goto(server.url + 'trend');
    const overlay = page.locator('section', { has: page.getByRole('heading', { name: 'Lot overlay, aligned on phase start' }) });
    await overlay.getByLabel(/^Material/).selectOption('API');
    await overlay.getByText('No lot of API ran a recorded phase').waitFor();
    await overlay.getByLabel(/^Material/).selectOption('CWX-50-FCT');
    const form = page.getByRole('form', { name: 'overlay' });
    await form.waitFor();
    await form.getByLabel(/^Phase/).selectOption('spraying');
    await form.getByLabel(/^Signal/).selectOption('exhaust_temp');
    await form.getByRole('button', { name: 'Overlay' }).click();
    const tablets = page.getByRole('img', { name: 'overlay of exhaust_temp' });
    await tablets.waitFor();
    expect(await tablets.locator('path[fill="none"]').count()).toBe(8);
    await overlay.getByLabel(/^Material/).selectOption('DRIED-GRANULATE');
    await page.getByRole('form', { name: 'overlay' }).getByLabel(/^Phase/).selectOption('drying');
    await page.getByRole('form', { name: 'overlay' }).getByLabel(/^Signal/).selectOption('product_temp');
    await page.getByRole('form', { name: 'overlay' }).getByLabel(/^Golden envelope/).selectOption('DRIED-GRANULATE.product_temp.drying');
    await page.getByRole('form', { name: 'overlay' }).getByRole('button', { name: 'Overlay' }).click();
    const dryer = page.getByRole('img', { name: 'overlay of product_temp' });
    await dryer.waitFor();
    await page.getByText(/^Green band: golden envelope DRIED-GRANULATE\.product_temp\.drying \(product_temp in drying, from \d+ good lots\)\.$/).waitFor();
    expect(await dryer.locator('path title').allTextContents()).toContain('golden envelope DRIED-GRANULATE.product_temp.drying');
    await shot(page, 'overlay');
  });

  it('Admin edits, disables, unlocks and resets a user, each with a reason in the audit trail', async () => {
    // Lock the operator: five wrong passwords through the real login.
    for (let i = 0; i < 5; i++) await fetch(server.url + 'api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'wrong password here' }) });
    const admin = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await login(admin, server.url, 'admin', ADMIN_PASSWORD);
    await admin.goto(server.url + 'admin');
    const row = admin.locator('table.data tbody tr', { has: admin.locator('td:first-child', { hasText: /^operator$/ }) });
    await row.waitFor();
    expect(await row.locator('td').nth(3).textContent()).toBe('locked');
    await row.getByRole('button', { name: 'edit operator' }).click();
    const form = admin.getByRole('form', { name: 'edit user operator' });
    // Checked before sending: a short password and a missing reason are named in words.
    await form.getByLabel('New password (optional, ≥ 12 characters)').fill('short');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByText('The new password needs at least 12 characters.').waitFor();
    await form.getByLabel('New password (optional, ≥ 12 characters)').fill('a new long pass phrase');
    await form.getByLabel('Name').fill('Line operator');
    await form.getByLabel('Role').selectOption('manufacturing');
    await form.getByLabel('Unlock (locked after failed logins)').check();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByText('Say why (a reason of at least 3 characters): it goes into the audit trail.').waitFor();
    await form.getByLabel('Reason').fill('operator moved to the coating line');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Saved the changes to operator: name “Line operator”, role manufacturing, unlocked, password reset.').waitFor();
    await admin.waitForFunction(() => Array.from(document.querySelectorAll("table.data tbody tr")).some((r) => r.textContent?.startsWith('operatorLine operatormanufacturingactive')));
    await shot(admin, 'admin-users');
    // The new password works (the lock is gone).
    const ok = await fetch(server.url + 'api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'a new long pass phrase' }) });
    expect(ok.status).toBe(200);
    // Disable: the next login is refused.
    await row.getByRole('button', { name: 'edit operator' }).click();
    await form.getByLabel('Disabled (cannot log in)').check();
    await form.getByLabel('Reason').fill('left the company');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Saved the changes to operator: disabled.').waitFor();
    const refused = await fetch(server.url + 'api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'a new long pass phrase' }) });
    expect(refused.status).toBe(401);
    // The audit trail names each change with its reason.
    await admin.reload();
    await admin.getByRole('heading', { name: 'Audit trail' }).locator('xpath=following::table[1]').getByText('left the company').waitFor();
    const audit = await tableUnder(admin, /^Audit trail$/);
    const about = audit.filter((r) => r[4] === 'operator').map((r) => [r[2], r[5], r[7], r[8]].join('|'));
    expect(about).toEqual(expect.arrayContaining([
      'update|display_name|Line operator|operator moved to the coating line', 'update|role|manufacturing|operator moved to the coating line',
      'unlock|||operator moved to the coating line', 'update|password|(changed)|operator moved to the coating line', 'update|disabled|true|left the company',
    ]));
    await admin.close();
  });
});
