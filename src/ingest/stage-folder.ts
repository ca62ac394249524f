/**
 * Reads the files of an open-format folder into DuckDB temporary tables (the `Staged`
 * contract of folder-files.ts), without judging them: validation is the importer's job, so
 * the same checks apply to folders, mapped exports and the demo network.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError, throwIfIssues, type InputIssue } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { quoteIdent, quoteLiteral } from '../store/sql.js';
import { IMPORT_ORDER, type FolderFile, type Staged } from './folder-files.js';

let stageCounter = 0;

/** The files of `dir` that belong to the folder format, by name (`continuous` may list several). */
export function folderFiles(dir: string): Partial<Record<FolderFile, string[]>> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AppError('folder_not_found', `'${dir}' is not a folder`, 'give the path of a folder of the open folder format (see docs/folder-format.md)');
  }
  const found: Partial<Record<FolderFile, string[]>> = {};
  for (const name of IMPORT_ORDER) {
    const files = ['csv', 'parquet'].map((ext) => `${name}.${ext}`).filter((f) => existsSync(path.join(dir, f)));
    if (files.length > 1) {
      throw new AppError('ambiguous_file', `'${dir}' holds both ${files.join(' and ')}`, `keep one file per name: remove ${files[1]} or ${files[0]}`);
    }
    if (files.length === 1) found[name] = files;
  }
  const sub = path.join(dir, 'continuous');
  if (existsSync(sub) && statSync(sub).isDirectory()) {
    if (found.continuous) {
      throw new AppError('ambiguous_file', `'${dir}' holds both ${found.continuous[0]} and the folder continuous/`, 'keep either the file or the folder');
    }
    const parts = readdirSync(sub).filter((f) => /\.(csv|parquet)$/i.test(f)).sort();
    if (parts.length > 0) found.continuous = parts.map((f) => `continuous/${f}`);
  }
  return found;
}

/**
 * A table function call reading one file with every column as text (CSV) or as stored
 * (Parquet), with the 1-based record number. CSV is read strictly as the format says:
 * UTF-8, comma, header row, RFC 4180 quotes; no type sniffing, so a bad value is never
 * silently turned into NULL: the importer judges every value. A short row reads as empty
 * trailing cells (then required values are reported missing); a long row gets extra columns
 * that {@link checkOverflow} reports.
 */
function reader(file: string): string {
  const lit = quoteLiteral(file);
  return /\.parquet$/i.test(file)
    ? `read_parquet(${lit}, file_row_number = true)`
    : `read_csv(${lit}, header = true, delim = ',', quote = '"', escape = '"', all_varchar = true, null_padding = true, encoding = 'utf-8') WITH ORDINALITY`;
}

/** SELECT list adding `_line` (header = line 1; Parquet rows numbered as if exported with a header) and `_source`. */
function select(file: string, rel: string): string {
  const src = quoteLiteral(rel);
  return /\.parquet$/i.test(file)
    ? `SELECT * EXCLUDE (file_row_number), CAST(file_row_number + 2 AS BIGINT) AS _line, ${src} AS _source FROM ${reader(file)}`
    : `SELECT * EXCLUDE (ordinality), CAST(ordinality + 1 AS BIGINT) AS _line, ${src} AS _source FROM ${reader(file)}`;
}

/**
 * Stages every folder-format file present in `dir` into DuckDB TEMP tables.
 *
 * - `<name>.csv` or `<name>.parquet` for each name of {@link FOLDER_FILES};
 * - `continuous` may also be a folder `continuous/` of CSV/Parquet files (one per tag or per
 *   day), staged into one table (columns united by name).
 *
 * CSV columns are VARCHAR; Parquet columns keep their types (the importer accepts both).
 * `_line` is the record number + 1 (the physical line unless a quoted value spans lines).
 *
 * @param store the store whose connection holds the temp tables
 * @param dir the folder
 * @returns table name per file present
 * @example
 * const staged = await stageFolder(store, 'examples/folder');
 * const report = await importStaged(store, staged, { actor, source: 'examples/folder', kind: 'folder' });
 * @see docs/folder-format.md
 */
export async function stageFolder(store: Store, dir: string): Promise<Staged> {
  const found = folderFiles(dir);
  const staged: Staged = {};
  const run = ++stageCounter;
  const issues: InputIssue[] = [];
  for (const name of IMPORT_ORDER) {
    const files = found[name];
    if (!files) continue;
    const table = `_stage${run}_${name}`;
    const parts = files.map((rel) => select(path.join(dir, rel), rel));
    try {
      await store.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS ${parts.map((p) => `(${p})`).join(' UNION ALL BY NAME ')}`);
    } catch (e) {
      throw new AppError(
        'unreadable_file',
        `cannot read ${files.join(', ')} in '${dir}': ${(e as Error).message.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ')}`,
        name === 'continuous' || files[0]!.endsWith('.csv')
          ? 'CSV must be UTF-8, comma-separated, with a header row and RFC 4180 quoting ("" inside quotes)'
          : 'check that the Parquet file is complete',
      );
    }
    staged[name] = table;
    for (const rel of files) if (rel.endsWith('.csv')) issues.push(...(await checkOverflow(store, table, path.join(dir, rel), rel)));
  }
  if (issues.length > 0) {
    await dropStaged(store, staged);
    throwIfIssues(issues, `reading '${dir}'`);
  }
  return staged;
}

/** The header of a CSV file: the fields of its first record (RFC 4180 quotes). */
export function csvHeader(file: string): string[] {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(65536);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const text = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { fields.push(cur); cur = ''; }
    else if (ch === '\n' || ch === '\r') break;
    else cur += ch;
  }
  fields.push(cur);
  return fields.map((f) => f.trim());
}

/** Rows with more fields than the header (DuckDB pads them into extra columns): one issue per row. */
async function checkOverflow(store: Store, table: string, file: string, rel: string): Promise<InputIssue[]> {
  const header = new Set(csvHeader(file));
  const cols = await store.all<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE ${quoteIdent(table)})`);
  const extra = cols.map((c) => c.name).filter((c) => !header.has(c) && c !== '_line' && c !== '_source');
  if (extra.length === 0) return [];
  const rows = await store.all<{ line: bigint; v: string }>(
    `SELECT _line AS line, CAST(${quoteIdent(extra[0]!)} AS VARCHAR) AS v FROM ${quoteIdent(table)}
     WHERE _source = $1 AND (${extra.map((c) => `${quoteIdent(c)} IS NOT NULL`).join(' OR ')}) ORDER BY _line LIMIT 50`,
    [rel],
  );
  return rows.map((r) => ({
    file: rel, line: Number(r.line), column: `(field ${header.size + 1})`, value: r.v,
    message: `has more fields than the header (${header.size})`, hint: 'quote values that contain commas ("a,b") or remove the extra fields',
  }));
}

/** Drops the temp tables of a staged import (safe to call twice). */
export async function dropStaged(store: Store, staged: Staged): Promise<void> {
  for (const table of Object.values(staged)) if (table) await store.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
}
