import { AppError, field } from '../core/errors.js';
import { featureValuesSql, REPLICATE_SUMMARIES } from '../context/replicate-summaries.js';
import type { Store } from '../store/store.js';

import { BY_FACTORS, type ByFactor } from './types.js';

export { BY_FACTORS, type ByFactor };

/** What to read: a parameter or feature of lots of one material, filtered. */
export interface ChartDataRequest {
  /** Parameter name (discrete or replicate) or feature name (replicate summaries such as `hardness.sd` included). */
  parameter: string;
  material?: string;
  site?: string;
  /** Lots starting at or after this instant (ISO 8601). */
  from?: string;
  /** Lots starting before this instant (ISO 8601). */
  to?: string;
  by?: ByFactor;
  /**
   * 'auto' (default): a replicate parameter's lots come with their replicates (one subgroup per
   * lot, value = lot mean), other parameters with one value per lot. 'replicates': subgroups
   * required (an error for a discrete parameter). 'lot': one value per lot only (a replicate
   * parameter gives its lot means).
   */
  shape?: 'auto' | 'lot' | 'replicates';
  /** Parameter holding each lot's subgroup size (attribute charts). */
  sizeParameter?: string;
}

/** One lot's data in time order. */
export interface LotRow {
  lot: string;
  time: Date | null;
  /** Value of the `by` factor ('' when not split). */
  key: string;
  /** The lot's value; for a replicate parameter the mean of its replicates. */
  value: number;
  /** A replicate parameter's values of the lot, by replicate number. */
  replicates?: number[];
  size?: number;
}

/** The rows of a chart and where they came from. */
export interface ChartData {
  material: string;
  source: 'discrete' | 'replicates' | 'feature';
  rows: LotRow[];
  notes: string[];
}

const KEY_SQL: Record<ByFactor, string> = {
  site: 'l.site',
  equipment: 'l.equipment',
  supplier: 'l.supplier',
  product: '(SELECT s.product FROM steps s WHERE s.step = l.step)',
  campaign: "(SELECT a.value FROM lot_attributes a WHERE a.lot = l.lot AND a.name = 'campaign')",
};

/** `hardness.sd` → { parameter: 'hardness', fn: 'sd' } when the name is a replicate summary's. */
function summaryOf(name: string): { parameter: string; fn: string } | undefined {
  const dot = name.lastIndexOf('.');
  const fn = name.slice(dot + 1);
  return dot > 0 && (REPLICATE_SUMMARIES as readonly string[]).includes(fn) ? { parameter: name.slice(0, dot), fn } : undefined;
}

async function resolveMaterial(store: Store, req: ChartDataRequest): Promise<string> {
  if (req.material) return req.material;
  const rows = await store.all<{ material: string }>(
    `SELECT DISTINCT material FROM (
       SELECT material FROM discrete WHERE parameter = $1
       UNION SELECT material FROM replicates WHERE parameter = $1 OR parameter = $2
       UNION SELECT l.material FROM features f JOIN lots l ON l.lot = f.lot WHERE f.name = $1) ORDER BY material`,
    [req.parameter, summaryOf(req.parameter)?.parameter ?? null],
  );
  if (rows.length === 0) throw new AppError('unknown_parameter', `no lot has values of '${req.parameter}'`, 'check the name (the parameters list names them) or import the data first');
  if (rows.length > 1) {
    throw new AppError('ambiguous_parameter', `'${req.parameter}' exists on ${rows.length} materials: ${rows.map((r) => r.material).join(', ')}`, `choose one with ${field('material')}`);
  }
  return rows[0]!.material;
}

/** Where a parameter's values are: replicates (several per lot), discrete (one per lot), or neither (then a feature). */
async function sourceOf(store: Store, material: string, parameter: string): Promise<'replicates' | 'discrete' | 'feature'> {
  const row = await store.one<{ kind: string | null; replicates: boolean; discrete: boolean }>(
    `SELECT (SELECT kind FROM parameters WHERE material = $1 AND parameter = $2) AS kind,
            EXISTS (SELECT 1 FROM replicates WHERE material = $1 AND parameter = $2) AS replicates,
            EXISTS (SELECT 1 FROM discrete WHERE material = $1 AND parameter = $2) AS discrete`,
    [material, parameter],
  );
  if (row?.replicates || (row?.kind === 'replicate' && !row.discrete)) return 'replicates';
  return row?.discrete || row?.kind === 'discrete' ? 'discrete' : 'feature';
}

