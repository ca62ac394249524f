import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { readMspcTable, windowSeconds, type MspcSource } from '../explain/mspc/mspc-data.js';
import { contributions, scoreModel, type MspcScores } from '../explain/mspc/mspc-score.js';
import { loadModelOfKind, saveModel, type StoredModel, type TrainingRef } from '../explain/mspc/mspc-store.js';
import { barSvg, scoresSvg } from '../explain/mspc/mspc-svg.js';
import type { MspcModel, T2Form } from '../explain/mspc/mspc-types.js';
import { fitPca } from '../explain/mspc/pca.js';
import { fitPls } from '../explain/mspc/pls.js';
import { t2Limit, speLimit } from '../explain/mspc/mspc-limits.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import { action, actorOf, cliLogger, fmtNum, intFlag, listFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface FitFlags extends CommonOptions {
  name: string;
  material?: string;
  lots?: string;
  tags?: string;
  from?: string;
  to?: string;
  window?: string;
  columns?: string;
  y?: string;
  components?: string;
  cv?: boolean;
  confidence?: string;
}

interface ScoreFlags extends CommonOptions {
  name: string;
  modelVersion?: string;
  lots?: string;
  lot?: string;
  time?: string;
  from?: string;
  to?: string;
  confidence?: string;
  limit?: string;
  svg?: string;
}

function confidenceOf(v: string): number {
  const c = Number(v);
  if (!(c > 0 && c < 1)) throw new AppError('bad_flag', `--confidence '${v}' is not between 0 and 1`, 'e.g. --confidence 0.99');
  return c;
}

/** Where the training rows come from, from the flags: an analysis set or tag windows, not both. */
function sourceOf(f: FitFlags): MspcSource {
  if (f.material && f.tags) throw new AppError('bad_flag', 'give --material (an analysis set) or --tags (time windows), not both', 'choose one source');
  if (f.tags) {
    if (!f.from || !f.to) throw new AppError('bad_flag', '--tags needs --from and --to', 'e.g. --from 2025-03-01T00:00Z --to 2025-03-08T00:00Z');
    return { kind: 'tags', tags: listFlag(f.tags)!, from: f.from, to: f.to, window: f.window ?? '1m' };
  }
  if (!f.material) throw new AppError('bad_flag', 'no training data: give --material M (an analysis set) or --tags T1,T2 --from --to', 'see causeway mspc fit --help');
  return lotRows(f.material, f);
}

/** Lots of a material as rows, narrowed by --lots or --from/--to. */
function lotRows(material: string, f: { lots?: string; from?: string; to?: string }): MspcSource {
  const s: MspcSource = { kind: 'analysis-set', material };
  const lots = listFlag(f.lots);
  if (lots) s.lots = lots;
  if (f.from) s.from = f.from;
  if (f.to) s.to = f.to;
  return s;
}

function describeFit(model: MspcModel, version: number, name: string, confidence: number) {
  const base = {
    name,
    version,
    kind: model.kind,
    components: model.components,
    selection: model.selection,
    n: model.n,
    excluded: model.excluded,
    variables: model.variables,
    confidence,
    t2LimitNew: t2Limit('phase2', model.components, model.n, confidence),
    t2LimitTraining: t2Limit('training', model.components, model.n, confidence),
    speLimit: speLimit(model.speTheta, confidence),
  };
  return model.kind === 'pca'
    ? { ...base, explained: model.explained, cumulative: model.explained.reduce((a, b) => a + b, 0) }
    : { ...base, yVariables: model.yVariables, r2x: model.r2x, r2y: model.r2y };
}

