import { describe, expect, it } from 'vitest';
import { speLimit, t2Limit } from './mspc-limits.js';
import { contributions, scoreModel } from './mspc-score.js';
import { fitPca } from './pca.js';
import type { MspcTable } from './mspc-types.js';

// x1 = 1..5, x2 = 2,1,4,3,5: both have mean 3 and variance 2.5; their correlation is 8/10 = 0.8.
// The correlation matrix [[1, .8], [.8, 1]] has eigenvalues 1.8 and 0.2 with eigenvectors
// (1, 1)/√2 and (1, −1)/√2. Observation 1 autoscaled is z = (−2, −1)/√2.5, so its score on
// PC1 is t = −3/√5, T² = t²/1.8 = 1.8/1.8 = 1, and its residual along (1, −1)/√2 is −1/√5: SPE 0.2.
const table: MspcTable = {
  rows: ['o1', 'o2', 'o3', 'o4', 'o5'],
  columns: [
    { name: 'x1', values: Float64Array.from([1, 2, 3, 4, 5]) },
    { name: 'x2', values: Float64Array.from([2, 1, 4, 3, 5]) },
  ],
};

describe('fitPca on a 2-variable example with known eigenvectors', () => {
  const model = fitPca(table, { components: 1 });

  it('finds eigenvalues 1.8 and 0.2 and the loading (1, 1)/√2', () => {
    expect(model.eigenvalues[0]).toBeCloseTo(1.8, 12);
    expect(model.eigenvalues[1]).toBeCloseTo(0.2, 12);
    expect(model.loadings[0]![0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(model.loadings[0]![1]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(model.explained[0]).toBeCloseTo(0.9, 12);
    expect(model.scaling.mean).toEqual([3, 3]);
    expect(model.scaling.sd[0]).toBeCloseTo(Math.sqrt(2.5), 12);
  });

  it('gives T² = 1 and SPE = 0.2 for observation 1, and the limits from their formulas', () => {
    const s = scoreModel(model, table, { confidence: 0.99 });
    expect(s.scores[0]).toBeCloseTo(-3 / Math.sqrt(5), 12);
    expect(s.t2[0]).toBeCloseTo(1, 12);
    expect(s.spe[0]).toBeCloseTo(0.2, 12);
    // Phase II: A(n−1)(n+1)/(n(n−A))·F(.99; 1, 4) = 1.2 × 21.1977 (F table value).
    expect(s.t2Limit).toBeCloseTo(1.2 * 21.19769, 3);
    // Jackson–Mudholkar with one residual eigenvalue 0.2: θ = (.2, .04, .008), h0 = 1/3,
    // Q = 0.2·(z·√(0.08/9)/0.2 + 1 − 2/9)³ with z = 2.3263479.
    const z = 2.3263479;
    expect(s.speLimit).toBeCloseTo(0.2 * (z * Math.sqrt(0.08 / 9) / 0.2 + 7 / 9) ** 3, 5);
    const training = scoreModel(model, table, { confidence: 0.99, t2Form: 'training' });
    expect(training.t2Limit).toBeCloseTo(21.19769, 3);
    expect(training.t2FormText).toContain('A(N-1)/(N-A)');
  });

  it('splits T² and SPE of observation 1 into contributions that add up', () => {
    const c = contributions(model, table, 'o1');
    const byName = Object.fromEntries(c.map((x) => [x.variable, x]));
    // t/1.8 · (1/√2) · z_j: 6/9 for x1 and 3/9 for x2; residual e = (−1, 1)/√10 → 0.1 each.
    expect(byName.x1!.t2).toBeCloseTo(2 / 3, 12);
    expect(byName.x2!.t2).toBeCloseTo(1 / 3, 12);
    expect(byName.x1!.spe).toBeCloseTo(0.1, 12);
    expect(byName.x2!.spe).toBeCloseTo(0.1, 12);
  });

  it('leaves out and counts rows with a missing value, and lists unscored rows', () => {
    const withGap: MspcTable = {
      rows: [...table.rows, 'gap'],
      columns: table.columns.map((c, j) => ({ name: c.name, values: Float64Array.from([...c.values, j === 0 ? NaN : 1]) })),
    };
    const m = fitPca(withGap, { components: 1 });
    expect(m.n).toBe(5);
    expect(m.excluded).toBe(1);
    const s = scoreModel(m, withGap);
    expect(s.rows).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
    expect(s.skipped).toEqual([{ row: 'gap', missing: ['x1'] }]);
  });

  it('refuses a variable without variance, naming it', () => {
    const flat: MspcTable = { rows: table.rows, columns: [...table.columns, { name: 'x3', values: new Float64Array(5).fill(7) }] };
    expect(() => fitPca(flat, { components: 1 })).toThrow(/'x3' has no variance/);
  });

  it('refuses as many components as variables (no residual for SPE)', () => {
    expect(() => fitPca(table, { components: 2 })).toThrow(/2 components is not possible/);
  });

  it('limits refuse impossible settings with a reason', () => {
    expect(() => t2Limit('phase2', 5, 5, 0.99)).toThrow(/needs more than 5 observations/);
    expect(() => t2Limit('phase2', 1, 5, 99)).toThrow(/confidence 99 is not between 0 and 1/);
    expect(() => speLimit([0, 0, 0], 0.99)).toThrow(/no residual variance/);
  });
});
