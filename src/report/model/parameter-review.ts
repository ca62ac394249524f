/**
 * The review of one parameter over a period: its control chart (the `spc` verb's library call),
 * its capability (the `capability` verb's), its results outside specification and its
 * out-of-trend signals. The same functions with the same inputs as those verbs, so the numbers
 * a report prints are the numbers `spc` and `capability` give.
 */
import { renderCapability } from '../../chart/histogram-svg.js';
import { isAppError } from '../../core/errors.js';
import { capabilityReport } from '../../spc/capability-report.js';
import type { Estimate } from '../../spc/capability.js';
import { controlChartFigures } from '../../spc/control-chart-figure.js';
import type { ControlChartReport } from '../../spc/control-chart.js';
import { parseRules } from '../../spc/run-rules.js';
import type { Store } from '../../store/store.js';
import type { ReportChart } from '../definitions/definition-request.js';
import { printableSvg } from '../render/print-svg.js';
import type { IndexValue, OosResult, ParameterReview, RuleViolation } from './types.js';

/** A parameter to review, resolved against the store. */
export interface ReviewedParameter {
  material: string;
  parameter: string;
  role: string | null;
  unit: string | null;
}

/** The filters every statistic of a review takes: the period, and one site or all. */
export interface ReviewScope {
  from: string;
  to: string;
  site?: string;
  rules: string;
  charts: readonly ReportChart[];
  /** Site of each lot (for OOS rows). */
  siteOf: ReadonlyMap<string, string>;
}

const fin = (v: number | undefined | null): number | null => (v === undefined || v === null || !Number.isFinite(v) ? null : v);
const idx = (e: Estimate | undefined): IndexValue | null => (e ? { value: fin(e.value), lower: fin(e.lower), upper: fin(e.upper) } : null);
const reasonOf = (e: unknown): string => {
  if (isAppError(e)) return e.message;
  throw e;
};

/** Specification versions of a parameter, newest first, to judge each lot by the one valid at its start. */
async function specVersions(store: Store, material: string, parameter: string): Promise<Array<{ from: number; lsl: number | null; usl: number | null }>> {
  const rows = await store.all<{ valid_from: Date; lsl: number | null; usl: number | null }>(
    'SELECT valid_from, lsl, usl FROM specifications WHERE material = $1 AND parameter = $2 ORDER BY valid_from DESC', [material, parameter]);
  return rows.map((r) => ({ from: r.valid_from.getTime(), lsl: r.lsl, usl: r.usl }));
}

/**
 * Results outside the specification valid at each lot's start, from the chart's points (one
 * point per lot: the value, or the lot mean of a replicate parameter).
 */
function outOfSpec(chart: ControlChartReport, specs: Awaited<ReturnType<typeof specVersions>>, siteOf: ReadonlyMap<string, string>): { oos: OosResult[]; outside: Set<string> } {
  const oos: OosResult[] = [];
  const panel = chart.panels[0];
  if (!panel || specs.length === 0) return { oos, outside: new Set() };
  const values = panel.chart.primary.name === 'I' || panel.chart.primary.name === 'X̄' ? panel.chart.primary.values : undefined;
  if (!values) return { oos, outside: new Set() };
  for (const p of panel.points) {
    const v = values[p.index - panel.chart.primary.start];
    if (v === undefined || !Number.isFinite(v)) continue;
    const t = p.time ? Date.parse(p.time) : Number.POSITIVE_INFINITY;
    const spec = specs.find((s) => s.from <= t);
    if (!spec) continue;
    if ((spec.lsl !== null && v < spec.lsl) || (spec.usl !== null && v > spec.usl)) {
      const lot = p.lots[0]!;
      oos.push({ lot, site: siteOf.get(lot) ?? '', time: p.time, value: v, lsl: spec.lsl, usl: spec.usl });
    }
  }
  return { oos, outside: new Set(oos.map((o) => o.lot)) };
}

/**
 * Reviews one parameter: control chart (default chart for the data, the definition's run
 * rules), capability against the stored specification (distribution auto, 95 % intervals), OOS
 * against the specification valid at each lot, OOT = rule violations at points inside it.
 * A part that cannot be computed says why; the review goes on.
 */
export async function reviewParameter(store: Store, p: ReviewedParameter, scope: ReviewScope): Promise<ParameterReview> {
  const filters = { parameter: p.parameter, material: p.material, from: scope.from, to: scope.to, ...(scope.site ? { site: scope.site } : {}) };
  const review: ParameterReview = {
    material: p.material, parameter: p.parameter, role: p.role, unit: p.unit, lots: 0,
    chart: { status: 'not_computed', reason: '' }, capability: { status: 'not_computed', reason: '' }, oos: [], signals: [], figures: {}, notes: [],
  };
  let chart: ControlChartReport | undefined;
  try {
    const { report, figures } = await controlChartFigures(store, { ...filters, rules: parseRules(scope.rules) });
    chart = report;
    const panel = report.panels[0]!;
    const c = panel.chart;
    review.lots = panel.points.length;
    review.chart = {
      status: 'done', kind: report.chart, choice: report.choice, center: fin(c.center), sigma: fin(c.sigma), estimator: c.estimator,
      lcl: fin(c.primary.lcl[0]), ucl: fin(c.primary.ucl[0]), points: panel.points.length, violations: panel.violations.length,
    };
    if (scope.charts.includes('control') && figures[0]) review.figures.control = printableSvg(figures[0].svg);
    review.notes.push(...report.notes);
  } catch (e) {
    review.chart = { status: 'not_computed', reason: reasonOf(e) };
  }
  try {
    const r = await capabilityReport(store, { ...filters, distribution: 'auto', confidence: 0.95 });
    const x = r.result;
    const ppk = idx(x.indices.ppk) ?? { value: null };
    const nonNormal = fin(x.nonNormal?.ppk);
    review.capability = {
      status: 'done', specSource: r.specSource, lsl: fin(x.spec.lsl), usl: fin(x.spec.usl), target: fin(x.spec.target), n: x.n, mean: fin(x.mean), sdOverall: fin(x.sdOverall),
      method: x.method, ppk, pp: idx(x.indices.pp), cpk: idx(x.indices.cpk), cp: idx(x.indices.cp), ppkNonNormal: nonNormal,
      headlinePpk: x.method === 'normal' ? ppk.value ?? null : nonNormal,
      normalityP: 'pValue' in x.normality ? fin(x.normality.pValue) : null, observedPpm: fin(x.ppm.observed.total), notes: r.notes,
    };
    if (scope.charts.includes('histogram')) review.figures.histogram = printableSvg(renderCapability(r.values, x, { title: p.parameter, subtitle: `${r.material} · ${r.specSource}` }));
  } catch (e) {
    review.capability = { status: 'not_computed', reason: reasonOf(e) };
  }
  if (chart) {
    const { oos, outside } = outOfSpec(chart, await specVersions(store, p.material, p.parameter), scope.siteOf);
    review.oos = oos;
    review.signals = chart.panels[0]!.violations.map((v): RuleViolation => ({
      parameter: p.parameter, material: p.material, rule: v.rule, ruleName: v.ruleName, series: v.series, lot: v.lot, time: v.time, sentence: v.sentence,
      insideSpec: !outside.has(v.lot),
    }));
  }
  return review;
}
