/**
 * Choosing the number of components by cross-validation, for PCA and PLS.
 *
 * Rows are split into `folds` groups (row r of the complete rows goes to group r mod folds, as
 * SIMCA's default of 7 interleaved groups). Each group is left out in turn, the model is fitted
 * on the rest (scaling included) and the left-out rows are predicted; PRESS sums the squared
 * prediction errors in autoscaled units, Q² = 1 − PRESS_A / PRESS_0.
 *
 * Rule (documented in docs/mspc.md): A is the number of components with the smallest PRESS
 * (the smallest such A on a tie). On Tennessee Eastman (d00, 52 variables) this gives A = 9.
 */
import { AppError } from '../../core/errors.js';
import { fitScaling, scaled } from './mspc-matrix.js';
import { pcaCore } from './pca-core.js';
import { plsCore } from './pls-core.js';
import type { ComponentSelection } from './mspc-types.js';

/** Cross-validation settings. */
export interface CvOptions {
  /** Number of groups (default 7). */
  folds?: number;
  /** Largest A tried (default min(p − 1, n − folds − 2, 20)). */
  maxComponents?: number;
}

/** The chosen A and the curve it came from. */
export interface CvResult {
  components: number;
  selection: Extract<ComponentSelection, { kind: 'cv' }>;
}

function settings(opts: CvOptions | undefined, p: number, n: number): { folds: number; maxA: number } {
  const folds = opts?.folds ?? 7;
  if (!(Number.isInteger(folds) && folds >= 2 && folds <= n)) throw new AppError('bad_folds', `${folds} cross-validation groups is not possible with ${n} observations`, 'use between 2 and n groups (default 7)');
  const maxA = Math.min(opts?.maxComponents ?? 20, p - 1, n - Math.ceil(n / folds) - 2);
  if (maxA < 1) throw new AppError('too_few_observations', `cross-validation needs more observations than ${n} for ${p} variables`, 'state the number of components instead');
  return { folds, maxA };
}

function choose(press: number[], folds: number): CvResult {
  let a = 1;
  for (let k = 2; k < press.length; k++) if (press[k]! < press[a]!) a = k;
  const q2 = press.map((v) => 1 - v / press[0]!);
  return { components: a, selection: { kind: 'cv', folds, press, q2 } };
}

function split(rows: number[], folds: number, k: number): { train: number[]; test: number[] } {
  const train: number[] = [], test: number[] = [];
  rows.forEach((r, i) => (i % folds === k ? test : train).push(r));
  return { train, test };
}

/**
 * PCA cross-validation by leaving out, for each left-out row, one variable at a time and
 * predicting it from the others through the model (the "ekf" scheme of Bro et al.): row-wise
 * PRESS alone cannot choose A for PCA because it always falls as A grows. With orthonormal
 * loadings P and p_j the j-th row of P, the least-squares scores from the other variables give
 * x̂_j = (p_jᵀPᵀx − |p_j|²x_j) / (1 − |p_j|²) (Sherman–Morrison), O(A) per variable.
 *
 * @see Bro, Kjeldahl, Smilde & Kiers, Anal. Bioanal. Chem. 390 (2008) 1241–1251
 * @example choosePcaComponents(columns, names, rows).components // 9 on Tennessee Eastman d00
 */
export function choosePcaComponents(columns: Float64Array[], names: string[], rows: number[], opts?: CvOptions): CvResult {
  const p = columns.length;
  const { folds, maxA } = settings(opts, p, rows.length);
  const press = new Array<number>(maxA + 1).fill(0);
  for (let k = 0; k < folds; k++) {
    const { train, test } = split(rows, folds, k);
    const core = pcaCore(columns, names, train);
    const z = scaled(columns, core.scaling, test);
    const s = new Float64Array(maxA);
    for (let i = 0; i < z.rows; i++) {
      const row = z.data.subarray(i * p, (i + 1) * p);
      for (let a = 0; a < maxA; a++) {
        const v = core.vectors[a]!;
        let acc = 0;
        for (let j = 0; j < p; j++) acc += v[j]! * row[j]!;
        s[a] = acc;
      }
      for (let j = 0; j < p; j++) {
        const xj = row[j]!;
        press[0]! += xj * xj;
        let ps = 0, q = 0;
        for (let a = 0; a < maxA; a++) {
          const pja = core.vectors[a]![j]!;
          ps += pja * s[a]!;
          q += pja * pja;
          const hat = (ps - q * xj) / Math.max(1 - q, 1e-12);
          press[a + 1]! += (xj - hat) ** 2;
        }
      }
    }
  }
  return choose(press, folds);
}

/**
 * PLS cross-validation: row-wise, PRESS of Y (all Y variables, autoscaled) for A = 1…max,
 * using the fact that the first A columns of R = W(PᵀW)⁻¹ are those of the A-component model.
 *
 * @see Wold, Sjöström & Eriksson, Chemometr. Intell. Lab. Syst. 58 (2001) 109–130
 * @example choosePlsComponents(xCols, yCols, xNames, yNames, rows, { folds: 7 }).selection.q2
 */
export function choosePlsComponents(
  xc: Float64Array[],
  yc: Float64Array[],
  xNames: string[],
  yNames: string[],
  rows: number[],
  opts?: CvOptions,
): CvResult {
  const p = xc.length, m = yc.length;
  const { folds } = settings(opts, p + 1, rows.length);
  // At most p − 1 components, so the model leaves an X residual for SPE and its limit.
  const maxA = Math.min(opts?.maxComponents ?? 20, Math.max(1, p - 1), rows.length - Math.ceil(rows.length / folds) - 2);
  const press = new Array<number>(maxA + 1).fill(0);
  for (let k = 0; k < folds; k++) {
    const { train, test } = split(rows, folds, k);
    const xs = fitScaling(xc, xNames, train);
    const ys = fitScaling(yc, yNames, train);
    const core = plsCore(scaled(xc, xs, train), scaled(yc, ys, train), maxA);
    const xt = scaled(xc, xs, test);
    const yt = scaled(yc, ys, test);
    for (let i = 0; i < xt.rows; i++) {
      const yhat = new Float64Array(m);
      for (let k2 = 0; k2 < m; k2++) press[0]! += yt.data[i * m + k2]! ** 2;
      for (let a = 0; a < maxA; a++) {
        const r = core.rotations[a]!;
        let t = 0;
        for (let j = 0; j < p; j++) t += xt.data[i * p + j]! * r[j]!;
        const c = core.yLoadings[a]!;
        for (let k2 = 0; k2 < m; k2++) {
          yhat[k2]! += t * c[k2]!;
          press[a + 1]! += (yt.data[i * m + k2]! - yhat[k2]!) ** 2;
        }
      }
    }
  }
  return choose(press, folds);
}
