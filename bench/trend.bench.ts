/**
 * Benchmark: the trend of one tag over 30 M samples down to 2000 pixels.
 *
 * Synthetic store in a temporary DuckDB file: tag B (10 M samples), then tag A (30 M 1-s
 * samples, 347 days, a random-walk-like signal with 0.1 % bad samples), then tag C (5 M), written
 * in (tag, time) order as imports write them, so zone maps on tag and time skip the other tags.
 *
 * The samples are written by SQL, so the trend levels are then built once over all of them
 * (rebuildTrendLevels, timed: what an import of these samples adds).
 *
 * Measured, median of 7 runs after one warm-up, in the same process:
 * - trend(A, whole range, width 2000) — M4 from the trend levels, read back as typed arrays;
 * - the same with `exact: true` — M4 over the 30 M samples;
 * - baseline: a plain scan of the same samples (count, min, max of value for tag A in the range).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { trend } from '../src/context/trend.js';
import { Store } from '../src/store/store.js';
import { rebuildTrendLevels } from '../src/store/trend-levels.js';

const N_A = 30_000_000;
const T0 = '2024-01-01 00:00:00+00';

async function build(store: Store): Promise<void> {
  await store.run(`INSERT INTO tags (tag, equipment, unit) VALUES ('A', 'E', 'x'), ('B', 'E', 'x'), ('C', 'E', 'x')`);
  const insert = (tag: string, n: number, seed: number) =>
    store.run(
      `INSERT INTO samples (tag, time, value, quality)
       SELECT $1, TIMESTAMPTZ '${T0}' + to_seconds(i), 50 + 20 * sin(i / 86400.0 + $2) + 5 * sin(i / 611.0) + (hash(i, $2) % 1000) / 250.0,
         CASE WHEN hash(i, $2, 3) % 1000 = 0 THEN 2 ELSE 0 END
       FROM range(${n}) r(i)`,
      [tag, seed],
    );
  await insert('B', 10_000_000, 2);
  await insert('A', N_A, 1);
  await insert('C', 5_000_000, 3);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

export default async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-trend-'));
  const store = await Store.open(path.join(dir, 'bench.duckdb'));
  try {
    let t = performance.now();
    await build(store);
    const written = performance.now() - t;
    process.stdout.write(`built ${Number(await store.value('SELECT count(*) FROM samples')) / 1e6} M samples in ${(written / 1000).toFixed(1)} s\n`);
    t = performance.now();
    await rebuildTrendLevels(store);
    const levels = performance.now() - t;
    const rows = Number(await store.value('SELECT count(*) FROM trend_levels'));
    process.stdout.write(`trend levels of 45 M samples: ${(levels / 1000).toFixed(1)} s (${(levels / written).toFixed(2)} × writing the samples), ${(rows / 1e6).toFixed(2)} M bucket rows\n`);
    const from = new Date(T0.replace(' ', 'T').replace('+00', 'Z'));
    const to = new Date(from.getTime() + N_A * 1000);
    const opts = { tags: ['A'], from, to, width: 2000 };
    const exactOpts = { ...opts, exact: true };
    const scan = () =>
      store.one(`SELECT count(*) AS n, min(value) AS lo, max(value) AS hi FROM samples WHERE tag = $1 AND time >= $2::TIMESTAMPTZ AND time < $3::TIMESTAMPTZ`,
        ['A', from.toISOString(), to.toISOString()]);
    await trend(store, opts);
    await trend(store, exactOpts);
    await scan();
    const ours: number[] = [];
    const exact: number[] = [];
    const base: number[] = [];
    let points = 0;
    let samples = 0;
    let bucket: number | null = null;
    for (let i = 0; i < 7; i++) {
      t = performance.now();
      const r = await trend(store, opts);
      ours.push(performance.now() - t);
      points = r.series[0]!.time.length;
      samples = r.series[0]!.samples;
      bucket = r.series[0]!.bucketSeconds;
      t = performance.now();
      await trend(store, exactOpts);
      exact.push(performance.now() - t);
      t = performance.now();
      await scan();
      base.push(performance.now() - t);
    }
    const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms (runs ${xs.map((x) => x.toFixed(0)).join(', ')})`;
    process.stdout.write(`trend of ${(samples / 1e6).toFixed(1)} M samples to 2000 px from ${bucket}-s levels: ${points} points; median ${ms(ours)}; goal ≤ 150 ms\n` +
      `exact M4 over the samples: median ${ms(exact)}\nplain scan: median ${ms(base)}\n` +
      `ratios: levels / plain scan ${(median(ours) / median(base)).toFixed(3)}; exact / plain scan ${(median(exact) / median(base)).toFixed(2)}; ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB\n`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
