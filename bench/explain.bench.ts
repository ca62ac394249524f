/**
 * Benchmark: `explainSet` over 2000 candidate drivers × 5000 lots, and its screening step
 * against a plain reference implementation in the same run.
 *
 * The analysis set is synthetic, from a seeded generator (the same on every run): 1980 numeric
 * candidates, mostly noise, 5 % of their values missing on a quarter of them; two real drivers
 * (an upstream d90 and a drying temperature) with three proxies of d90 (d10, d50 and the
 * supplier that sells the coarse lots); 20 factors with 2–12 levels (equipment, sites, noise).
 *
 * Measured: the whole of explainSet (screen, Benjamini–Hochberg, joint model, proxies,
 * confounding, sentences); its screening step alone (`screenColumn` on every candidate); and
 * the reference screen: for each candidate, pairs into a JS array of objects, sort to rank with
 * a naive tie loop, Pearson's r of the ranks; one-way ANOVA F by hand for factors. Peak memory
 * is the process's maxRSS at the end. Both screens' rho are compared (largest difference).
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { AnalysisColumn, AnalysisSet } from '../src/context/analysis-set-types.js';
import { explainSet } from '../src/explain/drivers/explain.js';
import { isScreened, screenColumn } from '../src/explain/drivers/screen.js';
import { Store } from '../src/store/store.js';
import { mulberry32 } from '../test/support/mulberry32.js';

const LOTS = 5000;
const CANDIDATES = Number(process.env.EXPLAIN_BENCH_CANDIDATES ?? 2000);
const FACTORS = 20;

/** Seeded uniform numbers: the same fixture on every run. */
const rng = mulberry32;

function buildSet(): AnalysisSet {
  const r = rng(2026);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const origin = (extra: Partial<AnalysisColumn['origin']>): AnalysisColumn['origin'] => ({ material: 'tablet', path: ['tablet'], rule: 'own', estimated: false, ...extra });
  const num = (name: string, values: Float64Array, o: Partial<AnalysisColumn['origin']> = {}): AnalysisColumn => ({ name, kind: 'numeric', values, origin: origin(o), missing: values.filter((v) => !Number.isFinite(v)).length });
  const fac = (name: string, values: (string | null)[], o: Partial<AnalysisColumn['origin']>): AnalysisColumn => ({ name, kind: 'factor', values, origin: origin(o), missing: values.filter((v) => v === null).length });
  const d90 = new Float64Array(LOTS);
  const temp = new Float64Array(LOTS);
  const y = new Float64Array(LOTS);
  const supplier: string[] = [];
  for (let i = 0; i < LOTS; i++) {
    const b = r() < 0.4;
    supplier.push(b ? 'B' : 'A');
    d90[i] = (b ? 125 : 95) + 10 * gauss();
    temp[i] = 40 + gauss();
    y[i] = 90 - 0.05 * (d90[i]! - 100) + 0.8 * (temp[i]! - 40) + 0.6 * gauss();
  }
  const up = { material: 'api', path: ['api', 'granulation', 'tablet'], rule: 'weighted_mean' as const };
  const columns: AnalysisColumn[] = [
    num('dissolution', y, { parameter: 'dissolution' }),
    num('api.d90 (via granulation)', d90, { ...up, parameter: 'd90' }),
    num('api.d50 (via granulation)', Float64Array.from(d90, (v) => 0.5 * v + 1.6 * gauss()), { ...up, parameter: 'd50' }),
    num('api.d10 (via granulation)', Float64Array.from(d90, (v) => 0.2 * v + 1.5 * gauss()), { ...up, parameter: 'd10' }),
    num('drying.product_temp.max', temp, { material: 'dried', feature: 'drying.product_temp.max', path: ['dried', 'tablet'], rule: 'weighted_mean' }),
    fac('api.supplier', supplier, { material: 'api', factor: 'supplier', path: ['api', 'tablet'], rule: 'dominant' }),
  ];
  for (let k = columns.length - 1; columns.length < CANDIDATES - FACTORS + 2; k++) {
    const sparse = k % 4 === 0;
    const v = Float64Array.from({ length: LOTS }, () => (sparse && r() < 0.05 ? NaN : 50 + 5 * gauss()));
    columns.push(num(`noise_${k}`, v, { parameter: `noise_${k}` }));
  }
  for (let f = 0; f < FACTORS - 1; f++) {
    const levels = 2 + (f % 11);
    columns.push(fac(`step${f}.equipment`, Array.from({ length: LOTS }, () => (r() < 0.02 ? null : `E${Math.floor(r() * levels)}`)), { factor: 'equipment', step: `step${f}` }));
  }
  return { material: 'tablet', rule: 'weighted_mean', lots: Array.from({ length: LOTS }, (_, i) => `T${i}`), columns };
}

