import { listValue, type DuckDBValue } from '@duckdb/node-api';
import { AppError, field } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { AnalysisSetOptions } from './analysis-set-types.js';

/**
 * Resolves which material's lots are the rows: `material` as given, `product` → the material of
 * its last step, `step` → the material that step makes. Exactly one must be given.
 *
 * @throws AppError `bad_target` (none or several given), `unknown_material`, `unknown_product`, `unknown_step`.
 */
export async function resolveMaterial(store: Store, o: Pick<AnalysisSetOptions, 'material' | 'product' | 'step'>): Promise<string> {
  const given = (['material', 'product', 'step'] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1) {
    throw new AppError('bad_target', `give exactly one of material, product or step (got ${given.length === 0 ? 'none' : given.join(', ')})`,
      `e.g. ${field('material', 'tablet')}, ${field('product', 'P1')} or ${field('step', 'compression')}`);
  }
  if (o.material !== undefined) {
    const n = await store.value<bigint>('SELECT count(*) FROM lots WHERE material = $1', [o.material]);
    const known = await store.value<bigint>('SELECT count(*) FROM materials WHERE material = $1', [o.material]);
    if (!n && !known) {
      throw new AppError('unknown_material', `material '${o.material}' is not in the store`, 'check the name against the materials you imported (names are case-sensitive)');
    }
    return o.material;
  }
  if (o.product !== undefined) {
    const m = await store.value<string>('SELECT material FROM steps WHERE product = $1 ORDER BY sequence DESC, step LIMIT 1', [o.product]);
    if (m === undefined) throw new AppError('unknown_product', `product '${o.product}' has no steps in the store`, `check the product name in steps, or give ${field('material')}`);
    return m;
  }
  const m = await store.value<string>('SELECT material FROM steps WHERE step = $1', [o.step!]);
  if (m === undefined) throw new AppError('unknown_step', `step '${o.step}' is not in the store`, `check the step name in steps, or give ${field('material')}`);
  return m;
}

/** Parses a from/to bound to an instant, with an error echoing the value. */
function instant(name: string, v: string | Date | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw new AppError('bad_time', `${name} '${String(v)}' is not a date`, 'use ISO 8601, e.g. 2024-01-13 or 2024-01-13T08:00:00Z');
  }
  return d;
}

/**
 * Creates the temporary table `table(row_idx BIGINT, lot VARCHAR)` holding the lots of
 * `material` that pass the filters (site; start in [from, to); explicit lots), numbered from 0
 * in order of start time then lot id. Returns the number of rows.
 *
 * @throws AppError `lot_not_of_material` naming explicit lots of another material or unknown,
 *   `no_lots` when the filters leave nothing (the message repeats the filters).
 */
export async function createTargets(store: Store, table: string, material: string, o: AnalysisSetOptions): Promise<number> {
  const from = instant('from', o.from);
  const to = instant('to', o.to);
  const where = ['material = $material'];
  const params: Record<string, DuckDBValue> = { material };
  if (o.site !== undefined) {
    where.push('site = $site');
    params.site = o.site;
  }
  if (from) {
    where.push('start_time >= $from::TIMESTAMPTZ');
    params.from = from.toISOString();
  }
  if (to) {
    where.push('start_time < $to::TIMESTAMPTZ');
    params.to = to.toISOString();
  }
  if (o.lots !== undefined) {
    const wrong = await store.all<{ lot: string; material: string | null }>(
      `SELECT s AS lot, l.material FROM unnest($lots::VARCHAR[]) t(s) LEFT JOIN lots l ON l.lot = s
       WHERE l.material IS DISTINCT FROM $material`,
      { lots: listValue(o.lots), material },
    );
    if (wrong.length > 0) {
      const list = wrong.map((w) => `'${w.lot}' (${w.material ?? 'not in the store'})`).join(', ');
      throw new AppError('lot_not_of_material', `lots ${list} are not lots of material '${material}'`, `give only lots of the target material, or choose another ${field('material')}`);
    }
    where.push('lot IN (SELECT unnest($lots::VARCHAR[]))');
    params.lots = listValue(o.lots);
  }
  await store.run(
    `CREATE TEMP TABLE ${table} AS
     SELECT (row_number() OVER (ORDER BY start_time NULLS LAST, lot) - 1)::BIGINT AS row_idx, lot
     FROM lots WHERE ${where.join(' AND ')}`,
    params,
  );
  const n = Number((await store.value<bigint>(`SELECT count(*) FROM ${table}`)) ?? 0);
  if (n === 0) {
    const filters = [`material '${material}'`, o.site && `site '${o.site}'`, from && `from ${from.toISOString()}`, to && `to ${to.toISOString()}`]
      .filter(Boolean).join(', ');
    throw new AppError('no_lots', `no lots match ${filters}`, 'widen the filters (site, from, to) or check the material name');
  }
  return n;
}
