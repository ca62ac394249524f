import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAudit } from '../src/store/audit.js';
import { controlChart } from '../src/spc/control-chart.js';
import { proposeFromBaseline } from '../src/spc/limits-propose.js';
import { approveLimits, listLimits, proposeLimits } from '../src/spc/limits-store.js';
import { NELSON } from '../src/spc/run-rules.js';
import { Store } from '../src/store/store.js';

// 12 tablet lots, one a day from 2024-01-01, alternating sites. Baseline L01–L10: mean 100,
// moving ranges 1,2,1,2,4,2,1,2,1 → MR̄ = 16/9, σ = MR̄/1.128 = 1.57604, UCL = 104.728.
const ASSAY = [100, 101, 99, 100, 102, 98, 100, 101, 99, 100, 110, 100];
const lot = (i: number) => `L${String(i + 1).padStart(2, '0')}`;

async function fixture(): Promise<Store> {
  const s = await Store.open(':memory:');
  await s.run(`INSERT INTO sites VALUES ('S1', 'Site 1', 'Europe/Ljubljana', NULL, NULL), ('S2', 'Site 2', 'Europe/Ljubljana', NULL, NULL)`);
  await s.run(`INSERT INTO materials VALUES ('TAB', 'product', NULL, NULL, NULL), ('GRAN', 'intermediate', NULL, NULL, NULL)`);
  for (let i = 0; i < ASSAY.length; i++) {
    const start = `2024-01-${String(i + 1).padStart(2, '0')}T08:00:00Z`;
    await s.run(`INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'TAB', $2, $3::TIMESTAMPTZ)`, [lot(i), i % 2 ? 'S2' : 'S1', start]);
    await s.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', 'assay', $2)`, [lot(i), ASSAY[i]!]);
    if (i < 3) {
      await s.run(`INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'GRAN', 'S1', $2::TIMESTAMPTZ)`, [`G${i + 1}`, start]);
      for (const [r, v] of [[1, i + 1], [2, i + 3]] as const) {
        await s.run(`INSERT INTO replicates (lot, material, parameter, replicate, value) VALUES ($1, 'GRAN', 'moisture', $2, $3)`, [`G${i + 1}`, r, v]);
      }
    }
  }
  return s;
}

let store: Store;
beforeEach(async () => {
  store = await fixture();
});
afterEach(() => store.close());

