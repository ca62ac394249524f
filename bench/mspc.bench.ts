/**
 * Benchmark: MSPC fit and score on Tennessee Eastman (../shared/data/tep).
 *
 * Measured (median of repeated runs, data already parsed): fitPca on d00 (500 × 52, 9 and 11
 * components, and with the number chosen by 7-group cross-validation), and scoreModel on all 22
 * test files (d00_te and d01_te…d21_te, 960 × 52 each: scores, T², SPE and both limits).
 *
 * Baseline, in the same process on the same arrays: the plain textbook computation with
 * ml-matrix — autoscale, covariance as ZᵀZ/(n−1) by Matrix.mmul, the same symmetric EVD, and
 * for scoring T = ZP, T² = Σ t²/λ and SPE = ‖Z − TPᵀ‖² by matrix products — with no limits, no
 * missing-value handling, no model object. The ratio says what the model machinery costs.
 *
 * Peer, in the same run: scikit-learn (bench/peers/mspc_sklearn.py, Debian's python3-sklearn):
 * autoscale, sklearn PCA (A = 9), then T², SPE and both limits of the 21 120 test rows stacked in
 * one array, vectorised. causeway scores the same stacked table with scoreModel. Both report the
 * median of 21 runs; their T² and SPE are compared row by row. Ratio = peer time / causeway time
 * (goal ≥ 1). Peak RSS per side (bench/memory.ts; the peer's from getrusage).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { scoreModel } from '../src/explain/mspc/mspc-score.js';
import type { MspcTable } from '../src/explain/mspc/mspc-types.js';
import { fitPca } from '../src/explain/mspc/pca.js';
import { hasSharedData, sharedData, SHARED_DATA_MISSING } from '../test/support/shared-data.js';
import { mkdtempSync, readFileSync as readBytes, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { peakMB, resetPeak } from './memory.js';
import { peersUnavailable, runPeer } from './peers.js';

function rowsOf(file: string, transpose = false): number[][] {
  const raw = readFileSync(sharedData('tep', file), 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  return transpose ? raw[0]!.map((_, j) => raw.map((r) => r[j]!)) : raw;
}

function tableOf(m: number[][]): MspcTable {
  return { rows: m.map((_, i) => String(i + 1)), columns: Array.from({ length: 52 }, (_, j) => ({ name: `v${j + 1}`, values: Float64Array.from(m, (r) => r[j]!) })) };
}

function median(f: () => void, reps: number): number {
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(reps / 2)]!;
}

/** Median CPU time (user + system of the process) of `reps` runs, in ms. */
function medianCpu(f: () => void, reps: number): number {
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    t.push((c.user + c.system) / 1000);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(reps / 2)]!;
}

/** The plain reference: autoscale, ZᵀZ/(n−1), EVD; keeps the top `a` eigenpairs. */
function baselineFit(train: number[][], a: number) {
  const X = new Matrix(train);
  const n = X.rows;
  const mean = X.mean('column');
  const sd = X.standardDeviation('column', { mean, unbiased: true });
  const Z = X.clone().subRowVector(mean).divRowVector(sd);
  const C = Z.transpose().mmul(Z).div(n - 1);
  const evd = new EigenvalueDecomposition(C, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((_, i) => i).sort((i, j) => evd.realEigenvalues[j]! - evd.realEigenvalues[i]!).slice(0, a);
  const P = new Matrix(order.map((i) => evd.eigenvectorMatrix.getColumn(i))).transpose();
  return { mean, sd, P, lambda: order.map((i) => evd.realEigenvalues[i]!) };
}

function baselineScore(m: ReturnType<typeof baselineFit>, test: number[][]): { t2: number[]; spe: number[] } {
  const Z = new Matrix(test).subRowVector(m.mean).divRowVector(m.sd);
  const T = Z.mmul(m.P);
  const E = Z.clone().sub(T.mmul(m.P.transpose()));
  const t2 = T.to2DArray().map((r) => r.reduce((s, t, k) => s + (t * t) / m.lambda[k]!, 0));
  const spe = E.to2DArray().map((r) => r.reduce((s, e) => s + e * e, 0));
  return { t2, spe };
}

export default async function run(): Promise<void> {
  if (!hasSharedData('tep', 'd00.dat')) {
    process.stdout.write(`mspc: ${SHARED_DATA_MISSING}\n`);
    return;
  }
  const t0 = performance.now();
  const trainRows = rowsOf('d00.dat', true);
  const testFiles = ['d00_te.dat', ...Array.from({ length: 21 }, (_, k) => `d${String(k + 1).padStart(2, '0')}_te.dat`)];
  const testRows = testFiles.map((f) => rowsOf(f));
  const train = tableOf(trainRows);
  const tests = testRows.map(tableOf);
  const parseMs = performance.now() - t0;
  const scored = testRows.reduce((s, r) => s + r.length, 0);
  process.stdout.write(`parse 23 files (text → arrays, not timed below): ${parseMs.toFixed(0)} ms\n`);

  for (const a of [9, 11]) {
    const fitMs = median(() => void fitPca(train, { components: a }), 21);
    const baseFitMs = median(() => void baselineFit(trainRows, a), 21);
    const model = fitPca(train, { components: a });
    const base = baselineFit(trainRows, a);
    const scoreMs = median(() => void tests.forEach((t) => scoreModel(model, t)), 11);
    const baseScoreMs = median(() => void testRows.forEach((t) => baselineScore(base, t)), 11);
    // Same numbers from both: the largest relative T² and SPE difference over all rows.
    let worst = 0;
    tests.forEach((t, k) => {
      const s = scoreModel(model, t);
      const b = baselineScore(base, testRows[k]!);
      s.t2.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b.t2[i]!) / b.t2[i]!, Math.abs(s.spe[i]! - b.spe[i]!) / b.spe[i]!)));
    });
    process.stdout.write(
      `a=${a}: fit ${fitMs.toFixed(2)} ms (baseline ${baseFitMs.toFixed(2)} ms, ratio ${(fitMs / baseFitMs).toFixed(2)}); ` +
        `score ${scored} rows in 22 files ${scoreMs.toFixed(1)} ms = ${((scored / scoreMs) * 1000).toFixed(0)} rows/s ` +
        `(baseline ${baseScoreMs.toFixed(1)} ms, ratio ${(scoreMs / baseScoreMs).toFixed(2)}); max relative difference to baseline ${worst.toExponential(1)}\n`,
    );
  }
  await againstSklearn(trainRows, testRows);
  const cvMs = median(() => void fitPca(train, { cv: { maxComponents: 20 } }), 5);
  process.stdout.write(`fit with cross-validation (7 groups, A = 1…20): ${cvMs.toFixed(1)} ms → ${fitPca(train, { cv: { maxComponents: 20 } }).components} components\n`);
}

