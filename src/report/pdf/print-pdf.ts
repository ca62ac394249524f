/**
 * HTML to PDF through Chromium's print: page size, margins, running headers and page numbers
 * come from the document's CSS (`@page` margin boxes); the contents get their page numbers by
 * printing twice — the first print's outline says on which page each heading landed.
 */
import type { Browser } from 'playwright-core';
import { AppError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { headingText, numbered, renderDocument, type ReportDocument } from '../html/document.js';
import { launchChromium } from './chromium.js';
import { readOutline } from './outline.js';

/** Options of {@link printPdf}. */
export interface PrintOptions {
  /** A browser to reuse (it stays open); default: one started and closed for this print. */
  browser?: Browser;
  logger?: Logger;
  /** Longest a print may take, in ms. Default 120 000. */
  timeoutMs?: number;
}

/** Prints one HTML page to PDF (A4 from the page's CSS), with an outline from its headings. */
export async function htmlToPdf(html: string, options: PrintOptions = {}): Promise<Uint8Array> {
  const browser = options.browser ?? (await launchChromium());
  try {
    // No scripts and no network: a report is self-contained, and text from the store is never run.
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(options.timeoutMs ?? 120_000);
      await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      await page.setContent(html, { waitUntil: 'load', timeout: options.timeoutMs ?? 120_000 });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('print_failed', `Chromium could not print the report: ${(e as Error).message.split('\n')[0]}`, 'try again; if it repeats, write the report as .html and report this as a bug');
  } finally {
    if (!options.browser) await browser.close();
  }
}

/** Page of each section id (and 'signatures') from a printed PDF's outline. */
export async function sectionPages(doc: ReportDocument, pdf: Uint8Array): Promise<Map<string, number>> {
  const byTitle = new Map<string, string>(numbered(doc.sections).map((e) => [headingText(e.number, e.title), e.id]));
  byTitle.set('Signatures', 'signatures');
  const pages = new Map<string, number>();
  for (const o of await readOutline(pdf)) {
    const id = byTitle.get(o.title.trim());
    if (id !== undefined && !pages.has(id)) pages.set(id, o.page);
  }
  return pages;
}

/**
 * Prints a report: once to learn where each section lands, then again with those page numbers
 * in the contents (repeated while they move, at most three times — the contents' numbers sit in
 * a fixed column, so they do not move in practice).
 *
 * @returns the PDF and the page of each section.
 */
export async function printReport(doc: ReportDocument, options: PrintOptions = {}): Promise<{ pdf: Uint8Array; pages: Map<string, number> }> {
  const log = options.logger ?? silentLogger;
  const browser = options.browser ?? (await launchChromium());
  try {
    let pages = new Map<string, number>();
    let pdf: Uint8Array = new Uint8Array();
    for (let pass = 1; pass <= 3; pass++) {
      log.progress('printing PDF', pass - 1, 2);
      pdf = await htmlToPdf(renderDocument(doc, pages), { ...options, browser });
      const found = await sectionPages(doc, pdf);
      const same = found.size === pages.size && [...found].every(([k, v]) => pages.get(k) === v);
      pages = found;
      if (same) break;
    }
    log.progress('printing PDF', 2, 2);
    return { pdf, pages };
  } finally {
    if (!options.browser) await browser.close();
  }
}
