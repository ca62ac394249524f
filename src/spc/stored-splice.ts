import { AppError, field } from '../core/errors.js';
import { computeChart, type ChartInput, type ChartSettings } from './chart-compute.js';
import type { StoredLimits } from './limits-store.js';
import type { ChartKind, ChartResult, Series } from './types.js';

/** The approved version valid at time t: the latest with valid_from ≤ t. */
function versionAt(stored: StoredLimits[], t: Date | null): StoredLimits | undefined {
  if (!t) return undefined;
  let found: StoredLimits | undefined;
  for (const v of stored) if (v.validFrom.getTime() <= t.getTime() && (!found || v.validFrom >= found.validFrom)) found = v;
  return found;
}

function copyAt(into: Series, from: Series, i: number): void {
  into.values[i] = from.values[i]!;
  into.center[i] = from.center[i]!;
  into.lcl[i] = from.lcl[i]!;
  into.ucl[i] = from.ucl[i]!;
  into.sd[i] = from.sd[i]!;
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/**
 * Judges each point against the approved stored version valid at its time: the chart is computed
 * once per version with that version's centre, σ and settings, and each point takes its values
 * and limits from its own version. A point before the first approved version is an error, not a
 * silent guess.
 */
export function spliceByVersion(
  kind: ChartKind, input: ChartInput, request: ChartSettings, stored: StoredLimits[],
  points: { index: number; label: string; version?: number }[], times: (Date | null)[],
): { chart: ChartResult; versions: number[] } {
  const chosen = times.map((t, i) => {
    const v = versionAt(stored, t);
    if (!v) {
      const first = stored.reduce((a, b) => (a.validFrom <= b.validFrom ? a : b));
      throw new AppError(
        'no_limits_at_time',
        `${points[i]!.label} has no approved limits valid at its time; the first approved version is valid from ${first.validFrom.toISOString().slice(0, 10)}`,
        `start the chart later with ${field('from')}, or propose and approve limits valid from an earlier date`,
      );
    }
    points[i]!.version = v.version;
    return v;
  });
  const versions = [...new Set(chosen.map((v) => v.version))];
  const charts = new Map<number, ChartResult>();
  for (const ver of versions) {
    const v = stored.find((s) => s.version === ver)!;
    const settings: ChartSettings = {
      ...request,
      ...(num(v.settings.nsigmas) !== undefined ? { nsigmas: num(v.settings.nsigmas)! } : {}),
      ...(num(v.settings.lambda) !== undefined ? { lambda: num(v.settings.lambda)! } : {}),
      ...(num(v.settings.k) !== undefined ? { k: num(v.settings.k)! } : {}),
      ...(num(v.settings.h) !== undefined ? { h: num(v.settings.h)! } : {}),
    };
    charts.set(ver, computeChart(kind, input, settings, { known: { center: v.center, sigma: v.sigma } }));
  }
  const first = charts.get(versions[0]!)!;
  const clone = (s: Series): Series => ({ ...s, values: s.values.slice(), center: s.center.slice(), lcl: s.lcl.slice(), ucl: s.ucl.slice(), sd: s.sd.slice() });
  const chart: ChartResult = { ...first, primary: clone(first.primary), ...(first.secondary ? { secondary: clone(first.secondary) } : {}), estimator: 'stored', baseline: [] };
  chosen.forEach((v, i) => {
    const c = charts.get(v.version)!;
    copyAt(chart.primary, c.primary, i);
    const j = i - (chart.secondary?.start ?? 0);
    if (chart.secondary && c.secondary && j >= 0) copyAt(chart.secondary, c.secondary, j);
  });
  if (versions.length > 1) chart.notes = [...chart.notes, `limits change with time: versions ${versions.join(', ')} judge their own points`];
  return { chart, versions };
}