interface SklearnRun { fit_ms: number; score_ms: number; score_cpu_ms: number; rows: number; peak_rss_mb: number; sklearn: string; numpy: string }

/** causeway against scikit-learn on the 21 120 test rows stacked in one table, A = 9. */
async function againstSklearn(trainRows: number[][], testRows: number[][][]): Promise<void> {
  const why = peersUnavailable();
  if (why) {
    process.stdout.write(`scikit-learn peer skipped: ${why}\n`);
    return;
  }
  const stacked = tableOf(testRows.flat());
  resetPeak();
  const model = fitPca(tableOf(trainRows), { components: 9 });
  const fitMs = median(() => void fitPca(tableOf(trainRows), { components: 9 }), 21);
  const scoreMs = median(() => void scoreModel(model, stacked), 21);
  const scoreCpuMs = medianCpu(() => void scoreModel(model, stacked), 21);
  const ours = scoreModel(model, stacked);
  const ourPeak = peakMB();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-mspc-'));
  try {
    const out = path.join(dir, 'sk');
    const peer = runPeer<SklearnRun>('mspc_sklearn.py', [sharedData('tep'), '9', out]);
    const read = (f: string) => new Float64Array(new Uint8Array(readBytes(f)).buffer);
    const t2 = read(`${out}.t2`), spe = read(`${out}.spe`);
    let worst = 0;
    for (let i = 0; i < t2.length; i++) worst = Math.max(worst, Math.abs(ours.t2[i]! - t2[i]!) / t2[i]!, Math.abs(ours.spe[i]! - spe[i]!) / spe[i]!);
    process.stdout.write(
      `against scikit-learn ${peer.sklearn} (numpy ${peer.numpy}), ${peer.rows} rows stacked, A = 9: ` +
      `fit causeway ${fitMs.toFixed(2)} ms, scikit-learn ${peer.fit_ms.toFixed(2)} ms (ratio ${(peer.fit_ms / fitMs).toFixed(2)}); ` +
      `score causeway ${scoreMs.toFixed(2)} ms, scikit-learn ${peer.score_ms.toFixed(2)} ms, ratio scikit-learn / causeway ${(peer.score_ms / scoreMs).toFixed(2)}× (goal ≥ 1); ` +
      `CPU time causeway ${scoreCpuMs.toFixed(2)} ms, scikit-learn ${peer.score_cpu_ms.toFixed(2)} ms (all BLAS threads), ratio ${(peer.score_cpu_ms / scoreCpuMs).toFixed(2)}×; ` +
      `largest relative T²/SPE difference ${worst.toExponential(1)}; peak RSS causeway ${ourPeak} MB (process), scikit-learn ${peer.peak_rss_mb.toFixed(0)} MB; load ${os.loadavg()[0]!.toFixed(1)}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