/**
 * Reads the values of a parameter or feature per lot, in time order (lot start, then lot id),
 * with filters applied in SQL. Phases: resolve the material → find where the values are (a
 * replicate parameter: its replicates, each lot a subgroup whose value is the lot mean; a
 * discrete parameter: one value per lot; else a feature of that name, replicate summaries such
 * as `hardness.sd` included) → read.
 *
 * @example await readChartData(store, { parameter: 'assay', material: 'TAB' })
 */
export async function readChartData(store: Store, req: ChartDataRequest): Promise<ChartData> {
  const material = await resolveMaterial(store, req);
  const params: (string | null)[] = [material, req.parameter];
  const where: string[] = ['l.material = $1'];
  const add = (sql: string, v: string) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (req.site) add('l.site = ?', req.site);
  if (req.from) add('l.start_time >= ?::TIMESTAMPTZ', req.from);
  if (req.to) add('l.start_time < ?::TIMESTAMPTZ', req.to);
  const key = req.by ? `coalesce(CAST(${KEY_SQL[req.by]} AS VARCHAR), '(none)')` : "''";
  const order = 'ORDER BY l.start_time NULLS LAST, l.lot';
  const notes: string[] = [];
  let source = await sourceOf(store, material, req.parameter);
  let rows: Record<string, unknown>[];
  if (req.shape === 'replicates' && source !== 'replicates') {
    throw new AppError(
      'no_subgroups',
      `'${req.parameter}' of ${material} has one value per lot and no replicates, so an X̄ chart has no subgroups`,
      `group consecutive lots with ${field('subgroup', 'N')}, or use ${field('chart', 'imr')}`,
    );
  }
  if (source === 'replicates') {
    const list = req.shape === 'lot' ? 'NULL' : 'list(r.value ORDER BY r.replicate)';
    rows = await store.all(
      `SELECT l.lot, l.start_time AS time, ${key} AS key, avg(r.value) AS value, ${list} AS replicates
       FROM replicates r JOIN lots l ON l.lot = r.lot
       WHERE r.material = $1 AND r.parameter = $2 AND ${where.join(' AND ')}
       GROUP BY l.lot, l.start_time, key ${order}`,
      params,
    );
  } else {
    let sizeSql = 'NULL';
    if (req.sizeParameter) {
      params.push(req.sizeParameter);
      sizeSql = `(SELECT s.value FROM discrete s WHERE s.lot = l.lot AND s.parameter = $${params.length})`;
    }
    rows = source === 'discrete' ? await store.all(
      `SELECT l.lot, l.start_time AS time, ${key} AS key, d.value, ${sizeSql} AS size
       FROM discrete d JOIN lots l ON l.lot = d.lot
       WHERE d.material = $1 AND d.parameter = $2 AND ${where.join(' AND ')} ${order}`,
      params,
    ) : [];
    if (rows.length === 0) {
      const feature = await store.all(
        `SELECT l.lot, l.start_time AS time, ${key} AS key, f.value, ${sizeSql} AS size
         FROM (${featureValuesSql('(SELECT lot FROM lots WHERE material = $1)')}) f JOIN lots l ON l.lot = f.lot
         WHERE l.material = $1 AND f.name = $2 AND ${where.join(' AND ')} ${order}`,
        params,
      );
      if (feature.length > 0) {
        source = 'feature';
        const missing = feature.filter((r) => r.value === null).length;
        if (missing > 0) notes.push(`${missing} lot${missing === 1 ? '' : 's'} where the feature could not be computed are left out`);
        rows = feature.filter((r) => r.value !== null);
      }
    }
  }
  if (rows.length === 0) {
    throw new AppError('no_data', `no values of '${req.parameter}' for material ${material} in the chosen range`, `widen ${field('from')}/${field('to')} or ${field('site')}, or check the parameter name`);
  }
  const undated = rows.filter((r) => r.time === null).length;
  if (undated > 0) notes.push(`${undated} lot${undated === 1 ? '' : 's'} without a start time are placed last, ordered by lot`);
  return {
    material, source, notes,
    rows: rows.map((r) => ({
      lot: String(r.lot), time: (r.time as Date | null) ?? null, key: String(r.key), value: Number(r.value),
      ...(Array.isArray(r.replicates) ? { replicates: (r.replicates as unknown[]).map(Number) } : {}),
      ...(r.size !== null && r.size !== undefined ? { size: Number(r.size) } : {}),
    })),
  };
}
