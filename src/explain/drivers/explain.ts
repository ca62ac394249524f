import { AppError, field } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import { buildAnalysisSet } from '../../context/analysis-set.js';
import type { AnalysisColumn, AnalysisSet } from '../../context/analysis-set-types.js';
import { benjaminiHochberg } from '../../stats/multiple-testing.js';
import type { Store } from '../../store/store.js';
import { associate } from './association.js';
import type { Driver, Explanation, ExplainOptions, Screened, TargetMode, Untestable } from './explain-types.js';
import { blockOf, forwardSelect } from './joint.js';
import { rolesOf } from './roles.js';
import { isScreened, screenColumn } from './screen.js';
import { sentenceOf } from './sentence.js';
import { resolveTarget } from './target.js';

/**
 * Proxy: at least this association with a driver, and adding nothing distinguishable from chance
 * once the drivers are in (partial F test p above the joint model's entry level). A fixed share of
 * the variation would not do: on 24 lots chance alone adds about 1/(n − k) ≈ 4 %.
 */
const PROXY_STRENGTH = 0.5;
/** Confounding: a driver this close to the site or to time cannot be told apart from it. */
const CONFOUND_STRENGTH = 0.8;

/**
 * `explain`: why does TARGET vary between lots? Screens every candidate driver of the
 * material's analysis set, then ranks drivers together in a joint model with proxies grouped
 * and confounding called out.
 *
 * Phases, in order: build the analysis set → resolve the target → choose candidates →
 * screen each (rank tests, effect, n, missing) → Benjamini–Hochberg q values → joint model
 * (forward selection, joint.ts) → proxies and confounding → sentences and caveats.
 *
 * @example
 * const why = await explain(store, { material: 'tablet', target: 'dissolution' });
 * why.drivers[0]?.sentence;
 * @see Y. Benjamini, Y. Hochberg (1995); docs/explain.md for the method and its limits.
 */
export async function explain(store: Store, options: ExplainOptions): Promise<Explanation> {
  return (await explainWithSet(store, options)).explanation;
}

/** {@link explain}, also returning the analysis set it read (for plots of the drivers). */
export async function explainWithSet(store: Store, options: ExplainOptions): Promise<{ explanation: Explanation; set: AnalysisSet }> {
  const log = options.logger ?? silentLogger;
  log.progress('analysis set', 0, 4);
  const set = await buildAnalysisSet(store, {
    material: options.material,
    ...(options.site ? { site: options.site } : {}),
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
  });
  const units = await unitsOf(store);
  const roles = await rolesOf(store, set.material);
  const replicateOf = await replicateFeaturesOf(store, set.material);
  return { explanation: await explainSet(set, { ...options, units, roles, replicateOf, store }), set };
}

/** Everything {@link explainSet} needs besides the set: units and roles of columns, the store for specifications. */
export interface ExplainContext extends ExplainOptions {
  units: Map<string, string>;
  roles: Map<string, string>;
  /** Replicate features of the material (`dissolution.mean`) → their parameter (`dissolution`); none: no replicate features. */
  replicateOf?: Map<string, string>;
  store: Store;
}

