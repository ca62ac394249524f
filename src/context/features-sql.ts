/**
 * The SQL of features: one set-based statement per kind (continuous, replicate, event), each a
 * SELECT whose rows have exactly the columns of the `features` table, so a refresh is
 * `INSERT INTO features <select>`. The statements read the lots to compute from a relation with
 * one column `lot` (the scope), so a refresh of one lot touches only that lot's phases.
 *
 * Continuous statistics use the step (sample-and-hold) rule: a good sample's value holds until
 * the next good sample of the same tag in the phase, the last one until the phase end. This is
 * how a historian that records on change represents a signal (OPC UA Part 13 "stepped"
 * interpolation), it weights irregular sampling correctly (a value that held for 10 min counts
 * ten times one that held 1 min), and it makes time above a limit exact. Time before the first
 * good sample of a phase is not counted (nothing is known there). The integral is the
 * trapezoid between consecutive good samples (no extrapolation to the phase edges).
 */
import { goodSample, hoursBetween } from '../store/sql.js';
import { phasesSql, prefixSql } from './phases.js';

/** Functions of a continuous feature (per tag × phase × lot). */
export const CONTINUOUS_FNS = [
  'mean', 'sd', 'min', 'max', 'range', 'first', 'last', 'end', 'slope', 'integral', 'time_above_usl', 'time_below_lsl',
] as const;
/** Functions of a phase feature (per phase × lot, from the phase event and alarms). */
export const PHASE_FNS = ['duration', 'alarm_count'] as const;
/** Functions of a replicate feature (per parameter × lot). */
export const REPLICATE_FNS = ['mean', 'sd', 'rsd', 'min', 'max', 'range', 'n'] as const;
/** Functions of an event feature (per event type × lot). */
export const EVENT_FNS = ['count', 'hours'] as const;
/** Functions that need a threshold (declared features only). */
export const THRESHOLD_FNS = ['time_above', 'time_below'] as const;

/** Options of {@link continuousFeaturesSql}. */
export interface ContinuousSqlOptions {
  /** Relation with column `lot`: the lots to compute. */
  scope: string;
  /** A bound-parameter placeholder (e.g. `$1`) for a threshold; adds `time_above`/`time_below`. */
  thresholdParam?: string;
  /** An extra condition on tags `t` (e.g. `(t.tag = $2 OR t.signal = $2)`), for declared features. */
  tagCondition?: string;
}

/**
 * SELECT of all continuous features of the lots in `scope`: for every tag × phase × lot the
 * functions of {@link CONTINUOUS_FNS} (time above/below only for tags with that limit), plus
 * phase duration (h) and alarm count per phase × lot. Name: `<prefix>.<signal>.<fn>`, where the
 * prefix is `<step>.<phase>` (see `phasePrefix`). Times in hours; slope per hour; integral in
 * value·h.
 *
 * @see OPC UA Part 13 (aggregates; stepped interpolation, TimeAverage2 style bounding)
 */
