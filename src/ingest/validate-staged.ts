/**
 * Validation of staged files: set-based. Per file, one aggregate query counts every kind of
 * problem; only for a non-zero count a second query fetches the first offending lines.
 */
import type { InputIssue } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { quoteIdent } from '../store/sql.js';
import { FOLDER_FILES, type FolderFile } from './folder-files.js';
import type { Check, FilePlan, Target } from './plan-types.js';
import type { ColumnTypes } from './sql-expr.js';

/** Issues found, capped, and how many there are in all. */
export interface Found {
  issues: InputIssue[];
  total: number;
}

/** Missing required columns of one staged file (and the material-or-step rule of parameters). */
export function missingColumns(file: FolderFile, types: ColumnTypes, sourceName: string): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const col of FOLDER_FILES[file].required) {
    if (!types.has(col)) {
      issues.push({ file: sourceName, line: 1, column: col, message: `the required column '${col}' is missing`, hint: `add a column named ${col} to the header (columns: ${[...types.keys()].filter((c) => !c.startsWith('_')).join(', ')})` });
    }
  }
  if (file === 'parameters' && !types.has('material') && !types.has('step')) {
    issues.push({ file: sourceName, line: 1, column: 'material', message: 'neither a material nor a step column is present', hint: 'add a material column (or a step column: the material is then the one the step makes)' });
  }
  return issues;
}

/** Runs the checks of a plan; returns the first `cap` issues and the total. */
export async function runChecks(store: Store, plan: FilePlan, cap: number): Promise<Found> {
  const view = quoteIdent(plan.viewName);
  const plain = plan.checks.filter((c) => !c.dup);
  const counts = plain.length === 0 ? {} : await store.one<Record<string, bigint | number>>(
    `SELECT ${plain.map((c, i) => `count_if(${c.when}) AS c${i}`).join(', ')} FROM ${view}`,
  );
  const issues: InputIssue[] = [];
  let total = 0;
  for (const [i, check] of plain.entries()) {
    const n = Number(counts?.[`c${i}`] ?? 0);
    if (n === 0) continue;
    total += n;
    issues.push(...(await details(store, view, check, cap)));
  }
  for (const check of plan.checks.filter((c) => c.dup)) {
    const n = await duplicates(store, view, check.dup!);
    if (n === 0) continue;
    total += n;
    const key = check.dup!.map(quoteIdent).join(', ');
    const source = `(SELECT *, count(*) OVER (PARTITION BY ${key}) AS _n, min(_line) OVER (PARTITION BY ${key}) AS _first FROM ${view} WHERE ${notNull(check.dup!)})`;
    issues.push(...(await details(store, source, check, cap)));
  }
  return { issues: sortIssues(issues).slice(0, cap), total };
}

const notNull = (key: string[]) => key.map((k) => `${quoteIdent(k)} IS NOT NULL`).join(' AND ');

/**
 * Rows repeating a key of an earlier row. A GROUP BY on one 64-bit hash of the key first: no
 * repeated hash means no repeated key, which settles the usual case (tens of millions of
 * distinct samples) at the cost of one hash aggregate; only then the exact count.
 */
async function duplicates(store: Store, view: string, key: string[]): Promise<number> {
  const k = key.map(quoteIdent).join(', ');
  const hashed = await store.value<bigint | null>(
    `SELECT sum(n - 1) FROM (SELECT count(*) AS n FROM ${view} WHERE ${notNull(key)} GROUP BY hash(${k}) HAVING count(*) > 1)`,
  );
  if (!hashed) return 0;
  const exact = await store.value<bigint | null>(
    `SELECT sum(n - 1) FROM (SELECT count(*) AS n FROM ${view} WHERE ${notNull(key)} GROUP BY ${k} HAVING count(*) > 1)`,
  );
  return Number(exact ?? 0);
}

