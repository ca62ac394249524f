import { Matrix, QrDecomposition } from 'ml-matrix';
import { AppError } from '../core/errors.js';
import { mean } from './descriptive.js';
import { requireCount, requireFinite } from './guard.js';
import { neumaierDot, neumaierSum } from './sum.js';

/** Options of {@link ols}. */
export interface OlsOptions {
  /** Fit an intercept (default true). Without it R² is the uncentred one, as NIST certifies it. */
  intercept?: boolean;
}

/** An ordinary least-squares fit. Coefficients are listed intercept first (when fitted). */
export interface OlsFit {
  n: number;
  /** Number of coefficients, intercept included. */
  p: number;
  coefficients: Float64Array;
  standardErrors: Float64Array;
  /** Covariance matrix of the coefficients, row-major p × p. */
  covariance: Float64Array;
  /** √(SSE/(n − p)). */
  residualSd: number;
  /** SSR/(SSR + SSE): centred with an intercept, uncentred without. */
  rSquared: number;
  sse: number;
  ssr: number;
  dfResidual: number;
  residuals: Float64Array;
  intercept: boolean;
}

/**
 * Ordinary least squares y = b₀ + Σ bⱼ xⱼ + e by Householder QR (ml-matrix), never by the normal
 * equations (which square the condition number). Numerical care, in order:
 * 1. centre y and every predictor on its accurate mean when an intercept is fitted (Longley,
 *    Wampler: removes the large common offset);
 * 2. scale every column to unit length (equilibration, so the rank test is relative);
 * 3. QR solve, then two steps of iterative refinement on the residual;
 * 4. standard errors from σ²(RᵀR)⁻¹ = σ² R⁻¹R⁻ᵀ, unscaled; the intercept's variance from
 *    σ²/n + x̄ᵀ Cov(b) x̄.
 * R² = SSR/(SSR + SSE) with SSR = Σŷ² of the centred fit, so neither R² near 0 (Wampler5) nor
 * near 1 (Wampler1) loses digits to cancellation.
 *
 * @param predictors - predictor columns x₁…x_k, each of length n, finite
 * @param y - response, length n, finite
 * @param options - `intercept` (default true)
 * @returns the fit; throws `rank_deficient` when a predictor is (numerically) a combination of the others,
 *   `too_few_values` when n ≤ number of coefficients
 * @example ols([new Float64Array([1, 2, 3])], new Float64Array([2, 4, 7])).coefficients // [-2/3, 2.5]
 * @see Å. Björck (1996), Numerical Methods for Least Squares Problems, SIAM, ch. 2; NIST StRD linear regression.
 */