export function continuousFeaturesSql(opts: ContinuousSqlOptions): string {
  const thr = opts.thresholdParam;
  const thrAgg = thr
    ? `, coalesce(sum(dt) FILTER (WHERE usable AND value > ${thr}), 0) AS time_above,
         coalesce(sum(dt) FILTER (WHERE usable AND value < ${thr}), 0) AS time_below`
    : '';
  const thrStats = thr ? ', a.time_above, a.time_below' : '';
  return `WITH ph AS (${scopePhasesSql(opts.scope)}),
  tg AS (${scopeTagsSql('ph', opts.tagCondition)}),
  -- Samples of tags on equipment that ran a phase in scope, matched to their phase (ASOF join).
  -- A sample stamped exactly at a phase end is kept (usable false): it is the value at that end
  -- when no phase in scope starts at that instant on the equipment.
  ctx AS (
    SELECT t.tid, p.pid, s.time, s.value, ${goodSample('s')} AS ok,
           (${goodSample('s')} AND s.time < p.end_time) AS usable,
           t.lsl, t.usl, p.start_time AS phase_start, p.end_time AS phase_end
    FROM samples s JOIN tg t ON t.tag = s.tag
    ASOF JOIN ph p ON t.equipment = p.equipment AND s.time >= p.start_time
    WHERE s.time <= p.end_time
  ),
  -- Partitioning by usable too makes lead() skip bad samples: a bad sample does not end a hold.
  held AS (
    SELECT *,
      ${hoursBetween('time', 'coalesce(lead(time) OVER w, phase_end)')} AS dt,
      ${hoursBetween('time', 'lead(time) OVER w')} AS gap,
      lead(value) OVER w AS next_value,
      first_value(value) OVER w AS shift,
      ${hoursBetween('phase_start', 'time')} AS x
    FROM ctx WINDOW w AS (PARTITION BY pid, tid, usable ORDER BY time)
  ),
  -- Sums are shifted by the group's first value so the variance does not lose digits to a large mean.
  agg AS (
    SELECT pid, tid, any_value(phase_end) AS phase_end,
      count(*) FILTER (WHERE usable) AS n, count(*) FILTER (WHERE time < phase_end AND NOT ok) AS excluded,
      arg_max(value, time) FILTER (WHERE ok AND time = phase_end) AS at_end,
      sum(dt) FILTER (WHERE usable) AS s0,
      sum(dt * (value - shift)) FILTER (WHERE usable) AS s1,
      sum(dt * (value - shift) * (value - shift)) FILTER (WHERE usable) AS s2,
      any_value(shift) FILTER (WHERE usable) AS shift,
      min(value) FILTER (WHERE usable) AS min, max(value) FILTER (WHERE usable) AS max,
      arg_min(value, time) FILTER (WHERE usable) AS first, arg_max(value, time) FILTER (WHERE usable) AS last,
      min(time) FILTER (WHERE usable) AS first_time, max(time) FILTER (WHERE usable) AS last_time,
      regr_slope(value, x) FILTER (WHERE usable) AS slope,
      sum((value + next_value) / 2 * gap) FILTER (WHERE usable) AS integral,
      coalesce(sum(dt) FILTER (WHERE usable AND value > usl), 0) AS above_usl,
      coalesce(sum(dt) FILTER (WHERE usable AND value < lsl), 0) AS below_lsl
      ${thrAgg}
    FROM held GROUP BY pid, tid
  ),
  -- Value at phase end: the last good value at or before the end. A sample stamped exactly at
  -- the end belongs to the next phase (half-open phases) but is the value at this end, so it wins
  -- over this phase's last good value: found as this group's at_end sample, or as the first
  -- sample of a phase in scope that starts at the end. Without either and without a good sample
  -- in the phase it is not computable (no look-back before the phase start).
  stats AS (
    SELECT a.pid, a.tid, a.n, a.excluded,
      CASE WHEN a.n > 0 THEN a.shift + a.s1 / a.s0 END AS mean,
      CASE WHEN a.n > 1 THEN sqrt(greatest(0, a.s2 / a.s0 - (a.s1 / a.s0) * (a.s1 / a.s0))) END AS sd,
      a.min, a.max, a.first, a.last, coalesce(a.at_end, g.first, a.last) AS end_value, a.slope, a.integral,
      a.above_usl, a.below_lsl ${thrStats}
    FROM agg a LEFT JOIN agg g ON g.tid = a.tid AND g.first_time = a.phase_end
  ),
  ${continuousRowsSql('stats', thr !== undefined)}`;
}

/**
 * SELECT of the phases of the lots in `scope` (see `phasesSql`), each with a number `pid`:
 * phases and tags get integer ids so the work over all samples carries numbers, not strings;
 * names are joined back after aggregation.
 */
export function scopePhasesSql(scope: string): string {
  return `SELECT *, row_number() OVER (ORDER BY event) AS pid FROM ${phasesSql({ lotScope: scope })}`;
}

