import { AppError } from '../core/errors.js';
import { boxCox, boxCoxLambda, fitLognormal, fitWeibull, goodnessOfFit, quantile, cdf, survival, type FittedDistribution } from '../stats/fit.js';
import { normCdf, normInv } from './dist.js';

/** Non-normal capability methods. */
export type NonNormalMethod = 'lognormal' | 'weibull' | 'box-cox';

/** Percentile-based capability (ISO 22514-2, Clements' method). */
export interface NonNormalCapability {
  method: NonNormalMethod;
  distribution?: FittedDistribution;
  /** Box-Cox λ (method 'box-cox'). */
  lambda?: number;
  /** Candidate fits and their Anderson–Darling A² (smaller is better). */
  candidates: { kind: 'lognormal' | 'weibull'; a2: number }[];
  /** The 0.135 %, 50 % and 99.865 % points on the original scale. */
  p00135: number;
  p50: number;
  p99865: number;
  pp?: number;
  ppl?: number;
  ppu?: number;
  ppk: number;
  /** Expected fraction outside the specification from the fit, in ppm. */
  ppm: { below: number; above: number; total: number };
}

const LO = 0.00135;
const HI = 0.99865;

function indices(lsl: number | undefined, usl: number | undefined, lo: number, mid: number, hi: number) {
  const pp = lsl !== undefined && usl !== undefined ? (usl - lsl) / (hi - lo) : undefined;
  const ppl = lsl !== undefined ? (mid - lsl) / (mid - lo) : undefined;
  const ppu = usl !== undefined ? (usl - mid) / (hi - mid) : undefined;
  const ppk = Math.min(ppl ?? Infinity, ppu ?? Infinity);
  return { ...(pp !== undefined ? { pp } : {}), ...(ppl !== undefined ? { ppl } : {}), ...(ppu !== undefined ? { ppu } : {}), ppk };
}

/**
 * Capability of non-normal data from percentiles: Pp = (USL − LSL)/(P99.865 − P0.135),
 * Ppl = (P50 − LSL)/(P50 − P0.135), Ppu = (USL − P50)/(P99.865 − P50), Ppk = min. With
 * 'best-fit' the log-normal and the Weibull maximum-likelihood fits are compared by their
 * Anderson–Darling A² and the smaller wins; with 'box-cox' λ is chosen by maximum likelihood
 * and normal theory applies on the transformed scale (limits transformed the same way).
 *
 * @param values - positive values
 * @param spec - limits (at least one)
 * @param method - 'best-fit', 'lognormal', 'weibull' or 'box-cox'
 * @see ISO 22514-2:2017 §6 (percentile method); Clements (1989) Quality Progress 22(9)
 */
export function nonNormalCapability(values: Float64Array, spec: { lsl?: number; usl?: number }, method: NonNormalMethod | 'best-fit'): NonNormalCapability {
  if (!values.every((v) => v > 0)) {
    throw new AppError('not_positive', `a ${method} capability needs positive values; found ${values.find((v) => !(v > 0))}`, 'use the normal method, or shift the data to positive values');
  }
  const { lsl, usl } = spec;
  if (method === 'box-cox') {
    if (usl !== undefined && usl <= 0) throw new AppError('bad_specification', `USL ${usl} is not positive, but every value is`, 'a Box-Cox analysis needs a positive USL');
    if (lsl !== undefined && lsl <= 0 && usl === undefined) {
      throw new AppError('bad_specification', `LSL ${lsl} lies below every positive value, so a Box-Cox Ppk is unbounded`, 'use the normal method, or give a USL');
    }
    const { lambda } = boxCoxLambda(values);
    const y = Float64Array.from(values, (v) => boxCox(v, lambda));
    let m = 0;
    for (const v of y) m += v;
    m /= y.length;
    let ss = 0;
    for (const v of y) ss += (v - m) ** 2;
    const sd = Math.sqrt(ss / (y.length - 1));
    const back = (t: number) => (Math.abs(lambda) < 1e-12 ? Math.exp(t) : (lambda * t + 1) ** (1 / lambda));
    // A limit ≤ 0 lies below every positive value: nothing is expected beyond it.
    const tl = lsl !== undefined && lsl > 0 ? boxCox(lsl, lambda) : undefined;
    const tu = usl !== undefined && usl > 0 ? boxCox(usl, lambda) : undefined;
    const lo = m + sd * normInv(LO);
    const hi = m + sd * normInv(HI);
    const below = lsl === undefined ? 0 : tl === undefined ? 0 : normCdf((tl - m) / sd);
    const above = usl === undefined ? 0 : tu === undefined ? 1 : normCdf((m - tu) / sd);
    return {
      method, lambda, candidates: [], p00135: back(lo), p50: back(m), p99865: back(hi),
      ...indices(tl, tu, lo, m, hi),
      ppm: { below: below * 1e6, above: above * 1e6, total: (below + above) * 1e6 },
    };
  }
  const candidates: NonNormalCapability['candidates'] = [];
  const fits: FittedDistribution[] = [];
  if (method === 'best-fit' || method === 'lognormal') {
    const d = fitLognormal(values);
    fits.push(d);
    candidates.push({ kind: 'lognormal', a2: goodnessOfFit(values, d) });
  }
  if (method === 'best-fit' || method === 'weibull') {
    const d = fitWeibull(values);
    fits.push(d);
    candidates.push({ kind: 'weibull', a2: goodnessOfFit(values, d) });
  }
  const best = candidates.reduce((b, c, i) => (c.a2 < candidates[b]!.a2 ? i : b), 0);
  const d = fits[best]!;
  const lo = quantile(d, LO);
  const mid = quantile(d, 0.5);
  const hi = quantile(d, HI);
  const below = lsl !== undefined ? cdf(d, lsl) : 0;
  const above = usl !== undefined ? survival(d, usl) : 0;
  return {
    method: candidates[best]!.kind, distribution: d, candidates, p00135: lo, p50: mid, p99865: hi,
    ...indices(lsl, usl, lo, mid, hi),
    ppm: { below: below * 1e6, above: above * 1e6, total: (below + above) * 1e6 },
  };
}
