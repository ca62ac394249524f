/**
 * Multivariate monitoring as a user asks for it: fit a model on an analysis set or on time
 * windows of tags and store it; score lots or windows against a stored model; explain one
 * observation by contributions. The orchestration of data, model, limits and store that the CLI
 * and the HTTP API share (the parts are in mspc-data, pca, pls, mspc-score, mspc-store).
 */
import { AppError, field } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Actor, Store } from '../../store/store.js';
import { readMspcTable, windowSeconds, type MspcSource } from './mspc-data.js';
import { speLimit, t2Limit } from './mspc-limits.js';
import { contributions, scoreModel, type Contribution } from './mspc-score.js';
import { loadModelOfKind, saveModel, type StoredModel, type TrainingRef } from './mspc-store.js';
import { barSvg, scoresSvg } from './mspc-svg.js';
import type { MspcModel, T2Form } from './mspc-types.js';
import { fitPca } from './pca.js';
import { fitPls } from './pls.js';

/** What to fit (the parsed `fitFields`). */
export interface FitRequest {
  name: string;
  material?: string;
  lots?: string[];
  columns?: string[];
  tags?: string[];
  from?: string;
  to?: string;
  window: string;
  y?: string[];
  components?: number;
  confidence: number;
}

/** Lots of a material as rows, narrowed by lots or a start range. */
function lotRows(material: string, f: { lots?: string[]; from?: string; to?: string }): MspcSource {
  const s: MspcSource = { kind: 'analysis-set', material };
  if (f.lots) s.lots = f.lots;
  if (f.from) s.from = f.from;
  if (f.to) s.to = f.to;
  return s;
}

/** Where the training rows come from: an analysis set or tag windows (the request's rules say which). */
function fitSource(f: FitRequest): MspcSource {
  if (f.tags) {
    if (!f.from || !f.to) throw new AppError('bad_request', `${field('tags')} needs ${field('from')} and ${field('to')}`, `e.g. ${field('from', '2025-03-01T00:00Z')}`);
    return { kind: 'tags', tags: f.tags, from: f.from, to: f.to, window: f.window };
  }
  if (!f.material) throw new AppError('bad_request', 'no training data', `give ${field('material')} or ${field('tags')}`);
  return lotRows(f.material, f);
}

/** A fitted model as reported: size, components and how they were chosen, limits at the confidence. */
function describeFit(model: MspcModel, version: number, name: string, confidence: number) {
  const base = {
    name, version, kind: model.kind, components: model.components, selection: model.selection, n: model.n, excluded: model.excluded,
    variables: model.variables, confidence,
    t2LimitNew: t2Limit('phase2', model.components, model.n, confidence),
    t2LimitTraining: t2Limit('training', model.components, model.n, confidence),
    speLimit: speLimit(model.speTheta, confidence),
  };
  return model.kind === 'pca'
    ? { ...base, explained: model.explained, cumulative: model.explained.reduce((a, b) => a + b, 0) }
    : { ...base, yVariables: model.yVariables, r2x: model.r2x, r2y: model.r2y };
}

/** The result of {@link fitMspcModel}. */
export type FitSummary = ReturnType<typeof describeFit>;

/**
 * Fits a PCA model (PLS with `y`) on the rows of an analysis set or of tag windows, with the
 * number of components given or chosen by cross-validation, and stores it as the next version of
 * `name` with its training reference (audited). Limits are computed before it is stored, so a
 * model whose limits cannot be computed is refused.
 *
 * @example await fitMspcModel(store, { name: 'tablets', material: 'TAB', window: '1m', confidence: 0.99 }, { user: 'ana', reason: 'CPV' })
 */
export async function fitMspcModel(store: Store, f: FitRequest, actor: Actor, log: Logger): Promise<FitSummary> {
  const source = fitSource(f);
  const { table: data, excluded } = await readMspcTable(store, source, f.columns, log);
  const names = data.columns.map((c) => c.name);
  const components = f.components !== undefined ? { components: f.components } : {};
  const model: MspcModel = f.y
    ? fitPls(data, { x: names.filter((n) => !f.y!.includes(n)), y: f.y, ...components })
    : fitPca(data, components);
  const training: TrainingRef = {
    source: source.kind,
    columns: [...model.variables, ...(model.kind === 'pls' ? model.yVariables : [])],
    rows: model.n, excluded: model.excluded,
    scaling: 'autoscaled: training mean and standard deviation (ddof = 1)',
  };
  if (source.kind === 'tags') Object.assign(training, { tags: source.tags, from: source.from, to: source.to, window: source.window });
  else Object.assign(training, { material: source.material, lots: data.rows, ...(source.from ? { from: source.from } : {}), ...(source.to ? { to: source.to } : {}) });
  if (excluded) log.info(`${excluded} bad samples left out`);
  const spec = { components: model.components, selection: model.selection.kind, confidence: f.confidence, ...(f.y ? { y: f.y } : {}) };
  describeFit(model, 0, f.name, f.confidence); // limits first: refused before anything is stored
  const version = await saveModel(store, actor, { name: f.name, model, spec, training });
  return describeFit(model, version, f.name, f.confidence);
}

async function loadMspc(store: Store, name: string, version?: number): Promise<StoredModel<MspcModel>> {
  return loadModelOfKind(store, name, ['pca', 'pls'], version);
}

const confidenceOf = (m: StoredModel<MspcModel>, given?: number) => given ?? Number(m.spec.confidence ?? 0.99);

