import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisColumn, AnalysisSet } from '../src/context/analysis-set-types.js';
import { explainSet } from '../src/explain/drivers/explain.js';
import { parseBad } from '../src/explain/drivers/target.js';
import { bestSplit } from '../src/explain/drivers/split.js';
import { Store } from '../src/store/store.js';
import { mulberry32 } from './support/mulberry32.js';

/** Seeded uniform numbers: the same fixture on every run. */
const rng = mulberry32;
function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

const origin = (extra: Partial<AnalysisColumn['origin']>): AnalysisColumn['origin'] => ({ material: 'tablet', path: ['tablet'], rule: 'own', estimated: false, ...extra });

/**
 * 300 lots. dissolution = 90 − 0.05·(d90 − 100) + noise; d50 is a proxy of d90 (r ≈ 0.95);
 * supplier B sells the coarse lots (a proxy too); hardness_setpoint is noise; site is
 * harmless; 'own_temp' is a second, independent real driver (+0.8 per unit).
 */
function fixture(): AnalysisSet {
  const r = rng(7);
  const n = 300;
  const d90 = new Float64Array(n);
  const d50 = new Float64Array(n);
  const temp = new Float64Array(n);
  const noise = new Float64Array(n);
  const y = new Float64Array(n);
  const supplier: (string | null)[] = [];
  const site: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const b = r() < 0.4;
    supplier.push(b ? 'B' : 'A');
    d90[i] = (b ? 125 : 95) + 10 * gauss(r);
    d50[i] = 0.5 * d90[i]! + 1.6 * gauss(r);
    temp[i] = 40 + gauss(r);
    noise[i] = gauss(r);
    site.push(i % 3 === 0 ? 'LJU' : i % 3 === 1 ? 'NJ' : 'PUN');
    y[i] = 90 - 0.05 * (d90[i]! - 100) + 0.8 * (temp[i]! - 40) + 0.6 * gauss(r);
  }
  // Missing values stay missing: 30 lots without d50.
  for (let i = 0; i < 30; i++) d50[i * 10] = NaN;
  const col = (name: string, values: Float64Array, o: Partial<AnalysisColumn['origin']>): AnalysisColumn => ({ name, kind: 'numeric', values, origin: origin(o), missing: values.filter((v) => !Number.isFinite(v)).length });
  return {
    material: 'tablet',
    rule: 'weighted_mean',
    lots: Array.from({ length: n }, (_, i) => `T${i}`),
    columns: [
      col('dissolution', y, { parameter: 'dissolution' }),
      col('api.d90 (via granulation)', d90, { material: 'api', parameter: 'd90', path: ['api', 'granulation', 'tablet'], rule: 'weighted_mean' }),
      col('api.d50 (via granulation)', d50, { material: 'api', parameter: 'd50', path: ['api', 'granulation', 'tablet'], rule: 'weighted_mean' }),
      col('drying.product_temp.max', temp, { material: 'dried', feature: 'drying.product_temp.max', path: ['dried', 'tablet'], rule: 'weighted_mean' }),
      col('hardness_setpoint', noise, { parameter: 'hardness_setpoint' }),
      { name: 'api.supplier', kind: 'factor', values: supplier, origin: origin({ material: 'api', factor: 'supplier', path: ['api', 'tablet'], rule: 'dominant' }), missing: 0 },
      { name: 'site', kind: 'factor', values: site, origin: origin({ factor: 'site' }), missing: 0 },
    ],
  };
}

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:');
});
afterAll(() => store.close());
const ctx = () => ({ store, units: new Map([['d90', 'µm'], ['dissolution', '%']]), roles: new Map<string, string>(), material: 'tablet', target: 'dissolution' });

describe('explain on a hand-built analysis set', () => {
  it('ranks both real drivers first and groups the proxies under the one they shadow', async () => {
    const why = await explainSet(fixture(), ctx());
    const names = why.drivers.map((d) => d.name);
    expect(names.slice(0, 2).sort()).toEqual(['api.d90 (via granulation)', 'drying.product_temp.max']);
    const d90 = why.drivers.find((d) => d.name === 'api.d90 (via granulation)')!;
    expect(d90.direction).toBe('down');
    expect(d90.proxies.map((p) => p.name).sort()).toEqual(['api.d50 (via granulation)', 'api.supplier']);
    expect(names).not.toContain('hardness_setpoint');
    expect(names).not.toContain('site');
    expect(d90.q).toBeLessThan(0.001);
    expect(d90.sentence).toMatch(/^Lots whose api lots had d90 above [\d.]+ µm \(contribution-weighted\) had [\d.]+ % lower dissolution \(n = \d+ vs \d+, q < 0\.001\)\.$/);
    expect(why.model.r2).toBeGreaterThan(0.5);
    expect(why.caveats[0]).toMatch(/Correlation is not cause/);
  });

  it('counts missing values per candidate instead of dropping the lots everywhere', async () => {
    const why = await explainSet(fixture(), ctx());
    const d50 = why.screened.find((s) => s.name === 'api.d50 (via granulation)')!;
    expect(d50.missing).toBe(30);
    expect(d50.n).toBe(270);
    const d90 = why.screened.find((s) => s.name === 'api.d90 (via granulation)')!;
    expect(d90.n).toBe(300);
  });

  it('explains a pass/fail target given by an expression', async () => {
    const why = await explainSet(fixture(), { ...ctx(), mode: { kind: 'expr', expr: 'dissolution < 89' } });
    expect(why.target.bad).toBeGreaterThan(10);
    expect(why.drivers[0]?.test).toMatch(/mann-whitney|fisher|chi-square/);
    expect(why.drivers.map((d) => d.name)).toContain('api.d90 (via granulation)');
    expect(why.drivers.find((d) => d.name === 'api.d90 (via granulation)')!.sentence).toMatch(/failed dissolution in [\d.]+ % of cases/);
  });

  it('says plainly when the target has no variance or no lot is bad', async () => {
    const set = fixture();
    (set.columns[0] as { values: Float64Array }).values = new Float64Array(300).fill(90);
    await expect(explainSet(set, { ...ctx(), mode: { kind: 'expr', expr: '< 80' } })).rejects.toThrow(/every one of the 300 lots is good/);
    const none = await explainSet(set, ctx()).catch((e: Error) => e);
    expect(none).toBeInstanceOf(Error);
    expect((none as Error).message).toBe('dissolution has the same value (90) on all 300 tablet lots');
  });

  it('names an unknown target and suggests the close names', async () => {
    await expect(explainSet(fixture(), { ...ctx(), target: 'dissolutio' })).rejects.toThrow(/'dissolutio' is not a parameter or feature of tablet lots/);
  });
});

describe('parts', () => {
  it('finds the split a reader finds by eye', () => {
    const s = bestSplit(new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), new Float64Array([5, 5, 5, 5, 5, 9, 9, 9, 9, 9]))!;
    expect(s).toEqual({ threshold: 5, nBelow: 5, nAbove: 5, meanBelow: 5, meanAbove: 9 });
  });
  it('reads --bad expressions', () => {
    const p = parseBad('dissolution < 85 or dissolution > 110', 'dissolution');
    expect([80, 90, 120].map(p)).toEqual([true, false, true]);
    expect(() => parseBad('hardness < 3', 'dissolution')).toThrow(/cannot read 'hardness < 3'/);
  });
});
