/**
 * Dense row-major matrices for the MSPC modules and the autoscaling step. Data arrive as
 * columns (Float64Array per variable); the models work on the autoscaled n × p matrix.
 */
import { AppError } from '../../core/errors.js';
import type { MspcTable, Scaling } from './mspc-types.js';

/** A dense row-major matrix: element (i, j) is `data[i * cols + j]`. */
export interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * The columns of `table` named `names`, in that order; an unknown name is a user error.
 *
 * @example pickColumns(table, ['TT1', 'PT2'])
 */
export function pickColumns(table: MspcTable, names: string[]): Float64Array[] {
  return names.map((name) => {
    const c = table.columns.find((col) => col.name === name);
    if (!c) {
      throw new AppError('unknown_variable', `variable '${name}' is not in the data`, `the data have: ${table.columns.map((x) => x.name).join(', ')}`);
    }
    return c.values;
  });
}

/**
 * Indices of the rows where every given column is a finite number.
 *
 * @example completeRows([Float64Array.from([1, NaN, 3])], 3) // [0, 2]
 */
export function completeRows(columns: Float64Array[], n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (columns.every((c) => Number.isFinite(c[i]!))) out.push(i);
  return out;
}

/**
 * Mean and standard deviation (ddof = 1) of each column over the chosen rows. A column with no
 * variance cannot be autoscaled and is reported by name.
 *
 * @example fitScaling([Float64Array.from([1, 2, 3])], ['x'], [0, 1, 2]) // { mean: [2], sd: [1] }
 */
export function fitScaling(columns: Float64Array[], names: string[], rows: number[]): Scaling {
  const n = rows.length;
  if (n < 3) throw new AppError('too_few_observations', `a model needs at least 3 complete observations, got ${n}`, 'choose more lots or a longer time range; rows with a missing value are left out');
  const mean: number[] = [];
  const sd: number[] = [];
  columns.forEach((c, j) => {
    let s = 0;
    for (const i of rows) s += c[i]!;
    const m = s / n;
    let ss = 0;
    for (const i of rows) ss += (c[i]! - m) ** 2;
    const d = Math.sqrt(ss / (n - 1));
    if (!(d > 1e-12 * Math.max(1, Math.abs(m)))) {
      throw new AppError('zero_variance', `variable '${names[j]}' has no variance in the training data (all ${m})`, 'leave it out of the model');
    }
    mean.push(m);
    sd.push(d);
  });
  return { mean, sd };
}

/**
 * The autoscaled matrix of the chosen rows (NaN stays NaN).
 *
 * @example scaled([Float64Array.from([1, 2, 3])], { mean: [2], sd: [1] }, [0, 2]).data // [-1, 1]
 */
export function scaled(columns: Float64Array[], scaling: Scaling, rows: number[]): Dense {
  const p = columns.length;
  const data = new Float64Array(rows.length * p);
  rows.forEach((i, r) => {
    for (let j = 0; j < p; j++) data[r * p + j] = (columns[j]![i]! - scaling.mean[j]!) / scaling.sd[j]!;
  });
  return { rows: rows.length, cols: p, data };
}

/**
 * XᵀX / (n − 1) of a dense matrix (the covariance of centred data).
 *
 * @example crossProduct({ rows: 2, cols: 1, data: Float64Array.from([-1, 1]) }) // [[2]]
 */
export function crossProduct(x: Dense): number[][] {
  const { rows: n, cols: p, data } = x;
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const xa = data[o + a]!;
      if (xa === 0) continue;
      const row = out[a]!;
      for (let b = a; b < p; b++) row[b]! += xa * data[o + b]!;
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const v = out[a]![b]! / (n - 1);
      out[a]![b] = v;
      out[b]![a] = v;
    }
  }
  return out;
}

/**
 * Scores T = X·V for component vectors V (one array of length p each): n × A.
 *
 * @example project(z, model.loadings) // scores, n × A
 */
export function project(x: Dense, vectors: number[][]): Dense {
  const { rows: n, cols: p, data } = x;
  const a = vectors.length;
  const out = new Float64Array(n * a);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < a; k++) {
      const v = vectors[k]!;
      let s = 0;
      for (let j = 0; j < p; j++) s += data[i * p + j]! * v[j]!;
      out[i * a + k] = s;
    }
  }
  return { rows: n, cols: a, data: out };
}

/**
 * Sample variance (ddof = 1) of each column of a dense matrix.
 *
 * @example columnVariance({ rows: 3, cols: 1, data: Float64Array.from([1, 2, 3]) }) // [1]
 */
export function columnVariance(x: Dense): number[] {
  const out: number[] = [];
  for (let k = 0; k < x.cols; k++) {
    let s = 0, ss = 0;
    for (let i = 0; i < x.rows; i++) s += x.data[i * x.cols + k]!;
    const m = s / x.rows;
    for (let i = 0; i < x.rows; i++) ss += (x.data[i * x.cols + k]! - m) ** 2;
    out.push(ss / (x.rows - 1));
  }
  return out;
}
