import { AppError, field } from '../core/errors.js';
import { c4, d2, d3, MAX_N } from './constants.js';
import type { ChartOptions, ChartResult, Series } from './types.js';
import { requireCount, requireFinite, resolveBaseline, resolveNsigmas } from './validate.js';

/** A series whose limits are the same at every point. */
function flatSeries(name: string, start: number, values: Float64Array, center: number, sd: number, k: number, floor?: number): Series {
  const n = values.length;
  const lo = floor === undefined ? center - k * sd : Math.max(floor, center - k * sd);
  return {
    name,
    start,
    values,
    center: new Float64Array(n).fill(center),
    lcl: new Float64Array(n).fill(lo),
    ucl: new Float64Array(n).fill(center + k * sd),
    sd: new Float64Array(n).fill(sd),
  };
}

function zeroVariance(what: string): AppError {
  return new AppError(
    'zero_variance',
    `${what} is 0: every baseline value is the same, so control limits would collapse onto the centre line`,
    'check the data (rounding, a copied value) or choose a baseline with the process variation in it',
  );
}

/**
 * Individuals and moving-range chart (I-MR). σ = MR̄/d2(2), with moving ranges of consecutive
 * baseline points (span 2); I limits centre ± kσ, MR limits D3·MR̄ … D4·MR̄.
 *
 * @param values - individual values in time order (finite)
 * @param options - baseline (default all), nsigmas (default 3), known centre/σ
 * @example imr(Float64Array.of(1, 2, 3)).sigma // MR̄ 1 / 1.128
 * @see Montgomery, Introduction to SQC, §6.4 (individuals control charts)
 */
export function imr(values: Float64Array, options: ChartOptions = {}): ChartResult {
  requireFinite(values, 'individuals chart');
  const k = resolveNsigmas(options.nsigmas);
  const notes: string[] = [];
  let center: number;
  let sigma: number;
  let baseline: number[] = [];
  if (options.known?.sigma !== undefined) {
    center = options.known.center;
    sigma = options.known.sigma;
  } else {
    baseline = resolveBaseline(options.baseline, values.length);
    requireCount(baseline.length, 2, 'an individuals chart baseline', 'give at least 2 baseline values (20 or more for limits you can trust)');
    let sum = 0;
    let mr = 0;
    for (let j = 0; j < baseline.length; j++) {
      const x = values[baseline[j]!]!;
      sum += x;
      if (j > 0) mr += Math.abs(x - values[baseline[j - 1]!]!);
    }
    center = options.known?.center ?? sum / baseline.length;
    sigma = mr / (baseline.length - 1) / d2(2);
    if (sigma === 0) throw zeroVariance('the average moving range of the baseline');
    if (baseline.length < 20) notes.push(`the baseline has only ${baseline.length} values; limits from fewer than 20 are uncertain`);
  }
  const n = values.length;
  const mrValues = new Float64Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) mrValues[i - 1] = Math.abs(values[i]! - values[i - 1]!);
  const primary = flatSeries('I', 0, values, center, sigma, k);
  const secondary = flatSeries('MR', 1, mrValues, d2(2) * sigma, d3(2) * sigma, k, 0);
  return {
    kind: 'imr', primary, secondary, center, sigma,
    estimator: options.known?.sigma !== undefined ? 'known' : 'MR̄/d2',
    sizes: new Float64Array(n).fill(1), baseline, nsigmas: k, zoneRulesApply: true, notes,
  };
}

interface GroupStats {
  sizes: Float64Array;
  means: Float64Array;
  ranges: Float64Array;
  sds: Float64Array;
}

function groupStats(groups: readonly Float64Array[], what: string): GroupStats {
  const m = groups.length;
  const sizes = new Float64Array(m);
  const means = new Float64Array(m);
  const ranges = new Float64Array(m);
  const sds = new Float64Array(m);
  groups.forEach((g, i) => {
    requireFinite(g, `${what}, subgroup ${i + 1}`);
    if (g.length < 2) {
      throw new AppError(
        'subgroup_too_small',
        `${what}: subgroup ${i + 1} has ${g.length} value${g.length === 1 ? '' : 's'}; a range or standard deviation needs at least 2`,
        `use an individuals chart (${field('chart', 'imr')}) for single values, or group consecutive lots with ${field('subgroup', 'N')}`,
      );
    }
    if (g.length > MAX_N) throw new AppError('subgroup_size_unsupported', `${what}: subgroup ${i + 1} has ${g.length} values; constants are tabulated up to ${MAX_N}`, 'use smaller subgroups');
    let s = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of g) {
      s += x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const mean = s / g.length;
    let ss = 0;
    for (const x of g) ss += (x - mean) * (x - mean);
    sizes[i] = g.length;
    means[i] = mean;
    ranges[i] = hi - lo;
    sds[i] = Math.sqrt(ss / (g.length - 1));
  });
  return { sizes, means, ranges, sds };
}

