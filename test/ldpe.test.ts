/**
 * LDPE correctness gate: PLS (A = 6, autoscaled 14 X and 5 Y) against the SIMCA reference
 * outputs in ../shared/data/kgdunn_process_improve/LDPE (SIMCA fitted all 54 observations).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitPls } from '../src/explain/mspc/pls.js';
import { scoreModel } from '../src/explain/mspc/mspc-score.js';
import type { MspcTable } from '../src/explain/mspc/mspc-types.js';
import { hasSharedData, sharedData, SHARED_DATA_MISSING } from './support/shared-data.js';

const HERE = hasSharedData('kgdunn_process_improve', 'LDPE', 'LDPE.csv');
const X = ['Tin', 'Tmax1', 'Tout1', 'Tmax2', 'Tout2', 'Tcin1', 'Tcin2', 'z1', 'z2', 'Fi1', 'Fi2', 'Fs1', 'Fs2', 'Press'];
const Y = ['Conv', 'Mn', 'Mw', 'LCB', 'SCB'];

function csv(file: string): number[][] {
  return readFileSync(sharedData('kgdunn_process_improve', 'LDPE', file), 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
}

function ldpe(): MspcTable {
  const lines = readFileSync(sharedData('kgdunn_process_improve', 'LDPE', 'LDPE.csv'), 'utf8').trim().split('\n');
  const head = lines[0]!.split(',').slice(1);
  const data = lines.slice(1).map((l) => l.split(',').slice(1).map(Number));
  return { rows: lines.slice(1).map((l) => l.split(',')[0]!), columns: head.map((name, j) => ({ name, values: Float64Array.from(data, (r) => r[j]!) })) };
}

function head(t: MspcTable, n: number): MspcTable {
  return { rows: t.rows.slice(0, n), columns: t.columns.map((c) => ({ name: c.name, values: c.values.slice(0, n) })) };
}

/** Largest absolute difference between our component vectors and a reference, allowing a sign flip per component. */
function maxDiffUpToSign(ours: number[][], ref: number[][]): number {
  let worst = 0;
  ours.forEach((v, a) => {
    const col = ref.map((r) => r[a]!);
    const plus = Math.max(...v.map((x, i) => Math.abs(x - col[i]!)));
    const minus = Math.max(...v.map((x, i) => Math.abs(x + col[i]!)));
    worst = Math.max(worst, Math.min(plus, minus));
  });
  return worst;
}

describe.skipIf(!HERE)(HERE ? 'LDPE PLS against SIMCA' : `LDPE: ${SHARED_DATA_MISSING}`, () => {
  const table = HERE ? ldpe() : { rows: [], columns: [] };

  it('reproduces the SIMCA score standard deviations with A = 6 on all 54 observations', () => {
    const m = fitPls(table, { x: X, y: Y, components: 6 });
    const sd = m.scoreVariance.map(Math.sqrt);
    [1.872539, 1.440642, 1.216218, 1.141096, 1.059435, 0.9459715].forEach((ref, a) => expect(Math.abs(sd[a]! - ref)).toBeLessThan(1e-5));
  });

  it('has T² limits 15.2017 (95 %) and 21.2239 (99 %) in the A(N−1)/(N−A)·F form', () => {
    const m = fitPls(table, { x: X, y: Y, components: 6 });
    expect(scoreModel(m, table, { confidence: 0.95, t2Form: 'training' }).t2Limit).toBeCloseTo(15.2017, 3);
    expect(scoreModel(m, table, { confidence: 0.99, t2Form: 'training' }).t2Limit).toBeCloseTo(21.2239, 3);
    // The Phase II form gives 15.48 and 21.62: the reference is the training form.
    expect(scoreModel(m, table, { confidence: 0.95, t2Form: 'phase2' }).t2Limit).toBeCloseTo(15.48, 2);
  });

  it.each([
    [6, 'Hotellings_T2_A6.csv', 1e-3],
    [3, 'Hotellings_T2_A3.csv', 1e-4],
  ] as const)('per-observation T² with A = %i matches %s within %f', (a, file, tol) => {
    const ref = csv(file).map((r) => r[0]!);
    const s = scoreModel(fitPls(table, { x: X, y: Y, components: a }), table, { t2Form: 'training' });
    expect(s.t2.length).toBe(54);
    const worst = Math.max(...Array.from(s.t2, (v, i) => Math.abs(v - ref[i]!)));
    expect(worst).toBeLessThan(tol);
  });

  it('matches the SIMCA W, P, C, R and scores T up to the sign of each component', () => {
    const m = fitPls(table, { x: X, y: Y, components: 6 });
    expect(maxDiffUpToSign(m.weights, csv('W.csv'))).toBeLessThan(1e-4);
    expect(maxDiffUpToSign(m.loadings, csv('P.csv'))).toBeLessThan(1e-4);
    expect(maxDiffUpToSign(m.rotations, csv('R.csv'))).toBeLessThan(1e-4);
    expect(maxDiffUpToSign(m.yLoadings, csv('C.csv'))).toBeLessThan(1e-4);
    const s = scoreModel(m, table);
    const T = Array.from({ length: 6 }, (_, a) => Array.from({ length: 54 }, (_, i) => s.scores[i * 6 + a]!));
    expect(maxDiffUpToSign(T, csv('T.csv'))).toBeLessThan(1e-4);
  });

  it('cross-validation of Y (7 groups, minimum PRESS) keeps improving up to 13 components, the most allowed (p − 1)', () => {
    const m = fitPls(table, { x: X, y: Y });
    expect(m.components).toBe(13);
    if (m.selection.kind !== 'cv') throw new Error('expected a cross-validated model');
    // A = 0…13 tried; Q² rises from 0.65 with one component to 0.998 at 13: Y is almost a function of X.
    expect(m.selection.press).toHaveLength(14);
    expect(m.selection.q2[1]).toBeCloseTo(0.6466, 3);
    expect(m.selection.q2[13]).toBeCloseTo(0.998, 3);
  });

  it('a model of the normal rows 1–50 flags the developing fault: SPE of 52–54 above the 99 % limit, rising', () => {
    const m = fitPls(head(table, 50), { x: X, y: Y, components: 6 });
    const s = scoreModel(m, table, { confidence: 0.99 });
    const spe = Array.from(s.spe);
    const trainingMax = Math.max(...spe.slice(0, 50));
    expect(trainingMax).toBeLessThan(s.speLimit);
    // Observation 51 (SPE 5.1) is not yet flagged: below the limit (9.0) and the largest training SPE (5.3).
    expect(spe[50]!).toBeLessThan(trainingMax);
    expect(spe.slice(51).every((v) => v > s.speLimit)).toBe(true);
    expect(spe[51]! < spe[52]! && spe[52]! < spe[53]!).toBe(true);
  });
});