async function fit(f: FitFlags, log: Logger): Promise<void> {
  const confidence = confidenceOf(f.confidence ?? '0.99');
  if (f.components !== undefined && f.cv) throw new AppError('bad_flag', 'give --components or --cv, not both', 'choose one');
  const components = f.components !== undefined ? intFlag('components', f.components) : undefined;
  const source = sourceOf(f);
  await withStore(f, async (store) => {
    const { table: data, excluded } = await readMspcTable(store, source, listFlag(f.columns), log);
    const y = listFlag(f.y);
    const names = data.columns.map((c) => c.name);
    const model: MspcModel = y
      ? fitPls(data, { x: names.filter((n) => !y.includes(n)), y, ...(components !== undefined ? { components } : {}) })
      : fitPca(data, components !== undefined ? { components } : {});
    const training: TrainingRef = {
      source: source.kind,
      columns: [...model.variables, ...(model.kind === 'pls' ? model.yVariables : [])],
      rows: model.n,
      excluded: model.excluded,
      scaling: 'autoscaled: training mean and standard deviation (ddof = 1)',
    };
    if (source.kind === 'tags') Object.assign(training, { tags: source.tags, from: source.from, to: source.to, window: source.window });
    else Object.assign(training, { material: source.material, lots: data.rows, ...(source.from ? { from: source.from } : {}), ...(source.to ? { to: source.to } : {}) });
    if (excluded) log.info(`${excluded} bad samples left out`);
    const spec = { components: model.components, selection: model.selection.kind, confidence, ...(y ? { y } : {}) };
    // Limits first: a model whose limits cannot be computed is refused before it is stored.
    const described = describeFit(model, 0, f.name, confidence);
    const version = await saveModel(store, actorOf(f), { name: f.name, model, spec, training });
    const d = { ...described, version };
    output(f, d, () => {
      const head = `${f.name} v${version}: ${model.kind.toUpperCase()} with ${model.components} components (${model.selection.kind === 'cv' ? 'chosen by cross-validation, minimum PRESS' : 'stated'}) on ${model.n} rows × ${model.variables.length} variables` +
        (model.excluded ? ` (${model.excluded} rows with a missing value left out)` : '');
      const fit = model.kind === 'pca' ? `variance explained: ${fmtNum(100 * ('cumulative' in d ? d.cumulative : 0))} %` : `R²X ${fmtNum(model.r2x.at(-1)!)}, R²Y ${fmtNum(model.r2y.at(-1)!)}`;
      const limits = `limits at ${confidence * 100} %: T² ${fmtNum(d.t2LimitNew)} for new observations (A(n-1)(n+1)/(n(n-A))·F), ${fmtNum(d.t2LimitTraining)} for training rows (A(N-1)/(N-A)·F); SPE ${fmtNum(d.speLimit)} (Jackson–Mudholkar)`;
      const cv = model.selection.kind === 'cv' ? '\n\n' + table(model.selection.press.map((p, a) => ({ components: a, PRESS: p, Q2: model.selection.kind === 'cv' ? model.selection.q2[a] : null }))) : '';
      return [head, fit, limits].join('\n') + cv;
    });
  });
}

async function loadMspc(store: Store, f: ScoreFlags): Promise<StoredModel<MspcModel>> {
  return loadModelOfKind(store, f.name, ['pca', 'pls'], f.modelVersion !== undefined ? intFlag('model-version', f.modelVersion) : undefined);
}

/** The rows to score for a stored model: the model's own source kind, narrowed by --lots or --from/--to. */
function scoreSource(m: StoredModel<MspcModel>, f: ScoreFlags): MspcSource {
  const tr = m.training;
  if (tr.source === 'tags') {
    if (!f.from || !f.to) throw new AppError('bad_flag', `model '${m.name}' is on tag windows: give --from and --to`, 'e.g. --from 2025-03-09T00:00Z --to 2025-03-10T00:00Z');
    return { kind: 'tags', tags: tr.tags ?? m.model.variables, from: f.from, to: f.to, window: tr.window ?? '1m' };
  }
  return lotRows(tr.material!, f);
}

/** Per scored row: T², SPE, flags, the scores, and whether the row was one the model was fitted on. */
function scoreRows(s: MspcScores, trained: Set<string>) {
  const A = s.components;
  return s.rows.map((row, i) => ({
    row, t2: s.t2[i]!, spe: s.spe[i]!, t2Out: s.t2[i]! > s.t2Limit, speOut: s.spe[i]! > s.speLimit,
    inTraining: trained.has(row), scores: Array.from(s.scores.subarray(i * A, (i + 1) * A)),
  }));
}

