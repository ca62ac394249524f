import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { AppError, field } from '../core/errors.js';
import { MIGRATIONS } from './migrations.js';
import { completeTrendLevels } from './trend-levels.js';

/** A bound SQL parameter: positional (`$1`, `?`) or named. */
export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** A row as plain JavaScript values (BIGINT → bigint, TIMESTAMPTZ → Date, DOUBLE → number). */
export type Row = Record<string, unknown>;

/** Who does a write and why: recorded in the audit trail with every change. */
export interface Actor {
  /** Person or system; defaults to the OS user. */
  user: string;
  /** Why the change is made (required for corrections). */
  reason?: string;
  /** How the change came in when not in person, e.g. 'API key 3f9a0c21d4e8' (the audit entry says so after the reason). */
  via?: string;
}

/** The OS user, the default author of writes from the CLI. */
export function defaultUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Options for {@link Store.open}. */
export interface StoreOptions {
  /** Open read-only (no migrations, no writes). Default false. */
  readOnly?: boolean;
  /** DuckDB threads; default: DuckDB's choice (all cores). */
  threads?: number;
  /** DuckDB memory limit, e.g. '4GB'. */
  memoryLimit?: string;
}

/**
 * What every handle of one database shares: the DuckDB instance and the one writer.
 * A database is opened once per process; handles ({@link Store.fork}) are connections to it.
 */
class Database {
  /** Handles not yet closed, so that closing the first one can close the rest. */
  readonly handles = new Set<Store>();
  readonly writer = new WriteQueue();
  /** Values every handle shares, by key ({@link Store.shared}). */
  readonly shared = new Map<symbol, unknown>();
  closed = false;
  constructor(
    readonly path: string,
    readonly instance: DuckDBInstance,
    readonly readOnly: boolean,
  ) {}

  /** A new connection with the session settings every connection of causeway has. */
  async connect(): Promise<DuckDBConnection> {
    if (this.closed) throw new AppError('store_closed', `the store '${this.path}' is closed`, 'open it again');
    const c = await this.instance.connect();
    // All instants are UTC inside; site time zones apply at the edges.
    await c.run("SET TimeZone = 'UTC'");
    return c;
  }
}

/** Work registered with {@link Store.onOpen}. */
const openTasks: Array<(store: Store) => Promise<void>> = [];

/** The transactions open in the current async context, by handle (AsyncLocalStorage). */
const openTransactions = new AsyncLocalStorage<ReadonlyMap<Store, symbol>>();

/**
 * The causeway store: one DuckDB file (or `:memory:`), schema-versioned. This class is the
 * narrow interface every module reaches the data through, so another engine is an adapter.
 *
 * A `Store` is one handle on the database: one connection, for one unit of work at a time
 * (a request, a job, a CLI command); its temporary tables live on that connection. Concurrent
 * work takes its own handle with {@link Store.fork}; DuckDB's MVCC isolates the handles, so a
 * reader sees committed rows only. Every write goes through {@link Store.transaction}, and the
 * transactions of all handles of one database run one after another through one writer: a
 * failing write rolls back only itself.
 *
 * @example
 * const store = await Store.open('causeway.duckdb');
 * try { const rows = await store.all('SELECT count(*) AS n FROM lots'); } finally { store.close(); }
 */
export class Store {
  private constructor(
    private readonly db: Database,
    /** The handle's connection (its temporary tables live here). */
    readonly connection: DuckDBConnection,
    /** True for the handle {@link Store.open} returned: closing it closes the database. */
    private readonly root: boolean,
  ) {
    db.handles.add(this);
  }

  /** The transaction open on this handle, if any. */
  private openTransaction: symbol | undefined;
  /**
   * A second connection for calls made from outside the open transaction's async context
   * (concurrent use of one handle), so they never read the transaction's uncommitted rows.
   */
  private side: Promise<DuckDBConnection> | undefined;

  /** The database file (or `:memory:`). */
  get path(): string {
    return this.db.path;
  }

  /** True when opened read-only (no migrations, no writes). */
  get readOnly(): boolean {
    return this.db.readOnly;
  }

