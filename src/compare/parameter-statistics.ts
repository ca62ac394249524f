import { AppError } from '../core/errors.js';
import { describe, type DescribeOptions, type Description } from '../stats/describe.js';
import type { Store } from '../store/store.js';
import { parameterValues, type ValueQuery } from './parameter-values.js';

/** Descriptive statistics of a parameter over lots, with what was left out. */
export interface ParameterStatistics extends Description {
  parameter: string;
  material: string;
  /** Lots in range without a value (left out). */
  missing: number;
  /** Set for a replicate parameter: which lot value was used. */
  note?: string;
}

/**
 * Descriptive statistics of a parameter or feature over a material's lots (filters: site,
 * from, to), read through the analysis set; lots in start-time order (the lag-1
 * autocorrelation uses that order); lots without a value are left out and counted.
 *
 * @param store - an open store
 * @param q - parameter, material (found when unique), site, from, to
 * @param options - see {@link describe}: confidence (0.95), quantileType (7), probs
 * @throws AppError `no_data` when no lot in range has a value, and those of {@link parameterValues}
 * @example const s = await parameterStatistics(store, { parameter: 'assay', site: 'LJ' }); s.ci
 */
export async function parameterStatistics(store: Store, q: ValueQuery, options: DescribeOptions = {}): Promise<ParameterStatistics> {
  const { material, column, replicate } = await parameterValues(store, q);
  const values = column.values.filter((v) => Number.isFinite(v));
  const missing = column.values.length - values.length;
  if (values.length === 0) throw new AppError('no_data', `no lot of ${material} in range has a value of '${q.parameter}'`, 'widen the filters or check the data');
  return { parameter: q.parameter, material, missing, ...(replicate ? { note: replicate.note } : {}), ...describe(values, options) };
}
