/**
 * NIPALS PLS2 on autoscaled X and Y: the algorithm behind {@link fitPls} and its
 * cross-validation.
 */
import { inverse, Matrix } from 'ml-matrix';
import { AppError } from '../../core/errors.js';
import type { Dense } from './mspc-matrix.js';

/** Components of a PLS fit, one array per component. */
export interface PlsCore {
  weights: number[][];
  loadings: number[][];
  yLoadings: number[][];
  rotations: number[][];
  /** X scores, n × A. */
  scores: Dense;
  /** X residual after A components, n × p. */
  residual: Dense;
  /** Cumulative R² of X and Y after each component. */
  r2x: number[];
  r2y: number[];
}

const MAX_ITER = 1000;
const TOL = 1e-14;

function sumSq(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return s;
}

/**
 * A components by NIPALS (Wold): for each component the X weight w ∝ Eᵀu, score t = Ew,
 * Y loading c = Fᵀt/tᵀt, Y score u = Fc/cᵀc until t converges; then the X loading
 * p = Eᵀt/tᵀt and deflation E −= tpᵀ, F −= tcᵀ. R = W(PᵀW)⁻¹ gives scores of new rows as t = xR.
 *
 * @see Wold, Sjöström & Eriksson, Chemometr. Intell. Lab. Syst. 58 (2001) 109–130;
 *   Dunn, Process Improvement Using Data, ch. 6 (PLS)
 *
 * @example plsCore(xScaled, yScaled, 6).rotations
 */
export function plsCore(x: Dense, y: Dense, components: number): PlsCore {
  const { rows: n, cols: p } = x;
  const m = y.cols;
  const e = Float64Array.from(x.data);
  const f = Float64Array.from(y.data);
  const ssx0 = sumSq(e);
  const ssy0 = sumSq(f);
  const W: number[][] = [], P: number[][] = [], C: number[][] = [];
  const T = new Float64Array(n * components);
  const r2x: number[] = [], r2y: number[] = [];
  for (let a = 0; a < components; a++) {
    // Start u at the Y column with the most remaining variance.
    let best = 0, bestSs = -1;
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += f[i * m + k]! ** 2;
      if (s > bestSs) (bestSs = s), (best = k);
    }
    if (!(bestSs > 1e-20)) throw new AppError('pls_no_y_variance', `Y has no variance left after ${a} components`, `use at most ${a} components`);
    let u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = f[i * m + best]!;
    let t = new Float64Array(n);
    const w = new Float64Array(p);
    const c = new Float64Array(m);
    for (let iter = 0; iter < MAX_ITER; iter++) {
      w.fill(0);
      for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) w[j]! += e[i * p + j]! * u[i]!;
      const wn = Math.sqrt(sumSq(w));
      if (!(wn > 0)) throw new AppError('pls_no_x_variance', `X has no variance left after ${a} components`, `use at most ${a} components`);
      for (let j = 0; j < p; j++) w[j]! /= wn;
      const tNew = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < p; j++) s += e[i * p + j]! * w[j]!;
        tNew[i] = s;
      }
      const tt = sumSq(tNew);
      c.fill(0);
      for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) c[k]! += f[i * m + k]! * tNew[i]!;
      for (let k = 0; k < m; k++) c[k]! /= tt;
      const cc = sumSq(c);
      u = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += f[i * m + k]! * c[k]!;
        u[i] = s / cc;
      }
      let diff = 0;
      for (let i = 0; i < n; i++) diff += (tNew[i]! - t[i]!) ** 2;
      t = tNew;
      if (m === 1 || diff / tt < TOL) break;
    }
    const tt = sumSq(t);
    const pa = new Float64Array(p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) pa[j]! += e[i * p + j]! * t[i]!;
    for (let j = 0; j < p; j++) pa[j]! /= tt;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) e[i * p + j]! -= t[i]! * pa[j]!;
      for (let k = 0; k < m; k++) f[i * m + k]! -= t[i]! * c[k]!;
      T[i * components + a] = t[i]!;
    }
    W.push(Array.from(w));
    P.push(Array.from(pa));
    C.push(Array.from(c));
    r2x.push(1 - sumSq(e) / ssx0);
    r2y.push(1 - sumSq(f) / ssy0);
  }
  // R = W (PᵀW)⁻¹ (p × A): maps an autoscaled row straight to its scores.
  const Wm = new Matrix(W).transpose();
  const Pm = new Matrix(P).transpose();
  const R = Wm.mmul(inverse(Pm.transpose().mmul(Wm)));
  const rotations = Array.from({ length: components }, (_, a) => R.getColumn(a));
  return {
    weights: W,
    loadings: P,
    yLoadings: C,
    rotations,
    scores: { rows: n, cols: components, data: T },
    residual: { rows: n, cols: p, data: e },
    r2x,
    r2y,
  };
}
