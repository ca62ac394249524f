import { AppError, field } from '../core/errors.js';

/** A reporting period: lots that started in [from, to), both UTC instants as ISO 8601. */
export interface ReportPeriod {
  /** As the user wrote it: '2025', '2025-Q2', '2025-03', '2025-01-01..2025-07-01'. */
  label: string;
  from: string;
  to: string;
}

/** True when {@link parsePeriod} reads `text`. */
export function isPeriod(text: string): boolean {
  try {
    parsePeriod(text);
    return true;
  } catch {
    return false;
  }
}

const iso = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m - 1, d)).toISOString();
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses a reporting period. A year, a quarter, a month, or two dates joined by `..` (the end
 * exclusive: lots starting before it). Boundaries are midnight UTC; a site's local midnight is
 * not used, so a lot started at 00:30 local time in Ljubljana on 1 January belongs to the
 * previous year — the report prints the boundaries it used.
 *
 * @example parsePeriod('2025') // { label: '2025', from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }
 * @example parsePeriod('2025-Q2') // April to June
 */
export function parsePeriod(text: string): ReportPeriod {
  const s = text.trim();
  let m: RegExpMatchArray | null;
  if ((m = s.match(/^(\d{4})$/))) return { label: s, from: iso(+m[1]!, 1), to: iso(+m[1]! + 1, 1) };
  if ((m = s.match(/^(\d{4})-?[Qq]([1-4])$/))) {
    const q = +m[2]!;
    return { label: `${m[1]}-Q${q}`, from: iso(+m[1]!, 3 * q - 2), to: iso(+m[1]!, 3 * q + 1) };
  }
  if ((m = s.match(/^(\d{4})-(\d{2})$/)) && +m[2]! >= 1 && +m[2]! <= 12) return { label: s, from: iso(+m[1]!, +m[2]!), to: iso(+m[1]!, +m[2]! + 1) };
  const parts = s.split('..');
  if (parts.length === 2 && DAY.test(parts[0]!) && DAY.test(parts[1]!)) {
    const from = new Date(parts[0] + 'T00:00:00Z');
    const to = new Date(parts[1] + 'T00:00:00Z');
    if (!Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && from < to) return { label: s, from: from.toISOString(), to: to.toISOString() };
  }
  throw new AppError('bad_period', `period '${text}' is not a year, quarter, month or date range`,
    `e.g. ${field('period', '2025')}, ${field('period', '2025-Q2')}, ${field('period', '2025-03')} or ${field('period', '2025-01-01..2025-07-01')} (end exclusive, after the start)`);
}
