/**
 * Features in context on a fixture small enough to check by hand.
 *
 * Dryer D1, tag T1 (signal product_temp, lsl 20, usl 40). Lot L1 (step drying) runs phase
 * 'drying' 08:00–09:00 and 'cooling' 09:00–09:30; lot L2 runs 'drying' 10:00–11:00.
 *
 *   time   value  quality   phase of L1
 *   08:00   10     good     drying      holds 10 min
 *   08:10   30     good     drying      holds 30 min (the bad sample at 08:15 does not end it)
 *   08:15  999     bad      drying      excluded
 *   08:40   50     good     drying      holds 20 min, to the phase end
 *   08:50  NULL    good     drying      excluded (no value)
 *   09:00   45     good     cooling     (also the value at the end of drying)
 *   09:20   25     good     cooling
 *   09:45    5     good     — no phase: belongs to no lot
 *   10:00    1     bad      L2 drying   excluded; L2 drying has no good sample
 *
 * drying: time-weighted mean = (10·10 + 30·30 + 50·20)/60 = 33.333…; E[v²] = (100·10 + 900·30 +
 * 2500·20)/60 = 1300, variance = 1300 − 33.333² = 188.888…, sd = 13.7437…; integral (trapezoid)
 * = 20·(1/6) + 40·(1/2) = 23.333 value·h; slope over x = 0, 10, 40 min: Sxy = 800, Sxx = 7800/9,
 * 0.923077/min = 720/13 = 55.3846 per h; above usl 40: 20 min = 1/3 h; below lsl 20: 10 min.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { refreshFeatures, listFeatures, type Feature } from '../src/context/features.js';
import { createContextView } from '../src/context/phases.js';
import { dryerFixture } from './context-features-fixture.js';

let store: Store;

function byName(rows: Feature[], lot: string): Map<string, Feature> {
  return new Map(rows.filter((r) => r.lot === lot).map((r) => [r.name, r]));
}

beforeEach(async () => {
  store = await Store.open(':memory:');
  await dryerFixture(store);
});
afterEach(() => store.close());

describe('phase context', () => {
  it('puts each sample in its lot and phase, half-open, and leaves the gap without a lot', async () => {
    const v = await createContextView(store);
    const rows = await store.all<{ t: string; lot: string | null; phase: string | null; usable: boolean }>(
      `SELECT strftime(time, '%H:%M') AS t, lot, phase, usable FROM ${v} ORDER BY time`,
    );
    expect(rows.map((r) => [r.t, r.lot, r.phase])).toEqual([
      ['08:00', 'L1', 'drying'], ['08:10', 'L1', 'drying'], ['08:15', 'L1', 'drying'], ['08:40', 'L1', 'drying'],
      ['08:50', 'L1', 'drying'], ['09:00', 'L1', 'cooling'], ['09:20', 'L1', 'cooling'], ['09:45', null, null],
      ['10:00', 'L2', 'drying'],
    ]);
    expect(rows.map((r) => r.usable)).toEqual([true, true, false, true, false, true, true, true, false]);
  });
});

describe('refreshFeatures', () => {
  it('computes time-weighted and trapezoid features on irregular samples', async () => {
    const r = await refreshFeatures(store);
    expect(r.lots).toBe(2);
    const f = byName(await listFeatures(store), 'L1');
    const v = (name: string) => f.get(name)?.value;
    expect(v('drying.product_temp.mean')).toBeCloseTo(100 / 3, 10);
    expect(v('drying.product_temp.sd')).toBeCloseTo(Math.sqrt(1700 / 9), 10);
    expect(v('drying.product_temp.integral')).toBeCloseTo(70 / 3, 10);
    expect(v('drying.product_temp.slope')).toBeCloseTo(720 / 13, 9);
    expect(v('drying.product_temp.time_above_usl')).toBeCloseTo(1 / 3, 12);
    expect(v('drying.product_temp.time_below_lsl')).toBeCloseTo(1 / 6, 12);
    expect([v('drying.product_temp.min'), v('drying.product_temp.max'), v('drying.product_temp.range')]).toEqual([10, 50, 40]);
    expect([v('drying.product_temp.first'), v('drying.product_temp.last')]).toEqual([10, 50]);
    // The 09:00 sample belongs to cooling but is the value at the end of drying.
    expect(v('drying.product_temp.end')).toBe(45);
    expect(v('drying.duration')).toBe(1);
    // Bad (999) and missing (NULL) samples are excluded and counted.
    expect(f.get('drying.product_temp.mean')).toMatchObject({ n: 3, excluded: 2, step: 'drying', phase: 'drying', tag: 'T1' });
  });

  it('names a phase other than the step with both, and holds the last value to the phase end', async () => {
    await refreshFeatures(store);
    const f = byName(await listFeatures(store, { name: 'drying.cooling.*' }), 'L1');
    // 45 for 20 min, 25 for 10 min: (900 + 250) / 30
    expect(f.get('drying.cooling.product_temp.mean')?.value).toBeCloseTo(115 / 3, 10);
    expect(f.get('drying.cooling.product_temp.end')?.value).toBe(25);
    expect(f.get('drying.cooling.duration')?.value).toBe(0.5);
    expect([...f.keys()].every((k) => k.startsWith('drying.cooling.'))).toBe(true);
  });

  it('says "not computable" (null) for a phase with only bad samples, and counts them', async () => {
    await refreshFeatures(store);
    const f = byName(await listFeatures(store, { lots: ['L2'] }), 'L2');
    expect(f.get('drying.product_temp.mean')).toMatchObject({ value: null, n: 0, excluded: 1 });
    expect(f.get('drying.product_temp.end')?.value).toBeNull();
    // The 09:45 sample (no phase) is in no lot's features: L2's 'first' would be 5 otherwise.
    expect(f.get('drying.product_temp.first')?.value).toBeNull();
  });

  it('counts alarms in a phase, events per lot, and replicate statistics', async () => {
    await refreshFeatures(store);
    const f = byName(await listFeatures(store), 'L1');
    expect(f.get('drying.alarms.count')?.value).toBe(1);
    expect(f.get('drying.cooling.alarms.count')?.value).toBe(0);
    expect(f.get('events.alarm.count')?.value).toBe(1);
    expect(f.get('events.alarm.hours')?.value).toBe(0.25);
    expect(f.get('events.deviation.count')?.value).toBe(2);
    expect(f.get('events.deviation.hours')).toMatchObject({ value: 2, n: 1, excluded: 1 });
    expect(f.get('tablet_weight.mean')?.value).toBe(100);
    expect(f.get('tablet_weight.sd')?.value).toBe(2);
    expect(f.get('tablet_weight.rsd')?.value).toBe(2);
    expect([f.get('tablet_weight.range')?.value, f.get('tablet_weight.n')?.value]).toEqual([4, 3]);
  });

  it('replaces the features of a refreshed lot only, and writes one audit entry per refresh', async () => {
    await refreshFeatures(store);
    const before = Number(await store.value(`SELECT count(*) FROM features WHERE lot = 'L2'`));
    await store.run(`UPDATE samples SET value = 20 WHERE time = '2024-03-01 08:00:00+00'`);
    const r = await refreshFeatures(store, { lots: ['L1'] });
    expect(r.lots).toBe(1);
    const f = byName(await listFeatures(store, { lots: ['L1'] }), 'L1');
    // 20 for 10 min instead of 10: mean rises by 100/60
    expect(f.get('drying.product_temp.mean')?.value).toBeCloseTo(100 / 3 + 100 / 60, 10);
    expect(Number(await store.value(`SELECT count(*) FROM features WHERE lot = 'L2'`))).toBe(before);
    expect(Number(await store.value(`SELECT count(*) FROM audit WHERE entity = 'features'`))).toBe(2);
  });

  it('refuses a scope that matches no lot, naming it', async () => {
    await expect(refreshFeatures(store, { materials: ['nope'] })).rejects.toThrow(/materials 'nope'/);
  });
});
