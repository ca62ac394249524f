import { afterEach, describe, expect, it } from 'vitest';
import { buildAnalysisSet } from '../src/context/analysis-set.js';
import type { AnalysisColumn, AnalysisSet, CarryRule } from '../src/context/analysis-set-types.js';
import type { Store } from '../src/store/store.js';
import { insert, tabletNetwork } from './genealogy-fixtures.js';

let store: Store | undefined;
afterEach(() => store?.close());

function col(set: AnalysisSet, name: string): AnalysisColumn {
  const c = set.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column '${name}' in ${set.columns.map((x) => x.name).join(', ')}`);
  return c;
}
/** Values as plain numbers or null (NaN → null), rounded to 12 digits for exact comparison. */
const nums = (c: AnalysisColumn): (number | null)[] =>
  Array.from(c.values as ArrayLike<number>, (v) => (Number.isNaN(v) ? null : Number(v.toFixed(12))));

describe('analysis set rows and own values', () => {
  it('has one row per lot of the material, by start time, with its own values and missing as NaN', async () => {
    store = await tabletNetwork();
    const set = await buildAnalysisSet(store, { material: 'tablet' });
    expect(set.lots).toEqual(['T1', 'T2', 'T3']);
    expect(nums(col(set, 'dissolution'))).toEqual([85, 80, null]);
    expect(col(set, 'dissolution').missing).toBe(1);
    expect(nums(col(set, 'tablet_weight.rsd'))).toEqual([1.2, null, null]);
    expect(col(set, 'dissolution').origin).toMatchObject({ material: 'tablet', parameter: 'dissolution', rule: 'own', path: ['tablet'] });
  });

  it('resolves a product to its final material and a step to the material it makes', async () => {
    store = await tabletNetwork();
    expect((await buildAnalysisSet(store, { product: 'tab' })).lots).toEqual(['T1', 'T2', 'T3']);
    expect((await buildAnalysisSet(store, { step: 'blending' })).lots).toEqual(['B1', 'B2']);
  });

  it('filters by site, start time and explicit lots, and refuses what matches nothing', async () => {
    store = await tabletNetwork();
    expect((await buildAnalysisSet(store, { material: 'tablet', site: 'R' })).lots).toEqual(['T3']);
    expect((await buildAnalysisSet(store, { material: 'tablet', from: '2024-04-02', to: '2024-05-01' })).lots).toEqual(['T2']);
    expect((await buildAnalysisSet(store, { material: 'tablet', lots: ['T3', 'T1'] })).lots).toEqual(['T1', 'T3']);
    await expect(buildAnalysisSet(store, { material: 'tablet', site: 'Nowhere' })).rejects.toMatchObject({ code: 'no_lots' });
    await expect(buildAnalysisSet(store, { material: 'tablet', lots: ['B1'] })).rejects.toThrow(/'B1' \(blend\)/);
    await expect(buildAnalysisSet(store, { material: 'tablet', from: '2024-13-45' })).rejects.toMatchObject({ code: 'bad_time' });
    await expect(buildAnalysisSet(store, { material: 'tablet', step: 'blending' })).rejects.toMatchObject({ code: 'bad_target' });
    await expect(buildAnalysisSet(store, { material: 'capsule' })).rejects.toThrow(/'capsule'/);
  });
});

describe('upstream values carried down', () => {
  it('traces T1 back to its API lots: contribution-weighted mean of d90', async () => {
    store = await tabletNetwork();
    const set = await buildAnalysisSet(store, { material: 'tablet' });
    // T1 contains A1 0.04, A2 0.42, A3 0.54 (see the fixture); d90 100, 200, 50.
    const t1 = 115; // 0.04·100 + 0.42·200 + 0.54·50 = 4 + 84 + 27
    // T3 ← B2 ← G3 ← A1 alone.
    expect(nums(col(set, 'api.d90 (via granulation)'))).toEqual([t1, t1, 100]);
    expect(col(set, 'api.d90 (via granulation)').origin).toEqual({
      material: 'api', parameter: 'd90', path: ['api', 'granulation', 'blending', 'compression'], rule: 'weighted_mean', estimated: false,
    });
  });

  it('renormalises the weights over upstream lots that have a value (missing is not zero)', async () => {
    store = await tabletNetwork();
    const set = await buildAnalysisSet(store, { material: 'tablet' });
    // Water on A1 (1) and A2 (2) only: (0.04·1 + 0.42·2) / (0.04 + 0.42).
    expect(nums(col(set, 'api.water (via granulation)'))[0]).toBe(Number(((0.04 + 0.84) / 0.46).toFixed(12)));
    // LOD of the granulates: 0.4·2 + 0.6·3; G3 has none, so T3 is missing.
    expect(nums(col(set, 'granulate.lod (via blending)'))).toEqual([2.6, 2.6, null]);
    // An upstream feature keeps its step-prefixed name; G3's is not computable (NULL) → missing.
    expect(nums(col(set, 'granulation.impeller_power.max'))).toEqual([6.2, 6.2, null]);
  });

  it.each<[CarryRule, (number | null)[]]>([
    ['weighted_mean', [115, 115, 100]],
    ['min', [50, 50, 100]],
    ['max', [200, 200, 100]],
    ['first', [100, 100, 100]], // A1 started first (2024-01-01)
    ['single_parent', [null, null, 100]], // T1, T2 have three API lots, T3 one
  ])('carries d90 by rule %s', async (rule, expected) => {
    store = await tabletNetwork();
    const set = await buildAnalysisSet(store, { material: 'tablet', rule });
    expect(nums(col(set, 'api.d90 (via granulation)'))).toEqual(expected);
    expect(col(set, 'api.d90 (via granulation)').origin.rule).toBe(rule);
  });

  it('takes the first upstream lot that has a value', async () => {
    store = await tabletNetwork();
    // The earliest API lot, A1, has no assay; A2 (next) has 99, A3 has 101.
    await insert(store, 'discrete', [
      { lot: 'A2', material: 'api', parameter: 'assay', value: 99 },
      { lot: 'A3', material: 'api', parameter: 'assay', value: 101 },
    ]);
    const set = await buildAnalysisSet(store, { material: 'tablet', rule: 'first' });
    expect(nums(col(set, 'api.assay (via granulation)'))).toEqual([99, 99, null]);
  });

  it('flags columns resting on equal shares where quantities are missing', async () => {
    store = await tabletNetwork();
    await insert(store, 'discrete', [{ lot: 'L1', material: 'lactose', parameter: 'water', value: 4 }, { lot: 'L2', material: 'lactose', parameter: 'water', value: 6 }]);
    const set = await buildAnalysisSet(store, { material: 'tablet' });
    // Lactose in T1: L1 0.4·1 + 0.6·0.5 = 0.7, L2 0.6·0.5 = 0.3 (estimated) → 0.7·4 + 0.3·6.
    const c = col(set, 'lactose.water (via granulation)');
    expect(nums(c)).toEqual([4.6, 4.6, null]);
    expect(c.origin.estimated).toBe(true);
  });
});

describe('factors', () => {
  it('gives site, status, campaign, start, equipment per step and the dominant raw lot with its supplier', async () => {
    store = await tabletNetwork();
    const set = await buildAnalysisSet(store, { material: 'tablet' });
    const f = (n: string) => col(set, n).values;
    expect(f('site')).toEqual(['S', 'S', 'R']);
    expect(f('status')).toEqual(['released', 'released', 'rejected']);
    expect(f('campaign')).toEqual(['C1', 'C1', null]);
    expect(col(set, 'start').kind).toBe('time');
    expect(Array.from(f('start') as Float64Array)).toEqual([Date.parse('2024-04-01T00:00:00Z'), Date.parse('2024-04-02T00:00:00Z'), Date.parse('2024-05-01T00:00:00Z')]);
    expect(f('compression.equipment')).toEqual(['PR-1', 'PR-1', 'PR-9']);
    expect(f('blending.equipment')).toEqual(['BL-1', 'BL-1', 'BL-2']);
    // G2 (0.6) outweighs G1 (0.4) in B1.
    expect(f('granulation.equipment')).toEqual(['GR-2', 'GR-2', 'GR-1']);
    // A3 is the largest API share of T1 (0.54), supplied by SupA; T3 has only A1 (SupC).
    expect(f('api.lot')).toEqual(['A3', 'A3', 'A1']);
    expect(f('api.supplier')).toEqual(['SupA', 'SupA', 'SupC']);
    expect(f('lactose.lot')).toEqual(['L1', 'L1', null]);
    expect(col(set, 'api.supplier').origin).toMatchObject({ factor: 'supplier', rule: 'dominant' });
  });

  it('leaves out what include switches off', async () => {
    store = await tabletNetwork();
    const set = await buildAnalysisSet(store, { material: 'tablet', include: { upstream: false, factors: false } });
    expect(set.columns.map((c) => c.name).sort()).toEqual(['dissolution', 'tablet_weight.rsd']);
    // Two edges up reach the granulates (LOD) but not the API lots (d90, water).
    const shallow = await buildAnalysisSet(store, { material: 'tablet', include: { depth: 2, factors: false, features: false } });
    expect(shallow.columns.map((c) => c.name)).toEqual(['dissolution', 'granulate.lod (via blending)']);
  });

  it('names a material reached through two steps by the step that consumed it', async () => {
    store = await tabletNetwork();
    // Lactose also added at blending: L2 → B1.
    await insert(store, 'genealogy', [{ parent_lot: 'L2', child_lot: 'B1', quantity: 5 }]);
    await insert(store, 'discrete', [{ lot: 'L2', material: 'lactose', parameter: 'water', value: 6 }]);
    const set = await buildAnalysisSet(store, { material: 'tablet' });
    expect(nums(col(set, 'lactose.water (via blending)'))).toEqual([6, 6, null]);
    expect(nums(col(set, 'lactose.water (via granulation)'))).toEqual([6, 6, null]);
    expect(col(set, 'lactose.supplier (via blending)').values).toEqual(['LacY', 'LacY', null]);
    expect(col(set, 'lactose.supplier (via granulation)').values).toEqual(['LacX', 'LacX', null]);
  });
});
