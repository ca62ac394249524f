/**
 * Scoring observations against an MSPC model: scores, Hotelling T², SPE and their limits, and
 * the contributions of each variable to a flagged observation.
 */
import { AppError } from '../../core/errors.js';
import { speLimit, t2Limit } from './mspc-limits.js';
import { finiteRows, scoreRows } from './mspc-kernel.js';
import { pickColumns } from './mspc-matrix.js';
import type { MspcModel, MspcTable, T2Form } from './mspc-types.js';

/** Options of {@link scoreModel}. */
export interface ScoreOptions {
  /** Confidence of both limits (default 0.99). */
  confidence?: number;
  /** T² limit form (default `phase2`, for observations not used in the fit). */
  t2Form?: T2Form;
}

/** Scores of a table against a model; only complete rows are scored, the others are listed. */
export interface MspcScores {
  kind: MspcModel['kind'];
  components: number;
  confidence: number;
  t2Form: T2Form;
  /** The T² limit formula in words, for output. */
  t2FormText: string;
  t2Limit: number;
  speLimit: number;
  /** Labels of the scored rows. */
  rows: string[];
  /** Scores, row-major rows × components. */
  scores: Float64Array;
  t2: Float64Array;
  spe: Float64Array;
  /** PLS only: predicted Y in original units, one array per Y variable. */
  predicted?: { name: string; values: Float64Array }[];
  /** Rows not scored because a variable was missing. */
  skipped: { row: string; missing: string[] }[];
}

const FORM_TEXT: Record<T2Form, string> = {
  phase2: 'A(n-1)(n+1)/(n(n-A))·F(α; A, n-A) (new observations)',
  training: 'A(N-1)/(N-A)·F(α; A, N-A) (training observations)',
};

/** Component vectors that map an autoscaled row to scores: P for PCA, R = W(PᵀW)⁻¹ for PLS. */
function scoreVectors(model: MspcModel): number[][] {
  return model.kind === 'pca' ? model.loadings : model.rotations;
}

/** Autoscaled row i of the given columns. */
function zRow(model: MspcModel, cols: Float64Array[], i: number, z: Float64Array): void {
  for (let j = 0; j < cols.length; j++) z[j] = (cols[j]![i]! - model.scaling.mean[j]!) / model.scaling.sd[j]!;
}

/** Scores t (length A) and residual e (length p) of one autoscaled row. */
function decompose(model: MspcModel, z: Float64Array, t: Float64Array, e: Float64Array): void {
  const V = scoreVectors(model);
  const p = z.length;
  e.set(z);
  for (let a = 0; a < model.components; a++) {
    const v = V[a]!;
    let s = 0;
    for (let j = 0; j < p; j++) s += z[j]! * v[j]!;
    t[a] = s;
    const load = model.loadings[a]!;
    for (let j = 0; j < p; j++) e[j]! -= s * load[j]!;
  }
}

/**
 * Scores every complete row of `table` against `model`: scores, T² = Σ t²/s² (s² the training
 * variance of each score), SPE = Σ e² of the autoscaled residual, and both limits at the chosen
 * confidence. Rows with a missing model variable are not scored; they are listed in `skipped`.
 *
 * @param model - a fitted PCA or PLS model
 * @param table - observations with (at least) the model's variables
 * @param options - confidence (default 0.99), t2Form (default 'phase2')
 * @example
 * const s = scoreModel(model, test, { confidence: 0.99 });
 * const alarms = s.t2.filter((v) => v > s.t2Limit).length;
 * @see MacGregor & Kourti, Control Eng. Practice 3 (1995) 403–414
 */
