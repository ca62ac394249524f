import { AppError } from '../../core/errors.js';
import type { NumericColumn, TimeColumn } from '../../context/analysis-set-types.js';
import { correlationPValue, pearson } from '../../stats/correlation.js';
import { requireCount, requireFinite } from '../../stats/guard.js';
import { mannWhitney } from '../../stats/mann-whitney.js';
import { type OrderWork, orderWork, stableOrder } from '../../stats/stable-order.js';
import { neumaierDot, neumaierSum } from '../../stats/sum.js';
import type { Effect, Screened, Untestable } from './explain-types.js';
import { bestSplit, bestSplitSorted } from './split.js';

/** The target as the screen sees it: values of the rows that have one. */
export interface ScreenTarget {
  /** Numeric target values, or 0/1 (1 = bad) for a binary target; NaN = missing. */
  y: Float64Array;
  binary: boolean;
}

/**
 * What the screen keeps per target (one entry per target array, dropped with it): the target's
 * order and ranks, its sums for candidates that miss no lot, and scratch arrays every candidate
 * reuses. Thousands of candidates of thousands of lots otherwise allocate (and collect) hundreds
 * of megabytes. Like the ranks cached before it, it assumes a target array is not changed in
 * place once screened against (explain builds a new one per run).
 */
interface TargetState {
  /** Lots with a target value, from smallest to largest value (ties in lot order). */
  order: Int32Array;
  /** Average ranks of the present target values, in lot order. */
  ranks: Float64Array;
  /** Every present value is finite (±Infinity makes each candidate untestable, named as before). */
  finite: boolean;
  /** Mean and Σ(y − ȳ)² of the present values, for candidates that miss no lot (finite targets only). */
  mean: number;
  ss: number;
  constant: boolean;
  scratch: { x: Float64Array; y: Float64Array; xs: Float64Array; ys: Float64Array; rx: Float64Array; ry: Float64Array; order: Int32Array; pair: Int32Array; work: OrderWork };
}

const states = new WeakMap<Float64Array, TargetState>();

/**
 * Below this many pairs every rank sum is exact in double precision — ranks are multiples of ½,
 * so each centred product is a multiple of ¼ no larger than (n/2)², and n·(n/2)² < 2⁵¹ — which
 * lets the rank correlation be summed plainly in one pass and still equal, bit for bit, the
 * compensated sums of stats/correlation (which are exact on such data too).
 */
const EXACT_RANK_SUMS = 100_000;

/**
 * Screens a numeric candidate: Spearman's rho (p by the t approximation) for a numeric target,
 * Mann–Whitney for a pass/fail one, with the best threshold as the effect. Ranks, rho and p are
 * bit for bit those of `stats/correlation` spearman and pearson on the complete pairs; they
 * are computed from one radix order of the candidate and the target's order kept per target.
 * Throws AppError for what cannot be tested (screenColumn turns it into the reason).
 */
