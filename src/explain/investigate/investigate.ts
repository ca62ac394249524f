import { randomBytes } from 'node:crypto';
import { AppError, isAppError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { upstream } from '../../context/genealogy.js';
import { CHART_TITLES } from '../../spc/chart-choice.js';
import { controlChart } from '../../spc/control-chart.js';
import { quoteIdent } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import { goldenDeviation } from '../golden/golden.js';
import type { GoldenModel } from '../golden/golden-types.js';
import { insertLots, linkedEvents, unusualValues } from './investigate-sql.js';
import { carriedFindings, groupBySignal, lotSet, similarLots } from './investigate-set.js';
import { outcomeLeads, relevanceOf, weighByRelevance } from './investigate-why.js';
import { rolesOf } from '../drivers/roles.js';
import type { Finding, Investigation, SimilarLot } from './investigate-types.js';
import { UNUSUAL_Z } from './robust.js';
import { num } from '../drivers/sentence.js';

/** Options of {@link investigate}. */
export interface InvestigateOptions {
  /** Upstream lots looked at, by contribution (default 40). */
  maxUpstream?: number;
  /** Parameters charted for run-rule violations (default 25, CQA/CPP/IPC first). */
  maxCharts?: number;
  /** Similar past lots listed (default 5). */
  similar?: number;
  logger?: Logger;
}

type LotRow = { lot: string; material: string; site: string; step: string | null; equipment: string | null; start_time: Date | null; end_time: Date | null; status: string | null };

/**
 * `investigate LOT`: everything unusual about one lot, most unusual first, each finding with
 * the evidence and a link to the chart that shows it.
 *
 * Phases, in order: the lot → its upstream lots (genealogy, by contribution) → values outside
 * specification or outside the history (robust z against lots of the same material) → upstream
 * values as carried into this lot (contribution-weighted, against the other lots of its
 * material: an ordinary API lot can still make an unusual blend of API for this lot) →
 * control-chart rule violations it is part of (per site, Western Electric rules; I-MR of discrete
 * parameters, X̄-R or X̄-S of replicate parameters with each lot a subgroup) →
 * golden-envelope excursions of its phases → deviations, CAPAs and alarms linked to it or its
 * equipment while it ran → the most similar past lots (started before it) with their outcomes.
 *
 * Then, for each quality attribute of the lot that is 2 robust sd or more off its median, the
 * lot's own and carried-down values that are off in the direction that goes with it across lots
 * (investigate-why.ts): the lot-level "why".
 *
 * An unusual value's score is weighted by how much its measurement goes with any quality
 * attribute across lots (0.4 + 0.6 · max |ρ|): unusual and harmless comes after unusual and
 * relevant.
 *
 * Ordering: out of specification (100 + |z|) > leads for an off quality attribute (55–95) >
 * deviation (70–85) > rule beyond 3σ (65) >
 * other rules (45) > golden excursion (40 + 5·|z|, ≤ 80) > unusual value (10·|z|, ≤ 90) >
 * alarm (25); a finding on an upstream lot is weighted by 0.6 + 0.4 · its contribution, a
 * carried-down value by 0.9. Findings on one signal of one lot (its max, mean, slope…) are
 * grouped under the most unusual one, so one excursion does not fill the list.
 *
 * @example const inv = await investigate(store, 'T-0412'); inv.findings[0]?.sentence
 */
export async function investigate(store: Store, lotId: string, options: InvestigateOptions = {}): Promise<Investigation> {
  const log = options.logger ?? silentLogger;
  const lot = await store.one<LotRow>('SELECT lot, material, site, step, equipment, start_time, end_time, status FROM lots WHERE lot = $1', [lotId]);
  if (!lot) {
    const near = await store.all<{ lot: string }>("SELECT lot FROM lots WHERE lot ILIKE '%' || $1 || '%' ORDER BY lot LIMIT 5", [lotId.slice(0, 6)]);
    throw new AppError('unknown_lot', `lot '${lotId}' is not in the store`, near.length ? `did you mean ${near.map((r) => `'${r.lot}'`).join(', ')}?` : 'check the lot id (the lots list names them)');
  }
  log.progress('investigate', 1, 6);
  const up = (await upstream(store, lot.lot)).lots
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, options.maxUpstream ?? 40)
    .map((u) => ({ lot: u.lot, material: u.material ?? '', contribution: u.contribution, via: u.paths[0]?.lots.slice(1, -1) ?? [] }));
  const table = quoteIdent(`_cw_inv_${randomBytes(6).toString('hex')}`);
  await store.run(`CREATE TEMP TABLE ${table} (lot VARCHAR, material VARCHAR, via VARCHAR[], contribution DOUBLE)`);
  try {
    const lots = [{ lot: lot.lot, material: lot.material, via: [] as string[], contribution: 1 }, ...up.filter((u) => u.material)];
    await store.run(insertLots(table), [JSON.stringify(lots)]);
    const findings: Finding[] = [];
    const notes: string[] = [];
    const params = await valueFindings(store, table, lot.lot, findings);
    log.progress('investigate', 2, 6);
    const charts = await ruleFindings(store, lot, options.maxCharts ?? 25, findings, notes);
    log.progress('investigate', 3, 6);
    const golden = await goldenFindings(store, lot, up, findings, notes);
    log.progress('investigate', 4, 6);
    const events = await eventFindings(store, table, lot.lot, findings);
    log.progress('investigate', 5, 6);
    const set = await lotSet(store, lot.material);
    const carried = set ? carriedFindings(set, lot.lot, findings) : 0;
    let similar: SimilarLot[] = [];
    let comparable = 0;
    if (set) {
      const roles = await rolesOf(store, lot.material);
      weighByRelevance(findings, relevanceOf(set, roles));
      outcomeLeads(set, lot.lot, roles, findings);
      const found = await similarLots(store, set, lot, roles, options.similar ?? 5);
      ({ similar, comparable } = found);
      if (found.note) notes.push(found.note);
    }
    log.progress('investigate', 6, 6);
    const ranked = groupBySignal(findings).sort((a, b) => b.score - a.score);
    if (ranked.length === 0) notes.push('Nothing unusual was found in what was checked (see `checked`).');
    return {
      lot: { lot: lot.lot, material: lot.material, site: lot.site, step: lot.step, equipment: lot.equipment, start: lot.start_time?.toISOString() ?? null, end: lot.end_time?.toISOString() ?? null, status: lot.status },
      findings: ranked,
      similar,
      checked: { parameters: params + carried, upstreamLots: up.length, charts, goldenModels: golden, events, comparableLots: comparable },
      notes,
    };
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

/** Weight of a finding: 1 on the lot itself, 0.6 + 0.4 · contribution on an upstream lot. */
function weight(own: boolean, contribution: number): number {
  return own ? 1 : 0.6 + 0.4 * Math.min(1, contribution);
}

type ValueRow = { lot: string; material: string; via: string[]; contribution: number; name: string; source: string; value: number; median: number; lo: number; hi: number; n: bigint; scale: number | null; lsl: number | null; usl: number | null; unit: string | null; role: string | null };

async function valueFindings(store: Store, table: string, seed: string, out: Finding[]): Promise<number> {
  const rows = await store.all<ValueRow>(unusualValues(table));
  for (const r of rows) {
    const own = r.lot === seed;
    const w = weight(own, r.contribution);
    const u = r.unit ? ` ${r.unit}` : '';
    const where = own ? '' : ` of ${r.material} lot ${r.lot}${r.via.length ? ` (via ${r.via.join(' → ')})` : ''}, ${num(100 * r.contribution)} % of this lot`;
    const z = r.scale ? (r.value - r.median) / r.scale : undefined;
    const expected = { median: r.median, low: r.lo, high: r.hi, n: Number(r.n) };
    const base = { lot: r.lot, material: r.material, via: r.via, value: r.value, expected, key: `${r.material}|${r.name}`, ...(z !== undefined ? { z } : {}), link: { view: 'spc' as const, params: { parameter: r.name, material: r.material, lot: r.lot } } };
    const oos = (r.lsl !== null && r.value < r.lsl) || (r.usl !== null && r.value > r.usl);
    if (oos) {
      const limit = r.lsl !== null && r.value < r.lsl ? `below the lower limit ${num(r.lsl)}` : `above the upper limit ${num(r.usl!)}`;
      out.push({ ...base, kind: own ? 'out_of_spec' : 'upstream', score: (100 + Math.min(20, Math.abs(z ?? 0))) * w, title: `${r.name} out of specification`, sentence: `${r.name}${where} is ${num(r.value)}${u}, ${limit} (OOS).` });
    } else if (z !== undefined && Math.abs(z) >= UNUSUAL_Z) {
      out.push({
        ...base, kind: own ? 'unusual_value' : 'upstream', score: Math.min(90, 10 * Math.abs(z)) * w,
        title: `${r.name} ${z > 0 ? 'unusually high' : 'unusually low'}`,
        sentence: `${r.name}${where} is ${num(r.value)}${u}, ${num(Math.abs(z))} robust sd ${z > 0 ? 'above' : 'below'} the median ${num(r.median)} of ${Number(r.n)} ${r.material} lots (range ${num(r.lo)}–${num(r.hi)}).`,
      });
    }
  }
  return new Set(rows.map((r) => r.lot + '\u0000' + r.name)).size;
}

/** A value and its two limits with as many significant digits as it takes to tell the value from the nearer limit (3 to 8). */
function apart(value: number, lo: number, hi: number): [string, string, string] {
  const near = Math.abs(value - lo) < Math.abs(value - hi) ? lo : hi;
  let p = 3;
  while (p < 8 && value.toPrecision(p) === near.toPrecision(p)) p++;
  const f = (x: number) => String(Number(x.toPrecision(p)));
  return [f(value), f(lo), f(hi)];
}

async function ruleFindings(store: Store, lot: LotRow, max: number, out: Finding[], notes: string[]): Promise<number> {
  // Replicate parameters (10 tablet hardnesses) are charted too: by default each lot is a
  // subgroup of an X̄-R or X̄-S chart, so a lot whose mean or spread is off gets its finding.
  const params = await store.all<{ parameter: string; unit: string | null }>(
    `SELECT p.parameter, p.unit FROM parameters p WHERE p.material = $1 AND (
       (p.kind = 'discrete' AND EXISTS (SELECT 1 FROM discrete d WHERE d.lot = $2 AND d.parameter = p.parameter))
       OR (p.kind = 'replicate' AND EXISTS (SELECT 1 FROM replicates r WHERE r.lot = $2 AND r.parameter = p.parameter)))
     ORDER BY CASE upper(coalesce(p.role, '')) WHEN 'CQA' THEN 0 WHEN 'CPP' THEN 1 WHEN 'IPC' THEN 2 ELSE 3 END, p.parameter LIMIT $3`,
    [lot.material, lot.lot, max],
  );
  let charted = 0;
  for (const { parameter, unit } of params) {
    try {
      const report = await controlChart(store, { parameter, material: lot.material, site: lot.site });
      charted++;
      for (const panel of report.panels) {
        // One finding per series of the chart: the gravest rule this lot breaks, the others named.
        const mine = panel.violations.filter((x) => x.lot === lot.lot && x.series.toUpperCase() !== 'MR');
        for (const series of new Set(mine.map((x) => x.series))) {
          const hits = mine.filter((x) => x.series === series);
          const v = hits.find((x) => x.rule === 'we1' || x.rule === 'nelson1') ?? hits[0]!;
          const beyond = v.rule === 'we1' || v.rule === 'nelson1';
          const primary = series === panel.chart.primary.name;
          const s = primary ? panel.chart.primary : panel.chart.secondary!;
          const i = v.index - s.start;
          const [x, lo, hi] = apart(s.values[i]!, s.lcl[i]!, s.ucl[i]!);
          const u = unit ? ` ${unit}` : '';
          const others = hits.filter((h) => h !== v).map((h) => h.ruleName);
          out.push({
            kind: 'rule_violation', score: beyond ? 65 : 45, lot: lot.lot, material: lot.material, via: [],
            title: `${parameter}${primary && report.chart === 'imr' ? '' : ` ${series}`}: ${v.ruleName}`,
            sentence: `${CHART_TITLES[report.chart]} of ${parameter} at ${lot.site}: ${v.sentence}; ${series} ${x}${u}, limits ${lo}–${hi}${u}.${others.length ? ` Also: ${others.join(', ')}.` : ''}`,
            value: s.values[i]!, ...(v.time ? { time: v.time } : {}),
            link: { view: 'spc', params: { parameter, material: lot.material, site: lot.site, chart: report.chart } },
          });
        }
      }
    } catch (e) {
      if (!isAppError(e)) throw e;
      notes.push(`${parameter}: no control chart (${e.message})`);
    }
  }
  return charted;
}

async function goldenFindings(store: Store, lot: LotRow, up: { lot: string; material: string; contribution: number; via: string[] }[], out: Finding[], notes: string[]): Promise<number> {
  const models = await store.all<{ model: string; payload: string }>(
    `SELECT model, payload FROM models m WHERE kind = 'golden' AND version = (SELECT max(version) FROM models m2 WHERE m2.model = m.model)`,
  );
  let used = 0;
  const targets = [{ lot: lot.lot, material: lot.material, contribution: 1, via: [] as string[] }, ...up];
  for (const m of models) {
    const model = (typeof m.payload === 'string' ? JSON.parse(m.payload) : m.payload) as GoldenModel;
    for (const t of targets.filter((x) => x.material === model.material)) {
      try {
        const d = await goldenDeviation(store, model, t.lot);
        used++;
        for (const s of d.spans) {
          const z = s.maxZ ?? 0;
          out.push({
            kind: t.lot === lot.lot ? 'golden_excursion' : 'upstream', score: Math.min(80, 40 + 5 * Math.abs(z)) * weight(t.lot === lot.lot, t.contribution),
            lot: t.lot, material: t.material, via: t.via, z, title: `${model.signal} outside the golden envelope in ${model.phase}`,
            sentence: `${model.signal} of lot ${t.lot} left the golden envelope '${m.model}' ${s.direction} it from ${num(s.from / 60)} to ${num(s.to / 60)} min into ${model.phase} (up to ${num(Math.abs(z))} sd).`,
            link: { view: 'golden', params: { model: m.model, lot: t.lot } },
          });
        }
      } catch (e) {
        if (!isAppError(e)) throw e;
        notes.push(`golden envelope ${m.model} for ${t.lot}: ${e.message}`);
      }
    }
  }
  return used;
}

type EventRow = { event: string; type: string; name: string; event_lot: string | null; equipment: string | null; start_time: Date; end_time: Date | null; severity: string | null; text: string | null; lot: string; material: string; via: string[]; contribution: number };

async function eventFindings(store: Store, table: string, seed: string, out: Finding[]): Promise<number> {
  const rows = await store.all<EventRow>(linkedEvents(table));
  const alarms = new Map<string, EventRow[]>();
  for (const e of rows) {
    const own = e.lot === seed;
    const w = weight(own, e.contribution);
    const on = own ? '' : ` (${e.material} lot ${e.lot}, upstream)`;
    if (e.type === 'alarm') {
      const k = e.lot + '\u0000' + e.name;
      alarms.set(k, [...(alarms.get(k) ?? []), e]);
      continue;
    }
    const high = /high|critical|major/i.test(e.severity ?? '');
    out.push({
      kind: e.type === 'deviation' || e.type === 'capa' ? 'deviation' : 'alarm', score: (e.type === 'deviation' ? (high ? 85 : 70) : e.type === 'capa' ? 60 : 30) * w,
      lot: e.lot, material: e.material, via: e.via, time: e.start_time.toISOString(), title: `${e.type}: ${e.name}`,
      sentence: `${e.type[0]!.toUpperCase() + e.type.slice(1)} ${e.event} '${e.name}'${e.severity ? ` (${e.severity})` : ''}${on}${e.text ? ': ' + e.text : ''}.`,
      link: { view: 'events', params: { lot: e.lot } },
    });
  }
  for (const list of alarms.values()) {
    const e = list[0]!;
    out.push({
      kind: 'alarm', score: Math.min(40, 25 + list.length) * weight(e.lot === seed, e.contribution), lot: e.lot, material: e.material, via: e.via, time: e.start_time.toISOString(),
      title: `alarm: ${e.name}`, sentence: `${list.length} alarm${list.length > 1 ? 's' : ''} '${e.name}' on ${e.equipment ?? 'its equipment'} while lot ${e.lot} ran.`,
      link: { view: 'trend', params: { lot: e.lot } },
    });
  }
  return rows.length;
}
