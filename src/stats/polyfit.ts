import { AppError } from '../core/errors.js';
import { extent } from './descriptive.js';
import { ols, type OlsFit } from './ols.js';
import { neumaierSum } from './sum.js';

/**
 * Least-squares polynomial y = b₀ + b₁x + … + b_d x^d, reported in powers of x (as NIST
 * certifies Filip, Wampler and Pontius).
 *
 * Raw powers of x are nearly collinear (Filip: x in [−9, −3], degree 10, a condition number far
 * beyond 1/ε), so the fit is made in u = (x − c)/h, which maps the data into [−1, 1] (h a power of two ≥ half the range), by
 * {@link ols} (centred, scaled Householder QR); the coefficients and their covariance are then
 * carried back to powers of x exactly by the binomial expansion
 * b_j = Σ_{k≥j} a_k C(k, j) (−c)^{k−j} / h^k, and Cov(b) = T Cov(a) Tᵀ, with compensated sums.
 * Residual sd and R² do not depend on the basis.
 *
 * @param x - predictor, finite
 * @param y - response, finite, same length
 * @param degree - polynomial degree ≥ 1
 * @param options - `intercept` (default true)
 * @example polyfit(new Float64Array([0, 1, 2, 3]), new Float64Array([1, 2, 5, 10.5]), 2).coefficients
 * @see NIST StRD Filip; G. E. Forsythe (1957), Generation and use of orthogonal polynomials for data-fitting, J. SIAM 5.
 */
export function polyfit(x: Float64Array, y: Float64Array, degree: number, options: { intercept?: boolean } = {}): OlsFit {
  if (!Number.isInteger(degree) || degree < 1) {
    throw new AppError('bad_degree', `polynomial degree ${String(degree)} is not a whole number ≥ 1`, 'give e.g. degree 2 for a quadratic');
  }
  const intercept = options.intercept ?? true;
  const { min, max } = extent(x);
  // Without an intercept the model must stay a polynomial through 0, so only scale (c = 0).
  const c = intercept ? (min + max) / 2 : 0;
  const half = intercept ? (max - min) / 2 : Math.max(Math.abs(min), Math.abs(max));
  // A power of two as the scale keeps u exact whenever x − c is (integer x: Wampler), so an exact
  // fit leaves exactly zero residuals.
  const h = half > 0 ? Math.pow(2, Math.ceil(Math.log2(half))) : 0;
  if (!(h > 0)) throw new AppError('rank_deficient', 'all x values are equal; no polynomial can be fitted', 'give at least degree + 1 distinct x values');
  const u = Float64Array.from(x, (v) => (v - c) / h);
  const powers: Float64Array[] = [];
  for (let d = 1; d <= degree; d++) powers.push(Float64Array.from(u, (v) => Math.pow(v, d)));
  const fit = ols(powers, y, { intercept });
  const off = intercept ? 0 : 1; // coefficient index → power
  const p = fit.p;
  // T[j][k]: contribution of a_k (power k + off of u) to b_j (power j + off of x).
  const T = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let k = j; k < p; k++) {
      const pj = j + off;
      const pk = k + off;
      T[j * p + k] = (binomial(pk, pj) * Math.pow(-c, pk - pj)) / Math.pow(h, pk);
    }
  }
  const b = new Float64Array(p);
  const cov = new Float64Array(p * p);
  const terms = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) terms[k] = T[j * p + k]! * fit.coefficients[k]!;
    b[j] = neumaierSum(terms);
  }
  // Cov(b) = T Cov(a) Tᵀ, in two compensated stages.
  const tc = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    for (let l = 0; l < p; l++) {
      for (let k = 0; k < p; k++) terms[k] = T[j * p + k]! * fit.covariance[k * p + l]!;
      tc[j * p + l] = neumaierSum(terms);
    }
  }
  for (let j = 0; j < p; j++) {
    for (let m = 0; m < p; m++) {
      for (let l = 0; l < p; l++) terms[l] = tc[j * p + l]! * T[m * p + l]!;
      cov[j * p + m] = neumaierSum(terms);
    }
  }
  const standardErrors = Float64Array.from({ length: p }, (_, i) => Math.sqrt(Math.max(0, cov[i * p + i]!)));
  return { ...fit, coefficients: b, standardErrors, covariance: cov };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}
