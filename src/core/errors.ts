/**
 * The one error type of causeway. Every failure a user can cause or fix is an `AppError`
 * with a stable `code`, a message that names the thing and echoes the bad value, and a
 * `hint` that says how to fix it. Mapping to HTTP status happens only in `server/`, to exit
 * codes only in `cli/`.
 *
 * @example
 * throw new AppError('bad_time', "lots.csv line 14: start '2024-13-01' is not a date",
 *   'use ISO 8601, e.g. 2024-01-13T08:00:00+01:00');
 */
export class AppError extends Error {
  /** Stable, machine-readable code (snake_case). */
  readonly code: string;
  /** How to fix it, in one sentence. */
  readonly hint: string;
  /** Structured detail for machines (e.g. the list of all row errors of an import). */
  readonly details: unknown;

  constructor(code: string, message: string, hint = '', details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  /** A plain object for JSON output (CLI `--json`, HTTP bodies). */
  toJSON(): { code: string; message: string; hint: string; details?: unknown } {
    return this.details === undefined
      ? { code: this.code, message: this.message, hint: this.hint }
      : { code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

/** True when `e` is an {@link AppError} (a user error, not a bug). */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * One problem found while validating input, located precisely enough to fix:
 * file, 1-based line (header is line 1), column, the offending value and the fix.
 */
export interface InputIssue {
  file: string;
  line?: number;
  column?: string;
  value?: string;
  message: string;
  hint: string;
}

/** Formats an {@link InputIssue} as one line a person can act on. */
export function formatIssue(i: InputIssue): string {
  const where = [i.file, i.line !== undefined ? `line ${i.line}` : undefined, i.column ? `column ${i.column}` : undefined]
    .filter(Boolean)
    .join(' ');
  const value = i.value !== undefined ? ` (value '${i.value}')` : '';
  return `${where}: ${i.message}${value}; ${i.hint}`;
}

/**
 * Throws one `AppError('invalid_input')` carrying all issues (capped list) when there are any.
 * A run reports every error of a file up to the cap, not only the first.
 */
export function throwIfIssues(issues: InputIssue[], what: string, cap = 50): void {
  if (issues.length === 0) return;
  const shown = issues.slice(0, cap);
  const more = issues.length > cap ? `\n… and ${issues.length - cap} more` : '';
  throw new AppError(
    'invalid_input',
    `${what}: ${issues.length} problem${issues.length === 1 ? '' : 's'} found, nothing was stored\n` +
      shown.map((i) => '  ' + formatIssue(i)).join('\n') + more,
    'fix the listed lines and run again; the store is unchanged',
    { issues: shown, total: issues.length },
  );
}
