import { AppError, field } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { readChartData, type ByFactor, type LotRow } from './chart-data.js';
import { CHART_TITLES, defaultChart, lotMeansNote } from './chart-choice.js';
import { computeChart, type ChartInput, type ChartSettings } from './chart-compute.js';
import { listLimits, type StoredLimits } from './limits-store.js';
import { describeHit, ruleName, runRules, WESTERN_ELECTRIC, type RuleId } from './run-rules.js';
import { spliceByVersion } from './stored-splice.js';
import type { ChartKind, ChartResult } from './types.js';

/** A phase I baseline: a list of lots, or lots starting in [from, to). */
export type BaselineSpec = { lots: string[] } | { from: string; to: string };

/** What {@link controlChart} draws. */
export interface ControlChartRequest extends ChartSettings {
  /** Parameter or feature name. */
  parameter: string;
  material?: string;
  /** Default: X̄-R or X̄-S for a replicate parameter (each lot one subgroup), else I-MR; see {@link defaultChart}. */
  chart?: ChartKind;
  site?: string;
  from?: string;
  to?: string;
  by?: ByFactor;
  /** Group k consecutive lots into one subgroup (X̄ charts, EWMA/CUSUM). Default: replicates of each lot for X̄ charts. */
  subgroup?: number;
  /** Attribute charts: units inspected per lot, a number or the name of a parameter holding it. */
  size?: number | string;
  /** Phase I baseline. Default: all points of each panel. */
  baseline?: BaselineSpec;
  /** Judge each point against the approved stored version valid at its time. */
  useStored?: boolean;
  /** Run rules to apply. Default Western Electric 1–4. */
  rules?: readonly RuleId[];
}

/** One plotted point: a lot, or a group of consecutive lots. */
export interface ChartPoint {
  index: number;
  lots: string[];
  label: string;
  /** Start of the first lot, ISO 8601 (null when the lot has none). */
  time: string | null;
  /** Stored limits version that judges the point. */
  version?: number;
}

/** One rule broken at one point, with a sentence. */
export interface Violation {
  rule: RuleId;
  ruleName: string;
  series: string;
  index: number;
  lot: string;
  time: string | null;
  sentence: string;
}

/** One chart (the whole selection, or one value of the `by` factor). */
export interface ChartPanel {
  key: string;
  chart: ChartResult;
  points: ChartPoint[];
  violations: Violation[];
  limits: { source: 'baseline'; points: number } | { source: 'stored'; versions: number[] };
}

/** The result of {@link controlChart}. */
export interface ControlChartReport {
  parameter: string;
  material: string;
  chart: ChartKind;
  /** Which chart and why, in a sentence: the default for the data, or the one asked for. */
  choice: string;
  source: 'discrete' | 'replicates' | 'feature';
  rules: RuleId[];
  panels: ChartPanel[];
  notes: string[];
}

const day = (t: Date | null) => (t ? t.toISOString().slice(0, 10) : 'no date');

function toPoints(rows: LotRow[], kind: ChartKind, req: ControlChartRequest, notes: string[]): { points: ChartPoint[]; input: ChartInput; times: (Date | null)[] } {
  const k = req.subgroup;
  if (k !== undefined && (!Number.isInteger(k) || k < 2)) throw new AppError('bad_option', `${field('subgroup')} ${k} must be a whole number ≥ 2`, `e.g. ${field('subgroup', '5')} groups 5 consecutive lots`);
  if (k !== undefined && ['imr', 'p', 'np', 'c', 'u'].includes(kind)) throw new AppError('bad_option', `${field('subgroup')} does not apply to a ${kind} chart`, 'use it with xbar-r, xbar-s, ewma or cusum');
  let units: LotRow[][];
  if (k !== undefined) {
    units = [];
    for (let i = 0; i + k <= rows.length; i += k) units.push(rows.slice(i, i + k));
    const left = rows.length % k;
    if (left > 0) notes.push(`the last ${left} lot${left === 1 ? '' : 's'} do not fill a subgroup of ${k} and are left out`);
  } else units = rows.map((r) => [r]);
  const subgroups = (kind === 'xbar-r' || kind === 'xbar-s') && rows.some((r) => r.replicates);
  const points = units.map((u, index) => {
    const first = u[0]!;
    const label = u.length === 1 ? `Lot ${first.lot} (${day(first.time)})` : `Lots ${first.lot}–${u[u.length - 1]!.lot} (${day(first.time)})`;
    return { index, lots: u.map((r) => r.lot), label, time: first.time ? first.time.toISOString() : null };
  });
  const input: ChartInput = { values: Float64Array.from(units, (u) => u.reduce((s, r) => s + r.value, 0) / u.length) };
  if (k !== undefined) input.groups = units.map((u) => Float64Array.from(u, (r) => r.value));
  else if (subgroups) input.groups = rows.map((r) => Float64Array.from(r.replicates ?? [r.value]));
  if (typeof req.size === 'number') input.sizes = new Float64Array(rows.length).fill(req.size);
  else if (typeof req.size === 'string') {
    const missing = rows.find((r) => r.size === undefined);
    if (missing) throw new AppError('no_sizes', `lot ${missing.lot} has no value of the size parameter '${req.size}'`, `store the units inspected for every lot, or give a constant ${field('size', 'N')}`);
    input.sizes = Float64Array.from(rows, (r) => r.size!);
  }
  return { points, input, times: units.map((u) => u[0]!.time) };
}

