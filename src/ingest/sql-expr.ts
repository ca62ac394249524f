/**
 * SQL expression builders that turn a staged column (VARCHAR as read from CSV, or already typed
 * as read from Parquet or staged by a producer) into the typed value the store keeps, plus the
 * flags validation needs. Everything is an expression over one row, so DuckDB evaluates it in
 * bulk; nothing here loops over rows in JavaScript.
 */
import { quoteIdent } from '../store/sql.js';

/** Column name → DuckDB type name (as DESCRIBE prints it) of one staged table. */
export type ColumnTypes = ReadonlyMap<string, string>;

const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL|INTEGER|BIGINT|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)/;

/** True when the staged column holds text (CSV staging) rather than a typed value. */
export function isText(types: ColumnTypes, column: string): boolean {
  const t = types.get(column);
  return t === undefined || t === 'VARCHAR';
}

/** `s."col"`, or NULL when the file has no such column (an absent optional column). */
export function ref(types: ColumnTypes, column: string, alias = 's'): string {
  return types.has(column) ? `${alias}.${quoteIdent(column)}` : 'NULL';
}

/**
 * Text value: trimmed, empty → NULL. A typed column may come with a companion `_<col>_raw`
 * holding the text that could not be typed (typed staging of samples); it is echoed then.
 */
export function textExpr(types: ColumnTypes, column: string, alias = 's'): string {
  if (!types.has(column)) return 'CAST(NULL AS VARCHAR)';
  const r = ref(types, column, alias);
  // Byte tests first: trim() copies every string, and most values have no spaces to trim.
  if (isText(types, column)) return `CASE WHEN starts_with(${r}, ' ') OR ends_with(${r}, ' ') THEN nullif(trim(${r}), '') ELSE nullif(${r}, '') END`;
  const raw = types.has(`_${column}_raw`) ? `${alias}.${quoteIdent(`_${column}_raw`)}` : undefined;
  const local = types.has(`_${column}_local`) ? `CAST(${alias}.${quoteIdent(`_${column}_local`)} AS VARCHAR)` : undefined;
  return `coalesce(${[raw, local, `CAST(${r} AS VARCHAR)`].filter(Boolean).join(', ')})`;
}

/** TRUE when no value is given (cheap on typed columns: no conversion to text). */
export function missingExpr(types: ColumnTypes, column: string, alias = 's'): string {
  if (!types.has(column)) return 'TRUE';
  if (isText(types, column)) return `nullif(trim(${ref(types, column, alias)}), '') IS NULL`;
  const parts = [column, `_${column}_raw`, `_${column}_local`].filter((c) => types.has(c)).map((c) => `${alias}.${quoteIdent(c)} IS NULL`);
  return `(${parts.join(' AND ')})`;
}

/** TRUE when a value is given but is not a number (NaN and Infinity are numbers here). */
export function notNumberExpr(types: ColumnTypes, column: string, alias = 's'): string {
  if (!types.has(column)) return 'FALSE';
  if (isText(types, column)) return `(nullif(trim(${ref(types, column, alias)}), '') IS NOT NULL AND ${numExpr(types, column, alias)} IS NULL)`;
  if (types.has(`_${column}_raw`)) return `${alias}.${quoteIdent(`_${column}_raw`)} IS NOT NULL`;
  return NUMERIC.test(types.get(column)!) ? 'FALSE' : `(${ref(types, column, alias)} IS NOT NULL AND ${numExpr(types, column, alias)} IS NULL)`;
}

/** Number value: DOUBLE, NULL when empty or not a number (NaN and ±Infinity pass through, to be flagged). */
export function numExpr(types: ColumnTypes, column: string, alias = 's'): string {
  if (!types.has(column)) return 'CAST(NULL AS DOUBLE)';
  const r = ref(types, column, alias);
  if (isText(types, column)) return `TRY_CAST(nullif(trim(${r}), '') AS DOUBLE)`;
  if (NUMERIC.test(types.get(column)!)) return `CAST(${r} AS DOUBLE)`;
  return `TRY_CAST(CAST(${r} AS VARCHAR) AS DOUBLE)`;
}

/**
 * Whole number: NULL unless the value is a finite number without a fraction. DuckDB's own
 * VARCHAR → INTEGER cast rounds '3.5' to 4, which would hide a typing error.
 */
export function intExpr(types: ColumnTypes, column: string, alias = 's'): string {
  const d = numExpr(types, column, alias);
  return `CASE WHEN isfinite(${d}) AND ${d} = floor(${d}) AND abs(${d}) < 2147483648 THEN CAST(${d} AS INTEGER) END`;
}

/** SQL expressions of one time column: the instant, the local reading and its validity. */
export interface TimeExprs {
  /** TIMESTAMPTZ instant, NULL when empty, unreadable or the zone is unknown. */
  instant: string;
  /** TIMESTAMP local reading when the value had no offset (NULL otherwise). */
  local: string;
  /** TRUE when a value is given but is not an ISO 8601 date or date-time. */
  bad: string;
}

/**
 * Time column → instant. ISO 8601 with `Z` or an offset is an instant as written; without one
 * it is a local time in the zone `tz` (an SQL expression, NULL when unknown). An offset is
 * recognised as `Z` at the end or a sign after the date part (position 11 onwards), which is
 * cheaper than a regular expression over tens of millions of samples.
 * For ambiguous local times (the repeated hour when clocks go back) DuckDB's ICU conversion
 * takes the later, standard-time instant; docs/folder-format.md says so.
 */
