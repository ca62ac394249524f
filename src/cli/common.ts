import { Command, Option } from 'commander';
import { AppError, field, isAppError, type Spelling } from '../core/errors.js';
import { jsonReplacer } from '../core/json.js';

export { jsonReplacer };
import type { Logger } from '../core/logger.js';
import { defaultUser, resolveStorePath, Store, type Actor } from '../store/store.js';

/** The command being run, e.g. 'audit list' (set before its action runs; for messages). */
export const running = { command: '' };

/** Options every verb takes. */
export interface CommonOptions {
  db?: string;
  json?: boolean;
  user?: string;
  reason?: string;
}

/** Adds `--db`, `--json`, `--user`, `--reason` to a verb, with help in the `[type] text (default: x)` form. */
export function withCommon(cmd: Command): Command {
  return cmd
    .addOption(new Option('--db <path>', '[string] store file (default: $CAUSEWAY_DB or ./causeway.duckdb)'))
    .addOption(new Option('--json', '[boolean] print machine-readable JSON on stdout (default: false)'))
    .addOption(new Option('--user <name>', '[string] who makes the change, for the audit trail (default: the OS user)'))
    .addOption(new Option('--reason <text>', '[string] why, for the audit trail (required with --replace)'));
}

/** The actor of a write from CLI options. */
export function actorOf(opts: CommonOptions): Actor {
  return opts.reason === undefined ? { user: opts.user ?? defaultUser() } : { user: opts.user ?? defaultUser(), reason: opts.reason };
}

/**
 * Opens the store named by `--db` (or the default), runs `work`, and always closes it. For
 * commands that work on the file itself: when a running server holds it, the error says the
 * command does not run through the server and what to do instead.
 */
export async function withStore<T>(opts: CommonOptions, work: (store: Store) => Promise<T>, readOnly = false): Promise<T> {
  const path = resolveStorePath(opts.db);
  const store = await Store.open(path, { readOnly }).catch(async (e: unknown) => {
    if (!isAppError(e) || e.code !== 'store_locked') throw e;
    const { findServer } = await import('../server/discovery.js');
    const found = await findServer(path);
    if (found.state !== 'live') throw e;
    throw new AppError('not_remote', `\`causeway ${running.command}\` works on the store file itself and does not run through the causeway server at ${found.server.url} that holds it`,
      `do it in the workbench at ${found.server.url} (or its HTTP API, docs/api.md), run it when the server no longer holds the store, or on a copy of the store with ${field('db')}`);
  });
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/**
 * A logger for the terminal: progress drawn on stderr when it is a TTY, nothing when piped
 * (or with --json), messages on stderr so stdout stays clean for data.
 */
export function cliLogger(opts: { json?: boolean } = {}): Logger {
  const tty = Boolean(process.stderr.isTTY) && !opts.json;
  let last = 0;
  return {
    info: (m) => {
      if (!opts.json) process.stderr.write(m + '\n');
    },
    warn: (m) => process.stderr.write('warning: ' + m + '\n'),
    progress: (label, done, total) => {
      if (!tty) return;
      const now = Date.now();
      const finished = total !== undefined && done >= total;
      if (!finished && now - last < 100) return;
      last = now;
      const pct = total ? ` ${Math.floor((100 * done) / total)}%` : '';
      const counts = total ? ` (${done.toLocaleString('en')}/${total.toLocaleString('en')})` : ` (${done.toLocaleString('en')})`;
      process.stderr.write(`\r\x1b[2K${label}${pct}${counts}${finished ? '\n' : ''}`);
    },
  };
}

/** Prints a result: JSON with --json, else the given text rendering. */
export function output(opts: { json?: boolean }, value: unknown, text: () => string): void {
  if (opts.json) process.stdout.write(JSON.stringify(value, jsonReplacer, 2) + '\n');
  else process.stdout.write(text() + '\n');
}

/**
 * How the command line writes a request field in a message: `--baseline-from 2024-01-01` for an
 * option, `PARAMETER` for an argument of the command.
 * @param positional - the fields the command takes as arguments
 */
export function cliSpelling(positional: readonly string[] = []): Spelling {
  return (name, example) => {
    if (positional.includes(name)) return name.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
    const flag = '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    return example === undefined ? flag : `${flag} ${example}`;
  };
}

/**
 * Runs a verb's action: a user error becomes one clear line on stderr (or JSON) and exit code 1;
 * anything else is a bug, exit code 2. Fields named in the error are spelled as flags.
 */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>, spelling: Spelling = cliSpelling()): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      const json = args.some((a) => typeof a === 'object' && a !== null && (a as CommonOptions).json === true);
      if (isAppError(e)) {
        const { message, hint } = e.spelled(spelling);
        if (json) process.stdout.write(JSON.stringify({ error: e.toJSON(spelling) }, jsonReplacer, 2) + '\n');
        else process.stderr.write(`error: ${message}\n${hint ? 'hint: ' + hint + '\n' : ''}`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
        process.exitCode = 2;
      }
    }
  };
}

/** Parses a whole-number flag, with an error that echoes the value (the library checks its range). */
export function intFlag(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new AppError('bad_flag', `--${name} '${value}' is not a whole number`, `give e.g. --${name} 10`);
  return n;
}

/**
 * Parses a number flag, with an error that echoes the value; an empty value is not 0.
 *
 * @param name - the flag without dashes, for the message.
 * @param value - the text given.
 * @param example - a sensible value shown in the hint (default '1').
 * @example numFlag('lambda', '0.2', '0.2') // 0.2
 */
export function numFlag(name: string, value: string, example = '1'): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new AppError('bad_flag', `--${name} '${value}' is not a number`, `give e.g. --${name} ${example}`);
  return n;
}

/**
 * A comma-separated list flag: items trimmed, empty items dropped; undefined stays undefined.
 * @example listFlag(' L1, L2,,') // ['L1', 'L2']
 */
export function listFlag(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Formats rows as an aligned text table. */
export function table(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return '(none)';
  const cols = columns ?? Object.keys(rows[0]!);
  const cell = (v: unknown): string =>
    v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'number' ? fmtNum(v) : String(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join('\n');
}

/** Numbers for people: up to 6 significant digits, no exponent for ordinary magnitudes. */
export function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(4);
  return String(Number(v.toPrecision(6)));
}
