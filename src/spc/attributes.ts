import { AppError } from '../core/errors.js';
import type { ChartKind, ChartOptions, ChartResult, Series } from './types.js';
import { requireCount, requireFinite, resolveBaseline, resolveNsigmas } from './validate.js';

/** Attribute chart kinds: fraction (p), count (np) nonconforming; nonconformities (c), per unit (u). */
export type AttributeKind = Extract<ChartKind, 'p' | 'np' | 'c' | 'u'>;

function checkCounts(kind: AttributeKind, counts: Float64Array, sizes: Float64Array): void {
  requireFinite(counts, `${kind} chart counts`);
  requireFinite(sizes, `${kind} chart subgroup sizes`);
  if (counts.length !== sizes.length) {
    throw new AppError('bad_input', `${kind} chart: ${counts.length} counts but ${sizes.length} subgroup sizes`, 'give one size per count');
  }
  for (let i = 0; i < counts.length; i++) {
    const x = counts[i]!;
    const n = sizes[i]!;
    if (x < 0) throw new AppError('bad_input', `${kind} chart: count ${i + 1} is ${x}; counts cannot be negative`, 'correct the count');
    if (!(n > 0)) throw new AppError('bad_input', `${kind} chart: subgroup size ${i + 1} is ${n}`, 'subgroup sizes must be positive (units inspected)');
    if ((kind === 'p' || kind === 'np') && x > n) {
      throw new AppError('bad_input', `${kind} chart: subgroup ${i + 1} has ${x} nonconforming out of ${n} inspected`, 'a count of nonconforming units cannot exceed the units inspected');
    }
  }
}

/**
 * Attribute control charts with exact per-point (stepped) limits for variable subgroup sizes:
 * - p: pᵢ = Dᵢ/nᵢ, centre p̄ = ΣD/Σn, sdᵢ = √(p̄(1−p̄)/nᵢ), limits clipped to [0, 1];
 * - np: Dᵢ, centre n·p̄, sd √(n·p̄(1−p̄)) (constant n only);
 * - c: cᵢ, centre c̄, sd √c̄ (constant inspection unit);
 * - u: uᵢ = cᵢ/nᵢ, centre ū = Σc/Σn, sdᵢ = √(ū/nᵢ).
 * Lower limits below 0 are set to 0. `sigma` in the result is per unit: √(p̄(1−p̄)), √c̄, √ū.
 *
 * @param counts - nonconforming units (p, np) or nonconformities (c, u) per subgroup
 * @param sizes - units inspected per subgroup
 * @example attributeChart('u', Float64Array.of(2, 4), Float64Array.of(1, 1)).center // 3
 * @see Montgomery, Introduction to SQC, chapter 7
 */
export function attributeChart(kind: AttributeKind, counts: Float64Array, sizes: Float64Array, options: ChartOptions = {}): ChartResult {
  checkCounts(kind, counts, sizes);
  requireCount(counts.length, 1, `a ${kind} chart`);
  const k = resolveNsigmas(options.nsigmas);
  const m = counts.length;
  const notes: string[] = [];
  if (kind === 'np' || kind === 'c') {
    const n0 = sizes[0]!;
    if (sizes.some((n) => n !== n0)) {
      throw new AppError('unequal_sizes', `${kind} chart: subgroup sizes differ (${n0} and ${sizes.find((n) => n !== n0)})`, kind === 'np' ? 'use a p chart for varying sizes' : 'use a u chart for varying inspection units');
    }
  }
  let baseline: number[] = [];
  let center: number;
  if (options.known) {
    center = options.known.center;
  } else {
    baseline = resolveBaseline(options.baseline, m);
    requireCount(baseline.length, 1, `a ${kind} chart baseline`);
    let sx = 0;
    let sn = 0;
    for (const i of baseline) {
      sx += counts[i]!;
      sn += kind === 'c' ? 1 : sizes[i]!;
    }
    center = sx / sn;
    if (baseline.length < 20) notes.push(`the baseline has only ${baseline.length} subgroups; limits from fewer than 20 are uncertain`);
  }
  const unitVar = kind === 'p' || kind === 'np' ? center * (1 - center) : center;
  if (!(unitVar > 0)) {
    throw new AppError(
      'zero_variance',
      `${kind} chart: the baseline ${kind === 'p' || kind === 'np' ? 'fraction nonconforming' : 'rate of nonconformities'} is ${center}, so the limits have no width`,
      'a chart for counts needs some nonconforming units in the baseline; widen the baseline',
    );
  }
  const s: Series = { name: kind, start: 0, values: new Float64Array(m), center: new Float64Array(m), lcl: new Float64Array(m), ucl: new Float64Array(m), sd: new Float64Array(m) };
  for (let i = 0; i < m; i++) {
    const n = sizes[i]!;
    let value: number;
    let c: number;
    let sd: number;
    if (kind === 'p') [value, c, sd] = [counts[i]! / n, center, Math.sqrt(unitVar / n)];
    else if (kind === 'np') [value, c, sd] = [counts[i]!, n * center, Math.sqrt(n * unitVar)];
    else if (kind === 'c') [value, c, sd] = [counts[i]!, center, Math.sqrt(unitVar)];
    else [value, c, sd] = [counts[i]! / n, center, Math.sqrt(unitVar / n)];
    s.values[i] = value;
    s.center[i] = c;
    s.sd[i] = sd;
    s.lcl[i] = Math.max(0, c - k * sd);
    s.ucl[i] = kind === 'p' ? Math.min(1, c + k * sd) : c + k * sd;
  }
  return {
    kind, primary: s, center, sigma: Math.sqrt(unitVar), estimator: options.known ? 'known' : kind === 'c' ? '√c̄' : kind === 'u' ? '√ū' : '√(p̄(1−p̄))',
    sizes: Float64Array.from(sizes), baseline, nsigmas: k, zoneRulesApply: true, notes,
  };
}
