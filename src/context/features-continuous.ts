/**
 * The automatic continuous features of the lots in a scope, computed tag by tag in TypeScript
 * (phase-stats.ts) and written as rows of `features` by the same SQL as the reference statement
 * in features-sql.ts (names, long format, phase durations, alarm counts).
 *
 * Per tag, one read of its samples (only inside the scope's time windows when given) as two
 * Float64Arrays — time and good value — in the store's order; samples are stored in (tag, time)
 * order as imports write them, so they are sorted here only when an import interleaved them.
 */
import { sortedColumns } from '../core/sorted-columns.js';
import type { Store } from '../store/store.js';
import { goodSample } from '../store/sql.js';
import { appendTable, type AppendColumn } from '../ingest/batch/append-table.js';
import { continuousRowsSql, scopePhasesSql, scopeTagsSql } from './features-sql.js';
import { windowCondition, type SampleWindow } from './features-scope.js';
import { phaseStatistics, type EquipmentPhases, type PhaseStats } from './phase-stats.js';

const PHASES = '_feat_ph';
const TAGS = '_feat_tg';
const STATS = '_feat_stats';

/**
 * Inserts the automatic continuous features (and phase durations and alarm counts) of the lots
 * in `scope` into `features`, inside the caller's transaction.
 *
 * @param store - the store, in the refresh's transaction.
 * @param scope - relation with column `lot`: the lots to compute.
 * @param windows - time windows that hold every sample of the scope's phases (features-scope.ts),
 *   or undefined to read each tag's samples whole.
 * @example
 * await insertContinuousFeatures(store, '_feature_scope', await sampleWindows(store, '_feature_scope'));
 */
export async function insertContinuousFeatures(store: Store, scope: string, windows: SampleWindow[] | undefined): Promise<void> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${PHASES} AS ${scopePhasesSql(scope)}`);
  await store.run(`CREATE OR REPLACE TEMP TABLE ${TAGS} AS ${scopeTagsSql(PHASES)}`);
  const phases = await equipmentPhases(store);
  const tags = await store.all<{ tid: bigint; tag: string; equipment: string; lsl: number | null; usl: number | null }>(
    `SELECT tid, tag, equipment, lsl, usl FROM ${TAGS} ORDER BY tid`,
  );
  const rows = new StatsRows();
  const read = tags.filter((t) => phases.has(t.equipment));
  // DuckDB reads the next tag's samples while this one's statistics are computed.
  let next = read.length > 0 ? tagSamples(store, read[0]!.tag, windows) : undefined;
  try {
    for (let i = 0; i < read.length; i++) {
      const [time, value] = await next!;
      next = i + 1 < read.length ? tagSamples(store, read[i + 1]!.tag, windows) : undefined;
      const tag = read[i]!;
      for (const s of phaseStatistics(time!, value!, phases.get(tag.equipment)!, tag.lsl, tag.usl)) rows.add(Number(tag.tid), s);
    }
  } catch (e) {
    // The read already started for the next tag fails with the transaction; its error is this one's.
    next?.catch(() => undefined);
    throw e;
  }
  await appendTable(store, STATS, rows.columns(), rows.length);
  await store.run(`INSERT INTO features WITH ph AS (SELECT * FROM ${PHASES}), tg AS (SELECT * FROM ${TAGS}), ${continuousRowsSql(STATS, false)}`);
  for (const t of [STATS, TAGS, PHASES]) await store.run(`DROP TABLE IF EXISTS ${t}`);
}

/** The scope's phases per equipment, in start order (ties by pid), times in epoch µs. */
async function equipmentPhases(store: Store): Promise<Map<string, EquipmentPhases>> {
  const c = await store.columns(
    `SELECT equipment, epoch_us(start_time)::DOUBLE AS s, epoch_us(end_time)::DOUBLE AS e, pid::INTEGER AS pid
     FROM ${PHASES} ORDER BY equipment, start_time, pid`,
  );
  const equipment = c.equipment as string[];
  const out = new Map<string, EquipmentPhases>();
  let a = 0;
  for (let i = 1; i <= equipment.length; i++) {
    if (i < equipment.length && equipment[i] === equipment[a]) continue;
    out.set(equipment[a]!, {
      start: (c.s as Float64Array).slice(a, i),
      end: (c.e as Float64Array).slice(a, i),
      pid: Int32Array.from((c.pid as Float64Array).subarray(a, i)),
    });
    a = i;
  }
  return out;
}

/** A tag's samples in time order (core/sorted-columns.ts): times (epoch µs) and values, NaN where the sample is not good. */
async function tagSamples(store: Store, tag: string, windows: SampleWindow[] | undefined): Promise<Float64Array[]> {
  const where = windows ? windowCondition('s', windows, [tag], 1) : { sql: 's.tag = $1', params: [tag] };
  const [time, value] = await store.doubles(
    `SELECT epoch_us(s.time)::DOUBLE AS t, CASE WHEN ${goodSample('s')} THEN s.value END AS v FROM samples s WHERE ${where.sql}`,
    where.params,
  );
  return sortedColumns([time!, value!]);
}

/** Statistics rows collected for the appender, one per (tag, phase). */
class StatsRows {
  private readonly tid: number[] = [];
  private readonly stats: PhaseStats[] = [];

  get length(): number {
    return this.stats.length;
  }

  add(tid: number, s: PhaseStats): void {
    this.tid.push(tid);
    this.stats.push(s);
  }

  columns(): AppendColumn[] {
    const st = this.stats;
    const num = (name: string, get: (s: PhaseStats) => number | null): AppendColumn => ({ name, type: 'DOUBLE', get: (i) => get(st[i]!) });
    return [
      { name: 'pid', type: 'BIGINT', get: (i) => BigInt(st[i]!.pid) },
      { name: 'tid', type: 'BIGINT', get: (i) => BigInt(this.tid[i]!) },
      { name: 'n', type: 'BIGINT', get: (i) => BigInt(st[i]!.n) },
      { name: 'excluded', type: 'BIGINT', get: (i) => BigInt(st[i]!.excluded) },
      num('mean', (s) => s.mean), num('sd', (s) => s.sd), num('min', (s) => s.min), num('max', (s) => s.max),
      num('first', (s) => s.first), num('last', (s) => s.last), num('end_value', (s) => s.endValue),
      num('slope', (s) => s.slope), num('integral', (s) => s.integral),
      num('above_usl', (s) => s.aboveUsl), num('below_lsl', (s) => s.belowLsl),
    ];
  }
}
