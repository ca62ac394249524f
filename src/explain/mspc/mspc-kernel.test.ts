/**
 * The blocked scoring kernel against the plain row-at-a-time computation (autoscale,
 * t_a = Σ_j z_j v_aj, e_j = z_j − Σ_a t_a p_aj in component order, T² = Σ t²/s², SPE = Σ e²),
 * written out below, on data whose row count and variable count are not multiples of the
 * kernel's block, unroll or pair sizes: scores and T² bit for bit; SPE bit for bit for PLS and,
 * for PCA (where it is ‖z‖² − ‖t‖² away from the model plane), to 1e-12 relative, also for rows
 * on and near the plane. Rows with a missing value are skipped.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/support/mulberry32.js';
import { finiteRows, scoreRows } from './mspc-kernel.js';
import { scoreModel } from './mspc-score.js';
import type { MspcModel, MspcTable } from './mspc-types.js';
import { fitPca } from './pca.js';
import { fitPls } from './pls.js';

/** A table of n rows × p correlated variables from a seeded generator. */
function table(n: number, p: number, seed: number): MspcTable {
  const r = mulberry32(seed);
  const latent = Array.from({ length: n }, () => [r() - 0.5, r() - 0.5, r() - 0.5]);
  return {
    rows: Array.from({ length: n }, (_, i) => `r${i}`),
    columns: Array.from({ length: p }, (_, j) => ({
      name: `x${j}`,
      values: Float64Array.from(latent, (l) => 100 + 10 * j + l[j % 3]! * (j + 1) + l[(j + 1) % 3]! + 0.3 * (r() - 0.5)),
    })),
  };
}

/** The plain computation, one row at a time. */
function plain(model: MspcModel, t: MspcTable): { scores: number[]; t2: number[]; spe: number[] } {
  const p = model.variables.length, A = model.components;
  const V = model.kind === 'pca' ? model.loadings : model.rotations;
  const out = { scores: [] as number[], t2: [] as number[], spe: [] as number[] };
  for (let i = 0; i < t.rows.length; i++) {
    const z = model.variables.map((_, j) => (t.columns[j]!.values[i]! - model.scaling.mean[j]!) / model.scaling.sd[j]!);
    if (z.some((v) => !Number.isFinite(v))) continue;
    const e = z.slice();
    const s: number[] = [];
    for (let a = 0; a < A; a++) {
      let x = 0;
      for (let j = 0; j < p; j++) x += z[j]! * V[a]![j]!;
      s.push(x);
      for (let j = 0; j < p; j++) e[j]! -= x * model.loadings[a]![j]!;
    }
    let q = 0;
    for (let a = 0; a < A; a++) q += (s[a]! * s[a]!) / model.scoreVariance[a]!;
    let spe = 0;
    for (let j = 0; j < p; j++) spe += e[j]! * e[j]!;
    out.scores.push(...s);
    out.t2.push(q);
    out.spe.push(spe);
  }
  return out;
}

/** Largest |a − b| / |b| over two arrays. */
function worstRelative(a: ArrayLike<number>, b: number[]): number {
  let w = 0;
  for (let i = 0; i < b.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!) / Math.abs(b[i]!));
  return w;
}

describe('MSPC scoring kernel', () => {
  it.each([
    ['PCA, 9 of 11 variables, 203 rows', 11, 9, 203],
    ['PCA, 6 of 7 variables, 65 rows', 7, 6, 65],
    ['PCA, 1 of 2 variables, 3 rows', 2, 1, 3],
  ])('%s: the same bits as the plain computation', (_, p, A, n) => {
    const train = table(120, p, 1);
    const test = table(n, p, 2);
    const model = fitPca(train, { components: A });
    const got = scoreModel(model, test);
    const want = plain(model, test);
    expect(Array.from(got.t2)).toEqual(want.t2);
    expect(Array.from(got.scores)).toEqual(want.scores);
    expect(worstRelative(got.spe, want.spe)).toBeLessThanOrEqual(1e-12);
  });

  it('PCA: SPE of rows on and near the model plane (formed variable by variable there)', () => {
    const train = table(150, 8, 7);
    const model = fitPca(train, { components: 3 });
    // Rows at the training mean plus a multiple of the first loading, plus ever smaller noise.
    const noise = [0, 1e-9, 1e-6, 1e-3, 0.1, 1];
    const r = mulberry32(9);
    const test: MspcTable = {
      rows: noise.map((_, i) => `n${i}`),
      columns: model.variables.map((name, j) => ({
        name,
        values: Float64Array.from(noise, (eps) => model.scaling.mean[j]! + model.scaling.sd[j]! * (2 * model.loadings[0]![j]! + eps * (r() - 0.5))),
      })),
    };
    const got = scoreModel(model, test);
    const want = plain(model, test);
    expect(want.spe[0]).toBeLessThan(1e-20);
    expect(got.spe[0]).toBeLessThan(1e-20);
    expect(worstRelative(got.spe.subarray(1), want.spe.slice(1))).toBeLessThanOrEqual(1e-12);
    expect(Array.from(got.t2)).toEqual(want.t2);
  });

  it('PLS: the same bits as the plain computation (scores through R, residual through P)', () => {
    const train = table(80, 6, 3);
    const test = table(70, 6, 4);
    const x = { rows: train.rows, columns: train.columns.slice(0, 5) };
    const model = fitPls(train, { x: x.columns.map((c) => c.name), y: ['x5'], components: 3 });
    const got = scoreModel(model, test);
    const want = plain(model, test);
    expect(Array.from(got.t2)).toEqual(want.t2);
    expect(Array.from(got.spe)).toEqual(want.spe);
  });

  it('leaves out rows with a missing value and scores the rest in order', () => {
    const cols = [Float64Array.from([1, NaN, 3, 4]), Float64Array.from([2, 2, Infinity, 5])];
    expect(Array.from(finiteRows(cols, 4))).toEqual([0, 3]);
    const model = fitPca(table(50, 4, 5), { components: 2 });
    const test = table(10, 4, 6);
    test.columns[2]!.values[4] = NaN;
    const got = scoreModel(model, test);
    expect(got.rows).toEqual(['r0', 'r1', 'r2', 'r3', 'r5', 'r6', 'r7', 'r8', 'r9']);
    expect(got.skipped).toEqual([{ row: 'r4', missing: ['x2'] }]);
    expect(Array.from(got.t2)).toEqual(plain(model, test).t2);
    expect(got.spe).toHaveLength(9);
    const direct = scoreRows(model, test.columns.map((c) => c.values), Int32Array.from([9, 0]));
    expect(Array.from(direct.t2)).toEqual([got.t2[8], got.t2[0]]);
  });
});
