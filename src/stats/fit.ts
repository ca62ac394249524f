import { AppError } from '../core/errors.js';
import { normCdf, normInv } from '../spc/dist.js';
import { requireCount } from './guard.js';
import { adStatistic } from './normality.js';

/** A fitted continuous distribution: parameters, CDF, survival and quantile functions. */
export type FittedDistribution =
  | { kind: 'normal'; mean: number; sd: number }
  | { kind: 'lognormal'; meanlog: number; sdlog: number }
  | { kind: 'weibull'; shape: number; scale: number };

/** F(x) of a fitted distribution. */
export function cdf(d: FittedDistribution, x: number): number {
  switch (d.kind) {
    case 'normal':
      return normCdf((x - d.mean) / d.sd);
    case 'lognormal':
      return x <= 0 ? 0 : normCdf((Math.log(x) - d.meanlog) / d.sdlog);
    case 'weibull':
      return x <= 0 ? 0 : -Math.expm1(-((x / d.scale) ** d.shape));
  }
}

/** 1 − F(x), computed without cancellation in the upper tail. */
export function survival(d: FittedDistribution, x: number): number {
  switch (d.kind) {
    case 'normal':
      return normCdf((d.mean - x) / d.sd);
    case 'lognormal':
      return x <= 0 ? 1 : normCdf((d.meanlog - Math.log(x)) / d.sdlog);
    case 'weibull':
      return x <= 0 ? 1 : Math.exp(-((x / d.scale) ** d.shape));
  }
}

/** The p-quantile, 0 < p < 1. @example quantile({ kind: 'weibull', shape: 1, scale: 1 }, 0.5) // ln 2 */
export function quantile(d: FittedDistribution, p: number): number {
  switch (d.kind) {
    case 'normal':
      return d.mean + d.sd * normInv(p);
    case 'lognormal':
      return Math.exp(d.meanlog + d.sdlog * normInv(p));
    case 'weibull':
      return d.scale * (-Math.log1p(-p)) ** (1 / d.shape);
  }
}

function requirePositive(values: Float64Array, what: string): void {
  requireCount(values.length, 3, `a ${what} fit`, 'collect more lots');
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) throw new AppError('not_positive', `a ${what} fit needs positive values; found ${v}`, 'use a normal or Box-Cox analysis with a shift, or check the data');
  }
}

/**
 * Log-normal fit by maximum likelihood: meanlog = mean(ln x), sdlog = √(mean((ln x − meanlog)²)).
 * @example fitLognormal(Float64Array.of(1, Math.E, Math.E ** 2)) // meanlog 1, sdlog √(2/3)
 */
export function fitLognormal(values: Float64Array): FittedDistribution & { kind: 'lognormal' } {
  requirePositive(values, 'log-normal');
  const n = values.length;
  let m = 0;
  for (const v of values) m += Math.log(v);
  m /= n;
  let ss = 0;
  for (const v of values) ss += (Math.log(v) - m) ** 2;
  const sdlog = Math.sqrt(ss / n);
  if (!(sdlog > 0)) throw new AppError('zero_variance', 'all values are equal; no log-normal spread to fit', 'check the data');
  return { kind: 'lognormal', meanlog: m, sdlog };
}

/**
 * Two-parameter Weibull fit by maximum likelihood: the shape k solves
 * Σxᵏ ln x / Σxᵏ − 1/k − mean(ln x) = 0 (Newton's method, safeguarded by bisection; values are
 * divided by their maximum first so xᵏ cannot overflow), then scale = (mean(xᵏ))^(1/k).
 *
 * @example fitWeibull(values).shape
 * @see Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions Vol. 1, ch. 21
 */
