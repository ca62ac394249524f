import type { DuckDBValue } from '@duckdb/node-api';
import { quoteIdent } from '../../store/sql.js';

/**
 * Bound parameters of one SQL statement, by name: fragments built in any order each register
 * their values and get back a `$pN` placeholder, so no value is ever spliced into SQL text.
 *
 * @example
 * const b = new Binds();
 * const sql = `SELECT ${b.add('API-')} || lot FROM t`; // → $p0, params b.values
 */
export class Binds {
  readonly values: Record<string, DuckDBValue> = {};
  private n = 0;

  /** Registers a value; returns its placeholder, typed as VARCHAR/DOUBLE so DuckDB need not guess. */
  add(value: string | number | null): string {
    const key = `p${this.n++}`;
    this.values[key] = value;
    if (value === null) return `CAST($${key} AS VARCHAR)`;
    return typeof value === 'number' ? `CAST($${key} AS DOUBLE)` : `CAST($${key} AS VARCHAR)`;
  }
}

/** A compiled template: an SQL expression (NULL when any referenced column is empty). */
export interface CompiledTemplate {
  sql: string;
  /** Columns of the input it reads. */
  columns: string[];
  /** The text when the template refers to no column. */
  constant?: string;
}

/**
 * Compiles a mapping template (`'API-{api_code}-{api_batch}'`) into an SQL expression over a
 * normalised input table (text columns, trimmed, empty → NULL). `{{` and `}}` are literal braces.
 *
 * @param template - the template text.
 * @param columns - the input's columns (a reference to another name is an error).
 * @param binds - where literal parts go, as bound parameters.
 * @param special - names with their own SQL (e.g. `column` → the tag column's name in a series).
 * @returns the expression, or an error message naming the unknown column.
 */
export function compileTemplate(
  template: string,
  columns: ReadonlySet<string>,
  binds: Binds,
  special: Record<string, string> = {},
): CompiledTemplate | { error: string } {
  const parts: string[] = [];
  const used: string[] = [];
  let literal = '';
  let onlyLiteral = true;
  const re = /\{\{|\}\}|\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    literal += template.slice(last, m.index);
    last = re.lastIndex;
    if (m[0] === '{{' || m[0] === '}}') {
      literal += m[0][0];
      continue;
    }
    const name = m[1]!.trim();
    if (literal) parts.push(binds.add(literal));
    literal = '';
    onlyLiteral = false;
    if (name in special) parts.push(special[name]!);
    else if (columns.has(name)) {
      parts.push(quoteIdent(name));
      used.push(name);
    } else {
      const known = [...Object.keys(special), ...columns].slice(0, 12).join(', ');
      return { error: `template '${template}' refers to '{${name}}', which is not a column of the input (columns: ${known}${columns.size > 12 ? ', …' : ''})` };
    }
  }
  literal += template.slice(last);
  if (onlyLiteral) return { sql: binds.add(literal), columns: [], constant: literal };
  if (literal) parts.push(binds.add(literal));
  // `||` propagates NULL: an empty referenced field makes the whole name missing, never a half name.
  return { sql: parts.length === 1 ? `CAST(${parts[0]} AS VARCHAR)` : `(${parts.join(' || ')})`, columns: used };
}

/** A strict decimal number (after the decimal separator is normalised to '.'); no `1_000`, no hex. */
export const NUMBER_PATTERN = '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?';

/**
 * SQL that normalises a text number: decimal comma → point. Input fields are already trimmed
 * and empty → NULL in the normalised table.
 */
export function numberText(columnSql: string, decimal: '.' | ','): string {
  return decimal === ',' ? `replace(${columnSql}, ',', '.')` : columnSql;
}

/** Unique names for the temporary tables of one import. */
export class TempNames {
  private n = 0;
  readonly created: string[] = [];
  constructor(private readonly prefix: string) {}

  /** A new temp table name (quoted when used). */
  next(label: string): string {
    const name = `${this.prefix}_${this.n++}_${label.replace(/[^a-z0-9_]/gi, '_')}`;
    this.created.push(name);
    return name;
  }
}
