import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from './shared-data.js';

/** Debian's Chromium, installed by .ci/run; browser tests skip with this reason where it is missing. */
export const CHROMIUM = process.env.CAUSEWAY_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const NO_CHROMIUM = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CAUSEWAY_CHROMIUM); skipping browser tests`;

/** Screenshots for people to look at, in an ignored folder. */
export const SCREENSHOTS = path.join(PROJECT_ROOT, 'test-output', 'screenshots');

/** Starts headless Chromium with the flags this closed network needs. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves a full-page screenshot under test-output/screenshots. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
