/**
 * The requests of control charts, capability and stored limits: one schema each, shared by the
 * CLI, the HTTP API and the web form (this module is safe in the browser: zod and constants
 * only). The verbs that run them are in `spc-verbs.ts`.
 */
import { z } from 'zod';
import { field } from '../core/errors.js';
import { flag, int, isoTime, list, num, numberOrName, oneOf, text, type Issue } from '../core/fields.js';
import { lotFilterFields } from '../context/lot-filter.js';
import { parseRules } from './run-rules.js';
import { BY_FACTORS, CHART_KINDS, DEFAULT_CHART, type ByFactor, type ChartKind } from './types.js';
import type { RuleId } from './run-rules.js';

/** Charts that count units inspected per lot. */
const NEEDS_SIZE: readonly ChartKind[] = ['p', 'np', 'u'];
const TAKES_SIZE: readonly ChartKind[] = ['p', 'np', 'c', 'u'];
/** Charts whose points can group consecutive lots. */
const TAKES_SUBGROUP: readonly ChartKind[] = ['xbar-r', 'xbar-s', 'ewma', 'cusum'];

/** The fields of a control chart. */
export const chartFields = z.object({
  ...lotFilterFields,
  chart: oneOf(CHART_KINDS).optional().meta({ title: 'Chart', description: 'chart kind (default: the one that fits the data, named in the output: xbar-r or xbar-s for a replicate parameter, imr for one value per lot)' }),
  subgroup: int(2, 25).optional().meta({ title: 'Subgroup size', description: 'group n consecutive lots into one subgroup (default: the replicates of each lot for xbar charts)', examples: ['5'] }),
  size: numberOrName().optional().meta({ title: 'Units inspected', description: 'p, np and u charts: units inspected per lot, a number or the parameter holding each lot’s count', examples: ['50'] }),
  baselineLots: list(20000).optional().meta({ title: 'Baseline lots', description: 'phase I lots the limits come from, comma-separated (default: all points)' }),
  baselineFrom: isoTime().optional().meta({ title: 'Baseline from', description: 'phase I: lots starting at or after this time', examples: ['2024-01-01'] }),
  baselineTo: isoTime().optional().meta({ title: 'Baseline to', description: 'phase I: lots starting before this time', examples: ['2024-07-01'] }),
  stored: flag().default(false).meta({ title: 'Stored limits', description: 'judge each point by the approved stored limits valid at its time' }),
  rules: text().default('we').meta({ title: 'Run rules', description: 'we1…we4, nelson1…nelson8, we, nelson, all or none, comma-separated', examples: ['nelson'] }),
  by: oneOf(BY_FACTORS).optional().meta({ title: 'One chart per', description: 'one chart per value of this factor (default: one chart)' }),
  nsigmas: num({ gt: 0, max: 10 }).optional().meta({ title: 'Limit width (σ)', description: 'width of the control limits in σ; EWMA L (default: 3)', examples: ['3'] }),
  lambda: num({ gt: 0, max: 1 }).optional().meta({ title: 'EWMA λ', description: 'EWMA weight of the newest point (default: 0.2)', examples: ['0.2'] }),
  k: num({ min: 0 }).optional().meta({ title: 'CUSUM k', description: 'CUSUM reference value in σ (default: 0.5)', examples: ['0.5'] }),
  h: num({ gt: 0 }).optional().meta({ title: 'CUSUM h', description: 'CUSUM decision interval in σ (default: 5)', examples: ['5'] }),
});

/** The parsed fields of a control chart. */
export type ChartFields = z.output<typeof chartFields>;

/** A phase I baseline: a list of lots, or lots starting in [from, to). */
export type BaselineRequest = { lots: string[] } | { from: string; to: string };

/** A control chart request as the library takes it. */
export interface ChartRequest {
  parameter: string;
  material?: string;
  /** Absent: the chart that fits the data (see defaultChart). */
  chart?: ChartKind;
  site?: string;
  from?: string;
  to?: string;
  by?: ByFactor;
  subgroup?: number;
  size?: number | string;
  baseline?: BaselineRequest;
  useStored?: boolean;
  rules: RuleId[];
  nsigmas?: number;
  lambda?: number;
  k?: number;
  h?: number;
}

/** Checks between chart fields: a baseline is lots or a whole date range; stored limits take no baseline; subgroups and sizes fit the chart. */
export function chartRules(v: ChartFields, issue: Issue): void {
  const range = v.baselineFrom !== undefined || v.baselineTo !== undefined;
  if (v.baselineLots && range) issue('baselineLots', `give ${field('baselineLots')} or a date range (${field('baselineFrom')}, ${field('baselineTo')}), not both`);
  else if (range && v.baselineFrom === undefined) issue('baselineFrom', `a baseline date range needs both ${field('baselineFrom')} and ${field('baselineTo')}`);
  else if (range && v.baselineTo === undefined) issue('baselineTo', `a baseline date range needs both ${field('baselineFrom')} and ${field('baselineTo')}`);
  if (v.stored && (v.baselineLots || range)) issue('stored', `${field('stored')} and a baseline exclude each other: judge by the stored limits, or compute limits from a baseline`);
  // No chart: the default fits the data (X̄ of subgroups with a subgroup size), never an attribute chart.
  if (v.subgroup !== undefined && v.chart !== undefined && !TAKES_SUBGROUP.includes(v.chart)) issue('subgroup', `${field('subgroup')} does not apply to a ${v.chart} chart; use it with ${TAKES_SUBGROUP.join(', ')}`);
  if (v.size === undefined && v.chart !== undefined && NEEDS_SIZE.includes(v.chart)) issue('size', `a ${v.chart} chart needs ${field('size')}: the units inspected per lot, a number or the parameter holding each lot’s count`);
  if (v.size !== undefined && v.chart === undefined) issue('chart', `${field('size')} is for attribute charts: choose ${TAKES_SIZE.join(', ')} with ${field('chart')}`);
  else if (v.size !== undefined && !TAKES_SIZE.includes(v.chart!)) issue('size', `${field('size')} applies to attribute charts (${TAKES_SIZE.join(', ')}), not to a ${v.chart} chart`);
  if (v.lambda !== undefined && v.chart !== 'ewma') issue('lambda', `${field('lambda')} applies to an ewma chart only`);
  if ((v.k !== undefined || v.h !== undefined) && v.chart !== 'cusum') issue(v.k !== undefined ? 'k' : 'h', `${field('k')} and ${field('h')} apply to a cusum chart only`);
}

