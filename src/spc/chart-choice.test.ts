import { describe, expect, it } from 'vitest';
import { replicateCapability } from './capability-replicates.js';
import { defaultChart, lotMeansNote } from './chart-choice.js';
import type { ChartData, LotRow } from './chart-data.js';

const lot = (i: number, replicates?: number[]): LotRow => ({
  lot: `L${i}`, time: null, key: '', value: replicates ? replicates.reduce((a, b) => a + b, 0) / replicates.length : i, ...(replicates ? { replicates } : {}),
});
const data = (source: ChartData['source'], rows: LotRow[]): ChartData => ({ material: 'M', source, rows, notes: [] });
const n = (k: number) => Array.from({ length: k }, (_, j) => 10 + (j % 3));

describe('defaultChart', () => {
  it('I-MR for one value per lot', () => {
    expect(defaultChart(data('discrete', [lot(1), lot(2)]), 'assay').kind).toBe('imr');
    expect(defaultChart(data('feature', [lot(1), lot(2)]), 'x.max').kind).toBe('imr');
  });
  it('X̄-R for 2…10 values per lot, all lots alike', () => {
    expect(defaultChart(data('replicates', [lot(1, n(2)), lot(2, n(2))]), 'w')).toMatchObject({ kind: 'xbar-r' });
    expect(defaultChart(data('replicates', [lot(1, n(10)), lot(2, n(10))]), 'hardness').reason).toBe(
      'X̄-R chart, the default for 10 values of hardness per lot (each lot one subgroup; X̄-S is used above 10 values or when lots have different numbers)',
    );
  });
  it('X̄-S above 10 values per lot or when the numbers differ', () => {
    expect(defaultChart(data('replicates', [lot(1, n(11)), lot(2, n(11))]), 'w').kind).toBe('xbar-s');
    const mixed = defaultChart(data('replicates', [lot(1, n(6)), lot(2, n(12))]), 'dissolution');
    expect(mixed.kind).toBe('xbar-s');
    expect(mixed.reason).toContain('6–12 values of dissolution per lot');
    expect(mixed.reason).toContain('the lots have different numbers of values');
  });
  it('I-MR of lot means when a lot has a single value', () => {
    expect(defaultChart(data('replicates', [lot(1, [5]), lot(2, n(3))]), 'w').kind).toBe('imr');
  });
});

describe('lotMeansNote', () => {
  const reps = data('replicates', [lot(1, n(5)), lot(2, n(5))]);
  it('says an I-MR, EWMA or CUSUM chart of a replicate parameter plots lot means', () => {
    expect(lotMeansNote('imr', reps, 'd', undefined)).toMatch(/^I-MR chart of lot means: each point is a lot's mean of its 5 values of d;/);
    expect(lotMeansNote('cusum', reps, 'd', undefined)).toMatch(/^CUSUM chart of lot means/);
    expect(lotMeansNote('xbar-r', reps, 'd', undefined)).toBeUndefined();
    expect(lotMeansNote('imr', data('discrete', [lot(1)]), 'd', undefined)).toBeUndefined();
  });
  it('refuses attribute charts of measured values', () => {
    expect(() => lotMeansNote('p', reps, 'd', undefined)).toThrow(/a p chart counts nonconforming units/);
  });
});

describe('replicateCapability', () => {
  // Lots [1, 3] and [2, 4]: ranges 2 and 2, R̄/d2(2) = 2/1.128; all values 1, 2, 3, 4: mean 2.5,
  // sd √(5/3); specification 0–5: Cp = 5/(6·2/1.128) = 0.47, Pp = 5/(6·√(5/3)) = 0.6455.
  const rows = [lot(1, [1, 3]), lot(2, [2, 4])];
  it('uses every value, σ within R̄/d2 of the lots, σ overall of all values', () => {
    const r = replicateCapability(rows, { lsl: 0, usl: 5 }, { distribution: 'normal' });
    expect(r.result.n).toBe(4);
    expect(r.result.mean).toBe(2.5);
    expect(r.result.sigmaWithin).toBeCloseTo(2 / 1.128, 12);
    expect(r.result.sigmaWithinMethod).toBe('R̄/d2 over 2 lots of 2 values');
    expect(r.result.sdOverall).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(r.result.indices.cp!.value).toBeCloseTo(5 / (6 * (2 / 1.128)), 12);
    expect(r.result.indices.pp!.value).toBeCloseTo(5 / (6 * Math.sqrt(5 / 3)), 12);
    expect(r.subgroups).toEqual({ lots: 2, sizes: '2', estimator: 'R̄/d2' });
  });
  it('S̄/c4 when the lots have different numbers of values; a single-value lot counts only overall', () => {
    const r = replicateCapability([lot(1, [1, 3]), lot(2, [2, 4, 6]), lot(3, [3])], { lsl: 0, usl: 8 }, { distribution: 'normal' });
    expect(r.result.n).toBe(6);
    expect(r.subgroups).toEqual({ lots: 2, sizes: '2–3', estimator: 'S̄/c4' });
    expect(r.notes[0]).toBe('1 lot with a single value count in σ overall but not in σ within');
  });
});
