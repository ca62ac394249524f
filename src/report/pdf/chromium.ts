/**
 * Finding and starting Chromium for printing reports. causeway drives the Chromium the system
 * has (Debian's `chromium`, or the one `CAUSEWAY_CHROMIUM` names) through playwright-core and
 * never downloads a browser.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../../core/errors.js';

/** Where Chromium is looked for, in order, after `CAUSEWAY_CHROMIUM`. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

/** The Chromium executable, or an error that says how to get one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.CAUSEWAY_CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new AppError('no_chromium', `CAUSEWAY_CHROMIUM names '${named}', which does not exist`, 'set it to the Chromium or Chrome executable, or unset it');
    return named;
  }
  const found = CANDIDATES.find((c) => existsSync(c));
  if (!found)
    throw new AppError('no_chromium', 'printing a PDF needs Chromium, and none was found', 'install it (Debian: apt-get install chromium) or set CAUSEWAY_CHROMIUM to its path; an .html report needs no browser');
  return found;
}

/**
 * Starts headless Chromium. Background networking is off: a report has every asset inline and
 * the browser has nothing to fetch.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  try {
    return await chromium.launch({
      executablePath, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    throw new AppError('chromium_failed', `Chromium at '${executablePath}' did not start: ${(e as Error).message.split('\n')[0]}`, 'check that it runs (`chromium --headless --version`), or point CAUSEWAY_CHROMIUM at another one');
  }
}