/** The library's chart request from parsed fields. */
export function chartRequestOf(v: ChartFields): ChartRequest {
  const baseline: BaselineRequest | undefined = v.baselineLots
    ? { lots: v.baselineLots }
    : v.baselineFrom !== undefined && v.baselineTo !== undefined ? { from: v.baselineFrom, to: v.baselineTo } : undefined;
  const r: ChartRequest = { parameter: v.parameter, rules: parseRules(v.rules) };
  if (v.chart !== undefined) r.chart = v.chart;
  if (v.material !== undefined) r.material = v.material;
  if (v.site !== undefined) r.site = v.site;
  if (v.from !== undefined) r.from = v.from;
  if (v.to !== undefined) r.to = v.to;
  if (v.by !== undefined) r.by = v.by;
  if (v.subgroup !== undefined) r.subgroup = v.subgroup;
  if (v.size !== undefined) r.size = v.size;
  if (baseline) r.baseline = baseline;
  if (v.stored) r.useStored = true;
  for (const k of ['nsigmas', 'lambda', 'k', 'h'] as const) if (v[k] !== undefined) r[k] = v[k];
  return r;
}

/** One panel of a chart as SVG: the chart fields and which panel (a value of `by`). */
export const chartFigureFields = chartFields.extend({
  panel: text().optional().meta({ title: 'Panel', description: 'with by: the value whose chart is drawn (default: the first)' }),
});

/** Proposing stored limits from a baseline: the chart fields and from when they judge points. */
export const proposeFields = chartFields.extend({
  validFrom: isoTime().optional().meta({ title: 'Valid from', description: 'from when they judge points (default: start of the first baseline lot)' }),
});

/** Checks of a proposal: one chart, computed from a baseline. */
export function proposeRules(v: z.output<typeof proposeFields>, issue: Issue): void {
  chartRules(v, issue);
  if (v.by !== undefined) issue('by', `limits are proposed for one chart, not per factor: leave out ${field('by')}, or propose per site with ${field('site')}`);
  if (v.stored) issue('stored', `limits are proposed from a baseline, not from stored limits: leave out ${field('stored')}`);
}

/** Which stored limits: the key of a version. */
export const limitsKeyFields = {
  material: text().meta({ title: 'Material', description: 'material of the parameter' }),
  parameter: text().meta({ title: 'Parameter or feature', description: 'parameter or feature name' }),
  chart: oneOf(CHART_KINDS).default(DEFAULT_CHART).meta({ title: 'Chart', description: 'chart kind' }),
};

/** Approving a proposed version. `password` is asked again over HTTP (an electronic signature). */
export const approveFields = z.object({
  ...limitsKeyFields,
  version: int(1).meta({ title: 'Version', description: 'version to approve', examples: ['1'] }),
});

/** Listing stored versions. */
export const limitsListFields = z.object({
  parameter: text().optional().meta({ title: 'Parameter or feature', description: 'only versions of this parameter (default: all)' }),
  material: text().optional().meta({ title: 'Material', description: 'only versions of this material (default: all)' }),
  chart: oneOf(CHART_KINDS).optional().meta({ title: 'Chart', description: 'only versions of this chart kind (default: all)' }),
});

/** Distributions capability can assume; auto chooses a non-normal fit when Anderson–Darling rejects normality. */
export const DISTRIBUTIONS = ['auto', 'normal', 'lognormal', 'weibull', 'box-cox'] as const;

/** The fields of a capability study. */
export const capabilityFields = z.object({
  ...lotFilterFields,
  lsl: num().optional().meta({ title: 'LSL', description: 'lower specification limit (default: the stored specification valid at the last lot)', examples: ['95'] }),
  usl: num().optional().meta({ title: 'USL', description: 'upper specification limit (default: as lsl)', examples: ['105'] }),
  target: num().optional().meta({ title: 'Target', description: 'target (default: stored, else the midpoint of a two-sided specification)' }),
  distribution: oneOf(DISTRIBUTIONS).default('auto').meta({ title: 'Distribution', description: 'auto: log-normal or Weibull when Anderson–Darling p < 0.05' }),
  confidence: num({ min: 0.5, max: 0.999 }).default(0.95).meta({ title: 'Confidence', description: 'confidence level of the intervals', examples: ['0.95'] }),
});

/** Checks of a capability study: limits in order. */
export function capabilityRules(v: z.output<typeof capabilityFields>, issue: Issue): void {
  if (v.lsl !== undefined && v.usl !== undefined && !(v.lsl < v.usl)) issue('usl', `${field('lsl')} ${v.lsl} must be below ${field('usl')} ${v.usl}`);
}