function baselineIndices(spec: BaselineSpec | undefined, points: ChartPoint[], times: (Date | null)[]): number[] | undefined {
  if (!spec) return undefined;
  let idx: number[];
  if ('lots' in spec) {
    const set = new Set(spec.lots);
    idx = points.flatMap((p) => (p.lots.every((l) => set.has(l)) ? [p.index] : []));
  } else {
    const from = new Date(spec.from).getTime();
    const to = new Date(spec.to).getTime();
    if (Number.isNaN(from) || Number.isNaN(to)) throw new AppError('bad_time', `baseline dates '${spec.from}'–'${spec.to}' are not dates`, `use ISO 8601, e.g. ${field('baselineFrom', '2024-01-01')} and ${field('baselineTo', '2024-07-01')}`);
    idx = times.flatMap((t, i) => (t && t.getTime() >= from && t.getTime() < to ? [i] : []));
  }
  if (idx.length === 0) throw new AppError('empty_baseline', 'no point of the chart falls in the baseline', 'list lots that are in the chart, or a date range that holds some of them');
  return idx;
}

function violations(chart: ChartResult, rules: readonly RuleId[], points: ChartPoint[]): Violation[] {
  const beyond = rules.filter((r) => r === 'we1' || r === 'nelson1');
  const all = [
    ...(chart.zoneRulesApply ? runRules(chart.primary, rules) : runRules(chart.primary, beyond)).map((h) => ({ h, s: chart.primary })),
    ...(chart.secondary && chart.kind !== 'ewma' ? runRules(chart.secondary, beyond).map((h) => ({ h, s: chart.secondary! })) : []),
  ];
  return all.map(({ h, s }) => {
    const p = points[h.index + s.start]!;
    const label = s === chart.primary ? p.label : `${p.label}, ${s.name}`;
    return { rule: h.rule, ruleName: ruleName(h.rule), series: s.name, index: h.index + s.start, lot: p.lots[p.lots.length - 1]!, time: p.time, sentence: describeHit(h, label) };
  });
}

/**
 * A control chart of a parameter or feature over lots in time order, judged by run rules.
 * Phases: read (SQL, filters, time order) → choose the chart (the one asked for, else the default
 * for the data: X̄-R/X̄-S of a replicate parameter's lots, I-MR otherwise; I-MR, EWMA and CUSUM of
 * a replicate parameter plot lot means) → split by factor → points (lots or groups of
 * consecutive lots) → limits (phase I baseline, or the approved stored version valid at each
 * point's time) → run rules → sentences.
 *
 * @param request - parameter, material, chart (default: X̄-R/X̄-S for a replicate parameter, else I-MR),
 *   filters, baseline or useStored, rules (default WE 1–4)
 * @example const report = await controlChart(store, { parameter: 'assay', material: 'TAB', chart: 'imr', rules: NELSON })
 * @see Montgomery, Introduction to SQC, ch. 6–9
 */
export async function controlChart(store: Store, request: ControlChartRequest): Promise<ControlChartReport> {
  const asked = request.chart;
  const shape = (asked === 'xbar-r' || asked === 'xbar-s') && request.subgroup === undefined ? 'replicates' : 'auto';
  const data = await readChartData(store, {
    ...request, shape, ...(typeof request.size === 'string' ? { sizeParameter: request.size } : {}),
  });
  const chosen = asked ? undefined : defaultChart(data, request.parameter, request.subgroup);
  const kind = asked ?? chosen!.kind;
  const onMeans = lotMeansNote(kind, data, request.parameter, request.subgroup);
  const choice = chosen?.reason ?? `${CHART_TITLES[kind]}, as asked${onMeans ? ' (of lot means)' : ''}`;
  const rules = [...(request.rules ?? WESTERN_ELECTRIC)];
  const notes = [...data.notes, ...(onMeans ? [onMeans] : [])];
  let stored: StoredLimits[] = [];
  if (request.useStored) {
    stored = (await listLimits(store, { material: data.material, parameter: request.parameter, chart: kind })).filter((l) => l.status === 'approved');
    if (stored.length === 0) throw new AppError('no_stored_limits', `no approved ${kind} limits for ${data.material}/${request.parameter}`, 'propose limits from a baseline and have a second person approve them');
  }
  const keys = [...new Set(data.rows.map((r) => r.key))];
  const panels = keys.map((key): ChartPanel => {
    const { points, input, times } = toPoints(data.rows.filter((r) => r.key === key), kind, request, notes);
    if (request.useStored) {
      const { chart, versions } = spliceByVersion(kind, input, request, stored, points, times);
      return { key, chart, points, violations: violations(chart, rules, points), limits: { source: 'stored', versions } };
    }
    const baseline = baselineIndices(request.baseline, points, times);
    const chart = computeChart(kind, input, request, baseline ? { baseline } : {});
    return { key, chart, points, violations: violations(chart, rules, points), limits: { source: 'baseline', points: chart.baseline.length } };
  });
  return { parameter: request.parameter, material: data.material, chart: kind, choice, source: data.source, rules, panels, notes };
}
