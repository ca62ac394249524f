/**
 * Phase context: which lot and which phase a sample belongs to.
 *
 * A sample of tag T at time t belongs to lot L, phase P when T's equipment ran phase P of L at
 * t: a phase event (`events.type = 'phase'`) on that equipment with `start_time <= t < end_time`
 * (half-open, so a sample stamped exactly at a boundary belongs to the phase that starts there).
 * The match is an ASOF join inside DuckDB (latest phase start on the equipment at or before t,
 * then `t < end_time`), which sorts each side once instead of comparing every sample with every
 * phase. It relies on phases of one equipment not overlapping (ISA-88: a unit runs one phase at
 * a time); where they overlap, a sample goes to the phase that started last.
 *
 * Samples outside every phase keep `lot`, `phase` and `step` NULL: they stay available for
 * trends but belong to no lot. Phase events without a lot, an equipment or an end are not
 * phases of a lot and match nothing.
 */
import type { Store } from '../store/store.js';
import { goodSample, quoteIdent } from '../store/sql.js';

/** Options of {@link phasesSql} and {@link samplesInContextSql}. */
export interface ContextSqlOptions {
  /**
   * A relation (table, view or parenthesised query) with one column `lot`: only phases of these
   * lots are matched. Default: every lot.
   */
  lotScope?: string;
  /** Relation of samples to put in context (columns tag, time, value, quality). Default `samples`. */
  samples?: string;
}

/**
 * SQL of the phases relation: one row per closed phase event of a lot, with the lot's step.
 * Columns: event, lot, phase (the event name, with `_2`, `_3`… when a lot runs it again),
 * equipment, start_time, end_time, step.
 *
 * @param opts - `lotScope` limits to the lots of a relation (default: all lots).
 * @example
 * await store.all(`SELECT * FROM ${phasesSql()} p WHERE p.lot = $1`, ['L001']);
 */
export function phasesSql(opts: ContextSqlOptions = {}): string {
  const scope = opts.lotScope ? `AND e.lot IN (SELECT lot FROM ${opts.lotScope})` : '';
  // A phase run twice in one lot (a repeated drying, two dryers) gets '_2', '_3' by start, so
  // every (lot, feature name) stays unique.
  return `(SELECT e.event, e.lot,
       e.name || CASE WHEN row_number() OVER (PARTITION BY e.lot, e.name ORDER BY e.start_time, e.event) > 1
         THEN '_' || row_number() OVER (PARTITION BY e.lot, e.name ORDER BY e.start_time, e.event) ELSE '' END AS phase,
       e.equipment, e.start_time, e.end_time, l.step
     FROM events e LEFT JOIN lots l ON l.lot = e.lot
     WHERE e.type = 'phase' AND e.lot IS NOT NULL AND e.equipment IS NOT NULL
       AND e.end_time IS NOT NULL AND e.end_time > e.start_time ${scope})`;
}

/**
 * SQL of the samples-in-context relation (a parenthesised query, usable after FROM).
 *
 * Columns: tag, time, value, quality, usable (quality < 2 and a finite value), equipment,
 * signal (tags.signal, else the tag name), lsl, usl, event, lot, phase, step, phase_start,
 * phase_end. Rows outside every phase have NULL event/lot/phase/step/phase_start/phase_end.
 *
 * @param opts - `lotScope` (default all lots), `samples` relation (default `samples`).
 * @example
 * const rows = await store.all(
 *   `SELECT lot, phase, avg(value) AS mean FROM ${samplesInContextSql()} c
 *    WHERE c.lot IS NOT NULL AND c.usable GROUP BY ALL`);
 * @see ISA-88 (IEC 61512-1) for unit, phase and batch
 */
export function samplesInContextSql(opts: ContextSqlOptions = {}): string {
  const samples = opts.samples ?? 'samples';
  return `(SELECT s.tag, s.time, s.value, s.quality,
       ${goodSample('s')} AS usable,
       t.equipment, coalesce(t.signal, t.tag) AS signal, t.lsl, t.usl,
       CASE WHEN s.time < p.end_time THEN p.event END AS event,
       CASE WHEN s.time < p.end_time THEN p.lot END AS lot,
       CASE WHEN s.time < p.end_time THEN p.phase END AS phase,
       CASE WHEN s.time < p.end_time THEN p.step END AS step,
       CASE WHEN s.time < p.end_time THEN p.start_time END AS phase_start,
       CASE WHEN s.time < p.end_time THEN p.end_time END AS phase_end
     FROM ${samples} s JOIN tags t ON t.tag = s.tag
     ASOF LEFT JOIN ${phasesSql(opts)} p ON t.equipment = p.equipment AND s.time >= p.start_time)`;
}

/**
 * Creates (or replaces) a temporary view of all samples in context on the store's connection,
 * for analyses that read it many times (overlays, golden batch).
 *
 * @param store - the store.
 * @param name - view name (default `samples_in_context`).
 * @returns the quoted view name to put after FROM.
 * @example
 * const v = await createContextView(store);
 * await store.all(`SELECT count(*) FROM ${v} WHERE lot IS NULL`);
 */
export async function createContextView(store: Store, name = 'samples_in_context'): Promise<string> {
  const q = quoteIdent(name);
  await store.run(`CREATE OR REPLACE TEMP VIEW ${q} AS SELECT * FROM ${samplesInContextSql()}`);
  return q;
}

/**
 * Feature-name prefix of a phase: `<step>.<phase>`, just `<step>` when the phase is named like
 * the step, just `<phase>` when the lot has no step. Same rule as the SQL in {@link prefixSql}.
 *
 * @example phasePrefix('drying', 'drying') === 'drying'; phasePrefix('granulation', 'wet_massing') === 'granulation.wet_massing'
 */
export function phasePrefix(step: string | null | undefined, phase: string): string {
  if (step === null || step === undefined || step === phase) return step ?? phase;
  return `${step}.${phase}`;
}

/** SQL expression of {@link phasePrefix} over columns `step` and `phase` of alias `a`. */
export function prefixSql(a: string): string {
  return `CASE WHEN ${a}.step IS NULL OR ${a}.step = ${a}.phase THEN coalesce(${a}.step, ${a}.phase) ELSE ${a}.step || '.' || ${a}.phase END`;
}
