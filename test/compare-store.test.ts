import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareParameter } from '../src/compare/compare-parameter.js';
import { isDone } from '../src/compare/outcome.js';
import { parameterStatistics } from '../src/compare/parameter-statistics.js';
import { Store } from '../src/store/store.js';
import { seedStore } from './compare-fixture.js';
import { tabletNetwork } from './genealogy-fixtures.js';

/** Fixture: see compare-fixture.ts (7 tablet lots, two sites, hand-checkable assay values). */

describe('compareParameter (store)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open(':memory:');
    await seedStore(store);
  });
  afterEach(() => store.close());

  it('by site: groups, dropped lots, stored spec, ANOVA F = 6 (SSB 6, SSW 4)', async () => {
    const r = await compareParameter(store, { parameter: 'assay', by: 'site' });
    expect(r.material).toBe('tablet');
    expect(r.lots).toBe(7);
    expect(r.dropped).toEqual({ missingValue: 1, missingFactor: 0 });
    expect(r.spec).toMatchObject({ lsl: 95, usl: 105, target: 100, source: 'stored' });
    expect(r.comparison.groups.map((g) => [g.group, g.n, g.mean, g.sd])).toEqual([['LJ', 3, 100, 1], ['NM', 3, 102, 1]]);
    const a = r.comparison.anova;
    expect(isDone(a) && a.result.f).toBeCloseTo(6, 13);
  });

  it('by a lot attribute: granulator G1 (99, 100, 101) vs G2 (101, 102, 103)', async () => {
    const r = await compareParameter(store, { parameter: 'assay', by: 'granulator' });
    expect(r.comparison.groups.map((g) => [g.group, g.n, g.mean])).toEqual([['G1', 3, 100], ['G2', 3, 102]]);
    expect(r.dropped.missingValue).toBe(1);
  });

  it('equivalence with a margin and a reference site: NM − LJ = 2, 90 % CI 2 ± 2.1318·√(2/3)', async () => {
    const r = await compareParameter(store, { parameter: 'assay', by: 'site', margin: 3, reference: 'LJ' });
    const t = r.comparison.equivalence!.tests[0]!;
    expect(t.status === 'done' && t.result.group).toBe('NM');
    if (t.status !== 'done') return;
    expect(t.result.diff).toBeCloseTo(2, 13);
    expect(t.result.ciUpper).toBeCloseTo(2 + 2.131846786326649 * Math.sqrt(2 / 3), 12);
    expect(t.result.equivalent).toBe(false); // upper end 3.74 > 3
  });

  it('per-group capability against the stored spec: Pp = (105 − 95)/(6·1) for both sites', async () => {
    const r = await compareParameter(store, { parameter: 'assay', by: 'site' });
    for (const g of r.comparison.groups) {
      const cap = g.capability!;
      expect(cap.status).toBe('done');
      if (cap.status === 'done') expect(cap.result.indices.pp?.value).toBeCloseTo(10 / 6, 13);
    }
  });

  it('filters: --site LJ leaves one group, so the tests say why they did not run', async () => {
    const r = await compareParameter(store, { parameter: 'assay', by: 'site', site: 'LJ' });
    expect(r.comparison.groups.map((g) => g.group)).toEqual(['LJ']);
    expect(r.comparison.anova).toMatchObject({ status: 'not_computed', code: 'too_few_groups' });
    const t = await compareParameter(store, { parameter: 'assay', by: 'site', from: '2024-01-03T00:00:00Z', to: '2024-01-06T00:00:00Z' });
    expect(t.comparison.groups.map((g) => [g.group, g.n])).toEqual([['LJ', 1], ['NM', 2]]);
  });

  it('parameterStatistics: lots in start order 99, 100, 101, 101, 102, 103 → mean 101, s² 2, r(1) = 4/10', async () => {
    const s = await parameterStatistics(store, { parameter: 'assay' });
    expect([s.material, s.n, s.missing, s.mean]).toEqual(['tablet', 6, 1, 101]);
    expect(s.sd).toBeCloseTo(Math.SQRT2, 14);
    expect(s.lag1Autocorrelation).toBeCloseTo(0.4, 14);
    await expect(parameterStatistics(store, { parameter: 'assay', site: 'NM', from: '2024-01-07T00:00:00Z' })).rejects.toMatchObject({ code: 'no_data' });
  });

  it('unknown parameter and unknown factor are clear errors', async () => {
    await expect(compareParameter(store, { parameter: 'hardness', by: 'site' })).rejects.toMatchObject({ code: 'unknown_parameter' });
    await expect(compareParameter(store, { parameter: 'assay', by: 'coater' })).rejects.toMatchObject({ code: 'unknown_factor' });
  });
});

describe('compareParameter on a genealogy network (features and upstream values)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await tabletNetwork();
  });
  afterEach(() => store.close());

  it('a feature by equipment: G1 5 (GR-1), G2 7 (GR-2), G3 without a value is dropped', async () => {
    const r = await compareParameter(store, { parameter: 'granulation.impeller_power.max', by: 'equipment' });
    expect(r.material).toBe('granulate');
    expect(r.by).toBe('granulation.equipment');
    expect(r.comparison.groups.map((g) => [g.group, g.n, g.mean])).toEqual([['GR-1', 1, 5], ['GR-2', 1, 7]]);
    expect(r.dropped).toEqual({ missingValue: 1, missingFactor: 0 });
    // one lot per group: nothing within groups to test against, said so
    expect(r.comparison.anova).toMatchObject({ status: 'not_computed', code: 'too_few_values' });
  });

  it('an upstream value by <step>.equipment: contribution-weighted API d90 of G1 100, G2 125, G3 100', async () => {
    const r = await compareParameter(store, { parameter: 'api.d90 (via granulation)', material: 'granulate', by: 'granulation.equipment' });
    // G1: (10·100 + 30·200 + 60·50)/100 = 100; G2: (50·200 + 50·50)/100 = 125; G3: A1 only = 100
    expect(r.comparison.groups.map((g) => [g.group, g.n, g.mean])).toEqual([['GR-1', 2, 100], ['GR-2', 1, 125]]);
  });
});
