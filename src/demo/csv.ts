/**
 * Writes the small files of the demo folder as CSV: UTF-8, comma, header row, RFC 4180
 * quoting (a field with a comma, quote or line break is quoted, quotes doubled), `\n` line
 * ends. Byte-identical output for identical input, which the determinism of the demo relies on.
 *
 * @see RFC 4180, Common Format and MIME Type for Comma-Separated Values (CSV) Files
 */
import { writeFile } from 'node:fs/promises';
import { DateTime } from 'luxon';

/** A CSV cell: empty for null/undefined; numbers in JavaScript's shortest round-trip form. */
export type Cell = string | number | null | undefined;

/** One CSV field, quoted only where RFC 4180 requires it. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** Writes `rows` under `header` to `file`; returns the number of data rows. */
export async function writeCsv(file: string, header: readonly string[], rows: Iterable<readonly Cell[]>): Promise<number> {
  const lines = [header.map(csvField).join(',')];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  await writeFile(file, lines.join('\n') + '\n', 'utf8');
  return lines.length - 1;
}

/**
 * An instant as ISO 8601 local time of a zone with its offset, to the second,
 * e.g. `2025-03-30T03:10:00+02:00` (what a site's MES would print).
 */
export function localIso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!;
}