export function screenNumeric(col: NumericColumn | TimeColumn, t: ScreenTarget, minN: number, unit: string | null): Screened | Untestable {
  const name = col.name;
  const values = col.values;
  if (values.length !== t.y.length) throw new AppError('length_mismatch', `${name}: ${values.length} values for ${t.y.length} lots of the target`, 'screen columns of the same analysis set as the target');
  const st = stateOf(t.y);
  const { pair } = st.scratch;
  const ty = t.y;
  // Pairs into scratch arrays in one pass; pair[lot] = the pair's index, −1 when the candidate misses the lot.
  let n = 0;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const yi = ty[i]!;
    if (Number.isNaN(yi)) continue;
    const v = values[i]!;
    if (Number.isFinite(v)) {
      pair[i] = n;
      st.scratch.x[n] = v;
      st.scratch.y[n++] = yi;
    } else {
      pair[i] = -1;
      missing++;
    }
  }
  if (n < minN) return { name, reason: `only ${n} lots have both values (need ${minN})` };
  const x = st.scratch.x.subarray(0, n);
  const y = st.scratch.y.subarray(0, n);
  if (isConstant(x)) return { name, reason: 'the same value on every lot' };
  const base = { name, kind: col.kind, origin: col.origin, unit };
  if (t.binary) return screenBinary(base, x, y, missing);
  if (missing === 0 ? st.constant : isConstant(y)) return { name, reason: 'the target has the same value on every lot with this candidate' };
  requireCount(n, 3, 'Pearson correlation');
  if (!st.finite) requireFinite(y, 'Pearson correlation, y');

  const order = stableOrder(x, st.scratch.order, st.scratch.work);
  const { rx, xs, ys } = st.scratch;
  rankAndSort(x, y, order, rx, xs, ys);
  const ry = missing === 0 ? st.ranks : targetRanksOf(ty, st, n);
  const s = rankCorrelation(rx.subarray(0, n), ry.subarray(0, n));
  const r = valueCorrelation(x, y, missing === 0 ? st : undefined);
  const split = bestSplitSorted(xs, ys, n);
  if (!split) return { name, reason: 'too few distinct values to split' };
  const overall = mean(y);
  const difference = split.meanAbove - split.meanBelow;
  const effect: Effect = {
    kind: 'threshold', threshold: split.threshold, meanAbove: split.meanAbove, meanBelow: split.meanBelow, nAbove: split.nAbove, nBelow: split.nBelow,
    difference, relative: overall !== 0 ? (100 * difference) / Math.abs(split.meanBelow || overall) : null,
  };
  return { ...base, n, missing, test: 'spearman', rho: s.r, pearson: r.r, pParametric: r.p, p: s.p, q: NaN, direction: s.r >= 0 ? 'up' : 'down', effect };
}

function screenBinary(base: Pick<Screened, 'name' | 'kind' | 'origin' | 'unit'>, x: Float64Array, y: Float64Array, missing: number): Screened | Untestable {
  const name = base.name;
  const n = x.length;
  const bad = x.filter((_, i) => y[i] === 1);
  const good = x.filter((_, i) => y[i] === 0);
  if (bad.length < 2 || good.length < 2) return { name, reason: `too few ${bad.length < 2 ? 'bad' : 'good'} lots with a value (${Math.min(bad.length, good.length)})` };
  const mw = mannWhitney(bad, good);
  const split = bestSplit(x, y);
  if (!split) return { name, reason: 'too few distinct values to split' };
  const up = mean(bad) > mean(good);
  const effect: Effect = {
    kind: 'rates',
    groupA: { label: `above ${fmt(split.threshold)}`, bad: Math.round(split.meanAbove * split.nAbove), n: split.nAbove },
    groupB: { label: `at or below ${fmt(split.threshold)}`, bad: Math.round(split.meanBelow * split.nBelow), n: split.nBelow },
    difference: split.meanAbove - split.meanBelow,
  };
  return { ...base, n, missing, test: 'mann-whitney', rho: null, pearson: null, pParametric: null, p: mw.p, q: NaN, direction: up ? 'up' : 'down', effect };
}

/** The per-target state, computed on the first candidate screened against `y`. */
function stateOf(y: Float64Array): TargetState {
  let st = states.get(y);
  if (st) return st;
  const lots = new Int32Array(y.length);
  let m = 0;
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) lots[m++] = i;
  const present = Float64Array.from(lots.subarray(0, m), (i) => y[i]!);
  const work = orderWork(y.length);
  const byValue = stableOrder(present, new Int32Array(m), work);
  const order = Int32Array.from(byValue, (k) => lots[k]!);
  const ranks = ranksInOrder(present, byValue, m, new Float64Array(m));
  const finite = present.every((v) => Number.isFinite(v));
  let mean = NaN;
  let ss = NaN;
  if (finite && m > 0) {
    mean = meanOf(present);
    ss = neumaierDot(present, present, mean, mean);
  }
  const len = y.length;
  const scratch = { x: new Float64Array(len), y: new Float64Array(len), xs: new Float64Array(len), ys: new Float64Array(len), rx: new Float64Array(len), ry: new Float64Array(len), order: new Int32Array(len), pair: new Int32Array(len), work };
  st = { order, ranks, finite, mean, ss, constant: isConstant(present), scratch };
  states.set(y, st);
  return st;
}

/**
 * Average ranks of x (1-based, ties share the mean of their positions, as stats/ranks) from its
 * order, and the pairs copied in that order (ties in lot order) for the threshold search.
 */
