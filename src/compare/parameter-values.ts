import { AppError, field } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { buildAnalysisSet } from '../context/analysis-set.js';
import type { AnalysisSet, FactorColumn, NumericColumn } from '../context/analysis-set-types.js';
import { REPLICATE_SUMMARIES } from '../context/replicate-summaries.js';
import { quoteIdent } from '../store/sql.js';
import type { Store } from '../store/store.js';

/** Which lots and which value: the filters every store-side statistic takes. */
export interface ValueQuery {
  /** Discrete parameter or feature name of the lots (or any numeric column of the analysis set, e.g. 'api.d90 (via granulation)'). */
  parameter: string;
  /** Material whose lots are compared; found from the parameter when it is unique. */
  material?: string;
  /** Only lots of this site. */
  site?: string;
  /** Only lots started at or after (ISO 8601). */
  from?: string;
  /** Only lots started before (ISO 8601). */
  to?: string;
  logger?: Logger;
}

/** The values of one parameter over the chosen lots, read through an analysis set. */
export interface ParameterValues {
  material: string;
  parameter: string;
  set: AnalysisSet;
  column: NumericColumn;
  /** Set when `parameter` is a replicate parameter: each lot counts with the mean of its values (column `<parameter>.mean`). */
  replicate?: { note: string };
}

/**
 * Finds the material of a parameter or feature when none is given: the one material that has
 * it (parameters table, feature definitions, computed features); an error naming the candidates
 * when there are several.
 */
async function materialOf(store: Store, parameter: string): Promise<string> {
  const rows = await store.all<{ material: string }>(
    `SELECT material FROM parameters WHERE parameter = $p
     UNION SELECT material FROM feature_definitions WHERE name = $p
     UNION SELECT DISTINCT l.material FROM features f JOIN lots l USING (lot) WHERE f.name = $p
     UNION SELECT material FROM parameters WHERE kind = 'replicate' AND $p LIKE parameter || '.%'
       AND substr($p, length(parameter) + 2) IN (${REPLICATE_SUMMARIES.map((f) => `'${f}'`).join(', ')})
     ORDER BY material`,
    { p: parameter },
  );
  if (rows.length === 1) return rows[0]!.material;
  if (rows.length === 0) {
    throw new AppError('unknown_parameter', `parameter '${parameter}' is not a parameter or feature of any material`, 'check the name (names are case-sensitive); the analysis set of the material lists its columns');
  }
  throw new AppError('ambiguous_parameter', `parameter '${parameter}' exists on several materials: ${rows.map((r) => r.material).join(', ')}`, `say which with ${field('material')}`);
}

/**
 * Reads a parameter's values over the lots of a material (with site and time filters) from the
 * analysis set, the one place lot values are assembled. Missing values stay NaN here; callers
 * drop and count them.
 *
 * @param store - an open store
 * @param q - parameter, material (found when unique), site, from, to
 * @throws AppError `unknown_parameter`, `ambiguous_parameter`, `not_numeric`, `no_data` (a known parameter
 *   without values in range), and those of buildAnalysisSet (`no_lots`, `bad_time`…)
 * @example const { column } = await parameterValues(store, { parameter: 'assay', site: 'LJ' });
 */
