/**
 * Declared features on the dryer fixture (numbers worked out in test/context-features.test.ts):
 * in L1's drying, product_temp holds 10 for 10 min, 30 for 30 min and 50 for 20 min, so time
 * above 40 is 20 min = 1/3 h and time above 25 is 50 min = 5/6 h; L2's drying has no good sample.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { defineFeature } from '../src/context/features-define.js';
import { dryerFixture } from './context-features-fixture.js';

let store: Store;
beforeEach(async () => {
  store = await Store.open(':memory:');
  await dryerFixture(store);
});
afterEach(() => store.close());

const ana = { user: 'ana' };
const hot = { name: 'hot_h', material: 'granulate', source: 'product_temp', fn: 'time_above', phase: 'drying', threshold: 40, unit: 'h', reason: 'degradation' };

describe('defineFeature', () => {
  it('stores a continuous feature as a discrete parameter of the material, with provenance', async () => {
    const r = await defineFeature(store, hot, ana);
    expect(r).toMatchObject({ sourceKind: 'continuous', stored: 1, notComputable: ['L2'], replaced: false });
    const d = await store.all(`SELECT lot, value, import_id FROM discrete WHERE parameter = 'hot_h'`);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ lot: 'L1', import_id: 'feature:hot_h' });
    expect(d[0]!.value as number).toBeCloseTo(1 / 3, 12);
    expect(await store.one(`SELECT kind, role, unit FROM parameters WHERE parameter = 'hot_h'`)).toEqual({ kind: 'discrete', role: 'feature', unit: 'h' });
    expect(await store.one(`SELECT source, fn, phase, threshold, created_by FROM feature_definitions`)).toEqual({
      source: 'product_temp', fn: 'time_above', phase: 'drying', threshold: 40, created_by: 'ana',
    });
    expect(Number(await store.value(`SELECT count(*) FROM audit WHERE import_id = 'feature:hot_h'`))).toBe(2);
  });

  it('replaces a definition only with a reason, keeping the old value in prior_values', async () => {
    await defineFeature(store, hot, ana);
    await expect(defineFeature(store, { ...hot, threshold: 25, reason: undefined }, ana)).rejects.toThrow(/needs a reason/);
    const r = await defineFeature(store, { ...hot, threshold: 25, reason: 'limit is 25' }, ana);
    expect(r.replaced).toBe(true);
    expect(Number(await store.value(`SELECT value FROM discrete WHERE parameter = 'hot_h'`))).toBeCloseTo(5 / 6, 12);
    const p = await store.one<{ old_value: string; reason: string }>(`SELECT old_value, reason FROM prior_values`);
    expect(Number(p?.old_value)).toBeCloseTo(1 / 3, 12);
    expect(p?.reason).toBe('limit is 25');
  });

  it('declares replicate, phase and event features', async () => {
    await defineFeature(store, { name: 'tw_rsd', material: 'granulate', source: 'tablet_weight', fn: 'rsd' }, ana);
    await defineFeature(store, { name: 'dry_h', material: 'granulate', source: 'T1', fn: 'duration', phase: 'cooling' }, ana);
    await defineFeature(store, { name: 'dev_n', material: 'granulate', source: 'events.deviation', fn: 'count' }, ana);
    const rows = await store.all<{ parameter: string; lot: string; value: number }>(`SELECT parameter, lot, value FROM discrete ORDER BY parameter, lot`);
    expect(rows.map((r) => [r.parameter, r.lot, r.value])).toEqual([['dev_n', 'L1', 2], ['dry_h', 'L1', 0.5], ['tw_rsd', 'L1', 2]]);
  });

  it('refuses an unknown source, a missing phase, a wrong function and a taken name', async () => {
    await expect(defineFeature(store, { ...hot, source: 'nope' }, ana)).rejects.toThrow(/source 'nope'/);
    await expect(defineFeature(store, { ...hot, phase: undefined }, ana)).rejects.toThrow(/needs a phase/);
    await expect(defineFeature(store, { ...hot, fn: 'median' }, ana)).rejects.toThrow(/'median' is not a function/);
    await expect(defineFeature(store, { ...hot, threshold: undefined }, ana)).rejects.toThrow(/needs a finite threshold/);
    await store.run(`INSERT INTO parameters (material, parameter, kind) VALUES ('granulate', 'lod', 'discrete')`);
    await expect(defineFeature(store, { ...hot, name: 'lod' }, ana)).rejects.toThrow(/measured parameter 'lod'/);
  });
});
