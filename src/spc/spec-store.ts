import type { Store } from '../store/store.js';
import type { SpecLimits } from './capability.js';

/** A specification and the date it is valid from. */
export interface StoredSpec extends SpecLimits {
  validFrom: Date;
}

/**
 * The specification of a parameter valid at `at` (the latest version with valid_from ≤ at;
 * default now), and whether another version was valid earlier in [since, at] so callers can say so.
 *
 * @example await specificationAt(store, 'TAB', 'assay', new Date('2024-06-01'))
 */
export async function specificationAt(
  store: Store, material: string, parameter: string, at: Date = new Date(), since?: Date,
): Promise<{ spec: StoredSpec; changedInRange: boolean } | undefined> {
  const rows = await store.all<{ valid_from: Date; lsl: number | null; usl: number | null; target: number | null }>(
    `SELECT valid_from, lsl, usl, target FROM specifications
     WHERE material = $1 AND parameter = $2 AND valid_from <= $3::TIMESTAMPTZ ORDER BY valid_from DESC`,
    [material, parameter, at.toISOString()],
  );
  const top = rows[0];
  if (!top) return undefined;
  const spec: StoredSpec = { validFrom: top.valid_from };
  if (top.lsl !== null) spec.lsl = top.lsl;
  if (top.usl !== null) spec.usl = top.usl;
  if (top.target !== null) spec.target = top.target;
  const changedInRange = since !== undefined && top.valid_from.getTime() > since.getTime() && rows.length > 1;
  return { spec, changedInRange };
}

/**
 * The specification a control chart is drawn against: the one valid at the chart's last dated
 * point (now when no point has a date). Drawn on I charts, and on X̄ charts as limits of single values.
 *
 * @example await specificationForChart(store, report) // { lsl: 7, usl: 13, validFrom: … } or undefined
 */
export async function specificationForChart(store: Store, report: { material: string; parameter: string; panels: { points: { time: string | null }[] }[] }): Promise<StoredSpec | undefined> {
  const last = report.panels.flatMap((p) => p.points).reduce<string | null>((a, p) => (p.time && (!a || p.time > a) ? p.time : a), null);
  return (await specificationAt(store, report.material, report.parameter, last ? new Date(last) : new Date()))?.spec;
}
