import { AppError, field } from '../core/errors.js';
import { num } from '../explain/drivers/sentence.js';
import { capability, type CapabilityResult, type SpecLimits } from '../spc/capability.js';
import { oneWayAnova, welchAnova, type AnovaResult, type WelchAnovaResult } from '../stats/anova.js';
import { extent, mean, sd } from '../stats/descriptive.js';
import { splitGroups } from '../stats/groups.js';
import { requireProbability } from '../stats/guard.js';
import { kruskalWallis, type KruskalWallisResult } from '../stats/kruskal-wallis.js';
import { levene, type LeveneResult } from '../stats/levene.js';
import { quantileSorted, sortedCopy } from '../stats/quantile.js';
import { tost, type TostResult } from '../stats/t-test.js';
import { tukeyHsd } from '../stats/tukey-hsd.js';
import { attempt, type Outcome } from './outcome.js';

/** Options of {@link compareGroups}. */
export interface CompareOptions {
  /** Equivalence margin Δ (units of the data) for TOST; no TOST without it. */
  margin?: number;
  /** Specification; per-group capability is shown when given. */
  spec?: SpecLimits;
  /** Significance level of the tests; TOST uses a (1 − 2α) interval. Default 0.05. */
  alpha?: number;
  /** Reference group for TOST (each other group against it). Default: the first group in label order. */
  reference?: string;
}

/** Summary of one group. */
export interface GroupSummary {
  group: string;
  n: number;
  mean: number;
  /** null when n < 2. */
  sd: number | null;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
  /** Capability against the spec (when one is given), or why not. */
  capability?: Outcome<CapabilityResult>;
  /** The values, sorted (for box plots). */
  values: Float64Array;
}

/** One Tukey pair with group names. */
export interface NamedTukeyPair {
  a: string;
  b: string;
  /** mean(b) − mean(a). */
  diff: number;
  lower: number;
  upper: number;
  p: number;
}

/** One TOST comparison: group vs the reference. */
export interface NamedTost extends TostResult {
  group: string;
  reference: string;
}

/** The full comparison of groups. */
export interface GroupComparison {
  alpha: number;
  groups: GroupSummary[];
  anova: Outcome<AnovaResult>;
  welch: Outcome<WelchAnovaResult>;
  tukey: Outcome<NamedTukeyPair[]>;
  kruskalWallis: Outcome<KruskalWallisResult>;
  levene: Outcome<LeveneResult>;
  /** Absent without a margin. */
  equivalence?: { margin: number; reference: string; tests: Outcome<NamedTost>[] };
  /** The findings in words, one line each. */
  summary: string[];
}

/**
 * Compares a measured value across groups (sites, equipment, suppliers, campaigns — tech transfer
 * and site-to-site): per-group n, mean, sd, median and quartiles (type 7) and, given a spec,
 * capability; one-way ANOVA, Welch ANOVA, Tukey HSD pairs, Kruskal–Wallis, Levene (Brown–Forsythe);
 * with a margin, equivalence by TOST of every group against the reference.
 * An analysis the data cannot support is reported as not computed, with the reason.
 *
 * Phases: split and check → per-group summaries → tests of location and spread → equivalence → sentences.
 *
 * @param values - finite values (drop missing ones before; the store reader counts them)
 * @param groups - one group label per value
 * @param options - margin, spec, alpha (0.05), reference (first label in sort order)
 * @example compareGroups(Float64Array.from([1, 2, 3, 4, 5, 6]), ['A', 'A', 'A', 'B', 'B', 'B'], { margin: 4 })
 * @see Montgomery, Design and Analysis of Experiments, ch. 3; Schuirmann (1987) for TOST; FDA Process Validation guidance (2011).
 */
