import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError, throwIfIssues, type InputIssue } from '../../core/errors.js';
import { quoteIdent, quoteLiteral } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { csvHeader } from '../stage-folder.js';
import type { Format } from './schema.js';
import { Binds, type TempNames } from './sql-parts.js';

/** One input file read into a temporary table: text columns (trimmed, empty → NULL), `_line`, `_source`. */
export interface InputTable {
  table: string;
  /** The file's columns in header order. */
  columns: string[];
}

/** Whitespace a field may carry around its value (exports pad missing values with blanks). */
const BLANKS = ' \t\u00a0';

/**
 * Reads one or more files of the same layout into one temporary table: every column as text,
 * trimmed, empty → NULL (missing stays missing), plus `_line` (1-based line of the record in its
 * file, header = 1) and `_source` (the file as named in messages). CSV goes through DuckDB's
 * reader; XLSX through exceljs (cells → text; numbers with '.', date cells as
 * `YYYY-MM-DD HH:MM:SS` wall-clock).
 *
 * @param files - absolute paths; `shown` gives the names used in messages.
 * @param format - layout; default: by file extension (`.xlsx` → first sheet, else CSV with ',').
 */
export async function readInput(
  store: Store,
  files: { path: string; shown: string }[],
  format: Format | undefined,
  names: TempNames,
): Promise<InputTable> {
  const fmt = format ?? defaultFormat(files[0]!.path);
  for (const f of files) {
    if (!existsSync(f.path)) throw new AppError('input_not_found', `input file '${f.shown}' not found`, 'input paths in a mapping are relative to the mapping file; check the path');
  }
  if (fmt.type === 'csv') return readCsv(store, files, fmt.delimiter, names);
  const parts: InputTable[] = [];
  for (const f of files) {
    const raw = names.next('raw');
    await readXlsx(store, f, fmt.sheet, raw);
    parts.push(await normalise(store, raw, f.shown, names));
  }
  sameLayout(files, parts.map((p) => p.columns));
  if (parts.length === 1) return parts[0]!;
  const table = names.next('input');
  await store.run(`CREATE TEMP TABLE ${quoteIdent(table)} AS ${parts.map((p) => `SELECT * FROM ${quoteIdent(p.table)}`).join(' UNION ALL ')}`);
  return { table, columns: parts[0]!.columns };
}

function sameLayout(files: { shown: string }[], columns: string[][]): void {
  const first = columns[0]!;
  for (const [k, c] of columns.entries()) {
    if (c.join('\u0000') !== first.join('\u0000')) {
      throw new AppError(
        'input_layout_differs',
        `input file '${files[k]!.shown}' has columns ${c.join(', ')}, unlike '${files[0]!.shown}' (${first.join(', ')})`,
        'list files of one layout per input; give a file of another layout its own input',
      );
    }
  }
}

function defaultFormat(file: string): Format {
  return path.extname(file).toLowerCase() === '.xlsx' ? { type: 'xlsx', decimal: '.' } : { type: 'csv', delimiter: ',', decimal: '.', encoding: 'utf-8' };
}

/**
 * CSV files of one layout → one normalised table in a single pass. all_varchar keeps
 * identifiers as written (leading zeros) and leaves number checks to causeway, which names
 * the source column; WITH ORDINALITY numbers records in file order (line = ordinality + 1).
 */
async function readCsv(store: Store, files: { path: string; shown: string }[], delimiter: string, names: TempNames): Promise<InputTable> {
  // null_padding: a short row reads as empty trailing cells (missing values); a long row gets
  // extra columns beyond the header's, reported below rather than mis-read.
  const reader = (file: string, b: Binds) =>
    `read_csv(${quoteLiteral(file)}, delim = ${b.add(delimiter)}, header = true, all_varchar = true, null_padding = true, encoding = 'utf-8', quote = '"', escape = '"')`;
  const columns: string[][] = [];
  const issues: InputIssue[] = [];
  for (const f of files) {
    const b = new Binds();
    let described: string[];
    try {
      described = (await store.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${reader(f.path, b)}`, b.values)).map((r) => r.column_name);
    } catch (e) {
      throw new AppError('bad_input_file', `cannot read '${f.shown}' as CSV with delimiter '${delimiter}': ${(e as Error).message.split('\n')[0]}`, "check the delimiter in the mapping and that the file is UTF-8 text with a header row");
    }
    const width = csvHeader(f.path, delimiter).length;
    if (described.length > width) {
      const extra = described.slice(width).map((c) => quoteIdent(c));
      const rb = new Binds();
      const rows = await store.all<{ line: bigint }>(
        `SELECT ordinality + 1 AS line FROM ${reader(f.path, rb)} WITH ORDINALITY WHERE ${extra.map((c) => `${c} IS NOT NULL`).join(' OR ')} ORDER BY 1 LIMIT 50`,
        rb.values,
      );
      for (const r of rows) {
        issues.push({ file: f.shown, line: Number(r.line), message: `has more fields than the header's ${width}`, hint: `check the delimiter ('${delimiter}') and quoting of that line` });
      }
    }
    columns.push(described.slice(0, width));
  }
  throwIfIssues(issues, `reading ${files.map((f) => `'${f.shown}'`).join(', ')}`);
  sameLayout(files, columns);
  const cols = columns[0]!;
  reserved(cols, files[0]!.shown);
  const table = names.next('input');
  const b = new Binds();
  const blanks = b.add(BLANKS);
  const selects = files.map(
    (f) =>
      `SELECT CAST(ordinality + 1 AS BIGINT) AS _line, ${b.add(f.shown)} AS _source, ` +
      `${cols.map((c) => `nullif(trim(${quoteIdent(c)}, ${blanks}), '') AS ${quoteIdent(c)}`).join(', ')} FROM ${reader(f.path, b)} WITH ORDINALITY`,
  );
  try {
    await store.run(`CREATE TEMP TABLE ${quoteIdent(table)} AS ${selects.join(' UNION ALL ')}`, b.values);
  } catch (e) {
    throw new AppError('bad_input_file', `cannot read ${files.map((f) => `'${f.shown}'`).join(', ')} as CSV with delimiter '${delimiter}': ${(e as Error).message.split('\n')[0]}`, "check the delimiter in the mapping and that the file is UTF-8 text with a header row");
  }
  return { table, columns: cols };
}