export async function parameterValues(store: Store, q: ValueQuery): Promise<ParameterValues> {
  const material = q.material ?? (await materialOf(store, q.parameter));
  const options: Parameters<typeof buildAnalysisSet>[1] = { material };
  if (q.site !== undefined) options.site = q.site;
  if (q.from !== undefined) options.from = q.from;
  if (q.to !== undefined) options.to = q.to;
  if (q.logger !== undefined) options.logger = q.logger;
  const set = await buildAnalysisSet(store, options);
  let col = set.columns.find((c) => c.name === q.parameter);
  let replicate: ParameterValues['replicate'];
  if (!col) {
    // A replicate parameter (10 tablet hardnesses per lot) has no single lot value: a lot counts
    // with its mean, as lots (not tablets) are what is compared between sites.
    const kind = await store.value<string>('SELECT kind FROM parameters WHERE material = $m AND parameter = $p', { m: material, p: q.parameter });
    const means = kind === 'replicate' ? set.columns.find((c) => c.origin.rule === 'own' && c.name === `${q.parameter}.mean`) : undefined;
    if (means) {
      col = means;
      replicate = { note: `'${q.parameter}' has several values per lot: each lot counts with their mean (${means.name})` };
    }
  }
  if (!col) {
    const known = await store.value<number | bigint>(
      `SELECT count(*) FROM (SELECT 1 FROM parameters WHERE material = $m AND parameter = $p
         UNION ALL SELECT 1 FROM feature_definitions WHERE material = $m AND name = $p)`,
      { m: material, p: q.parameter },
    );
    if (Number(known ?? 0) > 0) {
      throw new AppError('no_data', `no lot of ${material} in range has a value of '${q.parameter}' (${set.lots.length} lots in range)`, `widen the filters (${field('site')}, ${field('from')}, ${field('to')}) or check the data`);
    }
    const numeric = set.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
    throw new AppError(
      'unknown_parameter',
      `'${q.parameter}' is not a value of lots of ${material}${numeric.length ? ` (have: ${numeric.slice(0, 12).join(', ')}${numeric.length > 12 ? ', …' : ''})` : ''}`,
      'give a parameter or feature name as the analysis set lists it',
    );
  }
  if (col.kind !== 'numeric') throw new AppError('not_numeric', `'${q.parameter}' is a ${col.kind} column, not a measured value`, `compare a numeric parameter; use it as ${field('by')} instead`);
  return { material, parameter: q.parameter, set, column: col, ...(replicate ? { replicate } : {}) };
}

/**
 * The factor column a `by` names: site, status, campaign, equipment and supplier of the lot
 * itself, or any factor column of the analysis set by name (`granulation.equipment`,
 * `api.supplier`); otherwise a lot attribute of that name, read from lot_attributes.
 *
 * @param store - an open store
 * @param set - the analysis set the values come from
 * @param by - the factor
 * @returns one label per row of the set (null = missing)
 */
export async function factorLabels(store: Store, set: AnalysisSet, by: string): Promise<{ name: string; labels: (string | null)[] }> {
  const factors = set.columns.filter((c): c is FactorColumn => c.kind === 'factor');
  const own = (kind: string) => factors.find((c) => c.origin.factor === kind && c.origin.rule === 'own');
  const col = (['equipment', 'supplier', 'site', 'status', 'campaign'].includes(by) ? own(by) : undefined) ?? factors.find((c) => c.name === by);
  if (col) return { name: col.name, labels: col.values };
  // The lot's own record (supplier of a raw-material lot, its equipment) when the set has no such column.
  if (['equipment', 'supplier', 'status'].includes(by)) {
    const own = await store.all<{ lot: string; value: string | null }>(`SELECT lot, ${quoteIdent(by)} AS value FROM lots WHERE material = $m`, { m: set.material });
    if (own.some((r) => r.value !== null)) {
      const byLot = new Map(own.map((r) => [r.lot, r.value]));
      return { name: by, labels: set.lots.map((l) => byLot.get(l) ?? null) };
    }
  }
  const rows = await store.all<{ lot: string; value: string | null }>('SELECT lot, value FROM lot_attributes WHERE name = $name', { name: by });
  if (rows.length === 0) {
    throw new AppError(
      'unknown_factor',
      `'${by}' is not a factor of lots of ${set.material} (factors: ${factors.map((c) => c.name).join(', ') || 'none'}; no lot attribute of that name)`,
      `use ${field('by')} site, equipment, supplier, campaign, <step>.equipment or a lot attribute name`,
    );
  }
  const byLot = new Map(rows.map((r) => [r.lot, r.value]));
  return { name: by, labels: set.lots.map((l) => byLot.get(l) ?? null) };
}
