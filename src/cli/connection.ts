import { isAppError } from '../core/errors.js';
import { jsonRoundTrip, type Json } from '../core/json.js';
import type { Logger } from '../core/logger.js';
import { parseVerbInput, type Verb } from '../core/verb.js';
import { resolveStorePath, Store, type Actor } from '../store/store.js';

/**
 * Where a command's verbs run: on the store file itself, or — when a running server holds the
 * file (DuckDB lets one process open it, even read-only) — through that server's HTTP API.
 * Either way a result comes back as JSON carries it, so it prints the same.
 */
export interface Connection {
  readonly where: 'local' | 'remote';
  /** Runs `verb` on the fields as the command line gave them; its result after a JSON round trip. */
  call<O>(verb: Verb<any, any, O>, raw: Record<string, unknown>): Promise<Json<O>>;
  close(): void | Promise<void>;
}

/** What a connection needs from the command line. */
export interface ConnectOptions {
  db?: string;
  /** The command writes (open the file read-write). */
  writes: boolean;
  actor: Actor;
  logger: Logger;
  signal?: AbortSignal;
  /** Options of the remote path: the API key (else CAUSEWAY_API_KEY), and whether --user was given (a login). */
  apiKey?: string;
  userGiven?: boolean;
}

/** The store file, opened by this process. */
class LocalConnection implements Connection {
  readonly where = 'local' as const;
  constructor(private readonly store: Store, private readonly o: ConnectOptions) {}

  async call<O>(verb: Verb<any, any, O>, raw: Record<string, unknown>): Promise<Json<O>> {
    const input = parseVerbInput(verb, raw);
    const result = await verb.run(this.store, input, { logger: this.o.logger, actor: this.o.actor, ...(this.o.signal ? { signal: this.o.signal } : {}) });
    return jsonRoundTrip(result);
  }

  close(): void {
    this.store.close();
  }
}

/**
 * Opens the store named by `--db` for a command. When another process holds it, the command
 * goes to the server that process runs (see `remote.ts`); when none can be reached, the
 * `store_locked` error says so.
 */
export async function connect(o: ConnectOptions): Promise<Connection> {
  const path = resolveStorePath(o.db);
  try {
    return new LocalConnection(await Store.open(path, { readOnly: !o.writes }), o);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'store_locked') throw e;
    const { remoteConnection } = await import('./remote.js');
    return remoteConnection(path, o, e);
  }
}
