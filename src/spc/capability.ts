import { AppError, field } from '../core/errors.js';
import { andersonDarling, type AndersonDarling } from '../stats/normality.js';
import { d2 } from './constants.js';
import { chisqInv, normCdf, normInv } from './dist.js';
import { nonNormalCapability, type NonNormalCapability, type NonNormalMethod } from './capability-non-normal.js';
import { requireCount, requireFinite } from './validate.js';

/** Specification limits; at least one of lsl, usl. */
export interface SpecLimits {
  lsl?: number;
  usl?: number;
  /** Target; default the midpoint of a two-sided specification. */
  target?: number;
}

/** How non-normal data are handled: 'auto' fits log-normal and Weibull when AD p < alpha. */
export type DistributionChoice = 'auto' | 'normal' | NonNormalMethod;

/** Options of {@link capability}. */
export interface CapabilityOptions {
  /** σ within (short-term), e.g. R̄/d2 of the control chart. Default: MR̄/d2 of the values in the given order. */
  sigmaWithin?: number;
  /** How `sigmaWithin` was obtained, for the report. Default 'MR̄/d2' (or 'given'). */
  sigmaWithinMethod?: string;
  /** Confidence level of the intervals. Default 0.95. */
  confidence?: number;
  /** Distribution handling. Default 'auto'. */
  distribution?: DistributionChoice;
  /** Significance level of the normality check. Default 0.05. */
  alpha?: number;
  /** Degrees of freedom of the Cpm interval: 'qcc' n(1+δ²)/(1+2δ²) (default, as R qcc) or 'boyles' n(1+δ²)²/(1+2δ²). */
  cpmDf?: 'qcc' | 'boyles';
}

/** An index with its confidence interval (no interval for percentile-based indices). */
export interface Estimate {
  value: number;
  lower?: number;
  upper?: number;
}

export type IndexName = 'cp' | 'cpl' | 'cpu' | 'cpk' | 'cpm' | 'pp' | 'ppl' | 'ppu' | 'ppk';

/** Parts per million outside the specification. */
export interface Ppm {
  below: number;
  above: number;
  total: number;
}

/** The result of {@link capability}. */
export interface CapabilityResult {
  n: number;
  mean: number;
  /** Overall (long-term) sd, divisor n − 1. */
  sdOverall: number;
  sigmaWithin: number;
  sigmaWithinMethod: string;
  spec: SpecLimits;
  confidence: number;
  /** Normal-theory indices: Cp… from σ within, Pp… from the overall sd. One-sided specifications give only their side. */
  indices: Partial<Record<IndexName, Estimate>>;
  normality: AndersonDarling | { skipped: string };
  /** The method the headline numbers come from. */
  method: 'normal' | NonNormalMethod;
  /** Percentile-based indices when the data are not normal (or a distribution was asked for). */
  nonNormal?: NonNormalCapability;
  ppm: { expectedWithin?: Ppm; expectedOverall: Ppm; observed: Ppm; basis: string };
  notes: string[];
}

const ppmOf = (below: number, above: number): Ppm => ({ below: below * 1e6, above: above * 1e6, total: (below + above) * 1e6 });

function checkSpec(spec: SpecLimits): SpecLimits {
  const { lsl, usl } = spec;
  if (lsl === undefined && usl === undefined) {
    throw new AppError('missing_specification', 'capability needs a specification: no lower or upper limit was given', `give ${field('lsl')} and/or ${field('usl')}, or store a specification for the parameter`);
  }
  for (const [k, v] of Object.entries({ lsl, usl, target: spec.target })) {
    if (v !== undefined && !Number.isFinite(v)) throw new AppError('bad_specification', `specification ${k} is ${v}`, 'give finite numbers');
  }
  if (lsl !== undefined && usl !== undefined && !(lsl < usl)) throw new AppError('bad_specification', `LSL ${lsl} is not below USL ${usl}`, 'swap or correct the limits');
  const target = spec.target ?? (lsl !== undefined && usl !== undefined ? (lsl + usl) / 2 : undefined);
  return target === undefined ? { lsl, usl } : { lsl, usl, target };
}

/** Chi-square interval of Cp or Pp. */
function chiInterval(v: number, n: number, alpha: number): Estimate {
  return { value: v, lower: v * Math.sqrt(chisqInv(alpha / 2, n - 1) / (n - 1)), upper: v * Math.sqrt(chisqInv(1 - alpha / 2, n - 1) / (n - 1)) };
}

/** Bissell's normal approximation for Cpk-type indices: v(1 ∓ z·√(1/(9nv²) + 1/(2(n−1)))). */
function bissell(v: number, n: number, alpha: number): Estimate {
  const h = normInv(1 - alpha / 2) * Math.sqrt(1 / (9 * n * v * v) + 1 / (2 * (n - 1)));
  return { value: v, lower: v * (1 - h), upper: v * (1 + h) };
}

/**
 * Process capability and performance of a parameter against its specification.
 *
 * Phases: check input → moments and σ within → normal-theory indices with intervals (Cp, Pp:
 * chi-square; Cpl, Cpu, Cpk, Ppl, Ppu, Ppk: Bissell; Cpm: chi-square with qcc's or Boyles'
 * degrees of freedom) → Anderson–Darling normality check → for non-normal data, indices from
 * the 0.135 % and 99.865 % points of the better of a log-normal and a Weibull fit (by A²), or of a
 * Box-Cox transform on request → expected and observed ppm.
 *
 * @param values - finite measurements, n ≥ 2 (n ≥ 8 for the normality check)
 * @param spec - lsl and/or usl; target (default midpoint)
 * @param options - sigmaWithin (default MR̄/d2), confidence 0.95, distribution 'auto', alpha 0.05
 * @example capability(values, { lsl: 80 }).indices.ppk?.value
 * @see Montgomery, Introduction to SQC, ch. 8; Bissell (1990) Applied Statistics 39(3);
 *   Boyles (1991) J. Quality Technology 23(1); ISO 22514-2 (percentile method)
 */