  /** Opens (and creates or migrates) the store at `path`; `:memory:` gives a fresh in-memory store. */
  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    if (options.readOnly && path !== ':memory:' && !existsSync(path))
      throw new AppError('no_store', `there is no store at '${path}'`, `build one with the demo or an import, or name another with ${field('db')} or CAUSEWAY_DB`);
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (e) {
      const message = (e as Error).message;
      if (/lock/i.test(message)) throw new AppError('store_locked', `the store '${path}' is held by another process`, `another process holds it (DuckDB lets one process open a file, even to read): when that is a causeway server, commands reach it through its API (docs/cli.md); or name another store with ${field('db')}`, { message });
      throw new AppError('store_open_failed', `cannot open the store '${path}': ${message}`, 'check the path and that the file is a causeway store');
    }
    const db = new Database(path, instance, options.readOnly ?? false);
    const store = new Store(db, await db.connect(), true);
    if (!store.readOnly) {
      await store.migrate();
      // Trend levels an import could not finish (the process stopped between its two transactions).
      await completeTrendLevels(store);
      for (const task of openTasks) await task(store);
    }
    return store;
  }

  /**
   * Registers work every writable opening runs after migrations and trend levels: the modules
   * above the store (features, in context/) complete there what an import left pending when its
   * process stopped between two transactions. The store cannot import them (dependencies point
   * down), so they register themselves when loaded.
   *
   * @param task - runs on the root handle of each store opened for writing, in registration order.
   */
  static onOpen(task: (store: Store) => Promise<void>): void {
    openTasks.push(task);
  }

  /**
   * Another handle on the same database: its own connection (and temporary tables), sharing
   * the writer. The server takes one per request and per job. Close it when done; closing the
   * handle {@link Store.open} returned closes every handle.
   *
   * @example
   * const request = await store.fork();
   * try { await work(request); } finally { request.close(); }
   */
  async fork(): Promise<Store> {
    return new Store(this.db, await this.db.connect(), false);
  }

  /**
   * The value for `key` that every handle of this database shares (forks included), made by
   * `make` on first use: per-database caches, which must not be per handle because the server
   * forks a handle for every request.
   *
   * @param key - one symbol per kind of value (the module that owns it keeps the symbol).
   * @param make - builds the value the first time.
   * @example
   * const cache = store.shared(CACHE, () => new Map<string, Answer>());
   */
  shared<T>(key: symbol, make: () => T): T {
    if (!this.db.shared.has(key)) this.db.shared.set(key, make());
    return this.db.shared.get(key) as T;
  }

  /** Opens another raw connection to the same database (for work outside the Store API). */
  async connect(): Promise<DuckDBConnection> {
    return this.db.connect();
  }

  /** Applies migrations this store has not seen yet, each in its own transaction. */
  private async migrate(): Promise<void> {
    await this.connection.run(
      'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
    );
    const applied = new Set((await this.all<{ v: number }>('SELECT version AS v FROM schema_version')).map((r) => Number(r.v)));
    let migrated = false;
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      try {
        await this.transaction(async () => {
          for (const stmt of m.sql) {
            if (stmt.startsWith('CREATE TABLE IF NOT EXISTS schema_version')) continue;
            await this.connection.run(stmt);
          }
          if (m.after) await m.after(this);
          await this.connection.run('INSERT INTO schema_version VALUES ($1, $2, now())', [m.version, m.description]);
        });
      } catch (e) {
        throw new AppError('migration_failed', `schema migration ${m.version} failed: ${(e as Error).message}`, 'report this as a bug');
      }
      migrated = true;
    }
    // Into the file at once: DuckDB (1.5) cannot replay the ALTER TABLEs of the migrations from
    // its write-ahead log, so a process killed before the first checkpoint left a store that
    // would not open again ("Failure while replaying WAL file").
    if (migrated) await this.connection.run('CHECKPOINT');
  }

  /**
   * The connection a call runs on: the handle's own, except for a call made from outside the
   * async context of a transaction open on this handle, which reads committed rows through a
   * second connection instead of the transaction's uncommitted ones.
   */
  private conn(): DuckDBConnection | Promise<DuckDBConnection> {
    if (this.openTransaction === undefined || openTransactions.getStore()?.get(this) === this.openTransaction) return this.connection;
    this.side ??= this.db.connect();
    return this.side;
  }

  /** Runs a statement that returns nothing of interest. */
  async run(sql: string, params?: SqlParams): Promise<void> {
    await (await this.conn()).run(sql, params as never);
  }

  /** Runs a query and returns all rows as plain objects. */
  async all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await (await this.conn()).runAndReadAll(sql, params as never);
    return reader.getRowObjectsJS() as T[];
  }

  /** Runs a query and returns the first row, or undefined. */
  async one<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs a query and returns the first column of the first row. */
  async value<T = unknown>(sql: string, params?: SqlParams): Promise<T | undefined> {
    const reader = await (await this.conn()).runAndReadAll(sql, params as never);
    const rows = reader.getRowsJS();
    return rows[0]?.[0] as T | undefined;
  }

  /**
   * Runs a query and returns its columns: numeric columns as Float64Array (NULL → NaN),
   * others as arrays of JS values. Statistics read columns, not arrays of row objects.
   */
  async columns(sql: string, params?: SqlParams): Promise<Record<string, Float64Array | unknown[]>> {
    const reader = await (await this.conn()).runAndReadAll(sql, params as never);
    const names = reader.columnNames();
    const cols = reader.getColumnsJS();
    const types = reader.columnTypes();
    const out: Record<string, Float64Array | unknown[]> = {};
    names.forEach((name, i) => {
      const col = cols[i] ?? [];
      const t = String(types[i]);
      if (/^(DOUBLE|FLOAT|INTEGER|BIGINT|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|DECIMAL)/.test(t)) {
        const a = new Float64Array(col.length);
        for (let k = 0; k < col.length; k++) {
          const v = col[k];
          a[k] = v === null || v === undefined ? NaN : Number(v);
        }
        out[name] = a;
      } else {
        out[name] = col;
      }
    });
    return out;
  }

  /**
   * Runs a query whose columns are all numbers and reads them from DuckDB's vectors into one
   * Float64Array per column (NULL → NaN), without a JavaScript value per cell: the way to read
   * millions of rows (measured on 6.1 M samples × 2 columns: 0.7 s against 2.5 s through
   * {@link Store.columns}).
   */
  async doubles(sql: string, params?: SqlParams): Promise<Float64Array[]> {
    const result = await (await this.conn()).run(sql, params as never);
    const out = Array.from({ length: result.columnCount }, () => new Float64Array(result.rowCount));
    let offset = 0;
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      const rows = chunk.rowCount;
      out.forEach((column, k) => {
        const vector = chunk.getColumnVector(k);
        for (let i = 0; i < rows; i++) {
          const v = vector.getItem(i);
          column[offset + i] = v === null ? NaN : Number(v);
        }
      });
      offset += rows;
    }
    return out;
  }

  /**
   * Runs `work` in one transaction: either all of it is stored, with its audit entries, or
   * none of it. A call made inside `work` joins it. Every other transaction, on this handle or
   * any other of the database, waits its turn in the one writer's queue, so a transaction that
   * fails never takes another's writes with it.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.readOnly) throw new AppError('store_read_only', `the store '${this.path}' is open read-only`, 'open it for writing to change it');
    const open = openTransactions.getStore();
    if (this.openTransaction !== undefined && open?.get(this) === this.openTransaction) return work();
    return this.db.writer.run(async () => {
      const id = Symbol('transaction');
      await this.connection.run('BEGIN TRANSACTION');
      this.openTransaction = id;
      try {
        const result = await openTransactions.run(new Map(open ?? []).set(this, id), work);
        await this.connection.run('COMMIT');
        return result;
      } catch (e) {
        await this.connection.run('ROLLBACK');
        throw e;
      } finally {
        this.openTransaction = undefined;
      }
    });
  }

  /** Closes this handle's connections (and, for the handle {@link Store.open} returned, the database and every handle); safe to call twice. */
  close(): void {
    if (!this.db.handles.delete(this)) return;
    closeQuietly(this.connection);
    if (this.side) void this.side.then(closeQuietly, () => undefined);
    if (!this.root) return;
    for (const other of [...this.db.handles]) other.close();
    this.db.closed = true;
    try {
      this.db.instance.closeSync();
    } catch {
      /* already closed */
    }
  }
}

/** Closes a connection, ignoring one already closed. */
function closeQuietly(c: DuckDBConnection): void {
  try {
    c.closeSync();
  } catch {
    /* already closed */
  }
}

/**
 * The one writer of a database: work runs one at a time, in the order it asked. A failure
 * passes to its caller and the queue goes on.
 */
class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/** Resolves the store path: explicit option, then `CAUSEWAY_DB`, then `./causeway.duckdb`. */
export function resolveStorePath(explicit?: string): string {
  return explicit ?? process.env.CAUSEWAY_DB ?? 'causeway.duckdb';
}
