import { AppError } from '../core/errors.js';
import type { Actor, Store } from '../store/store.js';
import { controlChart, type ControlChartRequest } from './control-chart.js';
import { proposeLimits, type StoredLimits } from './limits-store.js';

/**
 * Computes a chart's limits from its phase I baseline and stores them as a new proposed version:
 * centre, σ, the limits at the first point, the chart settings (nsigmas, λ, k, h, subgroup,
 * size) and the baseline (how it was chosen and its lots). Valid from `validFrom`, default the
 * start of the first baseline lot. One panel only: `by` is not allowed.
 *
 * @example await proposeFromBaseline(store, { parameter: 'assay', material: 'TAB', baseline: { from: '2024-01-01', to: '2024-07-01' } }, { user: 'ana', reason: 'phase I' })
 */
export async function proposeFromBaseline(store: Store, request: ControlChartRequest, actor: Actor, validFrom?: string): Promise<StoredLimits> {
  if (request.by) throw new AppError('bad_option', 'limits are proposed for one chart, not per factor', 'leave out by, or propose per site with site');
  if (request.useStored) throw new AppError('bad_option', 'limits are proposed from a baseline, not from stored limits', 'leave out the stored option');
  const r = await controlChart(store, { ...request, rules: [] });
  const p = r.panels[0]!;
  const c = p.chart;
  const from = validFrom ?? p.points[c.baseline[0] ?? 0]!.time;
  if (!from) throw new AppError('bad_time', 'the first baseline lot has no start time', 'give a valid-from time');
  const settings = {
    nsigmas: c.nsigmas,
    ...(request.lambda !== undefined ? { lambda: request.lambda } : {}),
    ...(request.k !== undefined ? { k: request.k } : {}),
    ...(request.h !== undefined ? { h: request.h } : {}),
    ...(request.subgroup ? { subgroup: request.subgroup } : {}),
    ...(request.size !== undefined ? { size: request.size } : {}),
  };
  const baseline = { ...(request.baseline ?? { all: true }), points: c.baseline.length, lots: c.baseline.flatMap((i) => p.points[i]!.lots) };
  return proposeLimits(store, {
    material: r.material, parameter: request.parameter, chart: r.chart, validFrom: from,
    center: c.center, sigma: c.sigma, lcl: c.primary.lcl[0]!, ucl: c.primary.ucl[0]!, settings, baseline,
  }, actor);
}
