/**
 * Export of one store table to a file: CSV, Parquet and JSON through DuckDB's COPY, XLSX
 * through exceljs. Times are ISO 8601 instants with Z in CSV and JSON, TIMESTAMPTZ in Parquet.
 */
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TABLE_FORMATS, type TableFormat } from '../context/export-table.js';
import { AppError, field } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { quoteIdent, quoteLiteral } from '../store/sql.js';
import { isoUtc } from './sql-expr.js';

/** File formats of {@link exportStoreTable}: the same four as tables held in memory. */
export type ExportFormat = TableFormat;

/** Rows an XLSX sheet can hold (1,048,576 minus the header). */
const XLSX_MAX_ROWS = 1_048_575;

/** The base tables of the store. */
export async function storeTables(store: Store): Promise<string[]> {
  const rows = await store.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1");
  return rows.map((r) => r.name);
}

/**
 * Writes the store table `table` to `file`.
 * @param format csv, parquet, json (an array of objects) or xlsx; default: from the extension of `file`
 * @returns rows written
 * @example
 * await exportStoreTable(store, 'lots', 'lots.xlsx');
 */
export async function exportStoreTable(store: Store, table: string, file: string, format?: ExportFormat): Promise<number> {
  const tables = await storeTables(store);
  if (!tables.includes(table)) throw new AppError('unknown_table', `the store has no table '${table}'`, `use one of: ${tables.join(', ')}, or folder`);
  const fmt = (format ?? path.extname(file).slice(1).toLowerCase()) as ExportFormat;
  if (!TABLE_FORMATS.includes(fmt)) throw new AppError('bad_format', `format '${fmt}' is not one of ${TABLE_FORMATS.join(', ')}`, `give ${field('format', 'csv|parquet|json|xlsx')}`);
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) throw new AppError('bad_output', `the folder '${dir}' of '${file}' does not exist`, 'create the folder first or write elsewhere');
  const cols = await store.all<{ name: string; type: string }>(`SELECT column_name AS name, column_type AS type FROM (DESCRIBE ${quoteIdent(table)})`);
  const rows = Number((await store.value<bigint>(`SELECT count(*) FROM ${quoteIdent(table)}`)) ?? 0);
  const list = cols.map((c) => (fmt !== 'parquet' && c.type.startsWith('TIMESTAMP WITH TIME ZONE') ? `${isoUtc(quoteIdent(c.name))} AS ${quoteIdent(c.name)}` : quoteIdent(c.name)));
  const sql = `SELECT ${list.join(', ')} FROM ${quoteIdent(table)} ORDER BY ALL`;
  if (fmt === 'xlsx') {
    if (rows > XLSX_MAX_ROWS) throw new AppError('too_many_rows', `'${table}' has ${rows} rows, more than an XLSX sheet holds (${XLSX_MAX_ROWS})`, 'export it as csv or parquet');
    await writeXlsx(store, sql, cols.map((c) => c.name), table, file);
  } else {
    const opts = fmt === 'csv' ? '(FORMAT csv, HEADER true)' : fmt === 'json' ? '(FORMAT json, ARRAY true)' : '(FORMAT parquet, COMPRESSION zstd)';
    await store.run(`COPY (${sql}) TO ${quoteLiteral(file)} ${opts}`);
  }
  return rows;
}

/** XLSX: one sheet named after the table, a header row, numbers as numbers, bigints as numbers when safe. */
async function writeXlsx(store: Store, sql: string, names: string[], table: string, file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const ws = wb.addWorksheet(table.slice(0, 31));
  ws.addRow(names).commit();
  const reader = await store.connection.runAndReadAll(sql);
  for (const r of reader.getRowsJS()) {
    ws.addRow(r.map((v) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v === null ? null : typeof v === 'object' ? JSON.stringify(v) : v))).commit();
  }
  ws.commit();
  await wb.commit();
}