/**
 * X̄-R or X̄-S chart over subgroups. σ = R̄/d2 (or S̄/c4) for equal sizes; for unequal sizes the
 * minimum-variance weighted average of Rᵢ/d2(nᵢ) (weights d2²/d3²) or sᵢ/c4(nᵢ) (weights
 * c4²/(1−c4²)), which reduces to R̄/d2 and S̄/c4 when sizes are equal. Centre = grand mean of the
 * baseline values. Limits step with nᵢ.
 *
 * @param groups - subgroups (each 2…25 finite values), in time order
 * @param dispersion - 'R' or 'S'
 * @example xbar([Float64Array.of(1, 3), Float64Array.of(2, 4)], 'R').sigma // R̄ 2 / 1.128
 * @see Montgomery, Introduction to SQC, §6.2–6.3; Burr (1969) J. Quality Technology 1(3) for unequal sizes
 */
export function xbar(groups: readonly Float64Array[], dispersion: 'R' | 'S', options: ChartOptions = {}): ChartResult {
  const what = dispersion === 'R' ? 'X̄-R chart' : 'X̄-S chart';
  requireCount(groups.length, 1, what);
  const k = resolveNsigmas(options.nsigmas);
  const st = groupStats(groups, what);
  const m = groups.length;
  const notes: string[] = [];
  let center: number;
  let sigma: number;
  let baseline: number[] = [];
  if (options.known?.sigma !== undefined) {
    center = options.known.center;
    sigma = options.known.sigma;
  } else {
    baseline = resolveBaseline(options.baseline, m);
    requireCount(baseline.length, 1, `${what} baseline`, 'give at least one baseline subgroup (20 or more for limits you can trust)');
    let sx = 0;
    let sn = 0;
    let num = 0;
    let den = 0;
    for (const i of baseline) {
      const n = st.sizes[i]!;
      sx += st.means[i]! * n;
      sn += n;
      if (dispersion === 'R') {
        const w = (d2(n) / d3(n)) ** 2;
        num += (w * st.ranges[i]!) / d2(n);
        den += w;
      } else {
        const c = c4(n);
        const w = (c * c) / (1 - c * c);
        num += (w * st.sds[i]!) / c;
        den += w;
      }
    }
    center = options.known?.center ?? sx / sn;
    sigma = num / den;
    if (sigma === 0) throw zeroVariance(`the average subgroup ${dispersion === 'R' ? 'range' : 'standard deviation'}`);
    if (baseline.length < 20) notes.push(`the baseline has only ${baseline.length} subgroups; limits from fewer than 20 are uncertain`);
  }
  const primary: Series = { name: 'X̄', start: 0, values: st.means, center: new Float64Array(m), lcl: new Float64Array(m), ucl: new Float64Array(m), sd: new Float64Array(m) };
  const secondary: Series = {
    name: dispersion, start: 0, values: dispersion === 'R' ? st.ranges : st.sds,
    center: new Float64Array(m), lcl: new Float64Array(m), ucl: new Float64Array(m), sd: new Float64Array(m),
  };
  for (let i = 0; i < m; i++) {
    const n = st.sizes[i]!;
    const se = sigma / Math.sqrt(n);
    primary.center[i] = center;
    primary.sd[i] = se;
    primary.lcl[i] = center - k * se;
    primary.ucl[i] = center + k * se;
    const c = dispersion === 'R' ? d2(n) * sigma : c4(n) * sigma;
    const sd = dispersion === 'R' ? d3(n) * sigma : sigma * Math.sqrt(1 - c4(n) ** 2);
    secondary.center[i] = c;
    secondary.sd[i] = sd;
    secondary.lcl[i] = Math.max(0, c - k * sd);
    secondary.ucl[i] = c + k * sd;
  }
  return {
    kind: dispersion === 'R' ? 'xbar-r' : 'xbar-s', primary, secondary, center, sigma,
    estimator: options.known?.sigma !== undefined ? 'known' : dispersion === 'R' ? 'R̄/d2' : 'S̄/c4',
    sizes: st.sizes, baseline, nsigmas: k, zoneRulesApply: true, notes,
  };
}
