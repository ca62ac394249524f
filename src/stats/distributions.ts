import betainc from '@stdlib/math-base-special-betainc';
import betaincinv from '@stdlib/math-base-special-betaincinv';
import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaincinv from '@stdlib/math-base-special-gammaincinv';
import gammaln from '@stdlib/math-base-special-gammaln';
import { requirePositive, requireProbability } from './guard.js';

/**
 * A continuous distribution: cdf P(X ≤ x), sf P(X > x) computed directly (not 1 − cdf, which
 * loses every digit in the far tail), density and quantile.
 */
export interface Distribution {
  cdf(x: number): number;
  sf(x: number): number;
  pdf(x: number): number;
  /** x with cdf(x) = p, 0 < p < 1. */
  quantile(p: number): number;
  /** x with sf(x) = q, 0 < q < 1 (accurate for small q, e.g. critical values). */
  upperQuantile(q: number): number;
}

/*
 * Everything is built on the regularized incomplete beta and gamma functions of @stdlib (ports
 * of the Boost algorithms, ~1e-15 relative accuracy, with separate upper tails). jStat's
 * incomplete beta was measured at ~1e-8 absolute error (t quantile 0.975, df 10 came out as
 * 2.2281388425 instead of 2.2281388520); see docs/statistics.md.
 */

/** One Newton step on the side where the function is accurate; polishes inverse-function output. */
function polish(x0: number, f: (x: number) => number, target: number, pdf: (x: number) => number, sign: 1 | -1): number {
  let x = x0;
  for (let k = 0; k < 3; k++) {
    const d = pdf(x);
    if (!(d > 0) || !Number.isFinite(x)) break;
    const step = (sign * (f(x) - target)) / d;
    const next = x - step;
    if (!Number.isFinite(next)) break;
    if (Math.abs(step) <= 4 * Number.EPSILON * Math.abs(x)) return next;
    x = next;
  }
  return x;
}

/**
 * Standard normal distribution N(0, 1).
 *
 * @example normal.quantile(0.975) // 1.959963984540054
 * @see M. Abramowitz, I. A. Stegun (1964), Handbook of Mathematical Functions, 26.2.
 */
export const normal: Distribution = {
  cdf: (x) => 0.5 * erfc(-x / Math.SQRT2),
  sf: (x) => 0.5 * erfc(x / Math.SQRT2),
  pdf: (x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI),
  quantile: (p) => {
    requireProbability(p, 'normal quantile');
    return -Math.SQRT2 * erfcinv(2 * p);
  },
  upperQuantile: (q) => {
    requireProbability(q, 'normal upper quantile');
    return Math.SQRT2 * erfcinv(2 * q);
  },
};

/**
 * Student's t distribution with `df` degrees of freedom (df may be fractional, as Welch's test needs).
 * P(T > |t|) = ½ I_{ν/(ν+t²)}(ν/2, ½), evaluated on whichever side of the beta argument is accurate.
 *
 * @param df - degrees of freedom, > 0
 * @example studentT(10).quantile(0.975) // 2.228138851986274
 * @see Abramowitz & Stegun 26.7.1; 26.5 (incomplete beta).
 */
