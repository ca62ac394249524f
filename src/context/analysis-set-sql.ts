/**
 * The SQL phases of an analysis set. Each builds a temporary table from the previous ones, so
 * the closure × values join, the carry aggregation and the pivot all run inside DuckDB; only the
 * small column catalogue and the final typed columns come out.
 *
 *   targets(row_idx, lot)                  rows of the set
 *   → walk                                  genealogy paths from each target upwards
 *   → up(row_idx, lot, material, via, w…)   each upstream lot with its summed contribution
 *   → cells(row_idx, key…, value)           own values + carried upstream values (one row per cell)
 *   → fcells(row_idx, key…, text)           factors: own lot properties + dominant upstream lots
 *   → cat, fcat: column catalogues (keys, index, route, estimated), from the keys and `up`
 *   → PIVOT to columns
 */
import { CARRY_SQL } from './carry-rules.js';
import { SHARES_SQL, walkSql } from './genealogy-sql.js';
import { featureValuesSql } from './replicate-summaries.js';
import type { CarryRule } from './analysis-set-types.js';

/** Names of the temporary tables of one build (already quoted, unique per build). */
export interface Temps {
  targets: string;
  shares: string;
  walk: string;
  up: string;
  cells: string;
  fcells: string;
  /** Column catalogues of cells and fcells. */
  cat: string;
  fcat: string;
}

/** The statements that build `shares` and `walk` (bound parameter `$depth`). */
export function walkStatements(t: Temps): string[] {
  return [
    `CREATE TEMP TABLE ${t.shares} AS ${SHARES_SQL}`,
    `CREATE TEMP TABLE ${t.walk} AS ${walkSql('up', `(SELECT row_idx AS seed_row, lot AS seed FROM ${t.targets})`, t.shares, '$depth')}`,
  ];
}

/**
 * `up`: one row per (target row, upstream lot, consuming step) with the contribution summed over
 * paths, the lot's properties, and `n_group`: how many upstream lots of that material came in
 * through that step (for the single-parent rule). Upstream lots missing from `lots` have no
 * material and are left out.
 */
export function upStatement(t: Temps): string {
  return `CREATE TEMP TABLE ${t.up} AS
    SELECT *, count(*) OVER (PARTITION BY row_idx, material, via) AS n_group FROM (
      SELECT w.seed_row AS row_idx, w.lot, l.material, w.route[-1] AS via, l.step, l.equipment, l.supplier,
             l.start_time, coalesce(m.type = 'raw', l.step IS NULL) AS raw,
             sum(w.share) AS w, min(w.depth) AS depth, bool_or(w.estimated) AS estimated, min(w.route) AS route
      FROM ${t.walk} w JOIN lots l ON l.lot = w.lot LEFT JOIN materials m ON m.material = l.material
      WHERE w.depth > 0 AND NOT w.cycle
      GROUP BY ALL)`;
}

/**
 * `cells`: the target lots' own parameters and features, and every upstream value carried down
 * by `rule`, one row per (row, column key). Replicate parameters come in as their summaries per
 * lot (`hardness.mean`, `.sd`, `.min`…; see replicate-summaries.ts). Bound parameter `$material`
 * (the target material).
 */
export function cellsStatement(t: Temps, rule: CarryRule, o: { discrete: boolean; features: boolean; upstream: boolean }): string {
  const scope = o.upstream ? `(SELECT lot FROM ${t.targets} UNION SELECT lot FROM ${t.up})` : t.targets;
  const vals = [
    o.discrete ? `SELECT lot, 'discrete' AS src, parameter AS name, value FROM discrete` : undefined,
    o.features ? `SELECT lot, 'feature' AS src, name, value FROM (${featureValuesSql(scope)})` : undefined,
  ].filter((s) => s !== undefined);
  if (vals.length === 0) vals.push(`SELECT NULL::VARCHAR AS lot, NULL::VARCHAR AS src, NULL::VARCHAR AS name, NULL::DOUBLE AS value WHERE false`);
  const own = `SELECT t.row_idx, 'own' AS scope, $material AS material, '' AS via, v.src, v.name, v.value
    FROM ${t.targets} t JOIN vals v USING (lot)`;
  const up = `SELECT u.row_idx, 'up' AS scope, u.material, u.via, v.src, v.name, ${CARRY_SQL[rule]} AS value
    FROM ${t.up} u JOIN vals v USING (lot)
    GROUP BY u.row_idx, u.material, u.via, v.src, v.name`;
  return `CREATE TEMP TABLE ${t.cells} AS
    WITH vals AS (${vals.join(' UNION ALL ')})
    ${own}${o.upstream ? ' UNION ALL ' + up : ''}`;
}

/**
 * `fcells`: factor values as text. Own: site, status, campaign (lot attribute), equipment of the
 * lot's step. Upstream, from the dominant lot (largest contribution, then lot id) of each
 * material and consuming step: supplier and lot id of raw materials, equipment of the others.
 */