describe('controlChart over lots in time order', () => {
  it('I-MR with a baseline of lots, violations in sentences', async () => {
    const r = await controlChart(store, { parameter: 'assay', baseline: { lots: ASSAY.slice(0, 10).map((_, i) => lot(i)) } });
    expect(r.material).toBe('TAB');
    expect(r.source).toBe('discrete');
    const p = r.panels[0]!;
    expect(p.points.map((x) => x.lots[0])).toEqual(ASSAY.map((_, i) => lot(i)));
    expect(p.chart.center).toBe(100);
    expect(p.chart.sigma).toBeCloseTo(16 / 9 / 1.128, 12);
    expect(p.chart.primary.ucl[0]).toBeCloseTo(100 + (3 * 16) / 9 / 1.128, 12);
    expect(p.limits).toEqual({ source: 'baseline', points: 10 });
    expect(p.violations.map((v) => [v.series, v.lot, v.rule])).toEqual([
      ['I', 'L11', 'we1'], ['MR', 'L11', 'we1'], ['MR', 'L12', 'we1'],
    ]);
    expect(p.violations[0]!.sentence).toBe('Lot L11 (2024-01-11) is above the upper control limit (Western Electric 1)');
    expect(p.violations[1]!.sentence).toBe('Lot L11 (2024-01-11), MR is above the upper control limit (Western Electric 1)');
  });
  it('a baseline by date range, Nelson rules, and no rules', async () => {
    const r = await controlChart(store, { parameter: 'assay', baseline: { from: '2024-01-01', to: '2024-01-11' }, rules: NELSON });
    expect(r.panels[0]!.limits).toEqual({ source: 'baseline', points: 10 });
    expect(r.panels[0]!.violations.map((v) => v.rule)).toEqual(['nelson1', 'nelson1', 'nelson1']);
    const none = await controlChart(store, { parameter: 'assay', rules: [] });
    expect(none.panels[0]!.violations).toEqual([]);
  });
  it('split by site: one panel per site, each with its own limits', async () => {
    const r = await controlChart(store, { parameter: 'assay', by: 'site' });
    expect(r.panels.map((p) => [p.key, p.points.length])).toEqual([['S1', 6], ['S2', 6]]);
    expect(r.panels[0]!.chart.center).toBeCloseTo((100 + 99 + 102 + 100 + 99 + 110) / 6, 12);
  });
  it('filters by site and time', async () => {
    const r = await controlChart(store, { parameter: 'assay', site: 'S1', from: '2024-01-03', to: '2024-01-09' });
    expect(r.panels[0]!.points.map((p) => p.lots[0])).toEqual(['L03', 'L05', 'L07']);
  });
  it('X̄-R from the replicates of each lot', async () => {
    const r = await controlChart(store, { parameter: 'moisture', chart: 'xbar-r' });
    const c = r.panels[0]!.chart;
    expect(r.source).toBe('replicates');
    expect(Array.from(c.primary.values)).toEqual([2, 3, 4]);
    expect(c.center).toBe(3);
    expect(c.sigma).toBeCloseTo(2 / 1.128, 12);
    expect(c.notes).toContain('the baseline has only 3 subgroups; limits from fewer than 20 are uncertain');
  });
  it('X̄-R from 4 consecutive lots per subgroup', async () => {
    const r = await controlChart(store, { parameter: 'assay', chart: 'xbar-r', subgroup: 4 });
    const p = r.panels[0]!;
    expect(p.points.map((x) => x.label)).toEqual(['Lots L01–L04 (2024-01-01)', 'Lots L05–L08 (2024-01-05)', 'Lots L09–L12 (2024-01-09)']);
    expect(Array.from(p.chart.primary.values)).toEqual([100, 100.25, 102.25]);
    expect(Array.from(p.chart.secondary!.values)).toEqual([2, 4, 11]);
  });
  it('a feature name charts the feature values of the lots; lots where it could not be computed are left out', async () => {
    for (const [i, v] of [[0, 5], [1, 7], [2, null], [3, 6]] as const) {
      await store.run(`INSERT INTO features (lot, name, source_kind, fn, value, n, excluded, computed_at) VALUES ($1, 'dry_time', 'event', 'duration', $2, 1, 0, now())`, [lot(i), v]);
    }
    const r = await controlChart(store, { parameter: 'dry_time', material: 'TAB' });
    expect(r.source).toBe('feature');
    expect(Array.from(r.panels[0]!.chart.primary.values)).toEqual([5, 7, 6]);
    expect(r.notes).toContain('1 lot where the feature could not be computed are left out');
  });
  it('a p chart takes each lot size from another parameter; limits step with it', async () => {
    for (let i = 0; i < 4; i++) {
      await store.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', 'defects', $2), ($1, 'TAB', 'inspected', $3)`, [lot(i), [2, 3, 1, 4][i]!, [20, 20, 40, 20][i]!]);
    }
    const r = await controlChart(store, { parameter: 'defects', chart: 'p', size: 'inspected', to: '2024-01-05' });
    const c = r.panels[0]!.chart; // p̄ = 10/100
    expect(c.center).toBeCloseTo(0.1, 15);
    expect(c.primary.ucl[0]).toBeCloseTo(0.1 + 3 * Math.sqrt(0.09 / 20), 14);
    expect(c.primary.ucl[2]).toBeCloseTo(0.1 + 3 * Math.sqrt(0.09 / 40), 14);
  });
  it('EWMA and CUSUM over lots, judged by rule 1 only', async () => {
    const e = await controlChart(store, { parameter: 'assay', chart: 'ewma', lambda: 0.2, baseline: { lots: ASSAY.slice(0, 10).map((_, i) => lot(i)) }, rules: ['we1', 'we4'] });
    expect(e.panels[0]!.chart.zoneRulesApply).toBe(false);
    expect(e.panels[0]!.violations.every((v) => v.rule === 'we1' && v.series === 'EWMA')).toBe(true);
    const c = await controlChart(store, { parameter: 'assay', chart: 'cusum', k: 0.5, h: 4, baseline: { lots: ASSAY.slice(0, 10).map((_, i) => lot(i)) }, rules: ['we1'] });
    // L11 = 110 is (110 − 100)/1.57604 = 6.35σ: C+ = 6.35 − 0.5 > 4 at L11 and still 5.85 − 0.5 > 4 at L12
    expect(c.panels[0]!.violations.map((v) => [v.series, v.lot])).toEqual([['C+', 'L11'], ['C+', 'L12']]);
  });
  it('split by campaign (a lot attribute)', async () => {
    for (let i = 0; i < ASSAY.length; i++) await store.run(`INSERT INTO lot_attributes (lot, name, value) VALUES ($1, 'campaign', $2)`, [lot(i), i < 6 ? 'C1' : 'C2']);
    const r = await controlChart(store, { parameter: 'assay', by: 'campaign' });
    expect(r.panels.map((p) => [p.key, p.points.length])).toEqual([['C1', 6], ['C2', 6]]);
  });
  it('says what it cannot do', async () => {
    await expect(controlChart(store, { parameter: 'nope' })).rejects.toMatchObject({ code: 'unknown_parameter' });
    await expect(controlChart(store, { parameter: 'assay', chart: 'xbar-r' })).rejects.toMatchObject({ code: 'no_subgroups' });
    await expect(controlChart(store, { parameter: 'assay', baseline: { lots: ['X1'] } })).rejects.toMatchObject({ code: 'empty_baseline' });
    await expect(controlChart(store, { parameter: 'assay', chart: 'p' })).rejects.toMatchObject({ code: 'no_sizes' });
  });
});

