/**
 * Samples of one signal in one phase of chosen lots, on a grid of time since phase start, as
 * SQL inside the store (the phase context join of samples to phase events is
 * `samplesInContextSql` of context/phases).
 */
import { listValue } from '@duckdb/node-api';
import { AppError, field } from '../../core/errors.js';
import { samplesInContextSql } from '../../context/phases.js';
import type { Store } from '../../store/store.js';

/** A lot's series on the grid (NaN where no usable sample fell in a cell) and what was left out. */
export interface PhaseSeries {
  values: Float64Array;
  /** Samples used. */
  n: number;
  /** Bad or non-finite samples left out. */
  excluded: number;
}

/** The samples-in-context relation limited to the chosen lots ($1) and to the tags of signal $2 (or the tag named $2). */
function contextOf(): string {
  return samplesInContextSql({
    lotScope: '(SELECT unnest($1::VARCHAR[]) AS lot)',
    samples: '(SELECT * FROM samples WHERE tag IN (SELECT tag FROM tags WHERE coalesce(signal, tag) = $2 OR tag = $2))',
  });
}

/**
 * Each lot's samples of `signal` in `phase`, averaged per grid cell i = ⌊(t − phase start)/step⌋
 * (bad samples, quality 2, are left out and counted).
 *
 * @param store - the store
 * @param q - signal (tags.signal or a tag name), phase name, lots, grid step in seconds
 * @returns a map lot → series; lots without any usable sample are absent
 * @example phaseSeries(store, { signal: 'product_temp', phase: 'drying', lots: ['L1', 'L2'], step: 60 })
 */
export async function phaseSeries(store: Store, q: { signal: string; phase: string; lots: string[]; step: number }): Promise<Map<string, PhaseSeries>> {
  const cols = await store.columns(
    `SELECT lot, CAST(floor((epoch(time) - epoch(phase_start)) / $4) AS BIGINT) AS i,
            avg(value) FILTER (WHERE usable) AS v, count(*) FILTER (WHERE usable) AS n, count(*) FILTER (WHERE NOT usable) AS bad
     FROM ${contextOf()} c
     WHERE c.lot IS NOT NULL AND c.phase = $3
     GROUP BY ALL ORDER BY lot, i`,
    [listValue(q.lots), q.signal, q.phase, q.step],
  );
  const lot = cols.lot as string[], i = cols.i as Float64Array, v = cols.v as Float64Array, n = cols.n as Float64Array, bad = cols.bad as Float64Array;
  const out = new Map<string, PhaseSeries>();
  let k = 0;
  while (k < lot.length) {
    let end = k;
    while (end < lot.length && lot[end] === lot[k]) end++;
    const len = i[end - 1]! + 1;
    const values = new Float64Array(len).fill(NaN);
    let used = 0, excluded = 0;
    for (let r = k; r < end; r++) {
      values[i[r]!] = v[r]!;
      used += n[r]!;
      excluded += bad[r]!;
    }
    if (used > 0) out.set(lot[k]!, { values, n: used, excluded });
    k = end;
  }
  return out;
}

/**
 * The median interval between consecutive samples of the signal in the phase of these lots,
 * in whole seconds (at least 1): the default grid step.
 *
 * @example medianSampleInterval(store, { signal: 'product_temp', phase: 'drying', lots: ['L1'] }) // e.g. 10
 */
export async function medianSampleInterval(store: Store, q: { signal: string; phase: string; lots: string[] }): Promise<number> {
  const v = await store.value<number | null>(
    `SELECT median(d) FROM (
       SELECT epoch(time) - epoch(lag(time) OVER (PARTITION BY lot, tag ORDER BY time)) AS d
       FROM ${contextOf()} c WHERE c.lot IS NOT NULL AND c.phase = $3 AND c.usable) WHERE d > 0`,
    [listValue(q.lots), q.signal, q.phase],
  );
  if (v === null || v === undefined || !Number.isFinite(Number(v))) {
    throw new AppError('no_data', `no samples of signal '${q.signal}' in phase '${q.phase}' of the chosen lots`, 'check the signal (or tag) name, the phase name and that phase events exist for these lots');
  }
  return Math.max(1, Math.round(Number(v)));
}

/**
 * The lots of a material: the given ones (each must exist and be of the material) or those with
 * a given status, ordered by start.
 *
 * @example resolveLots(store, 'granulate', { status: 'released' })
 */
export async function resolveLots(store: Store, material: string, sel: { lots?: string[]; status?: string }): Promise<string[]> {
  if (sel.lots && sel.lots.length) {
    const rows = await store.all<{ lot: string; material: string }>('SELECT lot, material FROM lots WHERE lot IN (SELECT unnest($1::VARCHAR[]))', [listValue(sel.lots)]);
    const found = new Map(rows.map((r) => [r.lot, r.material]));
    const unknown = sel.lots.filter((l) => !found.has(l));
    if (unknown.length) throw new AppError('unknown_lot', `lot${unknown.length > 1 ? 's' : ''} not in the store: ${unknown.join(', ')}`, 'check the lot ids (the lots list names them)');
    const other = sel.lots.filter((l) => found.get(l) !== material);
    if (other.length) throw new AppError('wrong_material', `lot${other.length > 1 ? 's' : ''} ${other.join(', ')} not of material '${material}'`, 'give lots of the chosen material');
    return sel.lots;
  }
  if (sel.status) {
    const rows = await store.all<{ lot: string }>('SELECT lot FROM lots WHERE material = $1 AND status = $2 ORDER BY start_time, lot', [material, sel.status]);
    if (rows.length === 0) throw new AppError('no_lots', `no lots of material '${material}' with status '${sel.status}'`, 'check the material and the status (e.g. released)');
    return rows.map((r) => r.lot);
  }
  throw new AppError('no_lots', 'no good lots chosen', `give ${field('lots', 'L1,L2,…')} or ${field('status', 'released')}`);
}