function rankAndSort(x: Float64Array, y: Float64Array, order: Int32Array, rx: Float64Array, xs: Float64Array, ys: Float64Array): void {
  const n = x.length;
  for (let k = 0; k < n; ) {
    const v = x[order[k]!]!;
    let j = k;
    do {
      const i = order[j]!;
      xs[j] = x[i]!; // not v: −0 and +0 are one tie but stay themselves
      ys[j] = y[i]!;
      j++;
    } while (j < n && x[order[j]!] === v);
    const r = (k + j + 1) / 2; // mean of the 1-based positions k+1 … j
    for (let m = k; m < j; m++) rx[order[m]!] = r;
    k = j;
  }
}

/** Average ranks (1-based, ties share the mean of their positions, as stats/ranks) of x visited in `order`. */
function ranksInOrder(x: Float64Array, order: Int32Array, n: number, out: Float64Array): Float64Array {
  for (let k = 0; k < n; ) {
    const v = x[order[k]!]!;
    let j = k + 1;
    while (j < n && x[order[j]!] === v) j++;
    const r = (k + j + 1) / 2; // mean of the 1-based positions k+1 … j
    for (let m = k; m < j; m++) out[order[m]!] = r;
    k = j;
  }
  return out;
}

/**
 * Ranks of the target on the lots this candidate has: the target's order (kept per target)
 * walked without the lots the candidate misses, so no sort is needed.
 */
function targetRanksOf(yAll: Float64Array, st: TargetState, n: number): Float64Array {
  const { pair, ry } = st.scratch;
  const order = st.order;
  let k = 0; // position among the candidate's pairs
  for (let a = 0; a < order.length; ) {
    const v = yAll[order[a]!]!;
    let b = a;
    let j = k;
    while (b < order.length && yAll[order[b]!] === v) {
      if (pair[order[b]!]! >= 0) j++;
      b++;
    }
    const r = (k + j + 1) / 2; // mean of the 1-based positions k+1 … j
    for (let c = a; c < b; c++) {
      const p = pair[order[c]!]!;
      if (p >= 0) ry[p] = r;
    }
    k = j;
    a = b;
  }
  if (k !== n) throw new Error(`screen: ${k} target ranks for ${n} pairs`); // cannot happen: pair[] marks exactly the n pairs
  return ry;
}

/** Spearman's rho and p from the ranks: stats/correlation's spearman, summed exactly in one pass. */
function rankCorrelation(rx: Float64Array, ry: Float64Array): { r: number; p: number } {
  const n = rx.length;
  if (n > EXACT_RANK_SUMS) {
    const s = pearson(rx, ry);
    return { r: s.r, p: s.p };
  }
  const m = (n + 1) / 2; // the mean of any average ranks 1…n, exactly
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i]! - m;
    const dy = ry[i]! - m;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) pearson(rx, ry); // throws zero_variance, naming the constant side
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  return { r, p: correlationPValue(r, n) };
}

/** Pearson's r and p of the values, as stats/correlation's pearson (whose input checks the pairing already made); the target's sums reused when given. */
function valueCorrelation(x: Float64Array, y: Float64Array, target: TargetState | undefined): { r: number; p: number } {
  const mx = meanOf(x);
  const my = target ? target.mean : meanOf(y);
  const sxx = neumaierDot(x, x, mx, mx);
  const syy = target ? target.ss : neumaierDot(y, y, my, my);
  if (sxx === 0 || syy === 0) pearson(x, y); // throws zero_variance, naming the constant side
  const r = Math.max(-1, Math.min(1, neumaierDot(x, y, mx, my) / Math.sqrt(sxx * syy)));
  return { r, p: correlationPValue(r, x.length) };
}

/** The mean as stats/descriptive computes it (compensated sum, then one correction pass), on values known finite. */
function meanOf(x: Float64Array): number {
  const m0 = neumaierSum(x) / x.length;
  return m0 + neumaierSum(x, m0) / x.length;
}

function isConstant(x: Float64Array): boolean {
  const v = x[0];
  for (let i = 1; i < x.length; i++) if (x[i] !== v) return false;
  return true;
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}