export function factorStatement(t: Temps, upstream: boolean): string {
  const own = `
    SELECT t.row_idx, 'own' AS scope, $material AS material, '' AS via, 'site' AS src, '' AS name, l.site AS text
      FROM ${t.targets} t JOIN lots l USING (lot)
    UNION ALL SELECT t.row_idx, 'own', $material, '', 'status', '', l.status
      FROM ${t.targets} t JOIN lots l USING (lot)
    UNION ALL SELECT t.row_idx, 'own', $material, '', 'campaign', '', a.value
      FROM ${t.targets} t JOIN lots l USING (lot) JOIN lot_attributes a ON a.lot = t.lot AND a.name = 'campaign'
    UNION ALL SELECT t.row_idx, 'own', $material, '', 'equipment', '', l.equipment
      FROM ${t.targets} t JOIN lots l USING (lot) WHERE l.step IS NOT NULL OR l.equipment IS NOT NULL`;
  if (!upstream) return `CREATE TEMP TABLE ${t.fcells} AS ${own}`;
  return `CREATE TEMP TABLE ${t.fcells} AS
    WITH dom AS (
      SELECT row_idx, material, via,
             first(lot ORDER BY w DESC, lot) AS lot, first(supplier ORDER BY w DESC, lot) AS supplier,
             first(equipment ORDER BY w DESC, lot) AS equipment, bool_or(raw) AS raw
      FROM ${t.up} GROUP BY row_idx, material, via)
    ${own}
    UNION ALL SELECT row_idx, 'up', material, via, 'supplier', '', supplier FROM dom WHERE raw
    UNION ALL SELECT row_idx, 'up', material, via, 'lot', '', lot FROM dom WHERE raw
    UNION ALL SELECT row_idx, 'up', material, via, 'equipment', '', equipment FROM dom WHERE NOT raw`;
}

/**
 * `cat`: the column catalogue of a cells table, one row per column key with a 0-based `col_idx`
 * (own columns first, then upstream ones by length of route, material, consuming step, source),
 * the step the values were measured at, the route (steps from the target outwards) and whether
 * any genealogy weight behind the column is estimated. Computed from the keys and the small
 * `up` table, not per cell.
 */
export function catalogueStatement(t: Temps, cells: string, cat: string, upstream: boolean): string {
  const meta = upstream
    ? `SELECT material, via, min(step) AS step, min(route) AS route, bool_or(estimated) AS estimated FROM ${t.up} GROUP BY material, via`
    : `SELECT NULL::VARCHAR AS material, NULL::VARCHAR AS via, NULL::VARCHAR AS step, NULL::VARCHAR[] AS route, NULL::BOOLEAN AS estimated WHERE false`;
  return `CREATE TEMP TABLE ${cat} AS
    WITH keys AS (SELECT DISTINCT scope, material, via, src, name FROM ${cells}),
         meta AS (${meta}),
         own_step AS (SELECT min(l.step) AS step FROM ${t.targets} JOIN lots l USING (lot))
    SELECT (row_number() OVER (ORDER BY k.scope, len(coalesce(m.route, [])), k.material, k.via,
              CASE k.src WHEN 'site' THEN 0 WHEN 'status' THEN 1 WHEN 'campaign' THEN 2 ELSE 3 END, k.src, k.name) - 1)::INTEGER AS col_idx,
           k.scope, k.material, k.via, k.src, k.name,
           CASE WHEN k.scope = 'own' THEN (SELECT step FROM own_step) ELSE m.step END AS step,
           coalesce(m.route, []::VARCHAR[]) AS route, coalesce(m.estimated, false) AS estimated
    FROM keys k LEFT JOIN meta m ON k.scope = 'up' AND m.material = k.material AND m.via = k.via`;
}

/**
 * The pivot of a cells table to one column per catalogue entry, named by its `col_idx`
 * ('0', '1', …), one row per target (rows without any value kept, all missing), by row_idx.
 * Why PIVOT on the integer index with an explicit IN list: pivoting on generated string keys
 * without the list cost 2× more on 1000 lots × 500 columns (measured; see docs/benchmarks.md).
 */
export function pivotSql(t: Temps, cells: string, cat: string, valueCol: 'value' | 'text', columns: number): string {
  const list = Array.from({ length: columns }, (_, i) => String(i)).join(', ');
  return `SELECT t.row_idx, p.* EXCLUDE (row_idx) FROM ${t.targets} t LEFT JOIN (
      PIVOT (SELECT c.row_idx, k.col_idx, c.${valueCol} AS v
             FROM ${cells} c JOIN ${cat} k USING (scope, material, via, src, name))
      ON col_idx IN (${list}) USING any_value(v) GROUP BY row_idx
    ) p ON p.row_idx = t.row_idx
    ORDER BY t.row_idx`;
}
