/**
 * Continuous samples of the demo network, generated inside DuckDB. TypeScript computes a few
 * numbers per (phase × tag) window (profiles.ts); DuckDB expands every window over a grid of
 * sample times with `range()` and adds noise from hashes of (seed, tag, sample index), so
 * millions of samples never pass through JavaScript and the result does not depend on thread
 * scheduling. Each tag is then written, ordered by time, to its own Parquet file.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import { quoteLiteral } from '../store/sql.js';
import type { Store } from '../store/store.js';
import type { DemoNetwork } from './model.js';
import { SIGNALS, STEPS, tagName } from './network.js';
import { lotProfiles } from './profiles.js';

/** Minutes of idle samples written before and after each lot on a unit ("a little outside phases"). */
export const IDLE_MARGIN_MINUTES = 2;

/** What {@link loadWindows} loaded: the tags in file order and the number of samples they will have. */
export interface WindowPlan {
  tags: string[];
  samples: number;
}

/**
 * Fills table `demo_windows` (tag_no, step_s, k0, k1, a0, a1, shape, sd): sample indices k in
 * [k0, k1) at times k × step_s seconds (the size's period, or 3 × it for slow signals). Windows are half-open on one grid, so adjacent windows never
 * share a sample time and (tag, time) stays unique. Tags are numbered so DuckDB hashes integers.
 */
export async function loadWindows(store: Store, net: DemoNetwork, periodSeconds: number): Promise<WindowPlan> {
  await store.run(`CREATE OR REPLACE TABLE demo_windows (tag_no INTEGER, step_s INTEGER, k0 BIGINT, k1 BIGINT, a0 DOUBLE, a1 DOUBLE, shape TINYINT, sd DOUBLE)`);
  const appender = await store.connection.createAppender('demo_windows');
  const tagNo = new Map<string, number>();
  let samples = 0;
  try {
    for (const lot of net.lots) {
      if (!lot.step || !lot.equipment || lot.start === undefined || lot.end === undefined) continue;
      const cls = STEPS.find((s) => s.step === lot.step)!.cls;
      const profiles = lotProfiles(cls, lot);
      if (!profiles) continue;
      const margin = IDLE_MARGIN_MINUTES * 60_000;
      const spans: Array<[string, number, number]> = [
        ['idle', lot.start - margin, lot.start],
        ...lot.phases.map((p): [string, number, number] => [p.phase, p.start, p.end]),
        ['idle', lot.end, lot.end + margin],
      ];
      for (const [phase, start, end] of spans) {
        for (const [signal, p] of Object.entries(profiles[phase] ?? {})) {
          const step = periodSeconds * (SIGNALS[cls as keyof typeof SIGNALS]?.find((x) => x.signal === signal)?.slow ?? 1);
          const k0 = Math.ceil(start / (step * 1000));
          const k1 = Math.ceil(end / (step * 1000));
          if (k1 <= k0) continue;
          const tag = tagName(lot.equipment, signal);
          let no = tagNo.get(tag);
          if (no === undefined) tagNo.set(tag, (no = tagNo.size));
          appender.appendInteger(no);
          appender.appendInteger(step);
          appender.appendBigInt(BigInt(k0));
          appender.appendBigInt(BigInt(k1));
          appender.appendDouble(p.a0);
          appender.appendDouble(p.a1);
          appender.appendTinyInt(p.shape);
          appender.appendDouble(p.sd);
          appender.endRow();
          samples += k1 - k0;
        }
      }
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return { tags: [...tagNo.keys()], samples };
}

/**
 * Expands every window into table `demo_samples` (tag_no, k, value, quality) in one parallel
 * query (bound parameter: $1 seed).
 * Noise: z = √(−2 ln u1) · cos(2π u2) (Box–Muller), u1 and u2 from the two 32-bit halves of
 * DuckDB `hash(seed, tag, k)`. Dropouts: blocks of 30 samples whose hash falls in the lowest
 * 0.3 % read 0 with quality `bad`; the next 0.3 % are `uncertain`.
 *
 * @see G. E. P. Box, M. E. Muller (1958), Ann. Math. Statist. 29(2), 610–611.
 */
const SAMPLES_SQL = `
  CREATE OR REPLACE TABLE demo_samples AS
  WITH g AS (
    SELECT w.tag_no, w.step_s, r.k, w.a0, w.a1, w.shape, w.sd,
           CASE WHEN w.k1 - w.k0 > 1 THEN (r.k - w.k0) / (w.k1 - w.k0 - 1) ELSE 1.0 END AS u,
           hash($1, w.tag_no, r.k) AS h,
           hash($1, w.tag_no, r.k // 30) % 1000 AS hq
    FROM demo_windows w, range(w.k0, w.k1) r(k)
  ), v AS (
    SELECT tag_no, step_s, k, hq,
           a0 + (a1 - a0) * CASE shape
             WHEN 0 THEN 0.0
             WHEN 1 THEN u
             WHEN 2 THEN pow(u, 6)
             ELSE (1 - exp(-5 * u)) / (1 - exp(-5)) END
           + sd * sqrt(-2 * ln(((h >> 32)::DOUBLE + 0.5) / 4294967296.0))
                * cos(2 * pi() * ((h & 4294967295)::DOUBLE / 4294967296.0)) AS x
    FROM g
  )
  SELECT tag_no, k * step_s AS s,
         CASE WHEN hq < 3 THEN 0.0 ELSE round(greatest(x, 0.0), 3) END AS value,
         CASE WHEN hq < 3 THEN 'bad' WHEN hq < 6 THEN 'uncertain' ELSE 'good' END AS quality
  FROM v`;

/** One tag's samples, ordered by time ($1 tag number, $2 tag name). */
const TAG_SQL = `
  SELECT $2::VARCHAR AS tag, to_timestamp(s) AS time, value, quality
  FROM demo_samples WHERE tag_no = $1 ORDER BY s`;

/**
 * Generates the samples, then writes one Parquet file per tag into `dir`
 * (`<tag>.parquet`: tag, time, value, quality, ordered by time so the bytes are reproducible).
 */
export async function writeSampleFiles(store: Store, plan: WindowPlan, seed: number, dir: string, logger: Logger): Promise<string[]> {
  await store.run(SAMPLES_SQL, [seed]);
  // Two connections write files side by side: one COPY of a small file keeps only one core busy.
  const second = await store.connect();
  const files = plan.tags.map((tag) => path.join(dir, `${tag}.parquet`));
  let next = 0;
  let done = 0;
  const worker = async (run: (sql: string, params: DuckDBValue[]) => Promise<unknown>) => {
    for (let no = next++; no < plan.tags.length; no = next++) {
      // The path cannot be a bound parameter in COPY; it goes through quoteLiteral.
      await run(`COPY (${TAG_SQL}) TO ${quoteLiteral(files[no]!)} (FORMAT parquet, COMPRESSION zstd)`, [no, plan.tags[no]!]);
      logger.progress('writing continuous samples', ++done, plan.tags.length);
    }
  };
  try {
    await Promise.all([worker((q, p) => store.run(q, p)), worker((q, p) => second.run(q, p))]);
  } finally {
    second.closeSync();
  }
  await store.run('DROP TABLE demo_samples');
  return files;
}