/** What to score (the parsed `scoreFields`). */
export interface ScoreRequest {
  name: string;
  modelVersion?: number;
  lots?: string[];
  from?: string;
  to?: string;
  confidence?: number;
  limit: T2Form;
}

/** The rows to score for a stored model: the model's own source kind, narrowed by lots or from/to. */
function scoreSource(m: StoredModel<MspcModel>, f: ScoreRequest): MspcSource {
  const tr = m.training;
  if (tr.source === 'tags') {
    if (!f.from || !f.to) throw new AppError('bad_request', `model '${m.name}' is on tag windows: give ${field('from')} and ${field('to')}`, `e.g. ${field('from', '2025-03-09T00:00Z')} and ${field('to', '2025-03-10T00:00Z')}`);
    return { kind: 'tags', tags: tr.tags ?? m.model.variables, from: f.from, to: f.to, window: tr.window ?? '1m' };
  }
  return lotRows(tr.material!, f);
}

async function scored(store: Store, f: ScoreRequest, log: Logger) {
  const m = await loadMspc(store, f.name, f.modelVersion);
  const { table: data } = await readMspcTable(store, scoreSource(m, f), m.model.variables, log);
  const confidence = confidenceOf(m, f.confidence);
  const s = scoreModel(m.model, data, { confidence, t2Form: f.limit });
  return { m, s, confidence };
}

/**
 * Scores lots or time windows against a stored model: per row T², SPE, whether each is above
 * its limit, the scores, and whether the row was one the model was fitted on (judge those with
 * the training limit).
 *
 * @example await scoreMspcModel(store, { name: 'tablets', limit: 'phase2' }, log)
 */
export async function scoreMspcModel(store: Store, f: ScoreRequest, log: Logger) {
  const { m, s, confidence } = await scored(store, f, log);
  const trained = new Set(m.training.lots ?? []);
  const A = s.components;
  const rows = s.rows.map((row, i) => ({
    row, t2: s.t2[i]!, spe: s.spe[i]!, t2Out: s.t2[i]! > s.t2Limit, speOut: s.spe[i]! > s.speLimit,
    inTraining: trained.has(row), scores: Array.from(s.scores.subarray(i * A, (i + 1) * A)),
  }));
  return {
    model: m.name, version: m.version, kind: s.kind, components: s.components, confidence, t2Form: s.t2Form, t2FormText: s.t2FormText,
    t2Limit: s.t2Limit, speLimit: s.speLimit, rows, skipped: s.skipped,
    flagged: { t2: rows.filter((r) => r.t2Out).length, spe: rows.filter((r) => r.speOut).length },
    ...(s.predicted ? { predicted: s.predicted.map((p) => ({ name: p.name, values: Array.from(p.values) })) } : {}),
  };
}

/** The T² and SPE chart of a scoring, with both limits, as SVG. */
export async function scoreFigure(store: Store, f: ScoreRequest, log: Logger): Promise<string> {
  const { m, s } = await scored(store, f, log);
  return scoresSvg(`${m.name} v${m.version}`, s.t2, s.t2Limit, s.spe, s.speLimit, s.rows);
}

/** Which observation to explain (the parsed `contributionFields`). */
export interface ContributionRequest {
  name: string;
  modelVersion?: number;
  lot?: string;
  time?: string;
  confidence?: number;
}

async function contributionsOf(store: Store, f: ContributionRequest, log: Logger) {
  const m = await loadMspc(store, f.name, f.modelVersion);
  let source: MspcSource;
  let row: string;
  if (m.training.source === 'tags') {
    if (!f.time) throw new AppError('bad_request', `model '${m.name}' is on tag windows: give ${field('time')} (the start of a window)`, 'copy it from the scores');
    const from = new Date(f.time);
    const window = m.training.window ?? '1m';
    source = { kind: 'tags', tags: m.training.tags ?? m.model.variables, from: from.toISOString(), to: new Date(from.getTime() + windowSeconds(window) * 1000).toISOString(), window };
    row = from.toISOString().replace(/\.\d{3}Z$/, 'Z');
  } else {
    if (!f.lot) throw new AppError('bad_request', `model '${m.name}' is on lots: give ${field('lot')}`, `e.g. ${field('lot', 'L042')}`);
    source = { kind: 'analysis-set', material: m.training.material!, lots: [f.lot] };
    row = f.lot;
  }
  const { table: data } = await readMspcTable(store, source, m.model.variables, log);
  const s = scoreModel(m.model, data, { confidence: confidenceOf(m, f.confidence) });
  const i = s.rows.indexOf(row);
  const c: Contribution[] = contributions(m.model, data, row);
  return { model: m.name, version: m.version, row, t2: s.t2[i]!, t2Limit: s.t2Limit, spe: s.spe[i]!, speLimit: s.speLimit, contributions: c };
}

/**
 * Contributions of each variable to the T² and SPE of one lot (analysis-set model) or one time
 * window (tag-window model), largest SPE contribution first.
 *
 * @example await mspcContributions(store, { name: 'tablets', lot: 'L042' }, log)
 */
export async function mspcContributions(store: Store, f: ContributionRequest, log: Logger) {
  return contributionsOf(store, f, log);
}

/** The SPE contributions of one observation as a bar chart (SVG). */
export async function contributionsFigure(store: Store, f: ContributionRequest, log: Logger): Promise<string> {
  const r = await contributionsOf(store, f, log);
  const n = (v: number) => String(Number(v.toPrecision(6)));
  return barSvg(`SPE contributions, ${r.row} (SPE ${n(r.spe)}, limit ${n(r.speLimit)})`, r.contributions.map((x) => ({ label: x.variable, value: x.spe })));
}