async function score(f: ScoreFlags, log: Logger): Promise<void> {
  const form = f.limit ?? 'phase2';
  if (form !== 'phase2' && form !== 'training') throw new AppError('bad_flag', `--limit '${f.limit}' is not phase2 or training`, 'phase2 for new observations, training for the rows the model was fitted on');
  await withStore(f, async (store) => {
    const m = await loadMspc(store, f);
    const { table: data } = await readMspcTable(store, scoreSource(m, f), m.model.variables, log);
    const confidence = f.confidence !== undefined ? confidenceOf(f.confidence) : Number(m.spec.confidence ?? 0.99);
    const s = scoreModel(m.model, data, { confidence, t2Form: form as T2Form });
    const rows = scoreRows(s, new Set(m.training.lots ?? []));
    if (f.svg) writeFileSync(f.svg, scoresSvg(`${m.name} v${m.version}`, s.t2, s.t2Limit, s.spe, s.speLimit, s.rows));
    const result = {
      model: m.name, version: m.version, kind: s.kind, components: s.components, confidence, t2Form: s.t2Form, t2FormText: s.t2FormText,
      t2Limit: s.t2Limit, speLimit: s.speLimit, rows, skipped: s.skipped,
      flagged: { t2: rows.filter((r) => r.t2Out).length, spe: rows.filter((r) => r.speOut).length },
      ...(s.predicted ? { predicted: s.predicted.map((p) => ({ name: p.name, values: Array.from(p.values) })) } : {}),
    };
    output(f, result, () => {
      const head = `${m.name} v${m.version} (${s.kind.toUpperCase()}, ${s.components} components): ${rows.length} rows scored` +
        (s.skipped.length ? `, ${s.skipped.length} not scored (missing values)` : '');
      const lim = `T² limit ${fmtNum(s.t2Limit)} [${s.t2FormText}], SPE limit ${fmtNum(s.speLimit)} [Jackson–Mudholkar], ${confidence * 100} %`;
      const flagged = `above the limit: T² ${result.flagged.t2}, SPE ${result.flagged.spe}`;
      const trainedNote = rows.some((r) => r.inTraining) && s.t2Form === 'phase2' ? '\nrows marked * were used to fit the model; judge them with --limit training' : '';
      return [head, lim, flagged + trainedNote, '', table(rows.map((r) => ({ row: r.row + (r.inTraining ? ' *' : ''), 'T²': r.t2, SPE: r.spe, flag: [r.t2Out ? 'T²' : '', r.speOut ? 'SPE' : ''].filter(Boolean).join('+') })))].join('\n') +
        (f.svg ? `\nchart written to ${f.svg}` : '');
    });
  }, true);
}

async function contrib(f: ScoreFlags, log: Logger): Promise<void> {
  if (!f.lot && !f.time) throw new AppError('bad_flag', 'give --lot L (analysis-set model) or --time T (tag-window model)', 'the observation to explain');
  await withStore(f, async (store) => {
    const m = await loadMspc(store, f);
    let source: MspcSource;
    let row: string;
    if (m.training.source === 'tags') {
      if (!f.time) throw new AppError('bad_flag', `model '${m.name}' is on tag windows: give --time (the start of a window)`, 'copy it from the mspc score output');
      const from = new Date(f.time);
      if (Number.isNaN(from.getTime())) throw new AppError('bad_time', `--time '${f.time}' is not a date and time`, 'use ISO 8601');
      const window = m.training.window ?? '1m';
      source = { kind: 'tags', tags: m.training.tags ?? m.model.variables, from: from.toISOString(), to: new Date(from.getTime() + windowSeconds(window) * 1000).toISOString(), window };
      row = from.toISOString().replace(/\.\d{3}Z$/, 'Z');
    } else {
      if (!f.lot) throw new AppError('bad_flag', `model '${m.name}' is on lots: give --lot`, 'e.g. --lot L042');
      source = { kind: 'analysis-set', material: m.training.material!, lots: [f.lot] };
      row = f.lot;
    }
    const { table: data } = await readMspcTable(store, source, m.model.variables, log);
    const confidence = f.confidence !== undefined ? confidenceOf(f.confidence) : Number(m.spec.confidence ?? 0.99);
    const s = scoreModel(m.model, data, { confidence });
    const i = s.rows.indexOf(row);
    const c = contributions(m.model, data, row);
    if (f.svg) {
      writeFileSync(f.svg, barSvg(`SPE contributions, ${row} (SPE ${fmtNum(s.spe[i]!)}, limit ${fmtNum(s.speLimit)})`, c.map((x) => ({ label: x.variable, value: x.spe }))));
    }
    const result = { model: m.name, version: m.version, row, t2: s.t2[i], t2Limit: s.t2Limit, spe: s.spe[i], speLimit: s.speLimit, contributions: c };
    output(f, result, () =>
      `${row}: T² ${fmtNum(s.t2[i]!)} (limit ${fmtNum(s.t2Limit)}), SPE ${fmtNum(s.spe[i]!)} (limit ${fmtNum(s.speLimit)})\n` +
      'T² contributions are scores-weighted and sum to T²; SPE contributions are squared residuals and sum to SPE; z is in training sd.\n\n' +
      table(c.map((x) => ({ variable: x.variable, 'T² contrib': x.t2, 'SPE contrib': x.spe, z: x.z }))) + (f.svg ? `\nchart written to ${f.svg}` : ''),
    );
  }, true);
}

