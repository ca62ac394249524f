/** The chart kinds causeway draws. */
export type ChartKind = 'imr' | 'xbar-r' | 'xbar-s' | 'p' | 'np' | 'c' | 'u' | 'ewma' | 'cusum';

/** All chart kinds, in the order the CLI lists them. */
export const CHART_KINDS = ['imr', 'xbar-r', 'xbar-s', 'p', 'np', 'c', 'u', 'ewma', 'cusum'] as const satisfies readonly ChartKind[];

/** The chart drawn when none is asked for: individuals and moving range. */
export const DEFAULT_CHART: ChartKind = 'imr';

/** Factors a chart can be split by. */
export type ByFactor = 'site' | 'product' | 'campaign' | 'equipment' | 'supplier';
export const BY_FACTORS = ['site', 'product', 'campaign', 'equipment', 'supplier'] as const satisfies readonly ByFactor[];

/** True when `s` names a chart kind. */
export function isChartKind(s: string): s is ChartKind {
  return (CHART_KINDS as readonly string[]).includes(s);
}

/**
 * One plotted series of a chart, point by point. Limits are per point because they step with
 * the subgroup size (p, u, X̄ with unequal n) or with time (EWMA, stored limit versions).
 */
export interface Series {
  /** What is plotted: 'I', 'MR', 'X̄', 'R', 'S', 'p', 'np', 'c', 'u', 'EWMA', 'C+', 'C−'. */
  name: string;
  /** Index of the chart point the first value belongs to (1 for a moving range). */
  start: number;
  values: Float64Array;
  center: Float64Array;
  lcl: Float64Array;
  ucl: Float64Array;
  /** Standard deviation of the plotted statistic at each point (zone width for run rules). */
  sd: Float64Array;
}

/** Parameters known in advance (stored limits, or a target): skip estimation from a baseline. */
export interface KnownParameters {
  /** Centre of the process (mean, p̄, c̄, ū). */
  center: number;
  /** Process standard deviation σ of individual values (variables charts only). */
  sigma?: number;
}

/** Options every chart takes. */
export interface ChartOptions {
  /** Indices (0-based) of the points that form the phase I baseline. Default: all points. */
  baseline?: readonly number[];
  /** Width of the control limits in standard deviations. Default 3. */
  nsigmas?: number;
  /** Use these instead of estimating from the baseline. */
  known?: KnownParameters;
}

/** A computed control chart. */
export interface ChartResult {
  kind: ChartKind;
  /** The chart run rules and the picture are about (I, X̄, p, …, EWMA, C+). */
  primary: Series;
  /** The companion chart (MR, R, S; for CUSUM the lower sum C−). */
  secondary?: Series;
  /** Centre of the process. */
  center: number;
  /** σ of individual values (variables) or of the statistic at the typical size (attributes). */
  sigma: number;
  /** How σ was obtained, e.g. 'MR̄/d2', 'R̄/d2', 'S̄/c4', 'known'. */
  estimator: string;
  /** Subgroup size of each point. */
  sizes: Float64Array;
  /** The baseline points the parameters came from (empty when known). */
  baseline: number[];
  nsigmas: number;
  /** Zone rules (WE 2–4, Nelson 2–8) only make sense for Shewhart charts of the primary series. */
  zoneRulesApply: boolean;
  /** Plain sentences about choices and fallbacks taken. */
  notes: string[];
}
