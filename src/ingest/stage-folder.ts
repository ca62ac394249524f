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

/**
 * Lazily staged relations (typed views over large files) and how to stage them again as text
 * tables, for the importer's detailed validation when its fast path finds a problem.
 */
export const RESTAGE = new Map<string, { files: string; restage: () => Promise<string> }>();

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
 * Quality text `q` → typed `quality` (0 good, 1 uncertain, 2 bad), `status` (an OPC UA code
 * when one was written: severity = its two top bits) and `_quality_raw` (text that is
 * neither). The common spellings are compared as written before any lower()/trim().
 * @see OPC UA Part 4 §7.34 StatusCode
 */
const TYPED_QUALITY = (() => {
  const ql = 'lower(trim(q))';
  const code = `TRY_CAST(${ql} AS UBIGINT)`;
  const common = `q IS NULL OR q IN ('good', 'uncertain', 'bad')`;
  return `CAST(CASE WHEN q IS NULL OR q = 'good' THEN 0 WHEN q = 'bad' THEN 2 WHEN q = 'uncertain' THEN 1
           WHEN ${ql} IN ('', 'good') THEN 0 WHEN ${ql} = 'uncertain' THEN 1 WHEN ${ql} = 'bad' THEN 2
           WHEN ${code} <= 4294967295 THEN (CASE (${code} >> 30) WHEN 0 THEN 0 WHEN 1 THEN 1 ELSE 2 END) END AS UTINYINT) AS quality,
      CAST(CASE WHEN ${common} THEN NULL WHEN ${code} <= 4294967295 THEN ${code} END AS UINTEGER) AS status,
      CASE WHEN ${common} THEN NULL WHEN ${ql} NOT IN ('', 'good', 'uncertain', 'bad') AND (${code} IS NULL OR ${code} > 4294967295) THEN q END AS _quality_raw`;
})();

/**
 * Typed view of a continuous Parquet file whose columns are typed as the store keeps them
 * (time TIMESTAMPTZ, value numeric, quality text or absent): quality is mapped once here and
 * rows are not numbered (see typedContinuous). Undefined when the file does not fit.
 */
async function typedParquet(store: Store, file: string, rel: string): Promise<string | undefined> {
  const lit = quoteLiteral(file);
  const cols = new Map((await store.all<{ n: string; t: string }>(`SELECT column_name AS n, column_type AS t FROM (DESCRIBE SELECT * FROM read_parquet(${lit}))`)).map((c) => [c.n, c.t]));
  const ok = cols.get('tag') === 'VARCHAR' && cols.get('time')?.startsWith('TIMESTAMP WITH TIME ZONE') && /^(DOUBLE|FLOAT|INTEGER|BIGINT)/.test(cols.get('value') ?? '')
    && (!cols.has('quality') || cols.get('quality') === 'VARCHAR') && [...cols.keys()].every((c) => ['tag', 'time', 'value', 'quality'].includes(c));
  if (!ok) return undefined;
  return `SELECT tag, "time", CAST("value" AS DOUBLE) AS "value", ${TYPED_QUALITY}, CAST(NULL AS BIGINT) AS _line, ${quoteLiteral(rel)} AS _source
    FROM (SELECT *, ${cols.has('quality') ? 'quality' : 'CAST(NULL AS VARCHAR)'} AS q FROM read_parquet(${lit}))`;
}

/** True when a continuous CSV has a header the typed one-pass staging can read. */
function typedContinuousOk(file: string): boolean {
  const header = csvHeader(file);
  const known = new Set(['tag', 'time', 'value', 'quality']);
  return ['tag', 'time', 'value'].every((c) => header.includes(c)) && header.every((c) => known.has(c)) && new Set(header).size === header.length;
}

/**
 * Typed staging of a continuous CSV (the contract in folder-files.ts): `time` TIMESTAMPTZ when
 * written with an offset, else `_time_local` TIMESTAMP (the importer applies the site's zone),
 * `_time_raw` only for text that is no time; `value` DOUBLE and `_value_raw` only for text that
 * is no number; `quality` UTINYINT (0 good, 1 uncertain, 2 bad), `status` UINTEGER (the OPC UA
 * code when one was written) and `_quality_raw` only for text that is neither. Strict CSV: a malformed row fails the read, and the caller
 * falls back to the text staging, which locates it.
 */
