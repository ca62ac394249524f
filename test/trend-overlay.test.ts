/**
 * Lot overlays on the dryer fixture (see test/context-features.test.ts) plus lot L3, whose
 * drying runs 12:00–12:30 with samples 100 at 12:00 and 200 at 12:15.
 * Grid of 5 points over the longest drying (1 h): 0, 0.25, 0.5, 0.75, 1 h; each point takes the
 * last good value at or before it (step hold), none after the phase end.
 *   L1 (08:00 10, 08:10 30, 08:15 bad, 08:40 50): 10, 30, 30, 50, —
 *   L3: 100, 200, —, —, —
 *   L2 has only a bad sample: no value anywhere.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { overlay } from '../src/context/overlay.js';
import { dryerFixture } from './context-features-fixture.js';

let store: Store;
beforeEach(async () => {
  store = await Store.open(':memory:');
  await dryerFixture(store);
  await store.run(`INSERT INTO lots (lot, material, site, step, equipment, start_time, end_time)
    VALUES ('L3', 'granulate', 'S1', 'drying', 'D2', '2024-03-01 12:00:00+00', '2024-03-01 12:30:00+00')`);
  await store.run(`INSERT INTO tags (tag, equipment, signal) VALUES ('T2', 'D2', 'product_temp')`);
  await store.run(`INSERT INTO events (event, type, name, lot, equipment, start_time, end_time)
    VALUES ('P4', 'phase', 'drying', 'L3', 'D2', '2024-03-01 12:00:00+00', '2024-03-01 12:30:00+00')`);
  await store.run(`INSERT INTO samples (tag, time, value, quality) VALUES
    ('T2', '2024-03-01 12:00:00+00', 100, 0), ('T2', '2024-03-01 12:15:00+00', 200, 0)`);
});
afterEach(() => store.close());

const vals = (a: Float64Array | undefined) => Array.from(a ?? [], (x) => (Number.isNaN(x) ? null : x));

describe('overlay', () => {
  it('aligns lots of one signal on phase start and resamples by last value', async () => {
    const o = await overlay(store, { signal: 'product_temp', lots: ['L1', 'L2', 'L3', 'L9'], phase: 'drying', grid: 5 });
    expect(Array.from(o.hours)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(vals(o.columns.L1)).toEqual([10, 30, 30, 50, null]);
    expect(vals(o.columns.L3)).toEqual([100, 200, null, null, null]);
    expect(vals(o.columns.L2)).toEqual([null, null, null, null, null]);
    expect(o.tags).toEqual({ L1: 'T1', L2: 'T1', L3: 'T2' });
    expect(o.missing).toEqual(['L9']);
  });

  it('aligns on the lot start without a phase', async () => {
    // L1 runs 08:00–10:00; grid 0, 0.5, 1, 1.5, 2 h: 10, 30 (08:30), 45 (09:00), 25 (09:30, from 09:20), — (10:00 is the end)
    const o = await overlay(store, { tag: 'T1', lots: ['L1'], grid: 5 });
    expect(Array.from(o.hours)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(vals(o.columns.L1)).toEqual([10, 30, 45, 25, null]);
  });

  it('two overlays at once each get their own lots (regression: they shared one temp table)', async () => {
    const [a, b] = await Promise.all([
      overlay(store, { signal: 'product_temp', lots: ['L1'], phase: 'drying', grid: 5 }),
      overlay(store, { signal: 'product_temp', lots: ['L3'], phase: 'drying', grid: 5 }),
    ]);
    // Alone, L1's drying is the longest (1 h) and L3's is 30 min: grids over each lot's own phase.
    expect(vals(a.columns.L1)).toEqual([10, 30, 30, 50, null]);
    expect(a.tags).toEqual({ L1: 'T1' });
    expect(vals(b.columns.L3)).toEqual([100, 100, 200, 200, null]);
    expect(b.tags).toEqual({ L3: 'T2' });
  });

  it('needs exactly one of tag and signal', async () => {
    await expect(overlay(store, { lots: ['L1'] })).rejects.toThrow(/exactly one of tag or signal/);
  });
});