/**
 * SELECT of the tags on the equipment of the phases in relation `phases`, each with a number
 * `tid`, its limits and the signal its features are named by. A signal names the features of one
 * tag per equipment; where tags of one equipment share a signal (e.g. one tag per product code on
 * a press), their features are named by tag instead, so that two tags never give one feature name.
 *
 * @param phases - relation with column `equipment` (see {@link scopePhasesSql}).
 * @param tagCondition - an extra condition on tags `t` (declared features), or none.
 */
export function scopeTagsSql(phases: string, tagCondition?: string): string {
  return `SELECT t.tag, t.equipment,
      CASE WHEN count(*) OVER (PARTITION BY t.equipment, coalesce(t.signal, t.tag)) > 1 THEN t.tag ELSE coalesce(t.signal, t.tag) END AS signal,
      t.lsl, t.usl, row_number() OVER (ORDER BY t.tag) AS tid
    FROM tags t WHERE t.equipment IN (SELECT equipment FROM ${phases}) ${tagCondition ? `AND ${tagCondition}` : ''}`;
}

/**
 * The end of a WITH clause (its last CTEs and the SELECT) that turns statistics per phase × tag
 * into rows of the `features` table, plus phase duration and alarm count per phase × lot. The
 * clause must already define `ph` (see {@link scopePhasesSql}) and `tg` (see {@link scopeTagsSql}).
 *
 * @param stats - relation with one row per (pid, tid) that has samples in the phase: n, excluded,
 *   mean, sd, min, max, first, last, end_value, slope, integral, above_usl, below_lsl (NULL where
 *   not computable; above/below in hours), and time_above, time_below when `threshold`.
 * @param threshold - whether `stats` has time_above/time_below (a declared feature's threshold).
 */
export function continuousRowsSql(stats: string, threshold: boolean): string {
  const thrCols = threshold ? ', CASE WHEN n > 0 THEN time_above END AS time_above, CASE WHEN n > 0 THEN time_below END AS time_below' : '';
  const thrNames = threshold ? ', time_above, time_below' : '';
  return `wide AS (
    SELECT p.lot, p.step, p.phase, t.tag, t.signal, a.n, a.excluded, t.lsl, t.usl,
      a.mean, a.sd, a.min, a.max, a.max - a.min AS range, a.first, a.last, a.end_value AS "end", a.slope, a.integral,
      CASE WHEN a.n > 0 THEN a.above_usl END AS time_above_usl, CASE WHEN a.n > 0 THEN a.below_lsl END AS time_below_lsl
      ${thrCols}
    FROM ${stats} a JOIN ph p ON p.pid = a.pid JOIN tg t ON t.tid = a.tid
  ),
  lng AS (
    SELECT * FROM wide UNPIVOT INCLUDE NULLS (value FOR fn IN (mean, sd, min, max, range, first, last, "end", slope,
      integral, time_above_usl, time_below_lsl ${thrNames}))
  )
  SELECT lot, ${prefixSql('lng')} || '.' || signal || '.' || fn AS name, 'continuous' AS source_kind,
    step, phase, tag, signal, NULL AS parameter, fn, value::DOUBLE AS value, n, excluded, now() AS computed_at
  FROM lng
  WHERE NOT (fn = 'time_above_usl' AND usl IS NULL) AND NOT (fn = 'time_below_lsl' AND lsl IS NULL)
  UNION ALL
  SELECT p.lot, ${prefixSql('p')} || '.duration', 'continuous', p.step, p.phase, NULL, NULL, NULL, 'duration',
    ${hoursBetween('p.start_time', 'p.end_time')}, 1, 0, now()
  FROM ph p
  UNION ALL
  SELECT p.lot, ${prefixSql('p')} || '.alarms.count', 'event', p.step, p.phase, NULL, NULL, NULL, 'alarm_count',
    count(a.event), count(a.event), 0, now()
  FROM ph p LEFT JOIN events a ON a.type = 'alarm' AND a.equipment = p.equipment
    AND a.start_time >= p.start_time AND a.start_time < p.end_time
  GROUP BY p.lot, p.step, p.phase`;
}

