import { isAppError } from '../core/errors.js';
import type { AnalysisColumn } from '../context/analysis-set-types.js';
import { kruskalWallis } from '../stats/kruskal-wallis.js';
import { oneWayAnova } from '../stats/anova.js';
import { pearson } from '../stats/correlation.js';
import { mannWhitney } from '../stats/mann-whitney.js';
import { chiSquareIndependence, fisherExact } from '../stats/contingency.js';
import { bestSplit } from './split.js';
import type { Effect, Screened, Untestable } from './explain-types.js';

/** The target as the screen sees it: values of the rows that have one. */
export interface ScreenTarget {
  /** Numeric target values, or 0/1 (1 = bad) for a binary target; NaN = missing. */
  y: Float64Array;
  binary: boolean;
}

/** Screens one candidate against the target; returns a test result or why it cannot be tested. q is filled later. */
export function screenColumn(col: AnalysisColumn, target: ScreenTarget, minN: number, unit: string | null): Screened | Untestable {
  try {
    return col.kind === 'factor' ? screenFactor(col.name, col.values, col, target, minN, unit) : screenNumeric(col.name, col.values, col, target, minN, unit);
  } catch (e) {
    if (isAppError(e)) return { name: col.name, reason: e.message };
    throw e;
  }
}

function base(col: AnalysisColumn, unit: string | null) {
  return { name: col.name, kind: col.kind, origin: col.origin, unit };
}

function screenNumeric(name: string, values: Float64Array, col: AnalysisColumn, t: ScreenTarget, minN: number, unit: string | null): Screened | Untestable {
  // Pairs straight into typed arrays: count, then fill (no intermediate JS arrays).
  let n = 0;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(t.y[i]!)) continue;
    if (Number.isFinite(values[i]!)) n++;
    else missing++;
  }
  if (n < minN) return { name, reason: `only ${n} lots have both values (need ${minN})` };
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) {
    if (Number.isNaN(t.y[i]!) || !Number.isFinite(values[i]!)) continue;
    x[k] = values[i]!;
    y[k++] = t.y[i]!;
  }
  if (x.every((v) => v === x[0])) return { name, reason: 'the same value on every lot' };
  if (t.binary) {
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
    return { ...base(col, unit), n, missing, test: 'mann-whitney', rho: null, pearson: null, pParametric: null, p: mw.p, q: NaN, direction: up ? 'up' : 'down', effect };
  }
  if (y.every((v) => v === y[0])) return { name, reason: 'the target has the same value on every lot with this candidate' };
  // Spearman = Pearson of the average ranks (the definition stats/correlation.ts uses, same t-approximation p).
  // The target's ranks are computed once and reused whenever this candidate misses no lot.
  const rx = averageRanksFast(x);
  const ry = missing === 0 ? targetRanks(t) : averageRanksFast(y).ranks;
  const s = pearson(rx.ranks, ry);
  const r = pearson(x, y);
  // Ordered by x (ties in lot order, as a stable sort leaves them), bestSplit's own sort has nothing to do.
  const split = bestSplit(...byRank(x, y, rx));
  if (!split) return { name, reason: 'too few distinct values to split' };
  const overall = mean(y);
  const difference = split.meanAbove - split.meanBelow;
  const effect: Effect = {
    kind: 'threshold', threshold: split.threshold, meanAbove: split.meanAbove, meanBelow: split.meanBelow, nAbove: split.nAbove, nBelow: split.nBelow,
    difference, relative: overall !== 0 ? (100 * difference) / Math.abs(split.meanBelow || overall) : null,
  };
  return { ...base(col, unit), n, missing, test: 'spearman', rho: s.r, pearson: r.r, pParametric: r.p, p: s.p, q: NaN, direction: s.r >= 0 ? 'up' : 'down', effect };
}

