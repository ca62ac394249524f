/**
 * One connection to a source database, PostgreSQL (pg) or MariaDB/MySQL (mysql2), behind the
 * few calls a SQL source needs: a query with bound values, the dialect's identifier quoting and
 * placeholders, and close.
 *
 * Times: a column with a time zone (PostgreSQL timestamptz) is read as an instant; one without
 * (timestamp, DATETIME, DATE) as its text, which causeway reads as local time at the row's site,
 * as a folder import does — never in the time zone of the machine causeway runs on.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { AppError } from '../../core/errors.js';
import type { SqlConfig } from './sql-config.js';

/** PostgreSQL type ids read as text: timestamp (1114), date (1082), numeric (1700, exact as text → number below). */
const PG_TEXT = [1114, 1082];
const PG_NUMERIC = 1700;

/** A connection to the source. */
export interface SqlDriver {
  /** Runs a SELECT with values bound to `$1…` (PostgreSQL) or `?` (MariaDB); rows as objects. */
  query(sql: string, values: unknown[]): Promise<Record<string, unknown>[]>;
  /** Quotes an identifier in the dialect. */
  quote(name: string): string;
  /** The placeholder of the n-th bound value (1-based). */
  param(n: number): string;
  close(): Promise<void>;
}

/**
 * Connects to the source database.
 *
 * @throws AppError `database_unreachable` naming the address and the driver's reason.
 */
export async function connectSql(c: SqlConfig['connection']): Promise<SqlDriver> {
  const where = `${c.driver}://${c.user}@${c.host}:${c.port ?? (c.driver === 'postgres' ? 5432 : 3306)}/${c.database}`;
  try {
    if (c.driver === 'postgres') return await postgres(c);
    return await mariadb(c);
  } catch (e) {
    throw new AppError('database_unreachable', `cannot connect to ${where}: ${(e as Error).message}`, 'check the address, that the database runs, the user name and password, and that the database exists');
  }
}

async function postgres(c: SqlConfig['connection']): Promise<SqlDriver> {
  const types = {
    getTypeParser: (id: number, format?: 'text' | 'binary') => {
      if (PG_TEXT.includes(id)) return (v: string) => v;
      if (id === PG_NUMERIC) return (v: string) => Number(v);
      return pg.types.getTypeParser(id, format as never);
    },
  };
  const client = new pg.Client({ host: c.host, port: c.port ?? 5432, user: c.user, password: c.password, database: c.database, ssl: c.ssl, types, connectionTimeoutMillis: 10_000 });
  await client.connect();
  return {
    query: async (sql, values) => (await client.query({ text: sql, values })).rows as Record<string, unknown>[],
    quote: (name) => '"' + name.replace(/"/g, '""') + '"',
    param: (n) => `$${n}`,
    close: () => client.end(),
  };
}

async function mariadb(c: SqlConfig['connection']): Promise<SqlDriver> {
  const conn = await mysql.createConnection({
    host: c.host, port: c.port ?? 3306, user: c.user, password: c.password ?? '', database: c.database,
    // DATETIME/DATE as their text: a local time the importer places at the row's site.
    dateStrings: true, decimalNumbers: true, supportBigNumbers: true, bigNumberStrings: false,
    connectTimeout: 10_000, ...(c.ssl ? { ssl: {} } : {}),
  });
  return {
    query: async (sql, values) => (await conn.query(sql, values))[0] as Record<string, unknown>[],
    quote: (name) => '`' + name.replace(/`/g, '``') + '`',
    param: () => '?',
    close: () => conn.end(),
  };
}
