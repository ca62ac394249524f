/**
 * PLS for multivariate monitoring and prediction: X (process) related to Y (quality).
 */
import { AppError } from '../../core/errors.js';
import { choosePlsComponents, type CvOptions } from './mspc-cv.js';
import { columnVariance, completeRows, crossProduct, fitScaling, pickColumns, scaled } from './mspc-matrix.js';
import { plsCore } from './pls-core.js';
import type { ComponentSelection, MspcTable, PlsModel } from './mspc-types.js';

/** Options of {@link fitPls}. */
export interface PlsOptions {
  /** X variables (process). */
  x: string[];
  /** Y variables (quality), one or more (PLS2). */
  y: string[];
  /** Number of components A; when absent it is chosen by cross-validation of Y. */
  components?: number;
  /** Cross-validation settings (used when `components` is absent). */
  cv?: CvOptions;
}

/**
 * θ1, θ2, θ3 of the residual covariance S = EᵀE/(n−1) as traces of S, S², S³, which equal the
 * sums of its eigenvalues, their squares and cubes without decomposing S.
 */
function residualTheta(e: Parameters<typeof crossProduct>[0]): [number, number, number] {
  const s = crossProduct(e);
  const p = s.length;
  let t1 = 0, t2 = 0, t3 = 0;
  const s2 = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    t1 += s[i]![i]!;
    for (let j = 0; j < p; j++) {
      t2 += s[i]![j]! ** 2;
      let v = 0;
      for (let k = 0; k < p; k++) v += s[i]![k]! * s[k]![j]!;
      s2[i]![j] = v;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) t3 += s2[i]![j]! * s[j]![i]!;
  return [t1, t2, t3];
}

/**
 * Fits a PLS2 model by NIPALS on autoscaled X and Y (ddof = 1), A components stated or chosen
 * by cross-validation (see {@link choosePlsComponents}). T² uses the variance of each score
 * column; SPE is the squared X residual, its limit by Jackson–Mudholkar from the residual
 * covariance. Rows with a missing X or Y value are left out and counted (`excluded`).
 *
 * @param table - training data
 * @param options - x and y variable names; components (default: by cross-validation)
 * @example
 * const model = fitPls(ldpe, { x: ['Tin', 'Tmax1'], y: ['Conv'], components: 1 });
 * @see Wold, Sjöström & Eriksson, Chemometr. Intell. Lab. Syst. 58 (2001) 109–130;
 *   MacGregor, Jaeckle, Kiparissides & Koutoudi, AIChE J. 40 (1994) 826–838
 */
export function fitPls(table: MspcTable, options: PlsOptions): PlsModel {
  const { x: xNames, y: yNames } = options;
  if (xNames.length < 1 || yNames.length < 1) throw new AppError('too_few_variables', 'PLS needs at least one X and one Y variable', 'give both');
  const xc = pickColumns(table, xNames);
  const yc = pickColumns(table, yNames);
  const rows = completeRows([...xc, ...yc], table.rows.length);
  const xs = fitScaling(xc, xNames, rows);
  const ys = fitScaling(yc, yNames, rows);
  const x = scaled(xc, xs, rows);
  const y = scaled(yc, ys, rows);
  const n = rows.length;
  const p = xNames.length;
  let selection: ComponentSelection = { kind: 'stated' };
  let a = options.components;
  if (a === undefined) {
    const cv = choosePlsComponents(xc, yc, xNames, yNames, rows, options.cv);
    a = cv.components;
    selection = cv.selection;
  }
  if (!(Number.isInteger(a) && a >= 1 && a <= p && a < n - 1)) {
    throw new AppError('bad_components', `${a} components is not possible with ${p} X variables and ${n} complete observations`, `choose between 1 and ${Math.min(p, n - 2)}`);
  }
  const core = plsCore(x, y, a);
  return {
    kind: 'pls',
    variables: xNames,
    scaling: xs,
    n,
    excluded: table.rows.length - n,
    components: a,
    scoreVariance: columnVariance(core.scores),
    speTheta: residualTheta(core.residual),
    selection,
    yVariables: yNames,
    yScaling: ys,
    weights: core.weights,
    loadings: core.loadings,
    yLoadings: core.yLoadings,
    rotations: core.rotations,
    r2x: core.r2x,
    r2y: core.r2y,
  };
}