export function ols(predictors: readonly Float64Array[], y: Float64Array, options: OlsOptions = {}): OlsFit {
  const intercept = options.intercept ?? true;
  const n = y.length;
  const k = predictors.length;
  const p = k + (intercept ? 1 : 0);
  requireFinite(y, 'regression response');
  predictors.forEach((x, j) => {
    requireFinite(x, `regression predictor ${j + 1}`);
    if (x.length !== n) throw new AppError('length_mismatch', `predictor ${j + 1} has ${x.length} values but the response has ${n}`, 'give one value of every predictor per observation');
  });
  requireCount(n, p + 1, `a regression with ${p} coefficients`);
  if (k === 0) throw new AppError('no_predictors', 'a regression needs at least one predictor', 'give a predictor column');

  // Phase 1: centre (with intercept) and scale.
  const xMeans = predictors.map((x) => (intercept ? mean(x) : 0));
  const yMean = intercept ? mean(y) : 0;
  const yc = Float64Array.from(y, (v) => v - yMean);
  const cols = predictors.map((x, j) => Float64Array.from(x, (v) => v - xMeans[j]!));
  const scales = cols.map((c) => Math.sqrt(neumaierDot(c, c)));
  scales.forEach((s, j) => {
    if (!(s > 0)) throw new AppError('rank_deficient', `predictor ${j + 1} is constant${intercept ? ' (collinear with the intercept)' : ' zero'}`, 'drop the predictor');
  });
  const Z = new Matrix(n, k);
  for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) Z.set(i, j, cols[j]![i]! / scales[j]!);

  // Phase 2: QR, rank check, solve and refine.
  const qr = new QrDecomposition(Z);
  const R = qr.upperTriangularMatrix;
  let maxDiag = 0;
  for (let j = 0; j < k; j++) maxDiag = Math.max(maxDiag, Math.abs(R.get(j, j)));
  for (let j = 0; j < k; j++) {
    if (Math.abs(R.get(j, j)) <= 1e-13 * maxDiag * Math.max(n, 10)) {
      throw new AppError('rank_deficient', `predictor ${j + 1} is (numerically) a linear combination of the others`, 'drop or combine collinear predictors');
    }
  }
  const a = new Float64Array(k);
  let r: Float64Array = yc;
  for (let iter = 0; iter < 3; iter++) {
    const delta = qr.solve(Matrix.columnVector(Array.from(r)));
    for (let j = 0; j < k; j++) a[j] = a[j]! + delta.get(j, 0);
    r = residualsOf(Z, yc, a);
  }

  // Phase 3: unscale, intercept, sums of squares.
  const b = Float64Array.from(a, (v, j) => v / scales[j]!);
  const fitted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const terms = new Float64Array(k);
    for (let j = 0; j < k; j++) terms[j] = b[j]! * cols[j]![i]!;
    fitted[i] = neumaierSum(terms);
  }
  const residuals = Float64Array.from(yc, (v, i) => v - fitted[i]!);
  const sse = neumaierDot(residuals, residuals);
  const ssr = neumaierDot(fitted, fitted);
  const dfResidual = n - p;
  const sigma2 = sse / dfResidual;

  // Phase 4: covariance σ² R⁻¹R⁻ᵀ, unscaled, then the intercept row/column.
  const Rinv = upperInverse(R, k);
  const covB = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const ri = Rinv.subarray(i * k, i * k + k);
      const rj = Rinv.subarray(j * k, j * k + k);
      const v = (sigma2 * neumaierDot(ri, rj)) / (scales[i]! * scales[j]!);
      covB[i * k + j] = v;
      covB[j * k + i] = v;
    }
  }
  const coefficients = new Float64Array(p);
  const covariance = new Float64Array(p * p);
  const off = intercept ? 1 : 0;
  for (let i = 0; i < k; i++) {
    coefficients[i + off] = b[i]!;
    for (let j = 0; j < k; j++) covariance[(i + off) * p + j + off] = covB[i * k + j]!;
  }
  if (intercept) {
    const xm = Float64Array.from(xMeans);
    coefficients[0] = yMean - neumaierDot(b, xm);
    const covXm = new Float64Array(k);
    for (let i = 0; i < k; i++) covXm[i] = neumaierDot(covB.subarray(i * k, i * k + k), xm);
    covariance[0] = sigma2 / n + neumaierDot(xm, covXm);
    for (let i = 0; i < k; i++) {
      covariance[i + 1] = -covXm[i]!;
      covariance[(i + 1) * p] = -covXm[i]!;
    }
  }
  const standardErrors = Float64Array.from({ length: p }, (_, i) => Math.sqrt(Math.max(0, covariance[i * p + i]!)));
  const total = ssr + sse;
  if (!(total > 0)) throw new AppError('zero_variance', 'the response has no variation around the fit to explain', 'check the response values');
  return { n, p, coefficients, standardErrors, covariance, residualSd: Math.sqrt(sigma2), rSquared: ssr / total, sse, ssr, dfResidual, residuals, intercept };
}

function residualsOf(Z: Matrix, y: Float64Array, a: Float64Array): Float64Array {
  const n = y.length;
  const k = a.length;
  const out = new Float64Array(n);
  const terms = new Float64Array(k + 1);
  for (let i = 0; i < n; i++) {
    terms[0] = y[i]!;
    for (let j = 0; j < k; j++) terms[j + 1] = -Z.get(i, j) * a[j]!;
    out[i] = neumaierSum(terms);
  }
  return out;
}

/** Inverse of the upper-triangular k × k leading block of R, row-major, by back substitution. */
function upperInverse(R: Matrix, k: number): Float64Array {
  const inv = new Float64Array(k * k);
  for (let col = 0; col < k; col++) {
    for (let i = col; i >= 0; i--) {
      let s = i === col ? 1 : 0;
      for (let j = i + 1; j <= col; j++) s -= R.get(i, j) * inv[j * k + col]!;
      inv[i * k + col] = s / R.get(i, i);
    }
  }
  return inv;
}
