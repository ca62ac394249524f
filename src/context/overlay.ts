/**
 * Lot overlays: the trajectories of chosen lots of one tag (or one signal across equipment),
 * aligned on time since the start of a phase (or of the lot), resampled to a common grid.
 *
 * Resampling uses the last good value at or before each grid point (step hold), the same rule
 * as the time-weighted features: a value holds until the next good sample, so no value is
 * invented between samples. Before a lot's first good sample and after its phase end a grid
 * point has no value (NaN). The resampling is an ASOF join in DuckDB.
 */
import { randomBytes } from 'node:crypto';
import { listValue } from '@duckdb/node-api';
import { AppError, field } from '../core/errors.js';
import { goodSample, quoteIdent } from '../store/sql.js';
import type { Store } from '../store/store.js';
import { phasesSql } from './phases.js';

/** Options of {@link overlay}. Give `tag` or `signal`. */
export interface OverlayOptions {
  /** One tag. */
  tag?: string;
  /** A signal (tags.signal): for each lot, the tag with that signal on the equipment of its phase. */
  signal?: string;
  /** Lots to overlay (at least one). */
  lots: string[];
  /** Align on the start of this phase (phase name as in features, e.g. 'drying'); default: the lot's start. */
  phase?: string;
  /** Grid points (default 200, at least 2). */
  grid?: number;
}

/** Result of {@link overlay}: one column of values per lot, on a common grid of hours since start. */
export interface OverlayResult {
  /** Hours since phase (or lot) start, `grid` points from 0 to the longest lot's duration. */
  hours: Float64Array;
  /** Per lot, the value at each grid point (NaN: no value there). */
  columns: Record<string, Float64Array>;
  /** The tag each lot's trajectory comes from. */
  tags: Record<string, string>;
  /** Lots that have no such phase or no such tag. */
  missing: string[];
}

/**
 * Overlays lots' trajectories of a tag or signal, aligned on phase start, on a common grid.
 *
 * @param store - the store.
 * @param opts - tag or signal, lots, phase (default: whole lot), grid (default 200).
 * @example
 * const o = await overlay(store, { signal: 'product_temp', lots: ['L1', 'L2'], phase: 'drying' });
 * // o.hours[k], o.columns.L1[k]
 */