export function studentT(df: number): Distribution {
  requirePositive(df, 't degrees of freedom');
  const tail = (t: number): number => {
    const t2 = t * t;
    const x = df / (df + t2);
    return x < 0.5 ? 0.5 * betainc(x, df / 2, 0.5) : 0.5 * betainc(t2 / (df + t2), 0.5, df / 2, true, true);
  };
  const cdf = (t: number): number => (t <= 0 ? tail(t) : 1 - tail(t));
  const sf = (t: number): number => (t >= 0 ? tail(t) : 1 - tail(t));
  const pdf = (t: number): number =>
    Math.exp(gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
  // |t| with P(T > |t|) = a, a ≤ 1/2: I_x(ν/2, ½) = 2a; t² = ν(1 − x)/x.
  const upperAbs = (a: number): number => {
    const x = betaincinv(2 * a, df / 2, 0.5);
    const y = betaincinv(2 * a, 0.5, df / 2, true); // 1 − x without cancellation
    const t = Math.sqrt((df * (x < 0.5 ? 1 - x : y)) / (x < 0.5 ? x : 1 - y));
    return polish(t, sf, a, pdf, -1);
  };
  return {
    cdf,
    sf,
    pdf,
    quantile: (p) => {
      requireProbability(p, 't quantile');
      if (p === 0.5) return 0;
      return p < 0.5 ? -upperAbs(p) : upperAbs(1 - p);
    },
    upperQuantile: (q) => {
      requireProbability(q, 't upper quantile');
      if (q === 0.5) return 0;
      return q < 0.5 ? upperAbs(q) : -upperAbs(1 - q);
    },
  };
}

/**
 * Chi-square distribution with `df` degrees of freedom: P(X ≤ x) = P(df/2, x/2) (regularized
 * lower incomplete gamma).
 *
 * @param df - degrees of freedom, > 0
 * @example chiSquare(10).quantile(0.95) // 18.307038053275146
 * @see Abramowitz & Stegun 26.4.
 */
export function chiSquare(df: number): Distribution {
  requirePositive(df, 'chi-square degrees of freedom');
  const k = df / 2;
  const cdf = (x: number): number => (x <= 0 ? 0 : gammainc(x / 2, k));
  const sf = (x: number): number => (x <= 0 ? 1 : gammainc(x / 2, k, true, true));
  const pdf = (x: number): number => (x <= 0 ? 0 : Math.exp((k - 1) * Math.log(x / 2) - x / 2 - gammaln(k)) / 2);
  return {
    cdf,
    sf,
    pdf,
    quantile: (p) => {
      requireProbability(p, 'chi-square quantile');
      return p <= 0.5 ? polish(2 * gammaincinv(p, k), cdf, p, pdf, 1) : polish(2 * gammaincinv(1 - p, k, true), sf, 1 - p, pdf, -1);
    },
    upperQuantile: (q) => {
      requireProbability(q, 'chi-square upper quantile');
      return polish(2 * gammaincinv(q, k, true), sf, q, pdf, -1);
    },
  };
}

/**
 * Fisher's F distribution with (d1, d2) degrees of freedom: P(F ≤ f) = I_x(d1/2, d2/2),
 * x = d1 f/(d1 f + d2); the upper tail uses the complementary argument d2/(d1 f + d2).
 *
 * @param d1 - numerator degrees of freedom, > 0
 * @param d2 - denominator degrees of freedom, > 0
 * @example fisherF(9, 491).quantile(0.99) // ≈ 2.4435
 * @see Abramowitz & Stegun 26.6.2.
 */
export function fisherF(d1: number, d2: number): Distribution {
  requirePositive(d1, 'F numerator degrees of freedom');
  requirePositive(d2, 'F denominator degrees of freedom');
  const a = d1 / 2;
  const b = d2 / 2;
  const cdf = (f: number): number => {
    if (f <= 0) return 0;
    const x = (d1 * f) / (d1 * f + d2);
    return x < 0.5 ? betainc(x, a, b) : betainc(d2 / (d1 * f + d2), b, a, true, true);
  };
  const sf = (f: number): number => {
    if (f <= 0) return 1;
    const x = (d1 * f) / (d1 * f + d2);
    return x < 0.5 ? betainc(x, a, b, true, true) : betainc(d2 / (d1 * f + d2), b, a);
  };
  const lnB = gammaln(a) + gammaln(b) - gammaln(a + b);
  const pdf = (f: number): number =>
    f <= 0 ? 0 : Math.exp(a * Math.log(d1 / d2) + (a - 1) * Math.log(f) - (a + b) * Math.log1p((d1 * f) / d2) - lnB);
  // From the beta variable x = d1 f/(d1 f + d2): f = d2 x/(d1 (1 − x)), with 1 − x from the complementary inverse.
  const fromBeta = (x: number, y: number): number => (d2 * x) / (d1 * y);
  return {
    cdf,
    sf,
    pdf,
    quantile: (p) => {
      requireProbability(p, 'F quantile');
      const x = betaincinv(p, a, b);
      const y = betaincinv(p, b, a, true);
      return polish(x < 0.5 ? fromBeta(x, 1 - x) : fromBeta(1 - y, y), p <= 0.5 ? cdf : sf, p <= 0.5 ? p : 1 - p, pdf, p <= 0.5 ? 1 : -1);
    },
    upperQuantile: (q) => {
      requireProbability(q, 'F upper quantile');
      const x = betaincinv(q, a, b, true);
      const y = betaincinv(q, b, a);
      return polish(x < 0.5 ? fromBeta(x, 1 - x) : fromBeta(1 - y, y), sf, q, pdf, -1);
    },
  };
}
