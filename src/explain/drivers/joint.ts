import type { AnalysisColumn } from '../../context/analysis-set-types.js';
import { fisherF } from '../../stats/distributions.js';

/**
 * The joint model: forward selection of candidate blocks by partial sums of squares
 * (Efroymson's stepwise regression, forward only), on the lots that have the target.
 *
 * Why this model: a screened list ranks each candidate alone, so one cause shows up again
 * through every proxy that correlates with it (d10, d50, d90 of the same API lots; the
 * supplier that sells the coarse lots). Forward selection asks, at each step, which candidate
 * explains the most of what the drivers chosen so far leave unexplained — a proxy of a chosen
 * driver adds almost nothing and is not chosen. It is linear, deterministic, fast on thousands
 * of candidates (Gram–Schmidt updates, no refits), and its importances (the R² each driver
 * adds uniquely) read directly as "share of the variation". Trees would find interactions but
 * give unstable importances between correlated proxies on a few hundred lots.
 *
 * Numeric candidates enter standardised with missing values set to the median (counted per
 * candidate in the screen); factors enter as indicator columns of their levels (the most
 * frequent level is the reference; missing = reference).
 *
 * @see M. A. Efroymson (1960), Multiple regression analysis, in Mathematical Methods for Digital Computers.
 */
export interface JointResult {
  /** Chosen candidates, in the order chosen. */
  selected: string[];
  /** Unique R² of each chosen candidate: R²(all) − R²(all but it). */
  importance: Map<string, number>;
  /** Partial gain (share of the target's SS) each non-chosen candidate would still add with all chosen in. */
  residualGain: Map<string, number>;
  /** Partial F-test p of that gain (Infinity-free: 1 when the candidate adds nothing or no degrees of freedom are left). */
  residualP: Map<string, number>;
  r2: number;
  n: number;
}

/** Options: the largest model and the partial F-test level to stop at. */
export interface JointOptions {
  maxDrivers: number;
  /** Stop when the best candidate's partial F test has p above this. Default 0.001. */
  pEnter?: number;
  /** Stop when the best candidate adds less than this share of the total SS. Default 0.005. */
  minGain?: number;
}

type Block = Float64Array[];

/** Builds the design block of one candidate on the given rows. */
export function blockOf(col: AnalysisColumn, rows: number[]): Block {
  if (col.kind !== 'factor') {
    const vals = rows.map((i) => col.values[i] as number).filter(Number.isFinite).sort((a, b) => a - b);
    const med = vals.length ? vals[Math.floor(vals.length / 2)]! : 0;
    const x = Float64Array.from(rows, (i) => (Number.isFinite(col.values[i] as number) ? (col.values[i] as number) : med));
    return [x];
  }
  const counts = new Map<string, number>();
  for (const i of rows) {
    const v = col.values[i] as string | null;
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const levels = [...counts].sort((a, b) => b[1] - a[1]).map(([l]) => l).slice(1, 30);
  return levels.map((l) => Float64Array.from(rows, (i) => (col.values[i] === l ? 1 : 0)));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Removes from `v` its projections on the orthonormal vectors `q` (in place). */
function orthogonalise(v: Float64Array, q: Float64Array[]): void {
  for (const u of q) {
    const c = dot(v, u);
    for (let i = 0; i < v.length; i++) v[i]! -= c * u[i]!;
  }
}

/** Orthonormal basis of a block already orthogonal to the model (modified Gram–Schmidt); drops dependent columns. */
function orthonormal(block: Block, tol: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (const col of block) {
    const v = Float64Array.from(col);
    orthogonalise(v, out);
    const norm = Math.sqrt(dot(v, v));
    if (norm > tol) out.push(v.map((x) => x / norm));
  }
  return out;
}

function centred(v: Float64Array): Float64Array {
  let m = 0;
  for (const x of v) m += x;
  m /= v.length;
  return v.map((x) => x - m);
}

function projectionSS(r: Float64Array, basis: Float64Array[]): number {
  let s = 0;
  for (const u of basis) s += dot(r, u) ** 2;
  return s;
}

/** Fits the forward-selection model. `blocks` maps candidate name → design block on the same rows as `y`. */
export function forwardSelect(y: Float64Array, blocks: Map<string, Block>, options: JointOptions): JointResult {
  const n = y.length;
  const pEnter = options.pEnter ?? 0.001;
  const minGain = options.minGain ?? 0.005;
  let r = centred(y);
  const sst = dot(r, r);
  const work = new Map<string, Block>();
  for (const [name, b] of blocks) work.set(name, b.map(centred));
  const q: Float64Array[] = [];
  const selected: string[] = [];
  let rss = sst;
  const tol = 1e-8 * Math.sqrt(n);
  while (selected.length < options.maxDrivers && sst > 0) {
    let best: { name: string; gain: number; basis: Float64Array[] } | undefined;
    for (const [name, b] of work) {
      const basis = orthonormal(b, tol);
      if (basis.length === 0) continue;
      const gain = projectionSS(r, basis);
      if (!best || gain > best.gain) best = { name, gain, basis };
    }
    if (!best) break;
    const df1 = best.basis.length;
    const df2 = n - q.length - df1 - 1;
    if (df2 < 1) break;
    // A candidate that leaves nothing unexplained (rss − gain ≤ rounding) is an exact fit: p = 0.
    // Without this, rounding made rss − gain a hair below 0, F negative and p = 1: x = y was refused.
    const left = rss - best.gain;
    const p = left <= 1e-12 * sst ? 0 : fisherF(df1, df2).sf(best.gain / df1 / (left / df2));
    if (p > pEnter || best.gain / sst < minGain) break;
    selected.push(best.name);
    work.delete(best.name);
    q.push(...best.basis);
    r = Float64Array.from(r);
    orthogonalise(r, best.basis);
    rss -= best.gain;
    for (const b of work.values()) for (const col of b) orthogonalise(col, best.basis);
  }
  const residualGain = new Map<string, number>();
  const residualP = new Map<string, number>();
  for (const [name, b] of work) {
    const basis = orthonormal(b, tol);
    const gain = projectionSS(r, basis);
    residualGain.set(name, sst > 0 ? gain / sst : 0);
    // Same partial F test as for entering: is what it would still add distinguishable from chance?
    const df2 = n - q.length - basis.length - 1;
    const left = rss - gain;
    const exact = gain > 1e-12 * sst && left <= 1e-12 * sst;
    const f = basis.length > 0 && df2 >= 1 && left > 1e-12 * sst ? gain / basis.length / (left / df2) : undefined;
    residualP.set(name, exact ? 0 : f === undefined ? 1 : fisherF(basis.length, df2).sf(f));
  }
  const r2 = sst > 0 ? Math.min(1, Math.max(0, 1 - rss / sst)) : 0; // rounding can step past 0 or 1 on an exact fit
  const importance = new Map<string, number>();
  for (const name of selected) {
    const others = selected.filter((s) => s !== name).flatMap((s) => blocks.get(s)!.map(centred));
    const basis = orthonormal(others, tol);
    const yc = centred(y);
    const r2Without = sst > 0 ? projectionSS(yc, basis) / sst : 0;
    importance.set(name, Math.max(0, r2 - r2Without));
  }
  return { selected, importance, residualGain, residualP, r2, n };
}
