/**
 * Benchmark: SPC and capability.
 *
 * 1. I-MR chart with all eight Nelson rules (plus rule 1 on the moving range) over 1 000 000
 *    individual values: `imr` + `runRules` on Float64Array columns.
 * 2. Capability with a distribution fit over 100 000 log-normal values: `capability` with
 *    distribution 'auto' (Anderson–Darling, then log-normal and Weibull maximum-likelihood fits
 *    compared by A², percentiles, ppm).
 *
 * Baseline, in the same process on the same data: a straightforward reference written plainly —
 * arrays of point objects, each rule checked at each point by slicing the window before it;
 * for capability, plain arrays with reduce/map, the Weibull shape by bisection, sorting copies.
 * Both sides must find the same signals and the same shape, so the ratio compares equal work.
 */
import { performance } from 'node:perf_hooks';
import { capability } from '../src/spc/capability.js';
import { normCdf } from '../src/spc/dist.js';
import { NELSON, runRules } from '../src/spc/run-rules.js';
import { imr } from '../src/spc/variables.js';

/** Deterministic normal variates (LCG + Box–Muller), so every run charts the same series. */
function normals(n: number, seed = 12345): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u()));
    const t = 2 * Math.PI * u();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

function time<T>(f: () => T, reps: number): { ms: number; value: T } {
  const t: number[] = [];
  let value!: T;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    value = f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { ms: t[Math.floor(reps / 2)]!, value };
}

/** Plain reference of I-MR + Nelson 1–8: objects per point, windows re-scanned at each point. */
function plainImrNelson(x: number[]): number {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const mrs = x.slice(1).map((v, i) => Math.abs(v - x[i]!));
  const sigma = mrs.reduce((a, b) => a + b, 0) / mrs.length / 1.128;
  const pts = x.map((v) => ({ v, z: (v - mean) / sigma }));
  let hits = 0;
  const side = (z: number) => (z > 0 ? 1 : z < 0 ? -1 : 0);
  for (let i = 0; i < pts.length; i++) {
    const z = pts[i]!.z;
    if (Math.abs(z) > 3) hits++;
    const w9 = pts.slice(Math.max(0, i - 8), i + 1);
    if (w9.length === 9 && side(z) !== 0 && w9.every((p) => side(p.z) === side(z))) hits++;
    const w6 = pts.slice(Math.max(0, i - 5), i + 1);
    if (w6.length === 6 && (w6.every((p, k) => k === 0 || p.v > w6[k - 1]!.v) || w6.every((p, k) => k === 0 || p.v < w6[k - 1]!.v))) hits++;
    const w14 = pts.slice(Math.max(0, i - 13), i + 1);
    if (w14.length === 14 && w14.every((p, k) => k < 2 || Math.sign(p.v - w14[k - 1]!.v) === -Math.sign(w14[k - 1]!.v - w14[k - 2]!.v)) && w14.every((p, k) => k === 0 || p.v !== w14[k - 1]!.v)) hits++;
    const w3 = pts.slice(Math.max(0, i - 2), i + 1);
    if ((z > 2 && w3.filter((p) => p.z > 2).length >= 2) || (z < -2 && w3.filter((p) => p.z < -2).length >= 2)) hits++;
    const w5 = pts.slice(Math.max(0, i - 4), i + 1);
    if ((z > 1 && w5.filter((p) => p.z > 1).length >= 4) || (z < -1 && w5.filter((p) => p.z < -1).length >= 4)) hits++;
    const w15 = pts.slice(Math.max(0, i - 14), i + 1);
    if (w15.length === 15 && w15.every((p) => Math.abs(p.z) < 1)) hits++;
    const w8 = pts.slice(Math.max(0, i - 7), i + 1);
    if (w8.length === 8 && w8.every((p) => Math.abs(p.z) > 1)) hits++;
  }
  const mrUcl = 1.128 * sigma + 3 * Math.sqrt(2 - 4 / Math.PI) * sigma; // rule 1 on MR: d2σ + 3·d3(2)σ
  for (const m of mrs) if (m > mrUcl) hits++;
  return hits;
}

/** Plain reference of capability with a fit: normal Ppk, AD, log-normal and Weibull by bisection. */
function plainCapability(x: number[], usl: number): { ppk: number; shape: number; ad: number } {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(x.map((v) => (v - mean) ** 2).reduce((a, b) => a + b, 0) / (n - 1));
  const sorted = [...x].sort((a, b) => a - b);
  let ad = 0;
  sorted.forEach((v, i) => {
    ad += (2 * i + 1) * (Math.log(normCdf((v - mean) / sd)) + Math.log(normCdf((mean - sorted[n - 1 - i]!) / sd)));
  });
  ad = -n - ad / n;
  const logs = x.map(Math.log);
  const ml = logs.reduce((a, b) => a + b, 0) / n;
  const sl = Math.sqrt(logs.map((l) => (l - ml) ** 2).reduce((a, b) => a + b, 0) / n);
  const g = (k: number) => {
    const w = x.map((v) => v ** k);
    return w.reduce((s, wi, i) => s + wi * logs[i]!, 0) / w.reduce((a, b) => a + b, 0) - 1 / k - ml;
  };
  let lo = 0.01;
  let hi = 100;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (g(mid) > 0) hi = mid;
    else lo = mid;
  }
  const q = Math.exp(ml + sl * 2.999976); // 99.865 % point of the log-normal
  const med = Math.exp(ml);
  return { ppk: (usl - med) / (q - med), shape: (lo + hi) / 2, ad };
}

export default async function run(): Promise<void> {
  const N = 1_000_000;
  const x = normals(N);
  // a shift in the last tenth, so the rules have something to find
  for (let i = Math.floor(N * 0.9); i < N; i++) x[i] = x[i]! + 0.8;
  const ours = time(() => {
    const c = imr(x);
    return runRules(c.primary, NELSON).length + runRules(c.secondary!, ['nelson1']).length;
  }, 5);
  const arr = Array.from(x);
  const plain = time(() => plainImrNelson(arr), 3);
  process.stdout.write(`I-MR + Nelson 1–8, ${N.toLocaleString('en')} points: ${ours.ms.toFixed(0)} ms (${ours.value} signals); plain reference ${plain.ms.toFixed(0)} ms (${plain.value} signals); ratio ${(plain.ms / ours.ms).toFixed(1)}×\n`);

  const M = 100_000;
  const z = normals(M, 777);
  const y = Float64Array.from(z, (v) => Math.exp(2 + 0.25 * v));
  const cap = time(() => capability(y, { usl: 20 }), 5);
  const yArr = Array.from(y);
  const ref = time(() => plainCapability(yArr, 20), 3);
  const shape = cap.value.nonNormal?.method ?? 'normal';
  process.stdout.write(
    `capability with fit, ${M.toLocaleString('en')} values: ${cap.ms.toFixed(0)} ms (method ${shape}, Ppk ${cap.value.nonNormal?.ppk.toFixed(4)}); ` +
      `plain reference ${ref.ms.toFixed(0)} ms (Ppk ${ref.value.ppk.toFixed(4)}); ratio ${(ref.ms / cap.ms).toFixed(1)}×\n`,
  );
}