/**
 * SELECT of replicate features of the lots in `scope`: per parameter × lot the functions of
 * {@link REPLICATE_FNS}; sd is the sample standard deviation (n − 1), RSD % = 100·sd/mean
 * (NULL when the mean is 0). Non-finite replicate values are excluded and counted.
 * Name: `<parameter>.<fn>`, e.g. `tablet_weight.rsd`.
 */
export function replicateFeaturesSql(scope: string): string {
  return `WITH r AS (
    SELECT lot, parameter, isfinite(value) AS usable, value FROM replicates WHERE lot IN (SELECT lot FROM ${scope})
  ),
  wide AS (
    SELECT lot, parameter, count(*) FILTER (WHERE usable) AS n, count(*) FILTER (WHERE NOT usable) AS excluded,
      avg(value) FILTER (WHERE usable) AS mean, stddev_samp(value) FILTER (WHERE usable) AS sd,
      min(value) FILTER (WHERE usable) AS min, max(value) FILTER (WHERE usable) AS max
    FROM r GROUP BY lot, parameter
  ),
  lng AS (
    SELECT * FROM (SELECT lot, parameter, n, excluded, mean, sd, 100 * sd / nullif(mean, 0) AS rsd, min, max,
        max - min AS range, n::DOUBLE AS n_value FROM wide)
      UNPIVOT INCLUDE NULLS (value FOR fn IN (mean, sd, rsd, min, max, range, n_value))
  )
  SELECT lot, parameter || '.' || replace(fn, 'n_value', 'n') AS name, 'replicate' AS source_kind,
    NULL AS step, NULL AS phase, NULL AS tag, NULL AS signal, parameter, replace(fn, 'n_value', 'n') AS fn,
    value::DOUBLE AS value, n, excluded, now() AS computed_at
  FROM lng`;
}

/**
 * SELECT of event features of the lots in `scope`: per event type (other than 'phase') × lot,
 * `events.<type>.count` and `events.<type>.hours` (total duration; events without an end count
 * as excluded from hours). An event belongs to a lot when it names the lot, or when it names no
 * lot but the lot's equipment within the lot's start and end.
 */
export function eventFeaturesSql(scope: string): string {
  return `WITH l AS (SELECT * FROM lots WHERE lot IN (SELECT lot FROM ${scope})),
  le AS (
    SELECT e.event, sc.lot, e.type, e.start_time, e.end_time
    FROM events e JOIN ${scope} sc ON e.lot = sc.lot WHERE e.type <> 'phase'
    UNION
    SELECT e.event, l.lot, e.type, e.start_time, e.end_time
    FROM events e JOIN l ON e.lot IS NULL AND e.equipment = l.equipment
      AND e.start_time >= l.start_time AND e.start_time < l.end_time
    WHERE e.type <> 'phase'
  ),
  g AS (
    SELECT lot, type, count(*) AS n, count(*) FILTER (WHERE end_time IS NULL) AS open,
      coalesce(sum(${hoursBetween('start_time', 'end_time')}) FILTER (WHERE end_time IS NOT NULL), 0) AS hours
    FROM le GROUP BY lot, type
  )
  SELECT lot, 'events.' || type || '.count' AS name, 'event' AS source_kind, NULL AS step, NULL AS phase,
    NULL AS tag, NULL AS signal, NULL AS parameter, 'count' AS fn, n::DOUBLE AS value, n, 0 AS excluded, now() AS computed_at
  FROM g
  UNION ALL
  SELECT lot, 'events.' || type || '.hours', 'event', NULL, NULL, NULL, NULL, NULL, 'hours', hours, n - open, open, now()
  FROM g`;
}
