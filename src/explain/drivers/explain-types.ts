import type { Logger } from '../../core/logger.js';
import type { ColumnOrigin } from '../../context/analysis-set-types.js';

/** What `explain` asks about the target. */
export type TargetMode =
  /** The target's value itself. */
  | { kind: 'numeric' }
  /** Pass/fail against the specification valid at each lot's start (bad = outside). */
  | { kind: 'spec' }
  /** Pass/fail by an expression over the target, e.g. `< 85` or `dissolution < 85 or dissolution > 110`. */
  | { kind: 'expr'; expr: string };

/** Options of {@link explain}. Rows: the lots of `material` (filters as for analysis sets). */
export interface ExplainOptions {
  /** Target: a parameter or feature of the material's own lots. */
  target: string;
  material: string;
  site?: string;
  from?: string;
  to?: string;
  mode?: TargetMode;
  /** Significance level for drivers (on q values). Default 0.05. */
  alpha?: number;
  /** Minimum number of lots with both values for a candidate to be tested. Default 10. */
  minN?: number;
  /** Largest number of drivers in the joint model. Default 8. */
  maxDrivers?: number;
  /** Candidate names matching any of these (case-insensitive substrings) are left out. */
  exclude?: string[];
  /** Keep other quality attributes (role CQA) of the same lot as candidates. Default false: they are outcomes, not causes. */
  includeOutcomes?: boolean;
  logger?: Logger;
  signal?: AbortSignal;
}

/** The effect of a driver in the units a person reads. */
export type Effect =
  /** Numeric driver: target mean above vs at-or-below a threshold of the driver. */
  | { kind: 'threshold'; threshold: number; meanAbove: number; meanBelow: number; nAbove: number; nBelow: number; difference: number; relative: number | null }
  /** Factor driver: target mean of the highest vs lowest level. */
  | { kind: 'levels'; high: { level: string; mean: number; n: number }; low: { level: string; mean: number; n: number }; difference: number; relative: number | null; etaSquared: number }
  /** Binary target: rate of bad lots above vs at-or-below a threshold, or per level. */
  | { kind: 'rates'; groupA: { label: string; bad: number; n: number }; groupB: { label: string; bad: number; n: number }; difference: number };

/** One screened candidate. */
export interface Screened {
  name: string;
  kind: 'numeric' | 'factor' | 'time';
  origin: ColumnOrigin;
  unit: string | null;
  /** Lots with both the target and this candidate. */
  n: number;
  /** Lots with the target but no value of this candidate. */
  missing: number;
  test: 'spearman' | 'kruskal-wallis' | 'mann-whitney' | 'chi-square' | 'fisher';
  /** Spearman's rho or Pearson's r for numeric candidates (numeric target). */
  rho: number | null;
  pearson: number | null;
  /** Parametric companion p (Pearson or one-way ANOVA), for the reviewer. */
  pParametric: number | null;
  p: number;
  q: number;
  direction: 'up' | 'down' | 'levels';
  effect: Effect;
}

/** A candidate that could not be tested, and why. */
export interface Untestable {
  name: string;
  reason: string;
}

/** A ranked driver of the joint model, with the proxies it shadows. */
export interface Driver extends Screened {
  rank: number;
  /** Unique share of the target's variance this driver explains with the others in the model (drop in R² when it is removed). */
  importance: number;
  /** Candidates that carry the same information (strongly correlated, no gain once this driver is in). */
  proxies: { name: string; correlation: number; q: number }[];
  /** Factors this driver is almost the same as (site, period): the data cannot tell them apart. */
  confounded: { with: string; strength: number; measure: 'eta' | 'rho' | 'cramers-v' }[];
  sentence: string;
}

/** The answer of {@link explain}. */
export interface Explanation {
  target: { name: string; material: string; mode: TargetMode; n: number; unit: string | null; mean: number; sd: number; bad?: number };
  drivers: Driver[];
  /** Significant candidates that are neither a driver nor a proxy of one. */
  alsoAssociated: Screened[];
  /** Every tested candidate (sorted by p), for `--json` and the reviewer. */
  screened: Screened[];
  untestable: Untestable[];
  model: { method: string; r2: number; n: number; note: string };
  /** Plain statements of what this analysis cannot tell. */
  caveats: string[];
}
