import { AppError, field } from '../core/errors.js';
import type { ChartOptions, ChartResult, Series } from './types.js';
import { requireFinite, resolveNsigmas } from './validate.js';
import { imr, xbar } from './variables.js';

/** Options of the EWMA chart. */
export interface EwmaOptions extends ChartOptions {
  /** Smoothing weight λ, 0 < λ ≤ 1. Default 0.2. */
  lambda?: number;
}

/** Options of the tabular CUSUM. */
export interface CusumOptions extends ChartOptions {
  /** Reference value k in σ units of the plotted mean (half the shift to detect). Default 0.5. */
  k?: number;
  /** Decision interval h in σ units. Default 5. */
  h?: number;
}

/** Centre and σ from the matching Shewhart chart (MR̄/d2 for individuals, R̄/d2 for subgroups). */
function estimate(data: Float64Array | readonly Float64Array[], options: ChartOptions): { means: Float64Array; sizes: Float64Array; base: ChartResult } {
  if (data instanceof Float64Array) {
    requireFinite(data, 'time-weighted chart');
    return { means: data, sizes: new Float64Array(data.length).fill(1), base: imr(data, options) };
  }
  const base = xbar(data, 'R', options);
  return { means: base.primary.values, sizes: base.sizes, base };
}

/**
 * EWMA chart: zᵢ = λx̄ᵢ + (1−λ)zᵢ₋₁, z₀ = centre, with the exact time-varying limits
 * centre ± L·sd(zᵢ), where Var(zᵢ) = (1−λ)²Var(zᵢ₋₁) + λ²σ²/nᵢ (for constant n this is
 * σ²/n · λ/(2−λ) · (1 − (1−λ)²ⁱ)). σ from the baseline as the Shewhart chart estimates it.
 *
 * @param data - individual values, or subgroups (then σ = R̄/d2)
 * @param options - lambda (default 0.2), nsigmas L (default 3), baseline, known
 * @example ewma(values, { lambda: 0.2, nsigmas: 2.7 })
 * @see Montgomery, Introduction to SQC, §9.2; Lucas & Saccucci (1990) Technometrics 32(1)
 */
export function ewma(data: Float64Array | readonly Float64Array[], options: EwmaOptions = {}): ChartResult {
  const lambda = options.lambda ?? 0.2;
  if (!(lambda > 0 && lambda <= 1)) throw new AppError('bad_option', `EWMA λ ${lambda} must be in (0, 1]`, `use e.g. ${field('lambda', '0.2')}`);
  const L = resolveNsigmas(options.nsigmas);
  const { means, sizes, base } = estimate(data, options);
  const m = means.length;
  const s: Series = { name: 'EWMA', start: 0, values: new Float64Array(m), center: new Float64Array(m).fill(base.center), lcl: new Float64Array(m), ucl: new Float64Array(m), sd: new Float64Array(m) };
  let z = base.center;
  let v = 0;
  const sigma2 = base.sigma * base.sigma;
  for (let i = 0; i < m; i++) {
    z = lambda * means[i]! + (1 - lambda) * z;
    v = (1 - lambda) ** 2 * v + (lambda * lambda * sigma2) / sizes[i]!;
    const sd = Math.sqrt(v);
    s.values[i] = z;
    s.sd[i] = sd;
    s.lcl[i] = base.center - L * sd;
    s.ucl[i] = base.center + L * sd;
  }
  return { ...base, kind: 'ewma', primary: s, secondary: { ...base.primary, name: base.primary.name }, nsigmas: L, zoneRulesApply: false, notes: [...base.notes, `λ = ${lambda}, L = ${L}`] };
}

/**
 * Tabular CUSUM on standardised means zᵢ = (x̄ᵢ − centre)/(σ/√nᵢ):
 * C⁺ᵢ = max(0, C⁺ᵢ₋₁ + zᵢ − k), C⁻ᵢ = max(0, C⁻ᵢ₋₁ − zᵢ − k), C⁺₀ = C⁻₀ = 0; a point signals
 * when C⁺ or C⁻ exceeds h. The secondary series holds −C⁻ so both plot around 0.
 *
 * @param data - individual values, or subgroups (then σ = R̄/d2)
 * @param options - k (default 0.5), h (default 5), baseline, known
 * @example cusum(values, { k: 0.5, h: 4 })
 * @see Montgomery, Introduction to SQC, §9.1 (tabular CUSUM)
 */
export function cusum(data: Float64Array | readonly Float64Array[], options: CusumOptions = {}): ChartResult {
  const k = options.k ?? 0.5;
  const h = options.h ?? 5;
  if (!(k >= 0) || !Number.isFinite(k)) throw new AppError('bad_option', `CUSUM k ${k} must be ≥ 0`, `use e.g. ${field('k', '0.5')} (half the shift to detect, in σ)`);
  if (!(h > 0) || !Number.isFinite(h)) throw new AppError('bad_option', `CUSUM h ${h} must be > 0`, `use e.g. ${field('h', '5')}`);
  const { means, sizes, base } = estimate(data, options);
  const m = means.length;
  // C⁺ only signals upward and −C⁻ only downward; the other limit of each is the centre (0).
  const mk = (name: string, lo: number, hi: number): Series => ({ name, start: 0, values: new Float64Array(m), center: new Float64Array(m), lcl: new Float64Array(m).fill(lo), ucl: new Float64Array(m).fill(hi), sd: new Float64Array(m).fill(1) });
  const up = mk('C+', 0, h);
  const down = mk('C−', -h, 0);
  let cp = 0;
  let cm = 0;
  for (let i = 0; i < m; i++) {
    const z = (means[i]! - base.center) / (base.sigma / Math.sqrt(sizes[i]!));
    cp = Math.max(0, cp + z - k);
    cm = Math.max(0, cm - z - k);
    up.values[i] = cp;
    down.values[i] = cm === 0 ? 0 : -cm;
  }
  return { ...base, kind: 'cusum', primary: up, secondary: down, nsigmas: h, zoneRulesApply: false, notes: [...base.notes, `k = ${k}, h = ${h} (σ units of the plotted mean)`] };
}