export function timeExprs(types: ColumnTypes, column: string, tz: string, alias = 's'): TimeExprs {
  const type = types.get(column);
  if (type === undefined) return { instant: 'CAST(NULL AS TIMESTAMPTZ)', local: 'CAST(NULL AS TIMESTAMP)', bad: 'FALSE' };
  const r = ref(types, column, alias);
  if (type.startsWith('TIMESTAMP WITH TIME ZONE')) {
    // Typed staging: the instant when an offset was written, else the local reading beside it.
    const local = types.has(`_${column}_local`) ? `${alias}.${quoteIdent(`_${column}_local`)}` : 'CAST(NULL AS TIMESTAMP)';
    const bad = types.has(`_${column}_raw`) ? `${alias}.${quoteIdent(`_${column}_raw`)} IS NOT NULL` : 'FALSE';
    return { instant: `CASE WHEN ${r} IS NOT NULL THEN ${r} WHEN ${local} IS NOT NULL THEN timezone(${tz}, ${local}) END`, local, bad };
  }
  if (type.startsWith('TIMESTAMP') || type === 'DATE') {
    const local = `CAST(${r} AS TIMESTAMP)`;
    return { instant: `timezone(${tz}, ${local})`, local, bad: 'FALSE' };
  }
  const t = isText(types, column) ? `nullif(trim(${r}), '')` : `CAST(${r} AS VARCHAR)`;
  const after = `substr(${t}, 11)`;
  const hasOffset = `(right(${t}, 1) IN ('Z', 'z') OR strpos(${after}, '+') > 0 OR strpos(${after}, '-') > 0)`;
  const local = `CASE WHEN NOT ${hasOffset} THEN TRY_CAST(${t} AS TIMESTAMP) END`;
  return {
    instant: `CASE WHEN ${hasOffset} THEN TRY_CAST(${t} AS TIMESTAMPTZ) ELSE timezone(${tz}, TRY_CAST(${t} AS TIMESTAMP)) END`,
    local,
    bad: `(${t} IS NOT NULL AND CASE WHEN ${hasOffset} THEN TRY_CAST(${t} AS TIMESTAMPTZ) IS NULL ELSE TRY_CAST(${t} AS TIMESTAMP) IS NULL END)`,
  };
}

/**
 * TRUE when a local reading does not exist in zone `tz` (the hour skipped when clocks go
 * forward): converting it to an instant and back does not give the same reading.
 */
export function gapExpr(local: string, tz: string): string {
  // CASE: DuckDB converts only the rows that hold a local reading.
  return `coalesce(CASE WHEN ${local} IS NOT NULL AND ${tz} IS NOT NULL THEN timezone(${tz}, timezone(${tz}, ${local})) <> ${local} END, FALSE)`;
}

/**
 * Quality of a sample → OPC UA severity code 0 good, 1 uncertain, 2 bad, and the status code
 * when one was given. A status code (decimal or 0x hex) maps by its two top severity bits:
 * 00 good, 01 uncertain, 10 and 11 bad (OPC UA Part 4, 7.34 StatusCode).
 * @see OPC UA Part 4 §7.34 and Part 11 (historical access)
 */
export function qualityExprs(types: ColumnTypes, column: string, alias = 's'): { quality: string; status: string; bad: string } {
  if (!types.has(column)) return { quality: 'CAST(0 AS UTINYINT)', status: 'CAST(NULL AS UINTEGER)', bad: 'FALSE' };
  if (!isText(types, column) && NUMERIC.test(types.get(column)!) && types.has('status')) {
    // Typed staging: quality already mapped, the status code beside it, the unreadable text in `_quality_raw`.
    const raw = types.has(`_${column}_raw`) ? `${alias}._${column}_raw IS NOT NULL` : 'FALSE';
    return { quality: `CAST(coalesce(${ref(types, column, alias)}, 0) AS UTINYINT)`, status: `CAST(${alias}.status AS UINTEGER)`, bad: raw };
  }
  const q = `lower(${textExpr(types, column, alias)})`;
  const code = `TRY_CAST(${q} AS UBIGINT)`;
  const word = `CASE ${q} WHEN 'good' THEN 0 WHEN 'uncertain' THEN 1 WHEN 'bad' THEN 2 END`;
  const fromCode = `CASE WHEN ${code} <= 4294967295 THEN (CASE (${code} >> 30) WHEN 0 THEN 0 WHEN 1 THEN 1 ELSE 2 END) END`;
  return {
    quality: `CAST(CASE WHEN ${q} IS NULL THEN 0 ELSE coalesce(${word}, ${fromCode}) END AS UTINYINT)`,
    status: `CAST(CASE WHEN ${code} <= 4294967295 THEN ${code} END AS UINTEGER)`,
    bad: `(${q} IS NOT NULL AND ${word} IS NULL AND (${code} IS NULL OR ${code} > 4294967295))`,
  };
}

/** An instant as ISO 8601 text in UTC with `Z` (microseconds only when not zero). */
export function isoUtc(instant: string): string {
  return `CASE WHEN microsecond(${instant}) % 1000000 = 0 THEN strftime(${instant}, '%Y-%m-%dT%H:%M:%SZ') ELSE strftime(${instant}, '%Y-%m-%dT%H:%M:%S.%fZ') END`;
}
