/**
 * Shapes of the golden batch: an envelope of one signal through one phase, built from good
 * lots, and a lot's deviation from it.
 */

/** How the envelope is drawn around the good lots: mean ± k·sd (ddof = 1) or two percentiles. */
export type EnvelopeMethod = { kind: 'sd'; k: number } | { kind: 'percentile'; low: number; high: number };

/** How lots are put on a common time axis. */
export type Alignment =
  | { kind: 'time' }
  /** Dynamic time warping of each lot to a reference lot, within a Sakoe–Chiba band of `band` grid points. */
  | { kind: 'dtw'; reference: string; band: number };

/**
 * The envelope on the grid t = i·step seconds since phase start. Arrays have one entry per grid
 * point; `null` where fewer than `minLots` lots have a value (no envelope there).
 */
export interface Envelope {
  t: number[];
  n: number[];
  mean: (number | null)[];
  sd: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
}

/** A golden-batch model (stored with kind 'golden'). */
export interface GoldenModel {
  kind: 'golden';
  signal: string;
  phase: string;
  material: string;
  method: EnvelopeMethod;
  /** Grid spacing in seconds. */
  step: number;
  /** Fewest lots with a value at a grid point for the envelope to exist there. */
  minLots: number;
  alignment: Alignment;
  /** The good lots the envelope was built from. */
  lots: string[];
  envelope: Envelope;
  /** DTW only: the reference lot's series on the grid, which new lots are warped to. */
  reference?: number[];
}

/** One grid point of a lot against the envelope. */
export interface DeviationPoint {
  /** Seconds since phase start on the envelope's axis (the reference lot's time with DTW). */
  t: number;
  /** Seconds since the lot's own phase start (differs from `t` only with DTW). */
  lotTime: number;
  value: number | null;
  low: number | null;
  high: number | null;
  /** (value − mean)/sd; null where there is no value, no envelope or sd = 0. */
  z: number | null;
  outside: boolean;
}

/** A run of consecutive grid points outside the envelope. */
export interface DeviationSpan {
  from: number;
  /** End of the span: the last outside point's time + one step. */
  to: number;
  points: number;
  direction: 'above' | 'below' | 'both';
  /** The largest deviation in sd units, signed (null when sd = 0 everywhere in the span). */
  maxZ: number | null;
}

/** A lot's deviation from a golden envelope over time. */
export interface GoldenDeviation {
  lot: string;
  signal: string;
  phase: string;
  points: DeviationPoint[];
  spans: DeviationSpan[];
  /** Grid points compared (lot value and envelope both present). */
  compared: number;
  outside: number;
  /** Grid points of the lot with no envelope (beyond the good lots' duration, or too few lots). */
  withoutEnvelope: number;
  /** The lot's phase duration on the grid, seconds. */
  duration: number;
}