/** Reference Spearman: pairs as objects, sort, naive ties, Pearson of ranks. */
function referenceRho(x: ArrayLike<number>, y: ArrayLike<number>): number | undefined {
  const pairs: { x: number; y: number; rx: number; ry: number }[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) pairs.push({ x: x[i]!, y: y[i]!, rx: 0, ry: 0 });
  for (const key of ['x', 'y'] as const) {
    const sorted = [...pairs].sort((a, b) => a[key] - b[key]);
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1]![key] === sorted[i]![key]) j++;
      for (let k = i; k <= j; k++) sorted[k]![key === 'x' ? 'rx' : 'ry'] = (i + j) / 2 + 1;
      i = j + 1;
    }
  }
  const n = pairs.length;
  if (n < 3) return undefined;
  const mx = pairs.reduce((s, p) => s + p.rx, 0) / n;
  const my = pairs.reduce((s, p) => s + p.ry, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of pairs) {
    sxy += (p.rx - mx) * (p.ry - my);
    sxx += (p.rx - mx) ** 2;
    syy += (p.ry - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Reference one-way ANOVA F by hand. */
function referenceAnovaF(levels: (string | null)[], y: ArrayLike<number>): number {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i];
    if (l === null || l === undefined || !Number.isFinite(y[i]!)) continue;
    if (!groups.has(l)) groups.set(l, []);
    groups.get(l)!.push(y[i]!);
  }
  const all = [...groups.values()].flat();
  const grand = all.reduce((s, v) => s + v, 0) / all.length;
  let ssb = 0;
  let ssw = 0;
  for (const g of groups.values()) {
    const m = g.reduce((s, v) => s + v, 0) / g.length;
    ssb += g.length * (m - grand) ** 2;
    for (const v of g) ssw += (v - m) ** 2;
  }
  const k = groups.size;
  return ssb / (k - 1) / (ssw / (all.length - k));
}

/** Wall and CPU (user + system, this process) milliseconds of `f`: the machine is shared, CPU time is what the code costs. */
async function timed<T>(f: () => T | Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

const sec = (ms: number) => (ms / 1000).toFixed(2) + ' s';

function mb(bytesOrKb: number): string {
  return (bytesOrKb / 1024).toFixed(0) + ' MB';
}

/** Runs the benchmark and prints times, ratio and peak memory. */
export default async function run(): Promise<void> {
  const t0 = performance.now();
  const set = buildSet();
  const target = set.columns[0]!.values as Float64Array;
  const candidates = set.columns.slice(1);
  process.stdout.write(`explain: synthetic set ${LOTS} lots × ${candidates.length} candidates (${FACTORS} factors) built in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);

  const store = await Store.open(':memory:');
  try {
    const ctx = { store, units: new Map<string, string>(), roles: new Map<string, string>(), material: 'tablet', target: 'dissolution' };
    const runs: { wall: number; cpu: number; load: number }[] = [];
    let drivers = '';
    for (let rep = 0; rep < 3; rep++) {
      const r = await timed(() => explainSet(set, ctx));
      runs.push({ ...r, load: os.loadavg()[0]! });
      drivers = r.value.drivers.map((d) => `${d.name}${d.proxies.length ? ` [+${d.proxies.length} proxies: ${d.proxies.map((p) => p.name).join(', ')}]` : ''}`).join('; ');
    }
    // In run order (the first includes compiling the screen's code); the median is the middle of the three by wall.
    const median = [...runs].sort((a, b) => a.wall - b.wall)[1]!;
    process.stdout.write(`explainSet (3 runs, in order): CPU ${runs.map((r) => sec(r.cpu)).join(', ')}; wall ${runs.map((r) => sec(r.wall)).join(', ')}; load average after each ${runs.map((r) => r.load.toFixed(1)).join(', ')}\n`);
    process.stdout.write(`  median wall ${sec(median.wall)} (CPU ${sec(median.cpu)}); goal ≤ 3 s wall\n`);
    process.stdout.write(`  drivers: ${drivers}\n`);

    const ours = await timed(() => candidates.map((c) => screenColumn(c, { y: target, binary: false }, 10, null)));
    const ref = await timed(() => candidates.map((c) => (c.kind === 'factor' ? referenceAnovaF(c.values, target) : referenceRho(c.values, target))));
    let maxDiff = 0;
    ours.value.forEach((o, i) => {
      if (isScreened(o) && o.rho !== null) maxDiff = Math.max(maxDiff, Math.abs(o.rho - (ref.value[i] as number)));
    });
    process.stdout.write(`screening (screenColumn × ${candidates.length}): CPU ${sec(ours.cpu)} (wall ${sec(ours.wall)}); reference: CPU ${sec(ref.cpu)} (wall ${sec(ref.wall)}); ratio reference/ours ${(ref.cpu / ours.cpu).toFixed(2)} by CPU, ${(ref.wall / ours.wall).toFixed(2)} by wall\n`);
    process.stdout.write(`  largest |rho(ours) − rho(reference)| = ${maxDiff.toExponential(2)}\n`);
    process.stdout.write(`peak memory (maxRSS): ${mb(process.resourceUsage().maxRSS)}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores\n`);
  } finally {
    store.close();
  }
}
