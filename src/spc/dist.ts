import { createRequire } from 'node:module';

/**
 * The few distribution functions SPC needs, from jStat (a well-kept library; its normal CDF
 * is erf-based with ~1e-14 relative accuracy). Loaded through `require` with a narrow typed
 * surface so that no global declaration file is needed.
 */
interface JStatSubset {
  normal: { cdf(x: number, mean: number, sd: number): number; inv(p: number, mean: number, sd: number): number };
  chisquare: { inv(p: number, dof: number): number };
  gammaln(x: number): number;
}

const require = createRequire(import.meta.url);
const { jStat } = require('jstat') as { jStat: JStatSubset };

/** Standard normal CDF Φ(z). */
export function normCdf(z: number): number {
  return jStat.normal.cdf(z, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1. */
export function normInv(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** Chi-square quantile with `dof` degrees of freedom (may be fractional, as Boyles' Cpm needs). */
export function chisqInv(p: number, dof: number): number {
  return jStat.chisquare.inv(p, dof);
}

/** ln Γ(x). */
export function gammaln(x: number): number {
  return jStat.gammaln(x);
}
