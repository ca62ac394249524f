import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { renderDocument, type ReportDocument } from './html/document.js';
import { printReport } from './pdf/print-pdf.js';

/** The formats a report file can have, by its extension. */
export type ReportFormat = 'html' | 'pdf';

/** The format of a report file from its name, or an error naming the extensions known. */
export function reportFormatOf(file: string): ReportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new AppError('bad_format', `cannot tell the report format of '${file}'`, 'end the file name in .pdf or .html');
}

/** Renders a report document as HTML or PDF (by `format`). */
export async function renderReport(doc: ReportDocument, format: ReportFormat, logger?: Logger): Promise<Uint8Array> {
  if (format === 'html') return new TextEncoder().encode(renderDocument(doc));
  return (await printReport(doc, logger ? { logger } : {})).pdf;
}

/** Writes a report document to a file whose extension says the format. */
export async function writeReport(doc: ReportDocument, file: string, logger?: Logger): Promise<{ file: string; format: ReportFormat; bytes: number }> {
  const format = reportFormatOf(file);
  const bytes = await renderReport(doc, format, logger);
  writeFileSync(file, bytes);
  return { file, format, bytes: bytes.length };
}
