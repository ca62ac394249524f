/**
 * Writing one target of an import inside the import's transaction, set-based: count new,
 * unchanged and changed rows with one join; with --replace keep each old value in
 * `prior_values` and audit old → new per field; insert new rows with one anti-join.
 */
import { auditFromQuery, reasonOf } from '../store/audit.js';
import type { Actor, Store } from '../store/store.js';
import { quoteIdent } from '../store/sql.js';
import type { Target } from './plan-types.js';
import { changed, keyJoin, keyLabel } from './validate-staged.js';

/** Counts of one target. */
export interface TargetCounts {
  inserted: number;
  unchanged: number;
  replaced: number;
}

/** Tables without a `source` column (samples keep only import_id, to stay lean). */
const NO_SOURCE = new Set(['samples']);

/**
 * Writes a target. `fresh` = true when the store holds nothing the rows could collide with
 * (then a plain INSERT … SELECT, the fast path for tens of millions of samples).
 */
export async function writeTarget(store: Store, t: Target, importId: string, actor: Actor, replace: boolean, fresh: boolean): Promise<TargetCounts> {
  const q = quoteIdent;
  const table = q(t.table);
  const cols = [...t.key, ...t.cols];
  const prov = NO_SOURCE.has(t.table) ? ['import_id'] : ['import_id', 'source'];
  const provVals = NO_SOURCE.has(t.table) ? ['$1'] : ['$1', 'n._source'];
  const insertCols = `(${[...cols, ...prov].map(q).join(', ')})`;
  const insertVals = `${cols.map((c) => `n.${q(c)}`).join(', ')}, ${provVals.join(', ')}`;
  if (fresh) {
    const n = await store.value<bigint>(`INSERT INTO ${table} ${insertCols} SELECT ${insertVals} FROM (${t.select}) n`, [importId]);
    return { inserted: Number(n ?? 0), unchanged: 0, replaced: 0 };
  }
  const c = await store.one<{ ins: bigint; same: bigint; diff: bigint }>(
    `SELECT count(*) FILTER (WHERE s.${q(t.key[0]!)} IS NULL) AS ins,
            count(*) FILTER (WHERE s.${q(t.key[0]!)} IS NOT NULL AND NOT ${changed(t)}) AS same,
            count(*) FILTER (WHERE s.${q(t.key[0]!)} IS NOT NULL AND ${changed(t)}) AS diff
     FROM (${t.select}) n LEFT JOIN ${table} s ON ${keyJoin(t)}`,
  );
  const counts: TargetCounts = { inserted: Number(c?.ins ?? 0), unchanged: Number(c?.same ?? 0), replaced: Number(c?.diff ?? 0) };
  if (counts.replaced > 0 && replace) await replaceRows(store, t, importId, actor);
  if (counts.inserted > 0) {
    await store.run(
      `INSERT INTO ${table} ${insertCols} SELECT ${insertVals} FROM (${t.select}) n
       WHERE NOT EXISTS (SELECT 1 FROM ${table} s WHERE ${keyJoin(t)})`,
      [importId],
    );
  }
  return counts;
}

/** Replaces changed rows: prior version kept, one audit entry per changed field, then the update. */
async function replaceRows(store: Store, t: Target, importId: string, actor: Actor): Promise<void> {
  const q = quoteIdent;
  const table = q(t.table);
  const join = `FROM (${t.select}) n JOIN ${table} s ON ${keyJoin(t)} WHERE ${changed(t)}`;
  const obj = (side: 'n' | 's') => `CAST(json_object(${t.cols.map((c) => `'${c}', ${side}.${q(c)}`).join(', ')}) AS VARCHAR)`;
  await store.run(
    `INSERT INTO prior_values (entity, entity_key, old_value, new_value, old_import_id, new_import_id, replaced_at, user_name, reason)
     SELECT '${t.table}', ${keyLabel(t)}, ${obj('s')}, ${obj('n')}, s.import_id, $1, now(), $2, coalesce(n._reason, $3) ${join}`,
    [importId, actor.user, actor.reason ?? ''],
  );
  // One entry per changed field, in key order, chained like every other entry.
  await auditFromQuery(
    store,
    t.cols.map((col) =>
      `SELECT $2 AS user_name, 'replace' AS action, '${t.table}' AS entity, ${keyLabel(t)} AS entity_key, '${col}' AS field,
              CAST(s.${q(col)} AS VARCHAR) AS old_value, CAST(n.${q(col)} AS VARCHAR) AS new_value, coalesce(n._reason, $3) AS reason, $1 AS import_id
       FROM (${t.select}) n JOIN ${table} s ON ${keyJoin(t)} WHERE n.${q(col)} IS DISTINCT FROM s.${q(col)}`).join('\nUNION ALL\n') + '\nORDER BY entity_key, field',
    [importId, actor.user, reasonOf(actor)],
  );
  const set = [...t.cols.map((c) => `${q(c)} = n.${q(c)}`), 'import_id = $1', ...(NO_SOURCE.has(t.table) ? [] : ['source = n._source'])];
  await store.run(
    `UPDATE ${table} AS s SET ${set.join(', ')} FROM (${t.select}) n WHERE ${keyJoin(t)} AND ${changed(t)}`,
    [importId],
  );
}
