import { createRequire } from 'node:module';
import { AppError } from '../../core/errors.js';
import type { T2Form } from './mspc-types.js';

/** The part of jStat used here: F and normal quantiles. */
interface JStatQuantiles {
  centralF: { inv(p: number, df1: number, df2: number): number; cdf(x: number, df1: number, df2: number): number };
  normal: { inv(p: number, mean: number, sd: number): number };
}
const jStat = (createRequire(import.meta.url)('jstat') as { jStat: JStatQuantiles }).jStat;

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new AppError('bad_confidence', `confidence ${confidence} is not between 0 and 1`, 'give e.g. 0.99 for a 99 % limit');
  }
}

/**
 * Upper limit of Hotelling's T² with A components from n training observations.
 *
 * @param form - `phase2` (new observations): A(n−1)(n+1)/(n(n−A))·F(α; A, n−A);
 *   `training` (the fitted observations): A(n−1)/(n−A)·F(α; A, n−A)
 * @param components - A ≥ 1
 * @param n - training observations, n > A
 * @param confidence - e.g. 0.99
 * @example t2Limit('phase2', 9, 500, 0.99) // ≈ 22.395 (Tennessee Eastman, 9 PCs)
 * @see Tracy, Young & Mason, J. Quality Technology 24 (1992) 88–95; MacGregor & Kourti,
 *   Control Eng. Practice 3 (1995) 403–414
 */
export function t2Limit(form: T2Form, components: number, n: number, confidence: number): number {
  checkConfidence(confidence);
  const a = components;
  if (!(a >= 1 && n - a >= 1)) {
    throw new AppError('too_few_observations', `a T² limit with ${a} components needs more than ${a} observations, got ${n}`, 'use fewer components or more training rows');
  }
  const f = jStat.centralF.inv(confidence, a, n - a);
  return form === 'phase2' ? ((a * (n - 1) * (n + 1)) / (n * (n - a))) * f : ((a * (n - 1)) / (n - a)) * f;
}

/**
 * θ1, θ2, θ3: sums of the residual eigenvalues, their squares and cubes (negative round-off
 * eigenvalues count as 0).
 *
 * @example thetas([0.2]) // [0.2, 0.04, 0.008]
 */
export function thetas(residualEigenvalues: ArrayLike<number>): [number, number, number] {
  let t1 = 0, t2 = 0, t3 = 0;
  for (let i = 0; i < residualEigenvalues.length; i++) {
    const l = Math.max(0, residualEigenvalues[i]!);
    t1 += l;
    t2 += l * l;
    t3 += l * l * l;
  }
  return [t1, t2, t3];
}

/**
 * Jackson–Mudholkar upper limit of the squared prediction error (SPE, Q):
 * Q = θ1·[z·√(2θ2h0²)/θ1 + 1 + θ2h0(h0−1)/θ1²]^(1/h0), h0 = 1 − 2θ1θ3/(3θ2²).
 *
 * @param theta - [θ1, θ2, θ3] of the discarded eigenvalues (see {@link thetas})
 * @param confidence - e.g. 0.99
 * @example speLimit(thetas([1.2, 0.5, 0.3]), 0.99)
 * @see Jackson & Mudholkar, Technometrics 21 (1979) 341–349
 */
export function speLimit(theta: [number, number, number], confidence: number): number {
  checkConfidence(confidence);
  const [t1, t2, t3] = theta;
  if (!(t1 > 0 && t2 > 0)) {
    throw new AppError('no_residual', 'the model leaves no residual variance, so the SPE limit cannot be computed', 'use fewer components than variables');
  }
  const h0 = 1 - (2 * t1 * t3) / (3 * t2 * t2);
  const z = jStat.normal.inv(confidence, 0, 1);
  const base = (z * Math.sqrt(2 * t2 * h0 * h0)) / t1 + 1 + (t2 * h0 * (h0 - 1)) / (t1 * t1);
  const q = t1 * Math.pow(base, 1 / h0);
  if (!Number.isFinite(q)) {
    throw new AppError('spe_limit_undefined', `the Jackson–Mudholkar SPE limit is not defined here (h0 = ${h0})`, 'check the residual eigenvalues; use fewer components');
  }
  return q;
}
