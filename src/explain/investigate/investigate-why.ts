import { isAppError } from '../../core/errors.js';
import { isNumericColumn, type AnalysisSet, type NumericColumn } from '../../context/analysis-set-types.js';
import { spearman } from '../../stats/correlation.js';
import type { Finding } from './investigate-types.js';
import { robustScale } from './robust.js';
import { num } from '../drivers/sentence.js';

/** The pairs of two columns where both values are present. */
function completePairs(a: Float64Array, b: Float64Array): [Float64Array, Float64Array] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < a.length; i++) {
    if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) {
      xs.push(a[i]!);
      ys.push(b[i]!);
    }
  }
  return [Float64Array.from(xs), Float64Array.from(ys)];
}

/** An outcome this far from its median (robust sd) is asked "why?". */
const OUTCOME_Z = 1;
/** A candidate must be this far from its median, and go with the outcome at least this strongly across lots. */
const CANDIDATE_Z = 1.5;
const MIN_RHO = 0.3;
const MAX_P = 0.01;

/**
 * For each quality attribute (CQA, or IPC of an intermediate; a value or the mean of replicates)
 * of the lot that is off its median by 1 robust sd or more, the
 * values of this lot — its own and those carried down from its upstream lots — that are off in
 * the direction that goes with that outcome across all lots of the material (Spearman ρ), the
 * strongest two per outcome. This is the lot-level "why": an API lot that is ordinary among API
 * lots, but coarse for this tablet lot, next to this lot's low dissolution.
 *
 * Only relationships with Spearman p ≤ 0.01 and |ρ| ≥ 0.3 count. Strength = ρ² · min(|z|, 3)
 * (a strong relationship matters more than an extreme value); score = 55 + 12 · strength (at
 * most 91, under out of specification). Returns the number of outcome × candidate pairs looked at.
 */
export function outcomeLeads(set: AnalysisSet, lot: string, roles: Map<string, string | null>, out: Finding[]): number {
  const me = set.lots.indexOf(lot);
  if (me < 0) return 0;
  const numeric = set.columns.filter(isNumericColumn);
  const isOutcome = (c: NumericColumn) => outcomeColumn(c, roles);
  // A quality attribute's other replicate summaries (dissolution.min for dissolution.mean) restate outcomes.
  const restates = (c: NumericColumn) => c.origin.rule === 'own' && quality(roles, c.origin.feature?.split('.')[0]);
  const z = new Map<NumericColumn, number>();
  for (const c of numeric) {
    const v = c.values[me]!;
    const rs = Number.isFinite(v) ? robustScale(c.values) : undefined;
    if (rs) z.set(c, (v - rs.median) / rs.scale);
  }
  let looked = 0;
  for (const o of numeric.filter(isOutcome)) {
    const zo = z.get(o);
    if (zo === undefined || Math.abs(zo) < OUTCOME_Z) continue;
    const leads: { c: NumericColumn; zc: number; rho: number; n: number; strength: number }[] = [];
    for (const c of numeric) {
      if (c === o || isOutcome(c) || restates(c)) continue;
      const zc = z.get(c);
      if (zc === undefined || Math.abs(zc) < CANDIDATE_Z) continue;
      looked++;
      const [xs, ys] = completePairs(c.values, o.values);
      if (xs.length < 10) continue;
      let rho: number;
      let p: number;
      try {
        ({ r: rho, p } = spearman(xs, ys));
      } catch (e) {
        if (isAppError(e)) continue;
        throw e;
      }
      // A lead needs a relationship that is there across lots, not one of hundreds of chance ones.
      if (Math.abs(rho) < MIN_RHO || p > MAX_P || Math.sign(zc) * Math.sign(rho) !== Math.sign(zo)) continue;
      leads.push({ c, zc, rho, n: xs.length, strength: rho * rho * Math.min(Math.abs(zc), 3) });
    }
    leads.sort((a, b) => b.strength - a.strength);
    for (const l of leads.slice(0, 2)) {
      const c = l.c;
      const carried = c.origin.rule !== 'own';
      const what = c.origin.parameter ?? c.origin.feature ?? c.name;
      const value = `${num(c.values[me]!)}, ${num(Math.abs(l.zc))} robust sd ${l.zc > 0 ? 'above' : 'below'} its median`;
      out.push({
        kind: carried ? 'upstream' : 'unusual_value', score: Math.min(95, 55 + 12 * l.strength), lot, material: set.material,
        via: carried ? c.origin.path.slice(0, -1) : [], value: c.values[me]!, z: l.zc,
        title: `${c.name} may explain ${o.name}`,
        sentence:
          `${o.name} is ${zo < 0 ? 'low' : 'high'} in this lot (${num(o.values[me]!)}, ${num(Math.abs(zo))} robust sd ${zo < 0 ? 'below' : 'above'} the median); ` +
          (carried ? `the ${c.origin.material} that went into it had ${what} ${value}${c.origin.rule === 'weighted_mean' ? ' (contribution-weighted)' : ''}` : `its ${what} was ${value}`) +
          `, and across ${l.n} lots ${l.zc > 0 ? 'higher' : 'lower'} ${what} goes with ${zo < 0 ? 'lower' : 'higher'} ${o.name} (Spearman ρ = ${num(l.rho)}). A lead to check, not a proof.`,
        link: { view: 'lot', params: { lot } },
      });
    }
  }
  return looked;
}

