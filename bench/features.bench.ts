/**
 * Benchmark: all automatic features over ≥ 50 M samples.
 *
 * Synthetic store built in SQL, in a temporary DuckDB file: 4 units × 10 tags, 1-s samples for
 * 1 250 000 s (14.5 days) per tag = 50 M samples, written in (tag, time) order; 0.1 % of the
 * samples are bad. Each unit runs lots back to back, 4 h each, in three phases (1 h, 2 h, 1 h):
 * 87 lots per unit, 348 lots, ≈ 1000 phases × 10 tags.
 *
 * Measured: refreshFeatures over all lots (phase context + continuous, replicate and event
 * features, replace in `features`, audit), and, as the baseline in the same process on the same
 * store, ONE hand-written query computing the same per tag × phase × lot numbers (time-weighted
 * mean and sd, min, max, first, last, slope, trapezoid integral, time above/below limits, n,
 * excluded) into a temporary table. Peak memory is the process's max RSS (DuckDB is in-process,
 * memory limit 10 GB). One repetition by default (CAUSEWAY_BENCH_REPS for more): a run takes minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { refreshFeatures } from '../src/context/features.js';
import { Store } from '../src/store/store.js';

const UNITS = 4;
const TAGS_PER_UNIT = 10;
const SECONDS = 1_250_000;
const LOT_HOURS = 4;
const MEMORY_LIMIT = '10GB';
const REPS = Number(process.env.CAUSEWAY_BENCH_REPS ?? 1);

async function build(store: Store): Promise<void> {
  await store.run(`INSERT INTO tags (tag, equipment, unit, lsl, usl, signal)
    SELECT 'U' || u || '.T' || lpad(k::VARCHAR, 2, '0'), 'U' || u, 'x', 45, 55, 'sig' || lpad(k::VARCHAR, 2, '0')
    FROM range(${UNITS}) a(u), range(${TAGS_PER_UNIT}) b(k)`);
  const lots = Math.floor(SECONDS / 3600 / LOT_HOURS);
  await store.run(`INSERT INTO lots (lot, material, site, step, equipment, start_time, end_time)
    SELECT 'L' || u || '-' || lpad(i::VARCHAR, 3, '0'), 'granulate', 'S1', 'drying', 'U' || u,
      TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_hours(i * ${LOT_HOURS}), TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_hours((i + 1) * ${LOT_HOURS})
    FROM range(${UNITS}) a(u), range(${lots}) b(i)`);
  await store.run(`INSERT INTO events (event, type, name, lot, equipment, start_time, end_time)
    SELECT l.lot || '/' || p.name, 'phase', p.name, l.lot, l.equipment, l.start_time + to_hours(p.off), l.start_time + to_hours(p.off + p.len)
    FROM lots l, (VALUES ('heating', 0, 1), ('drying', 1, 2), ('cooling', 3, 1)) p(name, off, len)`);
  // One INSERT per tag keeps the file in (tag, time) order, so zone maps prune by tag and time.
  const tags = await store.all<{ tag: string; k: number }>(`SELECT tag, row_number() OVER (ORDER BY tag)::INTEGER AS k FROM tags ORDER BY tag`);
  for (const { tag, k } of tags) {
    await store.run(
      `INSERT INTO samples (tag, time, value, quality)
       SELECT $1, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i),
         50 + 8 * sin(i / 900.0 + $2) + (hash(i, $2) % 1000) / 500.0, CASE WHEN hash(i, $2, 7) % 1000 = 0 THEN 2 ELSE 0 END
       FROM range(${SECONDS}) r(i)`,
      [tag, k],
    );
  }
}

/** The baseline: one plain query computing the same per tag × phase × lot numbers. */
const BASELINE = `CREATE OR REPLACE TEMP TABLE baseline AS
  WITH ctx AS (
    SELECT s.tag, s.time, s.value, t.lsl, t.usl, p.event, p.start_time, p.end_time,
      s.quality < 2 AND isfinite(s.value) AS good
    FROM samples s JOIN tags t ON t.tag = s.tag
    ASOF JOIN (SELECT * FROM events WHERE type = 'phase') p ON t.equipment = p.equipment AND s.time >= p.start_time
    WHERE s.time < p.end_time
  ),
  w AS (
    SELECT *, epoch(coalesce(lead(time) OVER o, end_time) - time) / 3600 AS dt, lead(value) OVER o AS nv,
      epoch(lead(time) OVER o - time) / 3600 AS gap
    FROM ctx WINDOW o AS (PARTITION BY event, tag, good ORDER BY time)
  )
  SELECT event, tag, count(*) FILTER (WHERE good) AS n, count(*) FILTER (WHERE NOT good) AS excluded,
    sum(value * dt) FILTER (WHERE good) / sum(dt) FILTER (WHERE good) AS mean,
    sqrt(sum(value * value * dt) FILTER (WHERE good) / sum(dt) FILTER (WHERE good)
      - (sum(value * dt) FILTER (WHERE good) / sum(dt) FILTER (WHERE good)) ^ 2) AS sd,
    min(value) FILTER (WHERE good) AS min, max(value) FILTER (WHERE good) AS max,
    arg_min(value, time) FILTER (WHERE good) AS first, arg_max(value, time) FILTER (WHERE good) AS last,
    regr_slope(value, epoch(time - start_time) / 3600) FILTER (WHERE good) AS slope,
    sum((value + nv) / 2 * gap) FILTER (WHERE good) AS integral,
    sum(dt) FILTER (WHERE good AND value > usl) AS above, sum(dt) FILTER (WHERE good AND value < lsl) AS below
  FROM w GROUP BY event, tag`;

export default async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-features-'));
  // A memory limit keeps the benchmark a good neighbour on a shared machine; DuckDB spills beyond it.
  const store = await Store.open(path.join(dir, 'bench.duckdb'), { memoryLimit: MEMORY_LIMIT });
  try {
    let t = performance.now();
    await build(store);
    const n = Number(await store.value('SELECT count(*) FROM samples'));
    process.stdout.write(`built ${(n / 1e6).toFixed(1)} M samples, ${await store.value('SELECT count(*) FROM lots')} lots, ` +
      `${await store.value(`SELECT count(*) FROM events WHERE type = 'phase'`)} phases in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const times: { ours: number; base: number }[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      t = performance.now();
      await store.run(BASELINE);
      const base = (performance.now() - t) / 1000;
      t = performance.now();
      const r = await refreshFeatures(store);
      const ours = (performance.now() - t) / 1000;
      times.push({ ours, base });
      process.stdout.write(`run ${rep + 1}: refreshFeatures ${ours.toFixed(2)} s (${r.continuous} continuous feature rows), ` +
        `hand-written query ${base.toFixed(2)} s (${await store.value('SELECT count(*) FROM baseline')} tag × phase rows), ratio ${(ours / base).toFixed(2)}\n`);
    }
    const best = (k: 'ours' | 'base') => Math.min(...times.map((x) => x[k]));
    process.stdout.write(`best of ${REPS}: refreshFeatures ${best('ours').toFixed(2)} s, baseline ${best('base').toFixed(2)} s, ratio ${(best('ours') / best('base')).toFixed(2)} ` +
      `(goal ≤ 1.3); ${(n / best('ours') / 1e6).toFixed(1)} M samples/s; DuckDB memory limit ${MEMORY_LIMIT}; peak RSS ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB\n`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
