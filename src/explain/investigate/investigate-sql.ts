import { featureValuesSql } from '../../context/replicate-summaries.js';

/**
 * SQL of `investigate`, kept in one place. Every value bound; lots of interest come in a
 * temporary table `lots(lot, material, via, contribution)` whose quoted name each statement is
 * given: one of its own per call, so investigations running at once (two API requests) never
 * share or drop each other's table.
 */

/**
 * Fills the lots table in one statement from one bound JSON array of
 * `{ lot, material, via: string[], contribution }` (a list column cannot be bound empty).
 */
export const insertLots = (lots: string) => `
INSERT INTO ${lots}
SELECT r.lot, r.material, r.via, r.contribution
FROM (SELECT unnest(from_json($1::JSON, '[{"lot": "VARCHAR", "material": "VARCHAR", "via": ["VARCHAR"], "contribution": "DOUBLE"}]')) AS r)`;

/**
 * Numeric values of every lot of the materials of interest (discrete parameters, features and
 * the summaries of replicate parameters),
 * robust statistics per (material, name) over all lots of that material, and the values of the
 * lots of interest with their robust z and the specification valid at their start.
 */
export const unusualValues = (lots: string) => `
WITH vals AS (
  SELECT d.lot, d.material, d.parameter AS name, 'parameter' AS source, d.value
  FROM discrete d WHERE d.material IN (SELECT material FROM ${lots})
  UNION ALL
  SELECT f.lot, l.material, f.name, 'feature' AS source, f.value
  FROM (${featureValuesSql(`(SELECT lot FROM lots WHERE material IN (SELECT material FROM ${lots}))`)}) f JOIN lots l USING (lot)
  WHERE l.material IN (SELECT material FROM ${lots}) AND f.value IS NOT NULL AND isfinite(f.value)
),
med AS (
  SELECT material, name, median(value) AS median, min(value) AS lo, max(value) AS hi, count(*) AS n,
         quantile_cont(value, 0.9) - quantile_cont(value, 0.1) AS q9010
  FROM vals GROUP BY material, name
),
spread AS (
  SELECT v.material, v.name, median(abs(v.value - m.median)) AS mad, avg(abs(v.value - m.median)) AS meanad
  FROM vals v JOIN med m USING (material, name) GROUP BY v.material, v.name
)
SELECT i.lot, i.material, i.via, i.contribution, v.name, v.source, v.value, m.median, m.lo, m.hi, m.n,
       -- the larger of two robust σ estimates (see robust.ts), else the mean absolute deviation
       CASE WHEN greatest(s.mad, m.q9010) > 0 THEN greatest(1.4826 * s.mad, m.q9010 / 2.5631)
            WHEN s.meanad > 0 THEN 1.2533 * s.meanad END AS scale,
       sp.lsl, sp.usl, p.unit, p.role
FROM ${lots} i
JOIN vals v ON v.lot = i.lot
JOIN med m ON m.material = v.material AND m.name = v.name
JOIN spread s ON s.material = v.material AND s.name = v.name
LEFT JOIN parameters p ON p.material = v.material AND p.parameter = v.name
LEFT JOIN (
  SELECT i2.lot, sp.parameter, sp.lsl, sp.usl
  FROM ${lots} i2 JOIN lots l2 ON l2.lot = i2.lot
  JOIN specifications sp ON sp.material = l2.material AND sp.valid_from <= coalesce(l2.start_time, now())
  QUALIFY row_number() OVER (PARTITION BY i2.lot, sp.parameter ORDER BY sp.valid_from DESC) = 1
) sp ON sp.lot = i.lot AND sp.parameter = v.name AND v.source = 'parameter'`;

/** Deviations, CAPAs and alarms linked to a lot of interest, or on its equipment while it ran. */
export const linkedEvents = (lots: string) => `
SELECT DISTINCT e.event, e.type, e.name, e.lot AS event_lot, e.equipment, e.start_time, e.end_time, e.severity, e.text,
       i.lot, i.material, i.via, i.contribution
FROM ${lots} i JOIN lots l ON l.lot = i.lot
JOIN events e ON e.type <> 'phase' AND (
  e.lot = i.lot OR (
    e.lot IS NULL AND e.equipment IS NOT NULL AND e.equipment IN (
      SELECT equipment FROM events ph WHERE ph.type = 'phase' AND ph.lot = i.lot AND ph.equipment IS NOT NULL
      UNION SELECT l.equipment WHERE l.equipment IS NOT NULL)
    AND l.start_time IS NOT NULL AND e.start_time >= l.start_time AND e.start_time < coalesce(l.end_time, l.start_time + INTERVAL 1 DAY)))
ORDER BY e.start_time`;
