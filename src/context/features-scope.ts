/**
 * Which lots' features an import changes, and which samples a refresh has to read.
 *
 * Features are kept per lot (see features.ts): a lot's features depend on its own row (step,
 * equipment, start and end), its phase events, its replicates, the events that name it or fall
 * on its equipment while it runs, the alarms on a phase's equipment, and the samples of the tags
 * on a phase's equipment inside the phase. So the lots an import touches are those of the rows it
 * wrote (inserted or replaced: every written row carries the import's id, and a replaced row's
 * old version is in `prior_values`), found through the same relations. Everything here reads
 * rows by the import's id, so its cost follows the size of the import, not of the store.
 */
import { timestampTZValue, type DuckDBValue } from '@duckdb/node-api';
import type { Store } from '../store/store.js';

/**
 * Events the import wrote, in their new version and, for replaced ones, their old one: an event
 * moved from one lot or equipment to another changes the features of both.
 */
const importEvents = `(
  SELECT type, lot, equipment, start_time, end_time FROM events WHERE import_id = $1
  UNION ALL
  SELECT old->>'type', old->>'lot', old->>'equipment', CAST(old->>'start_time' AS TIMESTAMPTZ), CAST(old->>'end_time' AS TIMESTAMPTZ)
  FROM (SELECT CAST(old_value AS JSON) AS old FROM prior_values WHERE entity = 'events' AND new_import_id = $1))`;

/** Closed phases of lots on equipment (what a sample or alarm can fall into). */
const phaseEvents = `(SELECT lot, equipment, start_time, end_time FROM events
  WHERE type = 'phase' AND lot IS NOT NULL AND equipment IS NOT NULL AND end_time IS NOT NULL AND end_time > start_time)`;

/**
 * Fills the temporary table `scope` (one column `lot`, created or replaced) with the lots whose
 * features the import `importId` may have changed; returns how many.
 *
 * - lots, replicates, events naming a lot: that lot;
 * - events without a lot: the lots on that equipment while the event starts (event features),
 *   alarms also the lots whose phase on that equipment holds its start (alarm counts);
 * - tags: the lots with a phase on the tag's equipment, and the lots that have features of the
 *   tag (its old equipment when it moved);
 * - samples: the lots with a phase on the tag's equipment that overlaps (ends included) the span
 *   of the import's samples of that tag within a day, so a day's samples touch that day's phases
 *   and a phase's end value (which can come from a sample stamped at the end) is included.
 *
 * @param store - the store (inside or after the import's transaction).
 * @param importId - the import.
 * @param scope - name of the temporary table to fill.
 * @example
 * const n = await fillImportScope(store, report.importId, '_feature_scope');
 */
export async function fillImportScope(store: Store, importId: string, scope: string): Promise<number> {
  await store.run(`CREATE OR REPLACE TEMP TABLE ${scope} (lot VARCHAR PRIMARY KEY)`);
  // Days as integers (epoch_us // 86 400 000 000): time_bucket on TIMESTAMPTZ goes through the
  // time zone library and took 2.8 s for 0.6 M samples, this takes 40 ms.
  await store.run(
    `INSERT INTO ${scope}
     SELECT DISTINCT lot FROM (
       SELECT lot FROM lots WHERE import_id = $1
       UNION ALL SELECT lot FROM replicates WHERE import_id = $1
       UNION ALL SELECT lot FROM ${importEvents} WHERE lot IS NOT NULL
       UNION ALL SELECT l.lot FROM ${importEvents} e JOIN lots l ON e.lot IS NULL AND e.type <> 'phase' AND e.equipment = l.equipment
         AND e.start_time >= l.start_time AND e.start_time < l.end_time
       UNION ALL SELECT p.lot FROM ${importEvents} e JOIN ${phaseEvents} p ON e.type = 'alarm' AND e.equipment = p.equipment
         AND e.start_time >= p.start_time AND e.start_time < p.end_time
       UNION ALL SELECT p.lot FROM tags t JOIN ${phaseEvents} p ON p.equipment = t.equipment WHERE t.import_id = $1
       UNION ALL SELECT f.lot FROM features f JOIN tags t ON f.tag = t.tag WHERE t.import_id = $1
       UNION ALL SELECT p.lot FROM (
           SELECT tag, min(time) AS lo, max(time) AS hi FROM samples WHERE import_id = $1 GROUP BY tag, epoch_us(time) // 86400000000
         ) s JOIN tags t ON t.tag = s.tag JOIN ${phaseEvents} p ON p.equipment = t.equipment AND p.start_time <= s.hi AND p.end_time >= s.lo
     ) WHERE lot IN (SELECT lot FROM lots UNION SELECT lot FROM events WHERE type = 'phase' AND lot IS NOT NULL)`,
    [importId],
  );
  return Number(await store.value(`SELECT count(*) FROM ${scope}`));
}