/** Names the staging adds to an input's rows; an export may not use them. */
const RESERVED = new Set([
  '_line', '_source', 'ordinality', '_xlsx_row', '_lot', '_material', '_site', '_unit', '_supplier', '_status', '_tz',
  '_equipment', '_phase_lot', '_local', '_time', '_tag_column', '_value',
]);

function reserved(columns: string[], shown: string): void {
  const r = columns.find((c) => RESERVED.has(c));
  if (r) throw new AppError('reserved_column', `'${shown}' has a column named '${r}', a name causeway reserves`, 'rename that column in the export');
}

async function readXlsx(store: Store, f: { path: string; shown: string }, sheet: string | undefined, raw: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(f.path);
  } catch (e) {
    throw new AppError('bad_input_file', `cannot read '${f.shown}' as XLSX: ${(e as Error).message}`, 'save the file as .xlsx (Excel 2007 or later)');
  }
  const ws = sheet === undefined ? wb.worksheets[0] : wb.getWorksheet(sheet);
  if (!ws) {
    throw new AppError('sheet_not_found', `'${f.shown}' has no sheet '${sheet ?? '(any)'}'`, `use one of ${wb.worksheets.map((w) => `'${w.name}'`).join(', ')}`);
  }
  const header = (ws.getRow(1).values as unknown[]).slice(1).map((v, i) => cellText(v)?.trim() || `column${i + 1}`);
  reserved(header, f.shown);
  const twice = header.find((h, i) => header.indexOf(h) !== i);
  if (twice) throw new AppError('duplicate_column', `'${f.shown}' sheet '${ws.name}' has the column '${twice}' twice`, 'give each column of the header row its own name');
  const width = header.length;
  const cols = header.map((h) => quoteIdent(h));
  await store.run(`CREATE TEMP TABLE ${quoteIdent(raw)} (_xlsx_row BIGINT, ${cols.map((c) => `${c} VARCHAR`).join(', ')})`);
  const appender = await store.connection.createAppender(raw, 'main', 'temp');
  try {
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber === 1) return;
      appender.appendBigInt(BigInt(rowNumber));
      const values = row.values as unknown[];
      for (let c = 1; c <= width; c++) {
        const t = cellText(values[c]);
        if (t === undefined) appender.appendNull();
        else appender.appendVarchar(t);
      }
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** A cell as text: numbers with '.', dates as wall-clock text, formulas by their result. */
function cellText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // exceljs gives date cells as Date whose UTC fields are the sheet's wall-clock time.
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: string; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return o.text;
    if (o.error !== undefined) return o.error;
  }
  return String(v);
}

/** A sheet read by {@link readXlsx} → the normalised input table (trimmed text, empty → NULL). */
async function normalise(store: Store, raw: string, shown: string, names: TempNames): Promise<InputTable> {
  const described = await store.all<{ column_name: string }>(`DESCRIBE ${quoteIdent(raw)}`);
  const columns = described.map((d) => d.column_name).filter((c) => c !== '_xlsx_row');
  const table = names.next('input');
  const b = new Binds();
  const blanks = b.add(BLANKS);
  const cols = columns.map((c) => `nullif(trim(${quoteIdent(c)}, ${blanks}), '') AS ${quoteIdent(c)}`);
  // The sheet's row number is the line (row 1 is the header).
  await store.run(
    `CREATE TEMP TABLE ${quoteIdent(table)} AS SELECT _xlsx_row AS _line, ${b.add(shown)} AS _source, ${cols.join(', ')} FROM ${quoteIdent(raw)}`,
    b.values,
  );
  return { table, columns };
}
