/**
 * PCA for multivariate monitoring: a model of normal operation on the correlation matrix.
 */
import { AppError } from '../../core/errors.js';
import { choosePcaComponents, type CvOptions } from './mspc-cv.js';
import { thetas } from './mspc-limits.js';
import { completeRows, pickColumns } from './mspc-matrix.js';
import { pcaCore } from './pca-core.js';
import type { ComponentSelection, MspcTable, PcaModel } from './mspc-types.js';

/** Options of {@link fitPca}. */
export interface PcaOptions {
  /** Variables to use (default: every column of the table). */
  variables?: string[];
  /** Number of components A; when absent it is chosen by cross-validation. */
  components?: number;
  /** Cross-validation settings (used when `components` is absent). */
  cv?: CvOptions;
}

/**
 * Fits a PCA model on autoscaled data (mean and standard deviation with ddof = 1; the
 * correlation matrix), keeping A components, stated or chosen by cross-validation (see
 * {@link choosePcaComponents}). Rows with a missing value are left out and counted (`excluded`).
 *
 * @param table - training data, one row per observation (lot or time window)
 * @param options - variables (default all), components (default: by cross-validation)
 * @example
 * const model = fitPca(table, { components: 9 });
 * const scores = scoreModel(model, testTable, { confidence: 0.99 });
 * @see Jackson, A User's Guide to Principal Components (Wiley 1991); MacGregor & Kourti,
 *   Control Eng. Practice 3 (1995) 403–414
 */
export function fitPca(table: MspcTable, options: PcaOptions = {}): PcaModel {
  const variables = options.variables ?? table.columns.map((c) => c.name);
  if (variables.length < 2) throw new AppError('too_few_variables', `PCA needs at least 2 variables, got ${variables.length}`, 'choose more columns');
  const columns = pickColumns(table, variables);
  const rows = completeRows(columns, table.rows.length);
  const core = pcaCore(columns, variables, rows);
  const p = variables.length;
  const n = rows.length;
  let selection: ComponentSelection = { kind: 'stated' };
  let a = options.components;
  if (a === undefined) {
    const cv = choosePcaComponents(columns, variables, rows, options.cv);
    a = cv.components;
    selection = cv.selection;
  }
  if (!(Number.isInteger(a) && a >= 1 && a < p && a < n - 1)) {
    throw new AppError('bad_components', `${a} components is not possible with ${p} variables and ${n} complete observations`, `choose between 1 and ${Math.min(p, n - 1) - 1}`);
  }
  const total = core.eigenvalues.reduce((s, l) => s + Math.max(0, l), 0);
  return {
    kind: 'pca',
    variables,
    scaling: core.scaling,
    n,
    excluded: table.rows.length - n,
    components: a,
    scoreVariance: core.eigenvalues.slice(0, a),
    speTheta: thetas(core.eigenvalues.slice(a)),
    selection,
    loadings: core.vectors.slice(0, a),
    eigenvalues: core.eigenvalues,
    explained: core.eigenvalues.slice(0, a).map((l) => l / total),
  };
}
