/**
 * Building blocks of import plans: typed columns with their raw text, and the checks every
 * file shares (missing values, numbers, times, unknown references, duplicate keys).
 */
import { quoteIdent } from '../store/sql.js';
import type { Check } from './plan-types.js';
import { gapExpr, intExpr, missingExpr, notNumberExpr, numExpr, textExpr, timeExprs, type ColumnTypes } from './sql-expr.js';

/** The hint shown for times. */
export const TIME_HINT = "use ISO 8601, e.g. 2024-03-01T08:00:00+01:00, 2024-03-01T07:00:00Z, or a local time 2024-03-01 08:00:00 in the site's time zone";

/** Accumulates the SELECT list of a typed view and the checks on it. */
export class ViewBuilder {
  readonly cols: string[] = [];
  readonly checks: Check[] = [];
  constructor(readonly types: ColumnTypes) {}

  /** Adds an SQL expression as a column of the view. */
  add(expr: string, name: string): this {
    this.cols.push(`${expr} AS ${quoteIdent(name)}`);
    return this;
  }

  /** Text column `col` (trimmed; empty → NULL) and its raw copy `r_col`; required → missing-value check. */
  text(col: string, opts: { required?: boolean; as?: string; lower?: boolean } = {}): this {
    const e = textExpr(this.types, col);
    this.add(opts.lower ? `lower(${e})` : e, opts.as ?? col).add(e, `r_${col}`);
    if (opts.required) this.missing(col);
    return this;
  }

  /** Check: a required value is empty. */
  missing(col: string): this {
    this.add(missingExpr(this.types, col), `m_${col}`);
    this.checks.push({ column: col, when: `m_${col}`, value: `''`, message: 'a value is required', hint: `fill in ${col} on this line` });
    return this;
  }

  /** Number column (DOUBLE) with checks: not a number, not finite. */
  num(col: string, opts: { required?: boolean; as?: string } = {}): this {
    const name = opts.as ?? col;
    this.add(numExpr(this.types, col), name).add(textExpr(this.types, col), `r_${col}`).add(notNumberExpr(this.types, col), `nan_${col}`);
    if (opts.required) this.missing(col);
    this.checks.push(
      { column: col, when: `nan_${col}`, value: `r_${col}`, message: 'is not a number', hint: 'write a number with a decimal point, e.g. 98.7 (no units, no thousands separators)' },
      { column: col, when: `${quoteIdent(name)} IS NOT NULL AND NOT isfinite(${quoteIdent(name)})`, value: `r_${col}`, message: 'is not a finite number', hint: 'NaN and Infinity cannot be stored; leave the cell empty when there is no value' },
    );
    return this;
  }

  /** Whole-number column with a check. */
  int(col: string, opts: { required?: boolean } = {}): this {
    this.add(intExpr(this.types, col), col).add(textExpr(this.types, col), `r_${col}`);
    if (opts.required) this.missing(col);
    this.checks.push({ column: col, when: `r_${col} IS NOT NULL AND ${quoteIdent(col)} IS NULL`, value: `r_${col}`, message: 'is not a whole number', hint: 'write a whole number, e.g. 3' });
    return this;
  }

  /**
   * Time column → instant `as`, with checks: unreadable, local time in a DST gap, local time
   * without a known zone. `tz` is an SQL expression of the zone name (NULL when unknown).
   */
  time(col: string, as: string, tz: string, opts: { required?: boolean; noZone?: string } = {}): this {
    const te = timeExprs(this.types, col, tz);
    this.add(te.instant, as).add(textExpr(this.types, col), `r_${col}`).add(te.local, `${as}_local`).add(te.bad, `${as}_bad`).add(tz, `${as}_tz`);
    if (opts.required) this.missing(col);
    const local = quoteIdent(`${as}_local`);
    const zone = quoteIdent(`${as}_tz`);
    this.checks.push(
      { column: col, when: quoteIdent(`${as}_bad`), value: `r_${col}`, message: 'is not an ISO 8601 date or time', hint: TIME_HINT },
      {
        column: col, when: gapExpr(local, zone), value: `r_${col}`,
        message: 'does not exist in the time zone', detail: `${zone} || ' (clocks skip this hour when daylight saving time starts)'`,
        hint: 'check the clock of the source; give the time with its UTC offset, e.g. 2024-03-31T03:30:00+02:00',
      },
      {
        column: col, when: `${local} IS NOT NULL AND ${zone} IS NULL`, value: `r_${col}`,
        message: opts.noZone ?? 'is a local time but the time zone is unknown', hint: 'give the time with Z or a UTC offset, or fix the reference to the site',
      },
    );
    return this;
  }

  /** Check: a value refers to something neither the import nor the store has. */
  unknown(col: string, okExpr: string, what: string, hint: string): this {
    this.checks.push({ column: col, when: `r_${col} IS NOT NULL AND NOT (${okExpr})`, value: `r_${col}`, message: `unknown ${what}`, hint });
    return this;
  }

  /** Check: end before start. */
  order(startCol: string, endCol: string, start: string, end: string): this {
    this.checks.push({
      column: endCol, when: `${quoteIdent(end)} < ${quoteIdent(start)}`, value: `r_${endCol}`,
      message: `is before ${startCol}`, detail: `'(' || r_${startCol} || ')'`, hint: `${endCol} must be at or after ${startCol}; check for swapped columns or a wrong date`,
    });
    return this;
  }

  /** Check: value not in an allowed list (compared in lower case). */
  oneOf(col: string, allowed: string[]): this {
    const list = allowed.map((a) => `'${a}'`).join(', ');
    this.checks.push({ column: col, when: `r_${col} IS NOT NULL AND lower(r_${col}) NOT IN (${list})`, value: `r_${col}`, message: `must be one of ${allowed.join(', ')}`, hint: `write one of: ${allowed.join(', ')}` });
    return this;
  }

  /** The SELECT of the typed view: typed columns, then any window columns a plan needs. */
  select(from: string, extraWindows: string[] = []): string {
    return `SELECT *${extraWindows.map((w) => ', ' + w).join('')}
      FROM (SELECT s._line, s._source, ${reasonExpr(this.types)} AS _reason, ${this.cols.join(',\n ')} FROM ${from})`;
  }

  /** Check: the same key twice in the file (reported on the later lines). */
  duplicate(column: string, key: string[], keyText: string, what: string): this {
    this.checks.push({
      column, dup: key, when: `_n > 1 AND _line <> _first`, value: keyText,
      message: `duplicate ${what} in this file`, detail: `'(first on line ' || _first || ')'`,
      hint: 'keep one line per key; to correct a stored value import it replacing stored values, with a reason',
    });
    return this;
  }
}

/**
 * The reason of a correction given per row (`_reason`, staged by connectors whose source records
 * why a value changed), else NULL: a replaced row's prior version and audit entries carry it
 * instead of the import's reason.
 */
export function reasonExpr(types: ColumnTypes, alias = 's'): string {
  return types.has('_reason') ? `${alias}._reason` : 'CAST(NULL AS VARCHAR)';
}

/** `a/b/c` key text for messages and the audit trail. */
export function keyText(parts: string[]): string {
  return parts.length === 1 ? `CAST(${parts[0]} AS VARCHAR)` : `concat_ws('/', ${parts.map((p) => `CAST(${p} AS VARCHAR)`).join(', ')})`;
}