/** `explain` on an analysis set already built (tests and the benchmark call it directly). */
export async function explainSet(set: AnalysisSet, ctx: ExplainContext): Promise<Explanation> {
  const log = ctx.logger ?? silentLogger;
  const alpha = ctx.alpha ?? 0.05;
  const minN = ctx.minN ?? 10;
  const mode: TargetMode = ctx.mode ?? { kind: 'numeric' };
  const target = await resolveTarget(ctx.store, set, ctx.target, mode);
  if (target.n < minN) throw new AppError('too_few_lots', `only ${target.n} ${set.material} lots have ${ctx.target} (need ${minN})`, `widen the filters (${field('site')}, ${field('from')}, ${field('to')}) or lower ${field('minN')}`);
  if (!target.binary) {
    const present = target.y.filter((v) => !Number.isNaN(v));
    if (present.every((v) => v === present[0])) throw new AppError('no_variance', `${ctx.target} has the same value (${present[0]}) on all ${target.n} ${set.material} lots`, `nothing to explain: choose a target that varies, or widen the filters (${field('site')}, ${field('from')}, ${field('to')})`);
  }
  const targetUnit = unitOf(target.column, ctx.units);
  const candidates = chooseCandidates(set, target.column, ctx);
  log.progress('screening', 0, candidates.length);
  const screened: Screened[] = [];
  const untestable: Untestable[] = [];
  candidates.forEach((col, i) => {
    if (i % 200 === 0) {
      if (ctx.signal?.aborted) throw new AppError('cancelled', 'explain was cancelled', 'start it again when needed');
      log.progress('screening', i, candidates.length);
    }
    const r = screenColumn(col, { y: target.y, binary: target.binary }, minN, unitOf(col, ctx.units));
    if (isScreened(r)) screened.push(r);
    else untestable.push(r);
  });
  log.progress('screening', candidates.length, candidates.length);
  if (screened.length === 0) throw new AppError('no_candidates', `none of the ${candidates.length} candidates could be tested against ${ctx.target}`, untestable[0] ? `for example ${untestable[0].name}: ${untestable[0].reason}` : 'import parameters, features or factors for these lots');
  const q = benjaminiHochberg(screened.map((s) => s.p));
  screened.forEach((s, i) => (s.q = q[i]!));
  screened.sort((a, b) => a.p - b.p || b.n - a.n);

  // Joint model over the significant candidates (at most 200, by p).
  const rows: number[] = [];
  target.y.forEach((v, i) => Number.isFinite(v) && rows.push(i));
  const byName = new Map(set.columns.map((c) => [c.name, c]));
  const significant = screened.filter((s) => s.q < alpha).slice(0, 200);
  const blocks = new Map(significant.map((s) => [s.name, blockOf(byName.get(s.name)!, rows)]));
  const y = Float64Array.from(rows, (i) => target.y[i]!);
  const pEnter = 0.001;
  const joint = forwardSelect(y, blocks, { maxDrivers: ctx.maxDrivers ?? 8, pEnter });
  log.progress('joint model', 1, 1);

  const drivers: Driver[] = joint.selected.map((name, k) => ({
    ...significant.find((s) => s.name === name)!,
    rank: k + 1,
    importance: joint.importance.get(name) ?? 0,
    proxies: [],
    confounded: [],
    sentence: '',
  }));
  const alsoAssociated: Screened[] = [];
  for (const s of significant) {
    if (joint.selected.includes(s.name)) continue;
    let best: { d: Driver; strength: number } | undefined;
    for (const d of drivers) {
      const a = associate(byName.get(s.name)!, byName.get(d.name)!);
      if (a && (!best || a.strength > best.strength)) best = { d, strength: a.strength };
    }
    if (best && best.strength >= PROXY_STRENGTH && (joint.residualP.get(s.name) ?? 1) > pEnter)
      best.d.proxies.push({ name: s.name, correlation: best.strength, q: s.q });
    else alsoAssociated.push(s);
  }
  drivers.sort((a, b) => b.importance - a.importance);
  drivers.forEach((d, i) => {
    d.rank = i + 1;
    d.confounded = confoundersOf(d, set, byName);
    d.sentence = sentenceOf(d, { name: ctx.target, unit: targetUnit, binary: target.binary });
  });
  alsoAssociated.forEach((s) => Object.assign(s, { sentence: sentenceOf(s, { name: ctx.target, unit: targetUnit, binary: target.binary }) }));

  const tv = Float64Array.from(rows, (i) => target.column.values[i]!);
  const m = tv.reduce((s, v) => s + v, 0) / tv.length;
  const sdv = Math.sqrt(tv.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, tv.length - 1));
  return {
    target: { name: ctx.target, material: set.material, mode, n: target.n, unit: targetUnit, mean: m, sd: sdv, ...(target.bad !== undefined ? { bad: target.bad } : {}) },
    drivers,
    alsoAssociated,
    screened,
    untestable,
    model: {
      method: target.binary ? 'forward selection, linear probability model' : 'forward selection (partial F, p < 0.001 to enter)',
      r2: joint.r2,
      n: joint.n,
      note: 'importance = share of the variation each driver explains that no other driver in the model explains (drop in R² when it is removed)',
    },
    caveats: caveatsOf(target.n, candidates.length, screened, untestable, drivers, alpha),
  };
}

function chooseCandidates(set: AnalysisSet, targetCol: AnalysisColumn, ctx: ExplainContext): AnalysisColumn[] {
  const excluded = (ctx.exclude ?? []).map((e) => e.toLowerCase());
  const t = ctx.target;
  const replicateOf = ctx.replicateOf ?? new Map<string, string>();
  // The measurement behind the target: its parameter, or the replicate parameter of a replicate feature.
  const measured = targetCol.origin.parameter ?? replicateOf.get(targetCol.origin.feature ?? '') ?? t;
  return set.columns.filter((c) => {
    if (c === targetCol) return false;
    const own = c.origin.rule === 'own';
    const parameter = c.origin.parameter ?? replicateOf.get(c.origin.feature ?? '');
    // The target's own replicates or features (dissolution vessels → dissolution.mean) restate it.
    if (own && (c.name.startsWith(t + '.') || parameter === t || parameter === measured)) return false;
    // Other quality attributes of the same lot, and their replicate summaries, are outcomes measured with the target, not causes.
    if (own && !ctx.includeOutcomes && parameter && ctx.roles.get(parameter)?.toUpperCase() === 'CQA') return false;
    if (own && c.origin.factor === 'lot') return false;
    return !excluded.some((e) => c.name.toLowerCase().includes(e));
  });
}