function scoreOptions(cmd: Command): Command {
  return withCommon(cmd)
    .requiredOption('--name <name>', '[string] stored model name')
    .addOption(new Option('--model-version <n>', '[number] model version (default: the latest; --version is the program version)'))
    .addOption(new Option('--confidence <c>', '[number] confidence of the limits (default: the one the model was fitted with)'))
    .addOption(new Option('--svg <file>', '[string] write a chart to this SVG file'));
}

/** `causeway mspc fit|score|contrib`: multivariate monitoring with PCA and PLS models. */
export function register(program: Command): void {
  const mspc = program.command('mspc').description('multivariate monitoring: PCA/PLS models with Hotelling T² and SPE limits, scores and contributions');
  withCommon(mspc.command('fit').description('fit a PCA (or, with --y, PLS) model on an analysis set or on time windows of tags and store it as a new version'))
    .requiredOption('--name <name>', '[string] model name (a new version is stored when it exists)')
    .addOption(new Option('--material <m>', '[string] analysis set: lots of this material are the rows'))
    .addOption(new Option('--lots <list>', '[string] analysis set: only these lots (comma-separated)'))
    .addOption(new Option('--columns <list>', '[string] analysis set: the columns to use (default: numeric columns with ≤ 10 % missing)'))
    .addOption(new Option('--tags <list>', '[string] time windows: these tags are the columns (comma-separated)'))
    .addOption(new Option('--from <time>', '[string] start (ISO 8601): of the windows, or of lot start for an analysis set'))
    .addOption(new Option('--to <time>', '[string] end (ISO 8601, exclusive)'))
    .addOption(new Option('--window <d>', '[string] time window length, e.g. 30s, 1m, 1h (default: 1m)'))
    .addOption(new Option('--y <list>', '[string] Y columns: fit PLS of the other columns on these'))
    .addOption(new Option('--components <A>', '[number] number of components (default: by cross-validation)'))
    .addOption(new Option('--cv', '[boolean] choose the number of components by 7-group cross-validation, minimum PRESS (the default)'))
    .addOption(new Option('--confidence <c>', '[number] confidence of the limits (default: 0.99)'))
    .action(action(async (f: FitFlags) => fit(f, cliLogger(f))));
  scoreOptions(mspc.command('score').description('score lots or time windows against a stored model: T², SPE and their limits'))
    .addOption(new Option('--lots <list>', '[string] lots to score (analysis-set models; default: every lot in --from/--to)'))
    .addOption(new Option('--from <time>', '[string] start (ISO 8601)'))
    .addOption(new Option('--to <time>', '[string] end (ISO 8601, exclusive)'))
    .addOption(new Option('--limit <form>', '[string] T² limit form: phase2 (new observations) or training (default: phase2)'))
    .action(action(async (f: ScoreFlags) => score(f, cliLogger(f))));
  scoreOptions(mspc.command('contrib').description('contributions of each variable to the T² and SPE of one lot or time window'))
    .addOption(new Option('--lot <lot>', '[string] the lot (analysis-set models)'))
    .addOption(new Option('--time <time>', '[string] start of the window (tag-window models)'))
    .action(action(async (f: ScoreFlags) => contrib(f, cliLogger(f))));
}