/** A time window of samples a refresh reads: [lo, hi] in epoch microseconds. */
export interface SampleWindow {
  lo: bigint;
  hi: bigint;
}

/** Most windows a refresh names in its sample filter; more are merged across the smallest gaps. */
const MAX_WINDOWS = 24;

/**
 * The time windows the phases of the lots in `scope` cover (ends included), merged where they
 * touch and, past {@link MAX_WINDOWS}, across the smallest gaps. A refresh reads only samples in
 * these windows, so refreshing one lot reads that lot's hours, not the store's history: DuckDB
 * skips the row groups whose time range misses every window (zone maps).
 *
 * @param store - the store.
 * @param scope - relation with column `lot`.
 * @returns windows in time order (empty when the lots have no phase), or undefined when they
 *   cover more than half the time all phases span: then filtering costs more than it saves
 *   (measured on 60 M samples: 180 lots spread over the whole campaign took 3.5 s with the
 *   filter, 2.3 s without).
 */
export async function sampleWindows(store: Store, scope: string): Promise<SampleWindow[] | undefined> {
  const rows = await store.all<{ lo: bigint; hi: bigint }>(
    `SELECT epoch_us(start_time) AS lo, epoch_us(end_time) AS hi FROM ${phaseEvents} p
     WHERE p.lot IN (SELECT lot FROM ${scope}) ORDER BY lo`,
  );
  const merged: SampleWindow[] = [];
  for (const r of rows) {
    const last = merged.at(-1);
    if (last && r.lo <= last.hi) {
      if (r.hi > last.hi) last.hi = r.hi;
    } else merged.push({ lo: r.lo, hi: r.hi });
  }
  const all = await store.one<{ lo: bigint | null; hi: bigint | null }>(`SELECT epoch_us(min(start_time)) AS lo, epoch_us(max(end_time)) AS hi FROM ${phaseEvents} p`);
  const covered = merged.reduce((sum, w) => sum + (w.hi - w.lo), 0n);
  if (all?.lo != null && all.hi != null && covered * 2n > all.hi - all.lo) return undefined;
  while (merged.length > MAX_WINDOWS) {
    let best = 1;
    for (let i = 2; i < merged.length; i++) {
      if (merged[i]!.lo - merged[i - 1]!.hi < merged[best]!.lo - merged[best - 1]!.hi) best = i;
    }
    merged[best - 1]!.hi = merged[best]!.hi;
    merged.splice(best, 1);
  }
  return merged;
}

/**
 * SQL condition on samples `alias` keeping those of `tags` in the windows, with every value a
 * bound parameter starting at `$first`; `FALSE` when there is no tag or no window (nothing to
 * read). Constant tag names and times are what DuckDB's zone maps skip row groups on: samples
 * are stored about in (tag, time) order, so a lot's few hours of a few tags are a few row groups.
 */
export function windowCondition(alias: string, windows: SampleWindow[], tags: string[], first: number): { sql: string; params: DuckDBValue[] } {
  if (windows.length === 0 || tags.length === 0) return { sql: 'FALSE', params: [] };
  const params: DuckDBValue[] = [...tags];
  const inList = tags.map((_, i) => `$${first + i}`).join(', ');
  const parts = windows.map((w) => {
    params.push(timestampTZValue(w.lo), timestampTZValue(w.hi));
    const a = first + params.length - 2;
    return `${alias}.time BETWEEN $${a} AND $${a + 1}`;
  });
  return { sql: `(${alias}.tag IN (${inList}) AND (${parts.join(' OR ')}))`, params };
}
