/**
 * The SQL of genealogy traversal, in one place so the genealogy API and the analysis-set
 * builder walk the same graph with the same weights.
 *
 * Why a recursive CTE with a path list rather than loading edges into TypeScript: the analysis
 * set joins the closure of every target lot with every upstream value; keeping the closure in
 * the store lets that join and the weighted aggregation run in the same engine without moving
 * rows out. The path list is both the cycle guard (`list_contains`) and the record of how a lot
 * was reached; a walk stops at the first repeated lot, so it always terminates, and the rows
 * that closed a cycle are reported as an error naming the lots.
 */

/** Direction of a walk: `up` to the lots a lot was made from, `down` to the lots made from it. */
export type Direction = 'up' | 'down';

/**
 * Every genealogy edge with its share: the fraction of child C made from parent P,
 * `qty(P→C) / Σ qty(Q→C)` over parents Q of the same material as P (so the shares into one lot
 * sum to 1 for each parent material). Where any quantity of that group is missing, negative or
 * the group sums to 0, every parent of the group gets an equal share and `estimated` is true.
 * Columns: parent, child, quantity, share, estimated, child_step (the step, else the material,
 * of the child lot: the step that consumed the parent).
 */
export const SHARES_SQL = `
  SELECT g.parent_lot AS parent, g.child_lot AS child, g.quantity,
         CASE WHEN g.ok THEN g.quantity / g.sum_q ELSE 1.0 / g.n END AS share,
         NOT g.ok AS estimated,
         coalesce(c.step, c.material, '?') AS child_step
  FROM (
    SELECT g.parent_lot, g.child_lot, g.quantity,
           count(*) OVER w AS n,
           sum(g.quantity) OVER w AS sum_q,
           (count(g.quantity) OVER w = count(*) OVER w
             AND coalesce(min(g.quantity) OVER w, -1) >= 0
             AND coalesce(sum(g.quantity) OVER w, 0) > 0) AS ok
    FROM genealogy g LEFT JOIN lots p ON p.lot = g.parent_lot
    WINDOW w AS (PARTITION BY g.child_lot, p.material)
  ) g
  LEFT JOIN lots c ON c.lot = g.child_lot`;

/**
 * A recursive walk from the seeds in relation `seedsSql` (columns `seed_row` BIGINT, `seed`
 * VARCHAR) through relation `sharesSql` (as {@link SHARES_SQL}), at most `$depth` edges deep.
 * Result columns: seed_row, seed, lot, depth, share (product of shares along this path), path
 * (lots from the seed to `lot`), route (for each edge, the step of the consuming lot, from the
 * seed outwards), estimated (some share on the path was estimated), cycle (the last edge
 * returned to a lot already on the path; such a row is not followed further).
 *
 * @param direction `up` follows child→parent, `down` parent→child.
 * @param seedsSql a relation name or parenthesised subquery.
 * @param sharesSql a relation name or parenthesised subquery.
 * @param depthParam the bound parameter holding the maximum depth, e.g. `$depth`.
 */
export function walkSql(direction: Direction, seedsSql: string, sharesSql: string, depthParam: string): string {
  const [from, to] = direction === 'up' ? ['child', 'parent'] : ['parent', 'child'];
  return `
  WITH RECURSIVE walk(seed_row, seed, lot, depth, share, path, route, estimated, cycle) AS (
    SELECT s.seed_row, s.seed, s.seed, 0, 1.0::DOUBLE, [s.seed], []::VARCHAR[], false, false
    FROM ${seedsSql} s
    UNION ALL
    SELECT w.seed_row, w.seed, e.${to}, w.depth + 1, w.share * e.share,
           list_append(w.path, e.${to}), list_append(w.route, e.child_step),
           w.estimated OR e.estimated, list_contains(w.path, e.${to})
    FROM walk w JOIN ${sharesSql} e ON e.${from} = w.lot
    WHERE NOT w.cycle AND w.depth < ${depthParam}
  )
  SELECT * FROM walk`;
}

/** The default depth bound of a walk: deep enough for any real process, finite by construction. */
export const MAX_DEPTH = 1000;
