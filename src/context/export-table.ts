import { DOUBLE, DuckDBDataChunk, DuckDBInstance, VARCHAR, type DuckDBType } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, field } from '../core/errors.js';
import { quoteIdent, quoteLiteral } from '../store/sql.js';
import type { AnalysisSet } from './analysis-set-types.js';

/** One column of a table to export. Time columns hold epoch milliseconds; NaN and null are missing. */
export interface TableColumn {
  name: string;
  kind: 'numeric' | 'factor' | 'time';
  values: Float64Array | (string | null)[];
  /** Where the values come from, in words (written to the `columns` sheet of XLSX files). */
  description?: string;
}

/** A table held as columns of equal length. */
export interface ColumnarTable {
  columns: TableColumn[];
}

/** File formats {@link writeTable} writes. */
export type TableFormat = 'csv' | 'parquet' | 'json' | 'xlsx';

/** Every table format. */
export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'parquet', 'json', 'xlsx'];

/**
 * An analysis set as a table: a first column `lot`, then its columns, each described by where
 * its values come from (`api (via granulation → blending → compression), weighted_mean`).
 *
 * @example
 * await writeTable(analysisSetTable(set), 'tablets.parquet');
 */
export function analysisSetTable(set: AnalysisSet): ColumnarTable {
  return {
    columns: [
      { name: 'lot', kind: 'factor', values: set.lots, description: `lot of ${set.material}` },
      ...set.columns.map((c): TableColumn => ({
        name: c.name, kind: c.kind, values: c.values,
        description: `${c.origin.path.join(' → ')}; ${c.origin.parameter ?? c.origin.feature ?? c.origin.factor ?? ''}; ${c.origin.rule}` +
          (c.origin.estimated ? '; some genealogy shares estimated (quantities missing)' : ''),
      })),
    ],
  };
}

/**
 * Writes a columnar table to a file. Missing values stay missing: an empty CSV field, a Parquet
 * NULL, a JSON null, an empty XLSX cell. Times are written as ISO 8601 instants (UTC) in CSV and
 * JSON, TIMESTAMPTZ in Parquet and date cells in XLSX.
 *
 * @param table the columns (all of the same length).
 * @param file the output path; its folder must exist; an existing file is replaced.
 * @param format `csv` (RFC 4180), `parquet` (through DuckDB `COPY`), `json` (an array of row
 *   objects) or `xlsx` (sheet `data`, and sheet `columns` with descriptions); default: from the
 *   file extension.
 * @throws AppError `bad_format` for an unknown format, `bad_output` for a folder that does not exist.
 * @example
 * await writeTable({ columns: [{ name: 'x', kind: 'numeric', values: new Float64Array([1, NaN]) }] }, 'x.csv');
 * @see RFC 4180 (CSV); Apache Parquet format specification.
 */
export async function writeTable(table: ColumnarTable, file: string, format?: TableFormat): Promise<void> {
  const fmt = format ?? (path.extname(file).slice(1).toLowerCase() as TableFormat);
  if (!TABLE_FORMATS.includes(fmt)) {
    throw new AppError('bad_format', `format '${fmt}' is not one of ${TABLE_FORMATS.join(', ')}`, `give ${field('format', 'csv|parquet|json|xlsx')} or a file name ending in one of them`);
  }
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) throw new AppError('bad_output', `folder '${dir}' of output file '${file}' does not exist`, 'create the folder first or write elsewhere');
  const rows = checkLengths(table);
  if (fmt === 'csv') await writeFile(file, toCsv(table, rows));
  else if (fmt === 'json') await writeFile(file, JSON.stringify(toRecords(table, rows)) + '\n');
  else if (fmt === 'xlsx') await writeXlsx(table, rows, file);
  else await writeParquet(table, rows, file);
}

function checkLengths(table: ColumnarTable): number {
  const n = table.columns[0]?.values.length ?? 0;
  const bad = table.columns.find((c) => c.values.length !== n);
  if (bad) throw new AppError('bad_table', `column '${bad.name}' has ${bad.values.length} values, the first column ${n}`, 'report this as a bug');
  return n;
}

/** A cell as text for CSV/JSON: NaN/null → null, times → ISO 8601, numbers in shortest exact form. */
function cellText(c: TableColumn, i: number): string | null {
  const v = c.values[i];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return null;
  return c.kind === 'time' ? new Date(v).toISOString() : String(v);
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function toCsv(t: ColumnarTable, rows: number): string {
  const lines = [t.columns.map((c) => csvField(c.name)).join(',')];
  for (let i = 0; i < rows; i++) lines.push(t.columns.map((c) => csvField(cellText(c, i) ?? '')).join(','));
  return lines.join('\r\n') + '\r\n';
}

function toRecords(t: ColumnarTable, rows: number): Record<string, string | number | null>[] {
  const out: Record<string, string | number | null>[] = [];
  for (let i = 0; i < rows; i++) {
    const r: Record<string, string | number | null> = {};
    for (const c of t.columns) {
      const v = c.values[i];
      r[c.name] = c.kind === 'numeric' && typeof v === 'number' ? (Number.isNaN(v) ? null : v) : cellText(c, i);
    }
    out.push(r);
  }
  return out;
}

async function writeXlsx(t: ColumnarTable, rows: number, file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  const ws = wb.addWorksheet('data');
  t.columns.forEach((c, j) => {
    if (c.kind === 'time') ws.getColumn(j + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
  });
  ws.addRow(t.columns.map((c) => c.name)).commit();
  for (let i = 0; i < rows; i++) {
    ws.addRow(t.columns.map((c) => {
      const v = c.values[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
      return c.kind === 'time' ? new Date(v) : v;
    })).commit();
  }
  ws.commit();
  const meta = wb.addWorksheet('columns');
  meta.addRow(['column', 'kind', 'missing', 'source']).commit();
  for (const c of t.columns) {
    let missing = 0;
    for (let i = 0; i < rows; i++) if (cellText(c, i) === null) missing++;
    meta.addRow([c.name, c.kind, missing, c.description ?? '']).commit();
  }
  meta.commit();
  await wb.commit();
}

/** Chunk size of DuckDB's vectors: an appended data chunk holds at most this many rows. */
const VECTOR_SIZE = 2048;

async function writeParquet(t: ColumnarTable, rows: number, file: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    await con.run("SET TimeZone = 'UTC'");
    // Positional staging columns avoid any clash of user column names with SQL; the names are
    // applied in the COPY select.
    const types: DuckDBType[] = t.columns.map((c) => (c.kind === 'factor' ? VARCHAR : DOUBLE));
    await con.run(`CREATE TABLE staged (${t.columns.map((c, j) => `c${j} ${c.kind === 'factor' ? 'VARCHAR' : 'DOUBLE'}`).join(', ')})`);
    const appender = await con.createAppender('staged');
    for (let start = 0; start < rows; start += VECTOR_SIZE) {
      const n = Math.min(VECTOR_SIZE, rows - start);
      const chunk = DuckDBDataChunk.create(types, n);
      t.columns.forEach((c, j) => {
        const slice = c.values.slice(start, start + n);
        chunk.setColumnValues(j, slice instanceof Float64Array ? Array.from(slice, (v) => (Number.isNaN(v) ? null : v)) : slice);
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
    const select = t.columns
      .map((c, j) => (c.kind === 'time' ? `to_timestamp(c${j} / 1000.0)` : `c${j}`) + ' AS ' + quoteIdent(c.name))
      .join(', ');
    await con.run(`COPY (SELECT ${select} FROM staged) TO ${quoteLiteral(file)} (FORMAT parquet)`);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
