/**
 * The eigen-decomposition behind PCA: autoscale the chosen rows, form the correlation matrix
 * and decompose it. Shared by {@link fitPca} and its cross-validation.
 */
import { EigenvalueDecomposition } from 'ml-matrix';
import { crossProduct, fitScaling, scaled, type Dense } from './mspc-matrix.js';
import type { Scaling } from './mspc-types.js';

/** Scaling, eigenvalues (largest first) and unit eigenvectors of the correlation matrix. */
export interface PcaCore {
  scaling: Scaling;
  x: Dense;
  eigenvalues: number[];
  vectors: number[][];
}

/**
 * Principal components of the chosen rows: the eigenvectors of XᵀX/(n−1) of the autoscaled
 * data (ddof = 1), sorted by eigenvalue. Each vector's sign is fixed so that its largest
 * element (in absolute value) is positive, so a model refitted on the same data is identical.
 *
 * @example pcaCore(columns, names, rows).eigenvalues
 */
export function pcaCore(columns: Float64Array[], names: string[], rows: number[]): PcaCore {
  const scaling = fitScaling(columns, names, rows);
  const x = scaled(columns, scaling, rows);
  const evd = new EigenvalueDecomposition(crossProduct(x), { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vecs = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const eigenvalues = order.map((i) => values[i]!);
  const vectors = order.map((i) => {
    const v = vecs.getColumn(i);
    let big = 0;
    for (const e of v) if (Math.abs(e) > Math.abs(big)) big = e;
    return big < 0 ? v.map((e) => -e) : v;
  });
  return { scaling, x, eigenvalues, vectors };
}