function typedContinuous(file: string, rel: string): string {
  const lit = quoteLiteral(file);
  const header = csvHeader(file); // column order of the file (typedContinuousOk: only known names)
  const hasQuality = header.includes('quality');
  // Measured choices, all to read tens of millions of samples once and fast:
  // - value is parsed by the CSV reader as DOUBLE: a value that is no number fails the read,
  //   and the importer then stages the file as text to locate it;
  // - an offset is present when the text ends in Z, or when the instant read with the offset
  //   differs from the wall-clock reading (else a zero offset is written out: +00, +00:00);
  //   byte suffix tests and integer compares instead of string scans;
  // - the common spellings of quality are compared as written before any lower()/trim();
  // - no line numbers (WITH ORDINALITY slowed the read): only the text staging, used when a
  //   problem is found, numbers the lines.
  const zero = ["'+00:00'", "'z'", "'+00'", "'+0000'", "'-00:00'"].map((z) => `ends_with(t, ${z})`).join(' OR ');
  return `SELECT tag,
      CASE WHEN off THEN ti END AS "time",
      CASE WHEN NOT off THEN TRY_CAST(t AS TIMESTAMP) END AS _time_local,
      CASE WHEN t IS NOT NULL AND ti IS NULL THEN t END AS _time_raw,
      "value",
      ${TYPED_QUALITY},
      _line, _source
    FROM (SELECT *, CASE WHEN ends_with(t, 'Z') THEN TRUE WHEN ti IS NULL THEN FALSE
                         ELSE epoch_us(ti) <> epoch_us(TRY_CAST(t AS TIMESTAMP)) OR ${zero} END AS off FROM (
      SELECT tag, "time" AS t, TRY_CAST("time" AS TIMESTAMPTZ) AS ti, "value", ${hasQuality ? 'quality' : 'CAST(NULL AS VARCHAR)'} AS q,
        CAST(NULL AS BIGINT) AS _line, ${quoteLiteral(rel)} AS _source
      FROM read_csv(${lit}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false,
        columns = {${header.map((c) => `'${c}': '${c === 'value' ? 'DOUBLE' : 'VARCHAR'}'`).join(', ')}},
        encoding = 'utf-8')))`;
}

/**
 * Stages every folder-format file present in `dir` into DuckDB TEMP tables.
 *
 * - `<name>.csv` or `<name>.parquet` for each name of {@link FOLDER_FILES};
 * - `continuous` may also be a folder `continuous/` of CSV/Parquet files (one per tag or per
 *   day), staged into one table (columns united by name).
 *
 * CSV columns are VARCHAR, except a well-formed `continuous` CSV, staged typed in one pass
 * (see folder-files.ts); Parquet columns keep their types (the importer accepts both).
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
    let typed = false;
    const union = (parts: string[]) => parts.map((p) => `(${p})`).join(' UNION ALL BY NAME ');
    const create = (parts: string[]) => store.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS ${union(parts)}`);
    try {
      // Samples come by the tens of millions: staged as a typed view, read once by the
      // importer's fast path (see import-staged.ts); when that path finds any problem it asks
      // for the text staging below, where every problem gets its line.
      const canType = name === 'continuous' && files.every((rel) => /\.parquet$/i.test(rel) || typedContinuousOk(path.join(dir, rel)));
      if (canType) {
        const parts: string[] = [];
        for (const rel of files) {
          const file = path.join(dir, rel);
          parts.push(/\.parquet$/i.test(rel) ? ((await typedParquet(store, file, rel).catch(() => undefined)) ?? select(file, rel)) : typedContinuous(file, rel));
        }
        typed = await store.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(table)} AS ${union(parts)}`).then(() => true, () => false);
        if (typed) {
          RESTAGE.set(table, { files: files.join(', '), restage: async () => {
            const raw = `${table}_text`;
            await store.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(raw)} AS ${union(files.map((rel) => select(path.join(dir, rel), rel)))}`);
            const found = (await Promise.all(files.filter((rel) => rel.endsWith('.csv')).map((rel) => checkOverflow(store, raw, path.join(dir, rel), rel)))).flat();
            throwIfIssues(found, `reading '${dir}'`);
            return raw;
          } });
        }
      }
      if (!typed) await create(files.map((rel) => select(path.join(dir, rel), rel)));
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
    if (!typed) for (const rel of files) if (rel.endsWith('.csv')) issues.push(...(await checkOverflow(store, table, path.join(dir, rel), rel)));
  }
  if (issues.length > 0) {
    await dropStaged(store, staged);
    throwIfIssues(issues, `reading '${dir}'`);
  }
  return staged;
}

/**
 * The header of a CSV file: the fields of its first record (RFC 4180 quotes, a BOM ignored),
 * trimmed. `delimiter` is one character, default ','.
 */
export function csvHeader(file: string, delimiter = ','): string[] {
  const fd = openSync(file, 'r');
  let n: number;
  const buf = Buffer.alloc(65536);
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '');
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { fields.push(cur); cur = ''; }
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
  for (const table of Object.values(staged)) {
    if (!table) continue;
    if (RESTAGE.delete(table)) {
      await store.run(`DROP VIEW IF EXISTS ${quoteIdent(table)}`);
      await store.run(`DROP TABLE IF EXISTS ${quoteIdent(table + '_text')}`);
    } else await store.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
  }
}
