import { isAppError } from '../../core/errors.js';
import type { AnalysisColumn, FactorColumn } from '../../context/analysis-set-types.js';
import { kruskalWallis } from '../../stats/kruskal-wallis.js';
import { oneWayAnova } from '../../stats/anova.js';
import { chiSquareIndependence, fisherExact } from '../../stats/contingency.js';
import { type ScreenTarget, screenNumeric } from './screen-numeric.js';
import type { Effect, Screened, Untestable } from './explain-types.js';

export type { ScreenTarget } from './screen-numeric.js';

/** Screens one candidate against the target; returns a test result or why it cannot be tested. q is filled later. */
export function screenColumn(col: AnalysisColumn, target: ScreenTarget, minN: number, unit: string | null): Screened | Untestable {
  try {
    return col.kind === 'factor' ? screenFactor(col, target, minN, unit) : screenNumeric(col, target, minN, unit);
  } catch (e) {
    if (isAppError(e)) return { name: col.name, reason: e.message };
    throw e;
  }
}

function base(col: AnalysisColumn, unit: string | null) {
  return { name: col.name, kind: col.kind, origin: col.origin, unit };
}

function screenFactor(col: FactorColumn, t: ScreenTarget, minN: number, unit: string | null): Screened | Untestable {
  const { name, values } = col;
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

/** True when a screen result is a test (not an untestable reason). */
export function isScreened(r: Screened | Untestable): r is Screened {
  return 'p' in r;
}
