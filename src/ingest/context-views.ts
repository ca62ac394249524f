/**
 * Context views: what an import may refer to is what it brings plus what the store holds.
 * Each view unites the staged rows (first occurrence of a key wins) with the store's rows of
 * keys the import does not bring, so references are checked in one join, set-based.
 */
import type { Store } from '../store/store.js';
import { quoteIdent } from '../store/sql.js';
import type { Staged } from './folder-files.js';
import type { ContextViews } from './plan-types.js';
import { textExpr, type ColumnTypes } from './sql-expr.js';

/** Column types of each staged table. */
export type StagedTypes = Partial<Record<keyof Staged, ColumnTypes>>;

/** Creates the context views for one import run; names start with `prefix`. */
export async function createContextViews(store: Store, staged: Staged, types: StagedTypes, prefix: string): Promise<ContextViews> {
  const v = (n: string) => `${prefix}ctx_${n}`;
  const ctx: ContextViews = {
    sites: v('sites'), equipment: v('equipment'), materials: v('materials'), steps: v('steps'),
    lots: v('lots'), parameters: v('parameters'), tags: v('tags'),
  };
  const t = (file: keyof Staged, col: string): string => (types[file] ? textExpr(types[file], col) : 'NULL');
  const unite = (file: keyof Staged, key: string, stagedCols: string[], storeSql: string): string => {
    const table = staged[file];
    if (!table) return storeSql;
    const sel = `SELECT DISTINCT ON (${key}) * FROM (SELECT ${stagedCols.join(', ')}, _line FROM ${quoteIdent(table)} s) WHERE ${key} IS NOT NULL ORDER BY ${key}, _line`;
    return `SELECT * EXCLUDE (_line) FROM (${sel}) UNION ALL SELECT * FROM (${storeSql}) st WHERE st.${key} NOT IN (SELECT ${key} FROM (${sel}))`;
  };
  const zones = 'SELECT name FROM pg_timezone_names()';
  const defs: Array<[string, string]> = [
    [ctx.sites, `SELECT site, CASE WHEN timezone IN (${zones}) THEN timezone END AS timezone FROM (${unite('sites', 'site', [`${t('sites', 'site')} AS site`, `${t('sites', 'timezone')} AS timezone`], 'SELECT site, timezone FROM sites')})`],
    [ctx.equipment, unite('equipment', 'equipment', [`${t('equipment', 'equipment')} AS equipment`, `${t('equipment', 'site')} AS site`], 'SELECT equipment, site FROM equipment')],
    [ctx.materials, unite('materials', 'material', [`${t('materials', 'material')} AS material`, `lower(${t('materials', 'type')}) AS type`], 'SELECT material, type FROM materials')],
    [ctx.steps, unite('steps', 'step', [`${t('steps', 'step')} AS step`, `${t('steps', 'material')} AS material`], 'SELECT step, material FROM steps')],
    [ctx.lots, unite('lots', 'lot', [`${t('lots', 'lot')} AS lot`, `${t('lots', 'material')} AS material`, `${t('lots', 'site')} AS site`], 'SELECT lot, material, site FROM lots')],
    [ctx.tags, unite('tags', 'tag', [`${t('tags', 'tag')} AS tag`, `${t('tags', 'equipment')} AS equipment`], 'SELECT tag, equipment FROM tags')],
  ];
  // Parameters are keyed by (material, parameter); a row may name the step instead of the material.
  const pStaged = staged.parameters;
  const pStore = 'SELECT material, parameter, kind FROM parameters';
  const pView = pStaged
    ? `WITH p AS (SELECT DISTINCT ON (material, parameter) material, parameter, kind FROM (
         SELECT coalesce(${t('parameters', 'material')}, st.material) AS material, ${t('parameters', 'parameter')} AS parameter,
                lower(${t('parameters', 'kind')}) AS kind, s._line
         FROM ${quoteIdent(pStaged)} s LEFT JOIN ${quoteIdent(ctx.steps)} st ON st.step = ${t('parameters', 'step')})
       WHERE material IS NOT NULL AND parameter IS NOT NULL ORDER BY material, parameter, _line)
       SELECT * FROM p UNION ALL SELECT * FROM (${pStore}) q WHERE NOT EXISTS (SELECT 1 FROM p WHERE p.material = q.material AND p.parameter = q.parameter)`
    : pStore;
  defs.push([ctx.parameters, pView]);
  for (const [name, sql] of defs) await store.run(`CREATE OR REPLACE TEMP VIEW ${quoteIdent(name)} AS ${sql}`);
  return ctx;
}

/** Drops the views of {@link createContextViews}. */
export async function dropContextViews(store: Store, ctx: ContextViews): Promise<void> {
  for (const name of Object.values(ctx)) await store.run(`DROP VIEW IF EXISTS ${quoteIdent(name)}`);
}
