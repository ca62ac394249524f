import { quoteIdent } from '../../store/sql.js';
import { sqlIssues, type StageContext } from './stage-context.js';
import type { TimeSpec } from './schema.js';
import { Binds, NUMBER_PATTERN, numberText } from './sql-parts.js';

/** SQL for one local time column: the parsed wall-clock time, the instant, and its ISO text. */
export interface TimeSql {
  /** The column's text. */
  text: string;
  /** Wall-clock TIMESTAMP (NULL when the text does not match the format). */
  local: string;
  /** TIMESTAMPTZ instant of that wall-clock time in the zone. */
  instant: string;
  /** ISO 8601 UTC text of the instant (what is staged). */
  iso: string;
}

/**
 * Builds SQL reading a local time: strptime with the mapping's format; `%b` with custom month
 * names (e.g. Slovenian `maj`, `avg`, `okt`) is mapped to the month number first; the
 * wall-clock time is placed in `tzSql` (an SQL expression giving a zone name).
 *
 * @example timeSql({ column: 'start', format: '%b.%y', months: [...] }, "'Europe/Ljubljana'", b)
 */
export function timeSql(spec: TimeSpec, tzSql: string, b: Binds): TimeSql {
  const text = quoteIdent(spec.column);
  let value = text;
  let format = spec.format;
  if (spec.months && format.includes('%b')) {
    const tok = `regexp_extract(${text}, '\\pL+')`;
    const pos = `list_position(string_split(${b.add(spec.months.map((m) => m.toLowerCase()).join('|'))}, '|'), lower(${tok}))`;
    value = `CASE WHEN ${pos} > 0 THEN replace(${text}, ${tok}, lpad(CAST(${pos} AS VARCHAR), 2, '0')) END`;
    format = format.replace('%b', '%m');
  }
  const local = `CAST(try_strptime(${value}, ${b.add(format)}) AS TIMESTAMP)`;
  const instant = `timezone(${tzSql}, ${local})`;
  return { text, local, instant, iso: `strftime(${instant}, '%Y-%m-%dT%H:%M:%S.%fZ')` };
}

/**
 * Records issues for a time column of a normalised input table: text that does not match the
 * format, and wall-clock times that do not exist in the zone (the spring DST gap).
 *
 * @param tzSql - SQL giving the zone (a column such as `_tz`, or a placeholder registered in `b`).
 * @param b - the binds `tzSql` was built with (default: none).
 */
export async function checkTimes(ctx: StageContext, table: string, spec: TimeSpec, tzSql: string, shownTz: string, b: Binds = new Binds()): Promise<void> {
  const t = timeSql(spec, tzSql, b);
  await sqlIssues(
    ctx,
    `SELECT _source, _line, ${t.text} AS v, ${t.local} IS NULL AS unparsed FROM ${quoteIdent(table)}
     WHERE ${t.text} IS NOT NULL AND (${t.local} IS NULL OR CAST(timezone(${tzSql}, ${t.instant}) AS TIMESTAMP) <> ${t.local})
     ORDER BY _source, _line`,
    b,
    (r) => ({
      file: String(r._source),
      line: Number(r._line),
      column: spec.column,
      value: String(r.v),
      ...(r.unparsed
        ? { message: `is not a time in the format '${spec.format}'`, hint: `write it as the format says, or correct 'format' in the mapping${spec.months ? ` (month names: ${spec.months.join(' ')})` : ''}` }
        : { message: `does not exist in time zone ${shownTz} (clocks jump forward at this hour)`, hint: 'correct the time, or give the time zone the clock really ran in' }),
    }),
  );
}

/**
 * Records issues for number columns: anything but a plain decimal number (after the mapping's
 * decimal separator is normalised) or a value too large for a double. Empty stays missing.
 */
export async function checkNumbers(ctx: StageContext, table: string, columns: string[], decimal: '.' | ','): Promise<void> {
  if (columns.length === 0) return;
  const b = new Binds();
  const pattern = b.add(NUMBER_PATTERN);
  const selects = columns.map((c) => {
    const v = numberText(quoteIdent(c), decimal);
    return `SELECT _source, _line, ${b.add(c)} AS col, ${quoteIdent(c)} AS v FROM ${quoteIdent(table)}
            WHERE ${quoteIdent(c)} IS NOT NULL AND (NOT regexp_full_match(${v}, ${pattern}) OR NOT isfinite(TRY_CAST(${v} AS DOUBLE)))`;
  });
  await sqlIssues(ctx, `SELECT * FROM (${selects.join(' UNION ALL ')}) ORDER BY _source, _line, col`, b, (r) => ({
    file: String(r._source),
    line: Number(r._line),
    column: String(r.col),
    value: String(r.v),
    message: 'is not a number',
    hint: `write a plain decimal number with '${decimal}' as decimal separator (no thousands separators), or leave the field empty when missing`,
  }));
}
