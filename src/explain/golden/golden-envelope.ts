/**
 * The golden envelope from aligned series of good lots, and the comparison of one lot with it.
 * Pure functions on Float64Array series on a common grid (NaN = no value in that grid cell).
 */
import { AppError, field } from '../../core/errors.js';
import { mean, sd } from '../../stats/descriptive.js';
import { quantiles } from '../../stats/quantile.js';
import type { DeviationPoint, DeviationSpan, Envelope, EnvelopeMethod } from './golden-types.js';

/**
 * Envelope per grid point i (t = i·step) over the lots that have a value there: mean, sd
 * (ddof = 1) and the band — mean ± k·sd, or the `low` and `high` percentiles (Hyndman–Fan
 * type 7). Where fewer than `minLots` lots have a value the point has no envelope (null).
 *
 * @param series - one aligned series per good lot
 * @param step - grid spacing, seconds
 * @param method - `{ kind: 'sd', k: 3 }` or `{ kind: 'percentile', low: 0.05, high: 0.95 }`
 * @param minLots - default 2 (3 or more is wiser for percentiles)
 * @example buildEnvelope([a, b, c], 60, { kind: 'sd', k: 3 })
 * @see Nomikos & MacGregor, AIChE J. 40 (1994) 1361–1375 (monitoring batches against good ones)
 */
export function buildEnvelope(series: Float64Array[], step: number, method: EnvelopeMethod, minLots = 2): Envelope {
  if (series.length < 2) throw new AppError('too_few_lots', `a golden envelope needs at least 2 good lots with data, got ${series.length}`, 'choose more good lots');
  if (method.kind === 'sd' && !(method.k > 0)) throw new AppError('bad_k', `k = ${method.k} must be positive`, `give e.g. ${field('k', '3')}`);
  if (method.kind === 'percentile' && !(method.low >= 0 && method.low < method.high && method.high <= 1)) {
    throw new AppError('bad_percentiles', `percentiles ${method.low}–${method.high} are not 0 ≤ low < high ≤ 1`, 'give e.g. 0.05 and 0.95');
  }
  const len = Math.max(...series.map((s) => s.length));
  const env: Envelope = { t: [], n: [], mean: [], sd: [], low: [], high: [] };
  for (let i = 0; i < len; i++) {
    const vals = Float64Array.from(series.map((s) => s[i] ?? NaN).filter((v) => Number.isFinite(v)));
    env.t.push(i * step);
    env.n.push(vals.length);
    if (vals.length < Math.max(2, minLots)) {
      env.mean.push(null), env.sd.push(null), env.low.push(null), env.high.push(null);
      continue;
    }
    const m = mean(vals), s = sd(vals);
    env.mean.push(m);
    env.sd.push(s);
    if (method.kind === 'sd') {
      env.low.push(m - method.k * s);
      env.high.push(m + method.k * s);
    } else {
      const [lo, hi] = quantiles(vals, [method.low, method.high]);
      env.low.push(lo!);
      env.high.push(hi!);
    }
  }
  return env;
}

/**
 * Fills missing grid cells of a series for warping: interior gaps linearly, leading and
 * trailing gaps with the nearest value. DTW needs a value in every cell.
 *
 * @example fillGaps(Float64Array.from([NaN, 1, NaN, 3])) // [1, 1, 2, 3]
 */
export function fillGaps(x: Float64Array): Float64Array {
  const out = Float64Array.from(x);
  const known = [...out.keys()].filter((i) => Number.isFinite(out[i]!));
  if (known.length === 0) throw new AppError('no_data', 'the series has no values', 'check the lot has samples of the signal in the phase');
  for (let i = 0; i < out.length; i++) {
    if (Number.isFinite(out[i]!)) continue;
    const after = known.find((k) => k > i);
    const before = [...known].reverse().find((k) => k < i);
    if (before === undefined) out[i] = out[after!]!;
    else if (after === undefined) out[i] = out[before]!;
    else out[i] = out[before]! + ((out[after]! - out[before]!) * (i - before)) / (after - before);
  }
  return out;
}

/**
 * Compares a lot's aligned series with the envelope point by point and collects the spans of
 * consecutive points outside it, each with its largest deviation in sd units.
 *
 * @param env - the envelope
 * @param values - the lot's series on the envelope's grid
 * @param step - grid spacing, seconds
 * @param lotIndex - DTW only: the lot's own grid index at each envelope point
 * @example compareToEnvelope(env, lotSeries, 60).spans
 */
export function compareToEnvelope(
  env: Envelope,
  values: Float64Array,
  step: number,
  lotIndex?: Int32Array,
): { points: DeviationPoint[]; spans: DeviationSpan[]; compared: number; outside: number; withoutEnvelope: number } {
  const points: DeviationPoint[] = [];
  let compared = 0, outside = 0, withoutEnvelope = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const value = v !== undefined && Number.isFinite(v) ? v : null;
    const low = env.low[i] ?? null, high = env.high[i] ?? null, m = env.mean[i] ?? null, s = env.sd[i] ?? null;
    const has = low !== null && high !== null;
    if (value !== null && !has) withoutEnvelope++;
    const out = value !== null && has && (value < low || value > high);
    if (value !== null && has) compared++;
    if (out) outside++;
    const z = value !== null && m !== null && s !== null && s > 0 ? (value - m) / s : null;
    points.push({ t: i * step, lotTime: (lotIndex ? lotIndex[i]! : i) * step, value, low, high, z, outside: out });
  }
  return { points, spans: spansOf(points, step), compared, outside, withoutEnvelope };
}

function spansOf(points: DeviationPoint[], step: number): DeviationSpan[] {
  const spans: DeviationSpan[] = [];
  let cur: DeviationSpan | undefined;
  for (const p of points) {
    if (!p.outside) {
      cur = undefined;
      continue;
    }
    const dir = p.value! > p.high! ? 'above' : 'below';
    if (!cur) {
      cur = { from: p.t, to: p.t + step, points: 0, direction: dir, maxZ: null };
      spans.push(cur);
    }
    cur.to = p.t + step;
    cur.points++;
    if (cur.direction !== dir) cur.direction = 'both';
    if (p.z !== null && (cur.maxZ === null || Math.abs(p.z) > Math.abs(cur.maxZ))) cur.maxZ = p.z;
  }
  return spans;
}