function screenFactor(name: string, values: (string | null)[], col: AnalysisColumn, t: ScreenTarget, minN: number, unit: string | null): Screened | Untestable {
  const groups = new Map<string, number[]>();
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(t.y[i]!)) continue;
    const v = values[i];
    if (v === null || v === undefined) missing++;
    else (groups.get(v) ?? groups.set(v, []).get(v)!).push(t.y[i]!);
  }
  // Levels with one lot carry no within-level information; pool them so they are not lost.
  const kept = [...groups].filter(([, g]) => g.length >= 2);
  const pooled = [...groups].filter(([, g]) => g.length < 2).flatMap(([, g]) => g);
  if (pooled.length >= 2) kept.push(['(other)', pooled]);
  const n = kept.reduce((s, [, g]) => s + g.length, 0);
  if (kept.length < 2) return { name, reason: kept.length === 1 ? `one level only ('${kept[0]![0]}')` : 'no level with two or more lots' };
  if (n < minN) return { name, reason: `only ${n} lots have both values (need ${minN})` };
  if (kept.length > Math.max(20, n / 3)) return { name, reason: `${kept.length} levels for ${n} lots: too many to compare (an identifier, not a factor)` };
  const arrays = kept.map(([, g]) => Float64Array.from(g));
  const means = arrays.map(mean);
  const hi = means.indexOf(Math.max(...means));
  const lo = means.indexOf(Math.min(...means));
  if (t.binary) {
    const table = arrays.map((g) => [g.filter((v) => v === 1).length, g.filter((v) => v === 0).length]);
    const is2x2 = table.length === 2;
    const totalBad = table.reduce((s, r) => s + r[0]!, 0);
    if (totalBad === 0 || totalBad === n) return { name, reason: totalBad === 0 ? 'no bad lots' : 'no good lots' };
    const p = is2x2 ? fisherExact([table[0] as [number, number], table[1] as [number, number]] as const).p : chiSquareIndependence(table).p;
    const effect: Effect = {
      kind: 'rates',
      groupA: { label: kept[hi]![0], bad: table[hi]![0]!, n: arrays[hi]!.length },
      groupB: { label: kept[lo]![0], bad: table[lo]![0]!, n: arrays[lo]!.length },
      difference: means[hi]! - means[lo]!,
    };
    return { ...base(col, unit), n, missing, test: is2x2 ? 'fisher' : 'chi-square', rho: null, pearson: null, pParametric: null, p, q: NaN, direction: 'levels', effect };
  }
  const all = Float64Array.from(kept.flatMap(([, g]) => g));
  if (all.every((v) => v === all[0])) return { name, reason: 'the target is constant on these lots' };
  const kw = kruskalWallis(arrays);
  let anovaP: number | null = null;
  let eta = 0;
  try {
    const a = oneWayAnova(arrays);
    anovaP = a.p;
    eta = a.rSquared;
  } catch (e) {
    if (!isAppError(e)) throw e;
  }
  const overall = mean(all);
  const difference = means[hi]! - means[lo]!;
  const effect: Effect = {
    kind: 'levels',
    high: { level: kept[hi]![0], mean: means[hi]!, n: arrays[hi]!.length },
    low: { level: kept[lo]![0], mean: means[lo]!, n: arrays[lo]!.length },
    difference, relative: overall !== 0 ? (100 * difference) / Math.abs(means[lo]! || overall) : null, etaSquared: eta,
  };
  return { ...base(col, unit), n, missing, test: 'kruskal-wallis', rho: null, pearson: null, pParametric: anovaP, p: kw.p, q: NaN, direction: 'levels', effect };
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** True when a screen result is a test (not an untestable reason). */
export function isScreened(r: Screened | Untestable): r is Screened {
  return 'p' in r;
}

/** Average ranks of x, and each value's first position in sorted order (0-based). */
interface Ranked {
  ranks: Float64Array;
  first: Int32Array;
}

/**
 * Average ranks (1-based, ties share the mean of their positions), as stats/ranks.ts defines
 * them, but by a native typed-array sort instead of a sort with a comparator: the screen ranks
 * thousands of columns of thousands of lots. The sort carries each value's index in the lowest
 * mantissa bits of a copy; the order it gives is then checked against the true values, and
 * when two distinct values differed only in those bits (the check fails) the ranks are found by
 * binary search in a sorted copy instead. Either way the ranks are exact.
 */
function averageRanksFast(x: Float64Array): Ranked {
  return ranksByTaggedSort(x) ?? ranksBySearch(x);
}

function ranksByTaggedSort(x: Float64Array): Ranked | undefined {
  const n = x.length;
  const bits = Math.max(1, Math.ceil(Math.log2(n)));
  if (bits > 20) return undefined;
  const mask = (1 << bits) - 1;
  const tagged = x.slice();
  const words = new Uint32Array(tagged.buffer); // little-endian: words[2i] holds the low mantissa bits
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) return undefined;
  for (let i = 0; i < n; i++) words[2 * i] = ((words[2 * i]! & ~mask) | i) >>> 0;
  tagged.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = words[2 * k]! & mask;
  for (let k = 1; k < n; k++) if (x[order[k]!]! < x[order[k - 1]!]!) return undefined;
  const ranks = new Float64Array(n);
  const first = new Int32Array(n);
  for (let k = 0; k < n; ) {
    let j = k + 1;
    while (j < n && x[order[j]!] === x[order[k]!]) j++;
    const r = (k + j + 1) / 2; // mean of the 1-based positions k+1 … j
    for (let m = k; m < j; m++) {
      ranks[order[m]!] = r;
      first[order[m]!] = k;
    }
    k = j;
  }
  return { ranks, first };
}

function ranksBySearch(x: Float64Array): Ranked {
  const sorted = x.slice().sort();
  const ranks = new Float64Array(x.length);
  const first = new Int32Array(x.length);
  const n = x.length;
  const groupEnd = new Int32Array(n); // end of each tie group, by its first position (0 = not yet found)
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const lo = firstAtLeast(sorted, v);
    let hi = groupEnd[lo]!;
    if (hi === 0) {
      hi = lo + 1; // walk each tie group once
      while (hi < n && sorted[hi] === v) hi++;
      groupEnd[lo] = hi;
    }
    first[i] = lo;
    ranks[i] = (lo + hi + 1) / 2; // mean of the 1-based positions lo+1 … hi
  }
  return { ranks, first };
}

/** First index whose value is ≥ v (binary search). */
function firstAtLeast(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** x and y reordered by x, ties in lot order: what a stable sort by x gives. */
function byRank(x: Float64Array, y: Float64Array, rx: Ranked): [Float64Array, Float64Array] {
  const n = x.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const filled = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = rx.first[i]!;
    const pos = lo + filled[lo]!++;
    xs[pos] = x[i]!;
    ys[pos] = y[i]!;
  }
  return [xs, ys];
}

const targetRankCache = new WeakMap<Float64Array, Float64Array>();

/** Ranks of the target's present values (in lot order), computed once per target. */
function targetRanks(t: ScreenTarget): Float64Array {
  let r = targetRankCache.get(t.y);
  if (!r) {
    r = averageRanksFast(t.y.filter((v) => !Number.isNaN(v))).ranks;
    targetRankCache.set(t.y, r);
  }
  return r;
}
