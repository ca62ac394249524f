/**
 * Inputs of MSPC models from the store: an analysis set (one row per lot) or time windows of
 * tags (one row per window, the mean of each tag's usable samples in it, computed in SQL).
 */
import { listValue } from '@duckdb/node-api';
import { buildAnalysisSet } from '../../context/analysis-set.js';
import { isNumericColumn, type AnalysisSet } from '../../context/analysis-set-types.js';
import { AppError, field } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { goodSample, quoteIdent } from '../../store/sql.js';
import type { Store } from '../../store/store.js';
import type { MspcTable } from './mspc-types.js';

/** Where the rows of a model come from. */
export type MspcSource =
  | { kind: 'analysis-set'; material: string; lots?: string[]; from?: string; to?: string }
  | { kind: 'tags'; tags: string[]; from: string; to: string; window: string };

/**
 * Parses a window such as `30s`, `1m`, `15min`, `1h`, `1d` into seconds.
 *
 * @example windowSeconds('15min') // 900
 */
export function windowSeconds(window: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)$/.exec(window.trim());
  if (!m) throw new AppError('bad_window', `window '${window}' is not a duration`, 'use a number and s, m (or min), h or d, e.g. 1m');
  const unit = { s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400 }[m[2] as 's' | 'sec' | 'm' | 'min' | 'h' | 'd'];
  const s = Number(m[1]) * unit;
  if (!(s > 0)) throw new AppError('bad_window', `window '${window}' is not positive`, 'use e.g. 1m');
  return s;
}

function instant(name: string, v: string): string {
  if (Number.isNaN(Date.parse(v))) throw new AppError('bad_time', `${field(name)} '${v}' is not a date and time`, 'use ISO 8601, e.g. 2025-03-01T06:00:00Z');
  return new Date(v).toISOString();
}

/**
 * Time windows of tags as a table: rows are windows [from + k·window, from + (k+1)·window) that
 * hold at least one usable sample of some tag; each column is a tag's mean of its usable samples
 * (quality good or uncertain, finite value) in the window, NaN where it has none. Bad samples are
 * left out and counted.
 *
 * @param store - the store
 * @param q - tags, from, to (ISO 8601), window (e.g. '1m')
 * @example const { table } = await tagWindows(store, { tags: ['TT1', 'PT2'], from: '2025-03-01T00:00Z', to: '2025-03-02T00:00Z', window: '1m' });
 */
export async function tagWindows(store: Store, q: { tags: string[]; from: string; to: string; window: string }): Promise<{ table: MspcTable; excluded: number }> {
  const seconds = windowSeconds(q.window);
  const from = instant('from', q.from), to = instant('to', q.to);
  if (!(Date.parse(from) < Date.parse(to))) throw new AppError('bad_range', `${field('from')} ${from} is not before ${field('to')} ${to}`, `give a ${field('from')} earlier than ${field('to')}`);
  const known = await store.all<{ tag: string }>('SELECT tag FROM tags WHERE tag IN (SELECT unnest($1::VARCHAR[]))', [listValue(q.tags)]);
  const unknown = q.tags.filter((t) => !known.some((k) => k.tag === t));
  if (unknown.length) throw new AppError('unknown_tag', `tag${unknown.length > 1 ? 's' : ''} not in the store: ${unknown.join(', ')}`, 'check the tag names');
  // One conditional mean per tag: the tag names go in as parameters, the column aliases through quoteIdent.
  const cols = q.tags.map((_, k) => `avg(value) FILTER (WHERE tag = $${k + 5} AND ${goodSample()}) AS ${quoteIdent('c' + k)}`).join(', ');
  const data = await store.columns(
    `SELECT strftime(time_bucket(to_seconds($1::DOUBLE), time, $2::TIMESTAMPTZ), '%Y-%m-%dT%H:%M:%SZ') AS w, ${cols},
            count(*) FILTER (WHERE NOT ${goodSample()}) AS bad
     FROM samples WHERE tag IN (SELECT unnest($4::VARCHAR[])) AND time >= $2::TIMESTAMPTZ AND time < $3::TIMESTAMPTZ
     GROUP BY 1 ORDER BY 1`,
    [seconds, from, to, listValue(q.tags), ...q.tags],
  );
  const rows = (data.w as string[]) ?? [];
  if (rows.length === 0) throw new AppError('no_data', `no samples of ${q.tags.join(', ')} between ${from} and ${to}`, 'check the tags and the time range');
  // Unusable samples are counted per window in the same scan of samples, then added up over the windows.
  let excluded = 0;
  for (const n of data.bad as Float64Array) excluded += n;
  return { table: { rows, columns: q.tags.map((name, k) => ({ name, values: data['c' + k] as Float64Array })) }, excluded };
}

/**
 * The numeric columns of an analysis set as an MSPC table (rows = lots). Without `columns`, it
 * keeps the numeric columns with at most `maxMissing` (default 10 %) of lots missing and some
 * variance, and lists the others in `left` with why.
 *
 * @example fromAnalysisSet(await buildAnalysisSet(store, { material: 'tablet' })).left
 */
export function fromAnalysisSet(set: AnalysisSet, columns?: string[], maxMissing = 0.1): { table: MspcTable; left: { column: string; why: string }[] } {
  const numeric = set.columns.filter(isNumericColumn);
  const left: { column: string; why: string }[] = [];
  let chosen = numeric;
  if (columns) {
    const unknown = columns.filter((c) => !numeric.some((n) => n.name === c));
    if (unknown.length) throw new AppError('unknown_variable', `not a numeric column of the analysis set: ${unknown.join(', ')}`, `numeric columns: ${numeric.map((n) => n.name).slice(0, 30).join(', ')}`);
    chosen = columns.map((c) => numeric.find((n) => n.name === c)!);
  } else {
    chosen = numeric.filter((c) => {
      if (c.missing > maxMissing * set.lots.length) return left.push({ column: c.name, why: `${c.missing} of ${set.lots.length} lots missing` }), false;
      const vals = c.values.filter((v) => Number.isFinite(v));
      if (vals.length && vals.every((v) => v === vals[0])) return left.push({ column: c.name, why: 'no variance' }), false;
      return true;
    });
  }
  return { table: { rows: set.lots, columns: chosen.map((c) => ({ name: c.name, values: c.values })) }, left };
}

/**
 * Reads an MSPC table from the store: an analysis set of a material's lots, or tag windows.
 *
 * @param store - the store
 * @param source - analysis set (material, lots, from, to) or tags (tags, from, to, window)
 * @param columns - analysis sets only: the columns to use (default: see {@link fromAnalysisSet})
 * @example readMspcTable(store, { kind: 'analysis-set', material: 'tablet', lots: ['T1', 'T2'] }, model.variables)
 */
export async function readMspcTable(store: Store, source: MspcSource, columns?: string[], logger: Logger = silentLogger): Promise<{ table: MspcTable; excluded: number }> {
  if (source.kind === 'tags') return tagWindows(store, source);
  const opts: Parameters<typeof buildAnalysisSet>[1] = { material: source.material, logger, include: { factors: false } };
  if (source.lots) opts.lots = source.lots;
  if (source.from) opts.from = source.from;
  if (source.to) opts.to = source.to;
  const set = await buildAnalysisSet(store, opts);
  const { table, left } = fromAnalysisSet(set, columns);
  if (left.length) logger.warn(`${left.length} columns left out: ${left.slice(0, 8).map((l) => `${l.column} (${l.why})`).join('; ')}${left.length > 8 ? '; …' : ''}`);
  return { table, excluded: 0 };
}