export function scoreModel(model: MspcModel, table: MspcTable, options: ScoreOptions = {}): MspcScores {
  const confidence = options.confidence ?? 0.99;
  const t2Form = options.t2Form ?? 'phase2';
  const cols = pickColumns(table, model.variables);
  const ok = finiteRows(cols, table.rows.length);
  const skipped: MspcScores['skipped'] = [];
  if (ok.length < table.rows.length) {
    const okSet = new Set(ok);
    for (let i = 0; i < table.rows.length; i++) {
      if (!okSet.has(i)) skipped.push({ row: table.rows[i]!, missing: model.variables.filter((_, j) => !Number.isFinite(cols[j]![i]!)) });
    }
  }
  const A = model.components, n = ok.length;
  const { scores, t2, spe } = scoreRows(model, cols, ok);
  const predicted = model.kind === 'pls' ? model.yVariables.map((name) => ({ name, values: new Float64Array(n) })) : undefined;
  if (model.kind === 'pls' && predicted) {
    for (let r = 0; r < n; r++) {
      predicted.forEach((col, k) => {
        let y = 0;
        for (let a = 0; a < A; a++) y += scores[r * A + a]! * model.yLoadings[a]![k]!;
        col.values[r] = y * model.yScaling.sd[k]! + model.yScaling.mean[k]!;
      });
    }
  }
  const out: MspcScores = {
    kind: model.kind,
    components: A,
    confidence,
    t2Form,
    t2FormText: FORM_TEXT[t2Form],
    t2Limit: t2Limit(t2Form, A, model.n, confidence),
    speLimit: speLimit(model.speTheta, confidence),
    rows: ok.length === table.rows.length ? table.rows.slice() : Array.from(ok, (i) => table.rows[i]!),
    scores,
    t2,
    spe,
    skipped,
  };
  if (predicted) out.predicted = predicted;
  return out;
}

/** One variable's share of an observation's T² and SPE. */
export interface Contribution {
  variable: string;
  /** Scores-weighted T² contribution Σ_a (t_a / s_a²)·v_ja·z_j; these sum to T². */
  t2: number;
  /** Squared residual e_j²; these sum to SPE. */
  spe: number;
  /** The autoscaled value z_j (how many training sd from the training mean). */
  z: number;
}

/**
 * Contributions of each variable to one observation's T² and SPE, largest SPE first:
 * T² contribution c_j = Σ_a (t_a / s_a²)·v_ja·z_j (v = loadings for PCA, R for PLS; the c_j sum
 * to T² and may be negative), SPE contribution e_j² (they sum to SPE).
 *
 * @param model - a fitted model
 * @param table - data holding the observation
 * @param row - the observation's label (lot or time)
 * @example contributions(model, test, 'L042').sort((a, b) => b.t2 - a.t2)[0]?.variable
 * @see Westerhuis, Gurden & Smilde, Chemometr. Intell. Lab. Syst. 51 (2000) 95–114;
 *   Miller, Swanson & Heckler, Appl. Math. Comp. Sci. 8 (1998) 775–792
 */
export function contributions(model: MspcModel, table: MspcTable, row: string): Contribution[] {
  const i = table.rows.indexOf(row);
  if (i < 0) throw new AppError('unknown_observation', `observation '${row}' is not in the data`, 'give a lot or time present in the scored data');
  const cols = pickColumns(table, model.variables);
  const missing = model.variables.filter((_, j) => !Number.isFinite(cols[j]![i]!));
  if (missing.length) throw new AppError('incomplete_observation', `observation '${row}' has no value for ${missing.join(', ')}`, 'contributions need every model variable');
  const p = model.variables.length, A = model.components;
  const z = new Float64Array(p), t = new Float64Array(A), e = new Float64Array(p);
  zRow(model, cols, i, z);
  decompose(model, z, t, e);
  const V = scoreVectors(model);
  return model.variables
    .map((variable, j) => {
      let c = 0;
      for (let a = 0; a < A; a++) c += (t[a]! / model.scoreVariance[a]!) * V[a]![j]! * z[j]!;
      return { variable, t2: c, spe: e[j]! * e[j]!, z: z[j]! };
    })
    .sort((a, b) => b.spe - a.spe);
}