export function capability(values: Float64Array, spec: SpecLimits, options: CapabilityOptions = {}): CapabilityResult {
  requireFinite(values, 'capability');
  const s = checkSpec(spec);
  const n = values.length;
  requireCount(n, 2, 'capability', 'collect more lots (30 or more for a capability statement)');
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1)) throw new AppError('bad_option', `confidence ${confidence} must be between 0 and 1`, 'use e.g. 0.95');
  const alpha = 1 - confidence;
  const notes: string[] = [];
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  let mr = 0;
  for (let i = 0; i < n; i++) {
    ss += (values[i]! - mean) ** 2;
    if (i > 0) mr += Math.abs(values[i]! - values[i - 1]!);
  }
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) throw new AppError('zero_variance', `all ${n} values are ${values[0]}: capability indices would be infinite`, 'check the data (rounding to the specification resolution, a copied value)');
  const sigmaWithin = options.sigmaWithin ?? mr / (n - 1) / d2(2);
  const sigmaWithinMethod = options.sigmaWithinMethod ?? (options.sigmaWithin === undefined ? 'MR̄/d2' : 'given');
  if (!(sigmaWithin > 0) || !Number.isFinite(sigmaWithin)) {
    throw new AppError('zero_variance', `σ within is ${sigmaWithin}: consecutive values never differ`, 'give sigmaWithin from a control chart, or check the order of the values');
  }
  if (n < 30) notes.push(`only ${n} values: capability indices from fewer than 30 have wide confidence intervals`);

  const indices: Partial<Record<IndexName, Estimate>> = {};
  const sides = (sig: number, two: 'cp' | 'pp', lo: 'cpl' | 'ppl', hi: 'cpu' | 'ppu', k: 'cpk' | 'ppk') => {
    if (s.lsl !== undefined && s.usl !== undefined) indices[two] = chiInterval((s.usl - s.lsl) / (6 * sig), n, alpha);
    const l = s.lsl !== undefined ? (mean - s.lsl) / (3 * sig) : undefined;
    const u = s.usl !== undefined ? (s.usl - mean) / (3 * sig) : undefined;
    if (l !== undefined) indices[lo] = bissell(l, n, alpha);
    if (u !== undefined) indices[hi] = bissell(u, n, alpha);
    indices[k] = bissell(Math.min(l ?? Infinity, u ?? Infinity), n, alpha);
  };
  sides(sigmaWithin, 'cp', 'cpl', 'cpu', 'cpk');
  sides(sd, 'pp', 'ppl', 'ppu', 'ppk');
  if (s.lsl !== undefined && s.usl !== undefined && s.target !== undefined) {
    const delta = (mean - s.target) / sigmaWithin;
    const cpm = indices.cp!.value / Math.sqrt(1 + delta * delta);
    const df = options.cpmDf === 'boyles' ? (n * (1 + delta * delta) ** 2) / (1 + 2 * delta * delta) : (n * (1 + delta * delta)) / (1 + 2 * delta * delta);
    indices.cpm = { value: cpm, lower: cpm * Math.sqrt(chisqInv(alpha / 2, df) / df), upper: cpm * Math.sqrt(chisqInv(1 - alpha / 2, df) / df) };
  }

  let normality: CapabilityResult['normality'];
  if (n >= 8) normality = andersonDarling(values);
  else normality = { skipped: `the normality check needs at least 8 values, got ${n}` };

  const choice = options.distribution ?? 'auto';
  let nonNormal: NonNormalCapability | undefined;
  const notNormal = 'pValue' in normality && normality.pValue < (options.alpha ?? 0.05);
  if (choice !== 'normal' && choice !== 'auto') nonNormal = nonNormalCapability(values, s, choice);
  else if (choice === 'auto' && notNormal) {
    if (values.every((v) => v > 0)) nonNormal = nonNormalCapability(values, s, 'best-fit');
    else notes.push('the data are not normal and not all positive, so no log-normal or Weibull fit applies; normal-theory indices are shown and may mislead');
  }
  if (notNormal) notes.push(`Anderson–Darling p = ${(normality as AndersonDarling).pValue.toPrecision(3)} < ${options.alpha ?? 0.05}: the data do not look normal`);

  let observedBelow = 0;
  let observedAbove = 0;
  for (const v of values) {
    if (s.lsl !== undefined && v < s.lsl) observedBelow++;
    if (s.usl !== undefined && v > s.usl) observedAbove++;
  }
  const tail = (sig: number): Ppm =>
    ppmOf(s.lsl !== undefined ? normCdf((s.lsl - mean) / sig) : 0, s.usl !== undefined ? normCdf((mean - s.usl) / sig) : 0);
  return {
    n, mean, sdOverall: sd, sigmaWithin, sigmaWithinMethod, spec: s, confidence, indices, normality,
    method: nonNormal ? nonNormal.method : 'normal',
    ...(nonNormal ? { nonNormal } : {}),
    ppm: {
      expectedWithin: tail(sigmaWithin),
      expectedOverall: nonNormal ? nonNormal.ppm : tail(sd),
      observed: ppmOf(observedBelow / n, observedAbove / n),
      basis: nonNormal ? `fitted ${nonNormal.method}` : 'normal',
    },
    notes,
  };
}
