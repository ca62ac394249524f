/**
 * Shapes shared by the multivariate monitoring (MSPC) modules: the input table, the fitted
 * PCA and PLS models (plain JSON, so they can be stored in `models.payload`), and the scores.
 */

/**
 * A numeric table, columnar: one label per row (a lot, or the start of a time window) and one
 * Float64Array per variable (NaN = missing). This is the shape of an analysis set and of tag
 * windows built by {@link tagWindows}.
 */
export interface MspcTable {
  rows: string[];
  columns: { name: string; values: Float64Array }[];
}

/** Centre and scale of each variable (autoscaling: mean and standard deviation, ddof = 1). */
export interface Scaling {
  mean: number[];
  sd: number[];
}

/** What the fit kept of the training data: needed for limits and to say what the model is. */
interface ModelBase {
  /** X variables, in column order. */
  variables: string[];
  /** Autoscaling of X from the training rows. */
  scaling: Scaling;
  /** Training observations used (complete rows). */
  n: number;
  /** Training rows left out because a variable was missing. */
  excluded: number;
  /** Number of components A. */
  components: number;
  /** Variance of each score column in the training data (ddof = 1): the T² denominators. */
  scoreVariance: number[];
  /**
   * θ1, θ2, θ3 of the residual eigenvalues (sums of λ, λ², λ³ over what the model leaves out),
   * for the Jackson–Mudholkar SPE limit.
   */
  speTheta: [number, number, number];
  /** How A was chosen, and the cross-validation curve when it was. */
  selection: ComponentSelection;
}

/** How the number of components was chosen. */
export type ComponentSelection =
  | { kind: 'stated' }
  | { kind: 'cv'; folds: number; press: number[]; q2: number[] };

/** A PCA model on the correlation matrix (autoscaled X). */
export interface PcaModel extends ModelBase {
  kind: 'pca';
  /** Loadings, one array of length p per component (unit vectors). */
  loadings: number[][];
  /** All eigenvalues of the correlation matrix, largest first. */
  eigenvalues: number[];
  /** Share of the total variance explained by each kept component. */
  explained: number[];
}

/** A PLS (PLS2, NIPALS) model on autoscaled X and Y. */
export interface PlsModel extends ModelBase {
  kind: 'pls';
  yVariables: string[];
  yScaling: Scaling;
  /** X weights W, X loadings P, Y loadings C and R = W(PᵀW)⁻¹, one array per component. */
  weights: number[][];
  loadings: number[][];
  yLoadings: number[][];
  rotations: number[][];
  /** Cumulative R² of X and of Y after each component. */
  r2x: number[];
  r2y: number[];
}

/** A fitted MSPC model. */
export type MspcModel = PcaModel | PlsModel;

/**
 * True for a PCA model.
 *
 * @example if (isPca(m)) m.eigenvalues;
 */
export function isPca(m: MspcModel): m is PcaModel {
  return m.kind === 'pca';
}

/**
 * True for a PLS model.
 *
 * @example if (isPls(m)) m.yVariables;
 */
export function isPls(m: MspcModel): m is PlsModel {
  return m.kind === 'pls';
}

/**
 * Which Hotelling T² limit: `phase2` for new observations, A(n−1)(n+1)/(n(n−A))·F(α; A, n−A)
 * (Tracy, Young & Mason 1992; the Tennessee Eastman protocol), or `training` for the observations
 * the model was fitted on, A(N−1)/(N−A)·F(α; A, N−A) (the form SIMCA reports).
 */
export type T2Form = 'phase2' | 'training';
