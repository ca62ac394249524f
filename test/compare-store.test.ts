import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareParameter } from '../src/compare/compare-parameter.js';
import { isDone } from '../src/compare/outcome.js';
import { Store } from '../src/store/store.js';

/**
 * compareParameter on a real in-memory store: 7 tablet lots at two sites, assay values chosen
 * so every number is checkable by hand.
 *   site LJ: T1 99, T2 100, T3 101 (mean 100, sd 1)    site NM: T4 101, T5 102, T6 103 (mean 102, sd 1)
 *   T7 at NM has no assay (dropped and counted). Lot attribute 'granulator': G1 for T1, T2, T4; G2 for T3, T5, T6.
 */
export async function seedStore(store: Store): Promise<void> {
  await store.run(`INSERT INTO sites VALUES ('LJ', 'Ljubljana', 'Europe/Ljubljana', NULL, NULL), ('NM', 'Novo mesto', 'Europe/Ljubljana', NULL, NULL)`);
  await store.run(`INSERT INTO materials VALUES ('tablet', 'product', 'Tablet 10 mg', NULL, NULL)`);
  await store.run(`INSERT INTO parameters VALUES ('tablet', 'assay', 'discrete', NULL, '%', 'cqa', 'assay of label claim', NULL, NULL)`);
  await store.run(`INSERT INTO specifications VALUES ('tablet', 'assay', '2020-01-01T00:00:00Z', 95, 105, 100, NULL, NULL)`);
  const lots: [string, string, string, number | null, string][] = [
    ['T1', 'LJ', '2024-01-01', 99, 'G1'], ['T2', 'LJ', '2024-01-02', 100, 'G1'], ['T3', 'LJ', '2024-01-03', 101, 'G2'],
    ['T4', 'NM', '2024-01-04', 101, 'G1'], ['T5', 'NM', '2024-01-05', 102, 'G2'], ['T6', 'NM', '2024-01-06', 103, 'G2'],
    ['T7', 'NM', '2024-01-07', null, 'G1'],
  ];
  for (const [lot, site, start, assay, gran] of lots) {
    await store.run(
      `INSERT INTO lots (lot, material, site, start_time, end_time, status) VALUES ($lot, 'tablet', $site, $start::TIMESTAMPTZ, $start::TIMESTAMPTZ + INTERVAL 8 HOUR, 'released')`,
      { lot, site, start: `${start}T08:00:00Z` },
    );
    if (assay !== null) await store.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($lot, 'tablet', 'assay', $v)`, { lot, v: assay });
    await store.run(`INSERT INTO lot_attributes (lot, name, value) VALUES ($lot, 'granulator', $g)`, { lot, g: gran });
  }
}

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

  it('unknown parameter and unknown factor are clear errors', async () => {
    await expect(compareParameter(store, { parameter: 'hardness', by: 'site' })).rejects.toMatchObject({ code: 'unknown_parameter' });
    await expect(compareParameter(store, { parameter: 'assay', by: 'coater' })).rejects.toMatchObject({ code: 'unknown_factor' });
  });
});