function confoundersOf(d: Driver, set: AnalysisSet, byName: Map<string, AnalysisColumn>): Driver['confounded'] {
  const out: Driver['confounded'] = [];
  const self = byName.get(d.name)!;
  for (const c of set.columns) {
    if (c.origin.rule !== 'own' || c === self) continue;
    const label = c.origin.factor === 'site' ? 'site' : c.origin.factor === 'start' ? 'time (start date)' : c.origin.factor === 'campaign' ? 'campaign' : undefined;
    if (!label || self.origin.factor === c.origin.factor) continue;
    const a = associate(self, c);
    if (a && a.strength >= CONFOUND_STRENGTH) out.push({ with: label, strength: a.strength, measure: a.measure });
  }
  return out;
}

function caveatsOf(n: number, m: number, screened: Screened[], untestable: Untestable[], drivers: Driver[], alpha: number): string[] {
  const c = ['Correlation is not cause: a driver is a lead to check with process knowledge or an experiment, not a proof.'];
  if (n < m) c.push(`Fewer lots (${n}) than candidates (${m}): q values control false discoveries, but weak effects cannot be seen.`);
  const significant = screened.filter((s) => s.q < alpha).length;
  if (drivers.length === 0 && significant === 0) c.push('No candidate passed the false-discovery threshold: nothing here explains the variation better than chance.');
  else if (drivers.length === 0) c.push(`${significant} candidates passed the false-discovery threshold alone, but none added enough in the joint model to be named a driver; they are listed as also associated.`);
  for (const d of drivers)
    for (const k of d.confounded) c.push(`${d.name} is almost the same as ${k.with} (${k.measure} = ${k.strength.toFixed(2)}): these data cannot tell which of the two acts.`);
  const heavyMissing = screened.filter((s) => s.missing > 0.3 * (s.n + s.missing)).length;
  if (heavyMissing > 0) c.push(`${heavyMissing} candidates miss values on more than 30 % of the lots; each was tested on the lots that have it (n is given per driver).`);
  if (untestable.length > 0) c.push(`${untestable.length} candidates could not be tested (too few values, constant, or too many levels); they are listed with the reason in the JSON output.`);
  return c;
}

function unitOf(col: AnalysisColumn, units: Map<string, string>): string | null {
  return units.get(col.origin.parameter ?? '') ?? units.get(col.origin.feature ?? '') ?? null;
}

/** Units of parameters (all materials) and of features (from their tags; counts and hours by function). */
async function unitsOf(store: Store): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for (const r of await store.all<{ parameter: string; unit: string | null }>('SELECT parameter, any_value(unit) AS unit FROM parameters WHERE unit IS NOT NULL GROUP BY parameter')) if (r.unit) m.set(r.parameter, r.unit);
  const f = await store.all<{ name: string; fn: string; unit: string | null }>(
    `SELECT f.name, any_value(f.fn) AS fn, any_value(t.unit) AS unit FROM (SELECT DISTINCT name, fn, tag FROM features) f LEFT JOIN tags t USING (tag) GROUP BY f.name`,
  );
  for (const r of f) {
    const u = /count$/.test(r.fn) ? null : /hours|duration|time_above|time_below/.test(r.fn) ? 'h' : /rsd/.test(r.fn) ? '%' : /slope/.test(r.fn) ? (r.unit ? `${r.unit}/h` : null) : /integral/.test(r.fn) ? (r.unit ? `${r.unit}·h` : null) : r.unit;
    if (u) m.set(r.name, u);
  }
  return m;
}

/** Replicate features of the material's lots and the replicate parameter each summarises. */
async function replicateFeaturesOf(store: Store, material: string): Promise<Map<string, string>> {
  const rows = await store.all<{ name: string; parameter: string }>(
    `SELECT DISTINCT f.name, f.parameter FROM features f JOIN lots l USING (lot)
     WHERE l.material = $1 AND f.source_kind = 'replicate' AND f.parameter IS NOT NULL`,
    [material],
  );
  return new Map(rows.map((r) => [r.name, r.parameter]));
}
