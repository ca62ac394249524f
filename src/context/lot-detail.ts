/**
 * One lot as the lot page shows it: its record and site time zone, its results judged against
 * the specification valid when each was measured, its replicates with how many values fall
 * outside, its events, and the lots it was made from with their key attributes.
 */
import { AppError } from '../core/errors.js';
import { specificationAt } from '../spc/spec-store.js';
import type { Store } from '../store/store.js';
import { upstream } from './genealogy.js';

/** A result with the specification it is judged against; `verdict` null when no limit is stored. */
export interface JudgedResult {
  parameter: string;
  value: number;
  unit: string | null;
  role: string | null;
  time: Date | null;
  source: string | null;
  lsl: number | null;
  usl: number | null;
  target: number | null;
  verdict: 'pass' | 'fail' | null;
}

/** An upstream lot with what a reviewer checks first: material, supplier, its own verdicts. */
export interface UpstreamLot {
  lot: string;
  material: string | null;
  site: string | null;
  depth: number;
  /** Fraction of this lot made from the upstream lot (mass balance). */
  contribution: number;
  estimated: boolean;
  supplier: string | null;
  status: string | null;
  start_time: Date | null;
  /** Lot attributes (supplier lot, grade…) as "name value" pairs. */
  attributes: string;
  /** Its results as "parameter value", failures first and marked. */
  results: string;
  failed: number;
}

/** Upstream lots listed at most (nearest first); a tablet lot has a few dozen. */
const UPSTREAM_SHOWN = 300;

const verdictOf = (value: number, lsl: number | null, usl: number | null): 'pass' | 'fail' | null =>
  lsl === null && usl === null ? null : (lsl !== null && value < lsl) || (usl !== null && value > usl) ? 'fail' : 'pass';

/** Judges results of one lot against the specification valid at each result's time (or the lot's start). */
async function judge(store: Store, material: string, rows: Record<string, unknown>[], lotStart: Date | null): Promise<JudgedResult[]> {
  const out: JudgedResult[] = [];
  for (const r of rows) {
    const at = (r.time as Date | null) ?? lotStart ?? new Date();
    const spec = (await specificationAt(store, material, String(r.parameter), at))?.spec;
    const lsl = spec?.lsl ?? null;
    const usl = spec?.usl ?? null;
    const value = Number(r.value);
    out.push({
      parameter: String(r.parameter), value, unit: (r.unit as string | null) ?? null, role: (r.role as string | null) ?? null,
      time: (r.time as Date | null) ?? null, source: (r.source as string | null) ?? null, lsl, usl, target: spec?.target ?? null, verdict: verdictOf(value, lsl, usl),
    });
  }
  return out;
}

/**
 * Everything the lot page shows about `lot`.
 *
 * @throws AppError `unknown_lot` when the lot is not in the store.
 * @example const d = await lotDetail(store, 'LJU-T0001'); d.results.filter((r) => r.verdict === 'fail')
 */
export async function lotDetail(store: Store, lot: string) {
  const row = await store.one('SELECT l.*, s.timezone FROM lots l LEFT JOIN sites s USING (site) WHERE l.lot = $1', [lot]);
  if (!row) throw new AppError('unknown_lot', `lot '${lot}' is not in the store`, 'search lots under /api/lots?q=…');
  const { timezone, ...record } = row;
  const material = String(record.material);
  const start = (record.start_time as Date | null) ?? null;
  const [attributes, resultRows, replicateRows, events, closure] = await Promise.all([
    store.all('SELECT name, value FROM lot_attributes WHERE lot = $1 ORDER BY name', [lot]),
    store.all(`SELECT d.parameter, d.value, p.unit, p.role, d.time, d.source FROM discrete d LEFT JOIN parameters p USING (material, parameter) WHERE d.lot = $1 ORDER BY d.parameter`, [lot]),
    store.all(`SELECT r.parameter, p.unit, count(*) AS n, avg(value) AS mean, stddev_samp(value) AS sd, min(value) AS min, max(value) AS max, list(value) AS "values"
               FROM replicates r LEFT JOIN parameters p USING (material, parameter) WHERE r.lot = $1 GROUP BY r.parameter, p.unit ORDER BY r.parameter`, [lot]),
    store.all(`SELECT event, type, name, equipment, start_time, end_time, severity, text FROM events WHERE lot = $1 ORDER BY start_time`, [lot]),
    upstream(store, lot),
  ]);
  const results = await judge(store, material, resultRows, start);
  const replicates = [];
  for (const r of replicateRows) {
    const spec = (await specificationAt(store, material, String(r.parameter), start ?? new Date()))?.spec;
    const lsl = spec?.lsl ?? null;
    const usl = spec?.usl ?? null;
    const values = (r.values as number[]).map(Number);
    const outside = lsl === null && usl === null ? null : values.filter((v) => verdictOf(v, lsl, usl) === 'fail').length;
    const { values: _v, ...rest } = r;
    replicates.push({ ...rest, lsl, usl, outside, verdict: outside === null ? null : outside > 0 ? 'fail' : 'pass' });
  }
  return { lot: record, timezone: (timezone as string | null) ?? null, attributes, results, replicates, events, upstream: await upstreamLots(store, closure.lots) };
}

/** The upstream lots of a closure with their attributes and judged results, nearest first. */
async function upstreamLots(store: Store, lots: Awaited<ReturnType<typeof upstream>>['lots']): Promise<UpstreamLot[]> {
  const out: UpstreamLot[] = [];
  for (const u of [...lots].sort((a, b) => a.depth - b.depth || (a.material ?? '').localeCompare(b.material ?? '') || a.lot.localeCompare(b.lot)).slice(0, UPSTREAM_SHOWN)) {
    const rec = await store.one('SELECT supplier, status, start_time FROM lots WHERE lot = $1', [u.lot]);
    const attrs = await store.all<{ name: string; value: string }>('SELECT name, value FROM lot_attributes WHERE lot = $1 ORDER BY name', [u.lot]);
    const rows = await store.all(`SELECT d.parameter, d.value, p.unit, p.role, d.time, d.source FROM discrete d LEFT JOIN parameters p USING (material, parameter) WHERE d.lot = $1 ORDER BY d.parameter`, [u.lot]);
    const judged = u.material ? await judge(store, u.material, rows, (rec?.start_time as Date | null) ?? null) : [];
    const failed = judged.filter((r) => r.verdict === 'fail');
    const shown = [...failed, ...judged.filter((r) => r.verdict !== 'fail')];
    out.push({
      lot: u.lot, material: u.material, site: u.site, depth: u.depth, contribution: u.contribution, estimated: u.estimated,
      supplier: (rec?.supplier as string | null) ?? null, status: (rec?.status as string | null) ?? u.status, start_time: (rec?.start_time as Date | null) ?? null,
      attributes: attrs.map((a) => `${a.name} ${a.value}`).join(', '),
      results: shown.map((r) => `${r.verdict === 'fail' ? '✗ ' : ''}${r.parameter} ${Number(r.value.toPrecision(4))}${r.unit ? ' ' + r.unit : ''}`).join(', '),
      failed: failed.length,
    });
  }
  return out;
}