export function compareGroups(values: Float64Array, groups: readonly string[], options: CompareOptions = {}): GroupComparison {
  const alpha = options.alpha ?? 0.05;
  requireProbability(alpha, 'alpha');
  const split = splitGroups(values, groups);
  if (split.labels.length === 0) throw new AppError('no_data', 'nothing to compare: no values were given', 'check the filters; no lot has a value');
  const order = split.labels.map((l, i) => [l, i] as const).sort((x, y) => x[0].localeCompare(y[0], 'en', { numeric: true }));
  const labels = order.map(([l]) => l);
  const samples = order.map(([, i]) => split.groups[i]!);

  const summaries = labels.map((label, i) => summarise(label, samples[i]!, options.spec));
  const anova = attempt(() => oneWayAnova(samples));
  const welch = attempt(() => welchAnova(samples));
  const tukey = attempt(() => tukeyHsd(samples, alpha).map((p) => ({ a: labels[p.a]!, b: labels[p.b]!, diff: p.diff, lower: p.lower, upper: p.upper, p: p.p })));
  const kw = attempt(() => kruskalWallis(samples));
  const lev = attempt(() => levene(samples, 'median'));
  const result: GroupComparison = { alpha, groups: summaries, anova, welch, tukey, kruskalWallis: kw, levene: lev, summary: [] };
  if (options.margin !== undefined) result.equivalence = equivalence(labels, samples, options.margin, alpha, options.reference);
  result.summary = sentences(result);
  return result;
}

function summarise(group: string, x: Float64Array, spec: SpecLimits | undefined): GroupSummary {
  const s = sortedCopy(x);
  const { min, max } = extent(x);
  const out: GroupSummary = {
    group, n: x.length, mean: mean(x), sd: x.length >= 2 ? sd(x) : null,
    median: quantileSorted(s, 0.5), q1: quantileSorted(s, 0.25), q3: quantileSorted(s, 0.75), min, max, values: s,
  };
  if (spec) out.capability = attempt(() => capability(x, spec));
  return out;
}

function equivalence(labels: string[], samples: Float64Array[], margin: number, alpha: number, reference?: string): NonNullable<GroupComparison['equivalence']> {
  if (!(Number.isFinite(margin) && margin > 0)) {
    throw new AppError('bad_margin', `equivalence margin ${margin} is not a positive number`, `give the largest difference of means that does not matter, e.g. ${field('margin', '2')}`);
  }
  const ref = reference ?? labels[0]!;
  const r = labels.indexOf(ref);
  if (r < 0) throw new AppError('unknown_reference', `reference group '${ref}' is not among the groups (${labels.join(', ')})`, `name one of the groups in ${field('reference')}`);
  const tests = labels
    .map((g, i) => [g, i] as const)
    .filter(([, i]) => i !== r)
    .map(([g, i]) => attempt(() => ({ ...tost(samples[i]!, samples[r]!, margin, alpha, [g, ref]), group: g, reference: ref })));
  return { margin, reference: ref, tests };
}

function sentences(c: GroupComparison): string[] {
  const out: string[] = [];
  // p-values: exponent below 1e-4; below 1e-12 only the bound (Tukey p is accurate in absolute terms only).
  const p = (v: number) => (v < 1e-12 ? '< 1e-12' : v < 1e-4 ? v.toExponential(1) : String(Number(v.toPrecision(3))));
  const eq = (v: number) => (v < 1e-12 ? 'p < 1e-12' : `p = ${p(v)}`);
  const a = c.anova;
  if (a.status === 'done') {
    const r = a.result;
    out.push(`${r.p < c.alpha ? 'The group means differ' : 'No difference between the group means is shown'} (one-way ANOVA F(${r.dfBetween}, ${r.dfWithin}) = ${num(r.f)}, ${eq(r.p)}).`);
  } else out.push(`One-way ANOVA not computed: ${a.reason}.`);
  if (c.welch.status === 'done') out.push(`Welch ANOVA, not assuming equal variances: ${eq(c.welch.result.p)}.`);
  if (c.kruskalWallis.status === 'done') out.push(`Kruskal–Wallis on ranks: ${eq(c.kruskalWallis.result.p)}.`);
  if (c.levene.status === 'done') {
    out.push(`${c.levene.result.p < c.alpha ? 'The spreads differ' : 'No difference in spread is shown'} (Levene/Brown–Forsythe ${eq(c.levene.result.p)}).`);
  }
  if (c.tukey.status === 'done') {
    const sig = c.tukey.result.filter((t) => t.p < c.alpha);
    if (sig.length > 0) out.push(`Tukey HSD: ${sig.map((t) => `${t.b} − ${t.a} = ${num(t.diff)} (${eq(t.p)})`).join('; ')}.`);
  }
  for (const t of c.equivalence?.tests ?? []) out.push(t.status === 'done' ? t.result.sentence : `Equivalence not computed: ${t.reason}.`);
  return out;
}
