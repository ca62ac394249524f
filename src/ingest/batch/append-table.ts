/**
 * Writes columns of JavaScript values into a new DuckDB temporary table through the appender,
 * a data chunk at a time (measured on 50 000 samples: about 1–2 µs a row, two to five times
 * faster than appending value by value, and no SQL text built from data).
 */
import { BIGINT, DOUBLE, DuckDBDataChunk, DuckDBTimestampTZValue, TIMESTAMPTZ, UINTEGER, UTINYINT, VARCHAR, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { quoteIdent } from '../../store/sql.js';
import type { Store } from '../../store/store.js';

/** The column types a staged table uses. */
export type AppendType = 'VARCHAR' | 'DOUBLE' | 'TIMESTAMPTZ' | 'UTINYINT' | 'UINTEGER' | 'BIGINT';

/**
 * One column: its name, type and a reader of row `i` (null = NULL). TIMESTAMPTZ values are epoch
 * microseconds as bigint; BIGINT values bigint; the others numbers or strings.
 */
export interface AppendColumn {
  name: string;
  type: AppendType;
  get: (i: number) => string | number | bigint | null;
}

const TYPES: Record<AppendType, DuckDBType> = { VARCHAR, DOUBLE, TIMESTAMPTZ, UTINYINT, UINTEGER, BIGINT };
/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK = 2048;

/**
 * Creates (or replaces) the temporary table `table` on the store's connection and appends `rows`
 * rows, column by column.
 *
 * @param store - the handle whose connection holds the table (its temp tables are its own).
 * @param table - the table's name.
 * @param columns - the columns in order.
 * @param rows - the number of rows.
 * @example
 * await appendTable(store, '_b1_tags', [{ name: 'tag', type: 'VARCHAR', get: (i) => tags[i] }], tags.length);
 */
export async function appendTable(store: Store, table: string, columns: readonly AppendColumn[], rows: number): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} (${columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`);
  if (rows === 0) return;
  const appender = await store.connection.createAppender(table, 'main', 'temp');
  try {
    const chunk = DuckDBDataChunk.create(columns.map((c) => TYPES[c.type]), CHUNK);
    for (let offset = 0; offset < rows; offset += CHUNK) {
      const n = Math.min(CHUNK, rows - offset);
      chunk.reset();
      chunk.rowCount = n;
      columns.forEach((c, k) => {
        const vector = chunk.getColumnVector(k);
        for (let j = 0; j < n; j++) {
          const v = c.get(offset + j);
          vector.setItem(j, (v === null ? null : c.type === 'TIMESTAMPTZ' ? new DuckDBTimestampTZValue(v as bigint) : v) as DuckDBValue);
        }
        vector.flush();
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