export async function overlay(store: Store, opts: OverlayOptions): Promise<OverlayResult> {
  const grid = opts.grid ?? 200;
  if (!Number.isInteger(grid) || grid < 2) throw new AppError('bad_grid', `grid ${grid} is not a whole number ≥ 2`, 'give e.g. grid 200');
  if ((opts.tag === undefined) === (opts.signal === undefined)) {
    throw new AppError('overlay_source', 'an overlay needs exactly one of tag or signal', `give e.g. ${field('tag', 'TT101')} or ${field('signal', 'product_temp')}`);
  }
  if (opts.lots.length === 0) throw new AppError('no_lots', 'no lot given for the overlay', 'name the lots to overlay');
  // A name of its own per call: the server runs requests concurrently on the store's one
  // connection, and a shared name would let one overlay replace or drop another's windows.
  const windows = quoteIdent(`_cw_overlay_${randomBytes(6).toString('hex')}`);
  await store.run(`CREATE TEMP TABLE ${windows} AS ` + windowsSql(opts.phase !== undefined), [
    listValue(opts.lots), opts.phase ?? null, opts.tag ?? null, opts.signal ?? null,
  ]);
  try {
    const dup = await store.one<{ lot: string; tags: string[] }>(
      `SELECT lot, list(tag ORDER BY tag) AS tags FROM ${windows} GROUP BY lot HAVING count(*) > 1 LIMIT 1`,
    );
    if (dup) {
      throw new AppError('overlay_ambiguous', `lot '${dup.lot}' has several windows (tags ${dup.tags.join(', ')}${opts.phase ? `, or phase '${opts.phase}' more than once` : ''})`,
        'overlay by tag instead of signal, or name the repeated phase with its suffix, e.g. drying_2');
    }
    const hoursMax = Number(await store.value(`SELECT max(epoch(end_time - start_time)) / 3600 FROM ${windows}`));
    const hours = Float64Array.from({ length: grid }, (_, k) => (k * (Number.isFinite(hoursMax) ? hoursMax : 0)) / (grid - 1));
    const c = await store.columns(
      `WITH g AS (
         SELECT w.lot, w.tag, r.k, w.start_time + to_microseconds((r.k * $1::DOUBLE * 3600e6 / ($2 - 1))::BIGINT) AS at, w.end_time
         FROM ${windows} w, range($2) r(k)
       ),
       s AS (
         SELECT w.lot, s.tag, s.time, s.value FROM samples s JOIN ${windows} w ON s.tag = w.tag
           AND s.time >= w.start_time AND s.time < w.end_time
         WHERE ${goodSample('s')}
       )
       SELECT g.lot, g.k, CASE WHEN g.at < g.end_time THEN s.value END AS value
       FROM g ASOF LEFT JOIN s ON g.lot = s.lot AND g.tag = s.tag AND g.at >= s.time ORDER BY g.lot, g.k`,
      [Number.isFinite(hoursMax) ? hoursMax : 0, grid],
    );
    const tagRows = await store.all<{ lot: string; tag: string }>(`SELECT lot, tag FROM ${windows}`);
    const columns: Record<string, Float64Array> = {};
    for (const lot of opts.lots) columns[lot] = new Float64Array(grid).fill(NaN);
    const lotCol = c.lot as string[];
    const kCol = c.k as Float64Array;
    const vCol = c.value as Float64Array;
    for (let i = 0; i < lotCol.length; i++) columns[lotCol[i]!]![kCol[i]!] = vCol[i]!;
    const tags = Object.fromEntries(tagRows.map((r) => [r.lot, r.tag]));
    return { hours, columns, tags, missing: opts.lots.filter((l) => !(l in tags)) };
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${windows}`);
  }
}

/** One row per lot × tag: the window to overlay. $1 lots, $2 phase, $3 tag, $4 signal. */
function windowsSql(byPhase: boolean): string {
  const tagCond = `($3::VARCHAR IS NOT NULL AND t.tag = $3 OR $4::VARCHAR IS NOT NULL AND coalesce(t.signal, t.tag) = $4)`;
  if (byPhase) {
    return `SELECT p.lot, t.tag, p.start_time, p.end_time FROM ${phasesSql()} p JOIN tags t ON t.equipment = p.equipment
      WHERE list_contains($1::VARCHAR[], p.lot) AND p.phase = $2 AND ${tagCond}`;
  }
  // Whole lot: its start and end (else its phases' span), tags on any equipment it used.
  return `WITH span AS (
      SELECT a.lot, coalesce(any_value(l.start_time), min(e.start_time)) AS start_time,
        coalesce(any_value(l.end_time), max(e.end_time)) AS end_time
      FROM (SELECT lot FROM lots UNION SELECT lot FROM events WHERE type = 'phase') a
      LEFT JOIN lots l ON l.lot = a.lot LEFT JOIN events e ON e.lot = a.lot AND e.type = 'phase'
      WHERE list_contains($1::VARCHAR[], a.lot) AND $2::VARCHAR IS NULL GROUP BY a.lot
    ),
    eq AS (
      SELECT lot, equipment FROM lots WHERE equipment IS NOT NULL
      UNION SELECT lot, equipment FROM events WHERE type = 'phase' AND equipment IS NOT NULL
    )
    SELECT DISTINCT span.lot, t.tag, span.start_time, span.end_time
    FROM span JOIN eq ON eq.lot = span.lot JOIN tags t ON t.equipment = eq.equipment
    WHERE span.start_time IS NOT NULL AND span.end_time > span.start_time AND ${tagCond}`;
}
