import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { AppError } from '../core/errors.js';
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
 * The causeway store: one DuckDB file (or `:memory:`), schema-versioned. This class is the
 * narrow interface every module reaches the data through, so another engine is an adapter.
 * A store owns one connection; writes go through {@link Store.transaction}.
 *
 * @example
 * const store = await Store.open('causeway.duckdb');
 * try { const rows = await store.all('SELECT count(*) AS n FROM lots'); } finally { store.close(); }
 */
export class Store {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly readOnly: boolean,
  ) {}

  private inTransaction = false;

  /** Opens (and creates or migrates) the store at `path`; `:memory:` gives a fresh in-memory store. */
  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    if (options.readOnly && path !== ':memory:' && !existsSync(path))
      throw new AppError('no_store', `there is no store at '${path}'`, 'build one with `causeway demo` or `causeway import DIR`, or name another with --db or CAUSEWAY_DB');
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (e) {
      throw new AppError(
        'store_open_failed',
        `cannot open the store '${path}': ${(e as Error).message}`,
        'check the path and that no other causeway process holds the file open for writing',
      );
    }
    const connection = await instance.connect();
    const store = new Store(path, instance, connection, options.readOnly ?? false);
    // All instants are UTC inside; site time zones apply at the edges.
    await connection.run("SET TimeZone = 'UTC'");
    if (!store.readOnly) {
      await store.migrate();
      // Trend levels an import could not finish (the process stopped between its two transactions).
      await completeTrendLevels(store);
    }
    return store;
  }

  /** Opens another connection to the same database (for concurrent readers, e.g. the server). */
  async connect(): Promise<DuckDBConnection> {
    const c = await this.instance.connect();
    await c.run("SET TimeZone = 'UTC'");
    return c;
  }

  /** Applies migrations this store has not seen yet, each in its own transaction. */
  private async migrate(): Promise<void> {
    await this.connection.run(
      'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
    );
    const current = Number((await this.value<number | bigint>('SELECT coalesce(max(version), 0) FROM schema_version')) ?? 0);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await this.connection.run('BEGIN TRANSACTION');
      try {
        for (const stmt of m.sql) {
          if (stmt.startsWith('CREATE TABLE IF NOT EXISTS schema_version')) continue;
          await this.connection.run(stmt);
        }
        await this.connection.run('INSERT INTO schema_version VALUES ($1, $2, now())', [m.version, m.description]);
        await this.connection.run('COMMIT');
      } catch (e) {
        await this.connection.run('ROLLBACK');
        throw new AppError('migration_failed', `schema migration ${m.version} failed: ${(e as Error).message}`, 'report this as a bug');
      }
    }
  }

  /** Runs a statement that returns nothing of interest. */
  async run(sql: string, params?: SqlParams): Promise<void> {
    await this.connection.run(sql, params as never);
  }

  /** Runs a query and returns all rows as plain objects. */
  async all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params as never);
    return reader.getRowObjectsJS() as T[];
  }

  /** Runs a query and returns the first row, or undefined. */
  async one<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs a query and returns the first column of the first row. */
  async value<T = unknown>(sql: string, params?: SqlParams): Promise<T | undefined> {
    const reader = await this.connection.runAndReadAll(sql, params as never);
    const rows = reader.getRowsJS();
    return rows[0]?.[0] as T | undefined;
  }

  /**
   * Runs a query and returns its columns: numeric columns as Float64Array (NULL → NaN),
   * others as arrays of JS values. Statistics read columns, not arrays of row objects.
   */
  async columns(sql: string, params?: SqlParams): Promise<Record<string, Float64Array | unknown[]>> {
    const reader = await this.connection.runAndReadAll(sql, params as never);
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
   * Runs `work` in one transaction: either all of it is stored, with its audit entries, or
   * none of it. Nested calls join the outer transaction.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.readOnly) throw new AppError('store_read_only', `the store '${this.path}' is open read-only`, 'open it without --read-only to write');
    if (this.inTransaction) return work();
    await this.connection.run('BEGIN TRANSACTION');
    this.inTransaction = true;
    try {
      const result = await work();
      await this.connection.run('COMMIT');
      return result;
    } catch (e) {
      await this.connection.run('ROLLBACK');
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  /** Closes the connection and the database; safe to call twice. */
  close(): void {
    try {
      this.connection.closeSync();
    } catch {
      /* already closed */
    }
    try {
      this.instance.closeSync();
    } catch {
      /* already closed */
    }
  }
}

/** Resolves the store path: explicit option, then `CAUSEWAY_DB`, then `./causeway.duckdb`. */
export function resolveStorePath(explicit?: string): string {
  return explicit ?? process.env.CAUSEWAY_DB ?? 'causeway.duckdb';
}
