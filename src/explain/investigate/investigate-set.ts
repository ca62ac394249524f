import { isAppError } from '../../core/errors.js';
import { buildAnalysisSet } from '../../context/analysis-set.js';
import { isNumericColumn, type AnalysisSet } from '../../context/analysis-set-types.js';
import type { Store } from '../../store/store.js';
import type { Finding, SimilarLot } from './investigate-types.js';
import { robustScale, UNUSUAL_Z } from './robust.js';
import { num } from '../drivers/sentence.js';

/** The analysis set of a lot's material (own and carried-down upstream values), or undefined when there is none. */
export async function lotSet(store: Store, material: string): Promise<AnalysisSet | undefined> {
  try {
    return await buildAnalysisSet(store, { material, include: { factors: false } });
  } catch (e) {
    if (isAppError(e)) return undefined;
    throw e;
  }
}

const numeric = (set: AnalysisSet) => set.columns.filter(isNumericColumn);

/**
 * Upstream values as this lot received them (carried down the genealogy, contribution-weighted)
 * that are unusual among the lots of its material. This is how a lot made from a blend of
 * ordinary raw-material lots can still be unusual: all its API came from the coarse end.
 * Returns the number of values looked at.
 */
export function carriedFindings(set: AnalysisSet, lot: string, out: Finding[]): number {
  const me = set.lots.indexOf(lot);
  if (me < 0) return 0;
  let looked = 0;
  for (const c of numeric(set).filter((x) => x.origin.rule !== 'own')) {
    const v = c.values[me]!;
    if (!Number.isFinite(v)) continue;
    looked++;
    const rs = robustScale(c.values);
    if (!rs) continue;
    const z = (v - rs.median) / rs.scale;
    if (Math.abs(z) < UNUSUAL_Z) continue;
    const what = c.origin.parameter ?? c.origin.feature ?? c.name;
    out.push({
      kind: 'upstream', score: Math.min(90, 10 * Math.abs(z)) * 0.9, lot, material: set.material, via: c.origin.path.slice(0, -1), value: v, z,
      key: `${c.origin.material}|${what}`,
      expected: { median: rs.median, low: rs.low, high: rs.high, n: rs.n },
      title: `${c.name} ${z > 0 ? 'unusually high' : 'unusually low'} in this lot`,
      sentence: `The ${c.origin.material} that went into this lot had ${what} ${num(v)}${c.origin.rule === 'weighted_mean' ? ' (contribution-weighted)' : ''}, ${num(Math.abs(z))} robust sd ${z > 0 ? 'above' : 'below'} the median ${num(rs.median)} of ${rs.n} ${set.material} lots (range ${num(rs.low)}–${num(rs.high)}).`,
      link: { view: 'lot', params: { lot } },
    });
  }
  return looked;
}

/** The signal a value belongs to: its name without the last `.fn` part (drying.product_temp.max → drying.product_temp). */
function signalKey(f: Finding): string {
  const name = f.title.split(' ')[0] ?? f.title;
  const base = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
  return `${f.lot}\u0000${f.kind === 'unusual_value' || f.kind === 'upstream' ? 'value' : f.kind}\u0000${base}`;
}

/**
 * Groups unusual values of one signal of one lot (max, mean, sd, slope… of the same tag in the
 * same phase; the same parameter carried or not) under the most unusual of them, which keeps its
 * place and says how many more there are. Findings of other kinds stay as they are.
 */
export function groupBySignal(findings: Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.kind !== 'unusual_value' && f.kind !== 'upstream') {
      groups.set(`${groups.size}\u0000single`, [f]);
      continue;
    }
    const k = signalKey(f);
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return [...groups.values()].map((g) => {
    const top = g.reduce((a, b) => (b.score > a.score ? b : a));
    if (g.length === 1) return top;
    const fn = (x: Finding) => (x.title.split(' ')[0] ?? x.title).split('.').pop();
    const others = g.filter((x) => x !== top && fn(x) !== fn(top)).map(fn).filter(Boolean);
    if (others.length === 0) return top;
    return { ...top, sentence: `${top.sentence} Also unusual on the same signal: ${[...new Set(others)].join(', ')}.` };
  });
}

/**
 * The most similar past lots in standardised own-value space, with their outcomes (CQA values;
 * `roles` as read by roles.ts). Past: started before the lot did (a lot made later cannot be
 * precedent for it); when the lot has no start time, every other lot is compared and the note says so.
 */
export async function similarLots(
  store: Store, set: AnalysisSet, lot: { lot: string; material: string; start_time: Date | null }, roles: Map<string, string>, k: number,
): Promise<{ similar: SimilarLot[]; comparable: number; note?: string }> {
  const me = set.lots.indexOf(lot.lot);
  const own = numeric(set).filter((c) => c.origin.rule === 'own');
  const scaled = own.map((c) => {
    const rs = robustScale(c.values);
    return rs ? Float64Array.from(c.values, (v) => (v - rs.median) / rs.scale) : undefined;
  });
  const outcomes = own.filter((c) => c.origin.parameter && roles.get(c.origin.parameter)?.toUpperCase() === 'CQA');
  const status = new Map((await store.all<{ lot: string; status: string | null; start_time: Date | null }>('SELECT lot, status, start_time FROM lots WHERE material = $1', [lot.material])).map((r) => [r.lot, r]));
  const before = (other: string) => {
    const t = status.get(other)?.start_time;
    return lot.start_time === null || (t !== null && t !== undefined && t.getTime() < lot.start_time.getTime());
  };
  const past = set.lots.filter((other, i) => i !== me && before(other));
  const dists: SimilarLot[] = [];
  if (me >= 0) {
    set.lots.forEach((other, i) => {
      if (i === me || !before(other)) return;
      let s = 0;
      let m = 0;
      for (const z of scaled) {
        if (!z) continue;
        const a = z[me]!;
        const b = z[i]!;
        if (Number.isFinite(a) && Number.isFinite(b)) {
          s += (a - b) ** 2;
          m++;
        }
      }
      if (m < 2) return;
      const st = status.get(other);
      dists.push({
        lot: other, distance: Math.sqrt(s / m), compared: m, status: st?.status ?? null, start: st?.start_time?.toISOString() ?? null,
        outcomes: Object.fromEntries(outcomes.map((c) => [c.name, Number.isFinite(c.values[i]!) ? c.values[i]! : null])),
      });
    });
  }
  dists.sort((a, b) => a.distance - b.distance);
  return {
    similar: dists.slice(0, k), comparable: past.length,
    ...(lot.start_time === null ? { note: `lot ${lot.lot} has no start time, so its similar lots are taken from all ${past.length} other lots, not only earlier ones` } : {}),
  };
}