describe('stored, versioned control limits', () => {
  const key = { material: 'TAB', parameter: 'assay', chart: 'imr' as const };
  it('propose, approve by a second person, judge each point by the version valid at its time', async () => {
    const v1 = await proposeLimits(store, { ...key, validFrom: '2024-01-01', center: 100, sigma: 1, lcl: 97, ucl: 103 }, { user: 'ana', reason: 'phase I 2023' });
    expect(v1).toMatchObject({ version: 1, status: 'proposed', setBy: 'ana' });
    await expect(approveLimits(store, { ...key, version: 1 }, { user: 'ana', reason: 'ok' })).rejects.toMatchObject({ code: 'four_eyes' });
    await approveLimits(store, { ...key, version: 1 }, { user: 'ben', reason: 'reviewed' });
    await proposeLimits(store, { ...key, validFrom: '2024-01-08', center: 105, sigma: 1, lcl: 102, ucl: 108 }, { user: 'ana', reason: 'process moved' });
    await approveLimits(store, { ...key, version: 2 }, { user: 'ben', reason: 'reviewed' });
    // a proposed version never judges points
    await proposeLimits(store, { ...key, validFrom: '2024-01-10', center: 0, sigma: 1, lcl: -3, ucl: 3 }, { user: 'ana', reason: 'draft' });
    const r = await controlChart(store, { parameter: 'assay', useStored: true, rules: ['we1'] });
    const p = r.panels[0]!;
    expect(p.limits).toEqual({ source: 'stored', versions: [1, 2] });
    expect(p.points.map((x) => x.version)).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    expect(p.chart.primary.ucl[6]).toBe(103);
    expect(p.chart.primary.ucl[7]).toBe(108);
    // v1: L06 = 98 is inside (97); v2: L08 = 101, L09 = 99, L10 = 100, L12 = 100 are below 102, L11 = 110 above 108
    expect(p.violations.filter((v) => v.series === 'I').map((v) => v.lot)).toEqual(['L08', 'L09', 'L10', 'L11', 'L12']);
    const all = await listLimits(store, key);
    expect(all.map((l) => [l.version, l.status, l.approvedBy])).toEqual([[1, 'approved', 'ben'], [2, 'approved', 'ben'], [3, 'proposed', null]]);
    const trail = await readAudit(store, { entity: 'control_limits' });
    expect(trail.map((a) => [a.action, a.entity_key, a.user_name])).toEqual([
      ['insert', 'TAB/assay/imr/v3', 'ana'], ['approve', 'TAB/assay/imr/v2', 'ben'], ['insert', 'TAB/assay/imr/v2', 'ana'],
      ['approve', 'TAB/assay/imr/v1', 'ben'], ['insert', 'TAB/assay/imr/v1', 'ana'],
    ]);
  });
  it('points before the first approved version are refused, not guessed', async () => {
    await proposeLimits(store, { ...key, validFrom: '2024-01-05', center: 100, sigma: 1, lcl: 97, ucl: 103 }, { user: 'ana', reason: 'x' });
    await approveLimits(store, { ...key, version: 1 }, { user: 'ben', reason: 'y' });
    await expect(controlChart(store, { parameter: 'assay', useStored: true })).rejects.toMatchObject({ code: 'no_limits_at_time', message: expect.stringContaining('Lot L01 (2024-01-01)') });
    const later = await controlChart(store, { parameter: 'assay', useStored: true, from: '2024-01-05' });
    expect(later.panels[0]!.points).toHaveLength(8);
  });
  it('proposing from a baseline stores centre, σ, limits, settings and the baseline lots', async () => {
    const lots = ASSAY.slice(0, 10).map((_, i) => lot(i));
    const v = await proposeFromBaseline(store, { parameter: 'assay', baseline: { lots } }, { user: 'ana', reason: 'phase I' });
    expect(v).toMatchObject({ version: 1, center: 100, status: 'proposed', settings: { nsigmas: 3 } });
    expect(v.sigma).toBeCloseTo(16 / 9 / 1.128, 12);
    expect(v.ucl).toBeCloseTo(100 + (3 * 16) / 9 / 1.128, 12);
    expect(v.validFrom.toISOString()).toBe('2024-01-01T08:00:00.000Z');
    expect(v.baseline).toMatchObject({ lots, points: 10 });
    await expect(proposeFromBaseline(store, { parameter: 'assay', by: 'site' }, { user: 'ana', reason: 'x' })).rejects.toMatchObject({ code: 'bad_option' });
  });
  it('a reason is required, and unknown versions are named', async () => {
    await expect(proposeLimits(store, { ...key, validFrom: '2024-01-01', center: 1, sigma: 1, lcl: 0, ucl: 2 }, { user: 'ana' })).rejects.toMatchObject({ code: 'reason_required' });
    await expect(approveLimits(store, { ...key, version: 9 }, { user: 'ben', reason: 'r' })).rejects.toMatchObject({ code: 'limits_not_found' });
    await expect(controlChart(store, { parameter: 'assay', useStored: true })).rejects.toMatchObject({ code: 'no_stored_limits' });
  });
});