/** Quality attributes a lot is judged by: CQAs, and in-process controls (IPC) of intermediates. */
function quality(roles: Map<string, string | null>, p: string | undefined): boolean {
  const r = p === undefined ? undefined : roles.get(p)?.toUpperCase();
  return r === 'CQA' || r === 'IPC';
}

/** An outcome column: a quality attribute of the lot itself, as a value or as the mean of its replicates. */
function outcomeColumn(c: NumericColumn, roles: Map<string, string | null>): boolean {
  if (c.origin.rule !== 'own') return false;
  if (c.origin.parameter) return quality(roles, c.origin.parameter);
  const f = c.origin.feature;
  return f !== undefined && f.endsWith('.mean') && f.split('.').length === 2 && quality(roles, f.split('.')[0]);
}

const keyOf = (c: NumericColumn) => `${c.origin.material}|${c.origin.parameter ?? c.origin.feature ?? c.name}`;

/**
 * How much each measurement of the set goes with the material's quality attributes: the largest
 * |Spearman ρ| with any own outcome column (CQA or IPC) across lots, keyed `material|parameter-or-feature` (an
 * upstream value counts through its carried-down column).
 */
export function relevanceOf(set: AnalysisSet, roles: Map<string, string | null>): Map<string, number> {
  const numeric = set.columns.filter(isNumericColumn);
  const outcomes = numeric.filter((c) => outcomeColumn(c, roles));
  const rel = new Map<string, number>();
  for (const c of numeric) {
    let best = 0;
    for (const o of outcomes) {
      if (o === c) continue;
      const [xs, ys] = completePairs(c.values, o.values);
      if (xs.length < 10) continue;
      try {
        best = Math.max(best, Math.abs(spearman(xs, ys).r));
      } catch (e) {
        if (!isAppError(e)) throw e;
      }
    }
    rel.set(keyOf(c), Math.max(rel.get(keyOf(c)) ?? 0, best));
  }
  return rel;
}

/** Weighs unusual values by relevance: score × (0.4 + 0.6 · relevance); 0.7 when it is not known. */
export function weighByRelevance(findings: Finding[], relevance: Map<string, number>): void {
  for (const f of findings) {
    if ((f.kind !== 'unusual_value' && f.kind !== 'upstream') || f.key === undefined || f.expected === undefined) continue;
    const r = relevance.get(f.key);
    if (r !== undefined) f.relevance = r;
    f.score *= r === undefined ? 0.7 : 0.4 + 0.6 * r;
  }
}