/** The first `cap` rows of `source` with the problem of `check`, as issues. */
async function details(store: Store, source: string, check: Check, cap: number): Promise<InputIssue[]> {
  const rows = await store.all<{ line: bigint; source: string; value: string | null; detail: string | null }>(
    `SELECT _line AS line, _source AS source, CAST(${check.value} AS VARCHAR) AS value, CAST(${check.detail ?? 'NULL'} AS VARCHAR) AS detail
     FROM ${source} WHERE ${check.when} ORDER BY _source, _line LIMIT $1`,
    [cap],
  );
  return rows.map((r) => ({
    file: r.source, line: Number(r.line), column: check.column, value: r.value ?? '',
    message: check.message + (r.detail ? ' ' + r.detail : ''), hint: check.hint,
  }));
}

/** SQL: the key columns of a target equal between `n` (new) and `s` (stored). */
export function keyJoin(t: Target): string {
  return t.key.map((k) => `s.${quoteIdent(k)} = n.${quoteIdent(k)}`).join(' AND ') + (t.storedWhere ? ` AND ${t.storedWhere}` : '');
}

/** SQL: some value column differs between `n` and `s`. */
export function changed(t: Target): string {
  return t.cols.length === 0 ? 'FALSE' : '(' + t.cols.map((c) => `n.${quoteIdent(c)} IS DISTINCT FROM s.${quoteIdent(c)}`).join(' OR ') + ')';
}

/** SQL: 'col=value; …' of the changed columns on side `side`. */
export function changedText(t: Target, side: 'n' | 's'): string {
  const parts = t.cols.map((c) => `CASE WHEN n.${quoteIdent(c)} IS DISTINCT FROM s.${quoteIdent(c)} THEN '${c}=' || coalesce(CAST(${side}.${quoteIdent(c)} AS VARCHAR), '(empty)') END`);
  return `concat_ws('; ', ${parts.join(', ')})`;
}

/** SQL text of a target's key, `a/b`. */
export function keyLabel(t: Target, side: 'n' | 's' = 'n'): string {
  const parts = t.key.map((k) => `CAST(${side}.${quoteIdent(k)} AS VARCHAR)`);
  return parts.length === 1 ? parts[0]! : `concat_ws('/', ${parts.join(', ')})`;
}

/**
 * Rows whose key is stored with different values: errors unless replacing. The caller skips
 * targets the store holds nothing to collide with.
 */
export async function findConflicts(store: Store, t: Target, cap: number): Promise<Found> {
  const base = `FROM (${t.select}) n JOIN ${quoteIdent(t.table)} s ON ${keyJoin(t)} WHERE ${changed(t)}`;
  const total = Number((await store.value<bigint>(`SELECT count(*) ${base}`)) ?? 0);
  if (total === 0) return { issues: [], total: 0 };
  const rows = await store.all<{ line: bigint; source: string; k: string; cols: string; old: string; new: string }>(
    `SELECT n._line AS line, n._source AS source, ${keyLabel(t)} AS k, ${changedText(t, 's')} AS old, ${changedText(t, 'n')} AS new,
       concat_ws(',', ${t.cols.map((c) => `CASE WHEN n.${quoteIdent(c)} IS DISTINCT FROM s.${quoteIdent(c)} THEN '${c}' END`).join(', ')}) AS cols
     ${base} ORDER BY n._source, n._line LIMIT $1`,
    [cap],
  );
  const issues = rows.map((r) => ({
    file: r.source, line: Number(r.line), column: r.cols, value: r.new,
    message: `${t.table} ${t.key.join('/')} '${r.k}' is already stored with a different value: stored ${r.old}, this file ${r.new}`,
    hint: 'to correct the stored value import it again replacing stored values, with a reason (the old value is kept as a prior version)',
  }));
  return { issues, total };
}

/** Sorts issues by file and line. */
export function sortIssues(issues: InputIssue[]): InputIssue[] {
  return [...issues].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
}