export function fitWeibull(values: Float64Array): FittedDistribution & { kind: 'weibull' } {
  requirePositive(values, 'Weibull');
  const n = values.length;
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  const ln = Float64Array.from(values, (v) => Math.log(v / max));
  let meanLn = 0;
  for (const l of ln) meanLn += l;
  meanLn /= n;
  if (ln.every((l) => l === ln[0])) throw new AppError('zero_variance', 'all values are equal; no Weibull spread to fit', 'check the data');
  // g(k) is increasing in k; g → −∞ as k → 0 and → −mean(ln x) > 0 as k → ∞.
  const g = (k: number): [number, number] => {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (const l of ln) {
      const w = Math.exp(k * l);
      s0 += w;
      s1 += w * l;
      s2 += w * l * l;
    }
    return [s1 / s0 - 1 / k - meanLn, (s2 / s0 - (s1 / s0) ** 2) + 1 / (k * k)];
  };
  let lo = 1e-3;
  let hi = 1;
  while (g(hi)[0] < 0) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) throw new AppError('fit_failed', 'the Weibull shape does not converge (the values are nearly constant)', 'use a normal analysis');
  }
  let k = (lo + hi) / 2;
  for (let it = 0; it < 200; it++) {
    const [f, df] = g(k);
    if (f > 0) hi = k;
    else lo = k;
    let next = k - f / df;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - k) <= 1e-13 * k) {
      k = next;
      break;
    }
    k = next;
  }
  let mk = 0;
  for (const l of ln) mk += Math.exp(k * l);
  const scale = max * (mk / n) ** (1 / k);
  return { kind: 'weibull', shape: k, scale };
}

/** Anderson–Darling A² of the data against a fitted distribution (smaller is a better fit). */
export function goodnessOfFit(values: Float64Array, d: FittedDistribution): number {
  const sorted = Float64Array.from(values).sort();
  return adStatistic(sorted, (x) => cdf(d, x), (x) => survival(d, x));
}

/** Box-Cox transform y = (x^λ − 1)/λ, or ln x for λ = 0. */
export function boxCox(x: number, lambda: number): number {
  return Math.abs(lambda) < 1e-12 ? Math.log(x) : (x ** lambda - 1) / lambda;
}

/**
 * Box-Cox λ by maximum likelihood: maximises the profile log-likelihood
 * ℓ(λ) = −(n/2) ln σ̂²(λ) + (λ − 1) Σ ln x over λ ∈ [−5, 5] (grid, then golden-section search).
 *
 * @param values - positive values
 * @returns λ and the maximised log-likelihood (up to a constant)
 * @see Box, G.E.P. & Cox, D.R. (1964) J. Royal Statistical Society B 26(2)
 */
export function boxCoxLambda(values: Float64Array): { lambda: number; logLik: number } {
  requirePositive(values, 'Box-Cox');
  const n = values.length;
  let sumLn = 0;
  for (const v of values) sumLn += Math.log(v);
  const ll = (lambda: number): number => {
    let m = 0;
    for (const v of values) m += boxCox(v, lambda);
    m /= n;
    let ss = 0;
    for (const v of values) ss += (boxCox(v, lambda) - m) ** 2;
    return -(n / 2) * Math.log(ss / n) + (lambda - 1) * sumLn;
  };
  let best = -5;
  let bestLl = -Infinity;
  for (let l = -5; l <= 5 + 1e-9; l += 0.25) {
    const v = ll(l);
    if (v > bestLl) [best, bestLl] = [l, v];
  }
  let a = Math.max(-5, best - 0.25);
  let b = Math.min(5, best + 0.25);
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = ll(c);
  let fd = ll(d);
  while (b - a > 1e-9) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = ll(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = ll(d);
    }
  }
  const lambda = (a + b) / 2;
  return { lambda, logLik: ll(lambda) };
}

/** Density f(x) of a fitted distribution (for drawing the fitted curve). */
export function density(d: FittedDistribution, x: number): number {
  switch (d.kind) {
    case 'normal':
      return Math.exp(-0.5 * ((x - d.mean) / d.sd) ** 2) / (d.sd * Math.sqrt(2 * Math.PI));
    case 'lognormal':
      return x <= 0 ? 0 : Math.exp(-0.5 * ((Math.log(x) - d.meanlog) / d.sdlog) ** 2) / (x * d.sdlog * Math.sqrt(2 * Math.PI));
    case 'weibull':
      return x <= 0 ? 0 : (d.shape / d.scale) * (x / d.scale) ** (d.shape - 1) * Math.exp(-((x / d.scale) ** d.shape));
  }
}
