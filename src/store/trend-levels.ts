/**
 * Trend levels: per tag, the samples summarised in fixed time buckets of 4^k seconds
 * (k = 2…9: 16 s … about 3 days), each bucket holding what M4 needs — its first, last, minimum
 * and maximum good sample with their times, its sample count, and its first and last bad sample.
 *
 * They let a trend over a year of 1-s samples read about 100 000 bucket rows instead of 30 M
 * samples (see src/context/trend.ts). They are kept by every import: for each tag it wrote, the
 * buckets of the whole 3-day-aligned span its samples fall into are rebuilt (every level's
 * buckets nest in that span, so each is rebuilt from complete data).
 *
 * The rebuild runs in its own transaction right after the import's: reading the samples an open
 * transaction has just written is about 3× slower in DuckDB (measured: 9.6 s against 3.3 s for
 * 20 M samples). So that levels never lag unnoticed, the import's transaction records itself in
 * `trend_pending`; the rebuild removes that row in its transaction. While any row is there (the
 * rebuild is running, or the process stopped between the two), trends scan the samples, and the
 * next opening of the store completes the rebuild.
 *
 * A tag's lowest level (its base) is chosen at its first import from the mean sample interval:
 * the smallest 4^k s holding at least 16 samples, so a bucket always summarises many samples.
 * Tags sampled more slowly than every 4.5 h get no levels: their trends are cheap to scan.
 *
 * Only imports write samples; a sample written by other means (tests, hand-made SQL) is not in
 * the levels until {@link rebuildTrendLevels} runs.
 */
import { goodSample, quoteLiteral } from './sql.js';
import type { Store } from './store.js';

/** Lowest and highest level: buckets of 4^2 = 16 s to 4^9 = 262 144 s (3.03 days). */
export const MIN_LEVEL = 2;
export const MAX_LEVEL = 9;
/** Samples a base bucket holds at least (at the mean interval). */
const SAMPLES_PER_BASE_BUCKET = 16;

/** Bucket length of level `k` in microseconds. */
export function bucketMicros(k: number): number {
  return 4 ** k * 1_000_000;
}

/** The tables, created by schema migration 4. */
export const TREND_LEVEL_TABLES = [
  // Times are epoch microseconds (BIGINT): bucket arithmetic stays exact integer arithmetic.
  // t_*/v_* are good samples only (NULL when a bucket has none); b_* are bad sample times.
  `CREATE TABLE trend_levels (
     tag VARCHAR NOT NULL, level UTINYINT NOT NULL, bucket BIGINT NOT NULL,
     n UINTEGER NOT NULL, nbad UINTEGER NOT NULL,
     t_first BIGINT, v_first DOUBLE, t_last BIGINT, v_last DOUBLE,
     t_min BIGINT, v_min DOUBLE, t_max BIGINT, v_max DOUBLE, b_first BIGINT, b_last BIGINT)`,
  // A tag's base level, fixed at its first import; NULL: no levels (sampled more slowly than
  // every 4.5 h, or a single sample at first import: its trends are always scanned).
  `CREATE TABLE trend_tags (tag VARCHAR PRIMARY KEY, base_level UTINYINT)`,
  // Imports whose samples are not in the levels yet.
  `CREATE TABLE trend_pending (import_id VARCHAR PRIMARY KEY)`,
];

const SPANS = '_trend_spans';
const ALIGN = bucketMicros(MAX_LEVEL);
/** Start of the bucket of length `b` (µs) holding instant `us` (µs), also before 1970. */
const floorTo = (us: string, b: string) => `(${us} - ((${us} % (${b})) + (${b})) % (${b}))`;

/**
 * The statements that rebuild the levels over spans. `source` is a query with columns tag,
 * first_us, last_us (first and last sample time written, µs) and n (samples written).
 */
function rebuildStatements(source: string): string[] {
  const base = Array.from({ length: MAX_LEVEL - MIN_LEVEL + 1 }, (_, i) => MIN_LEVEL + i)
    .map((k) => `WHEN ${bucketMicros(k) / SAMPLES_PER_BASE_BUCKET} >= mean_us THEN ${k}`).join(' ');
  return [
    `CREATE OR REPLACE TEMP TABLE ${SPANS} AS
     SELECT tag, ${floorTo('first_us', String(ALIGN))} AS a, ${floorTo('last_us', String(ALIGN))} + ${ALIGN} AS b,
       CASE WHEN n > 1 THEN (last_us - first_us) / (n - 1) END AS mean_us
     FROM (${source})`,
    `INSERT INTO trend_tags SELECT tag, CASE WHEN mean_us IS NULL THEN NULL ${base} END FROM ${SPANS}
     WHERE tag NOT IN (SELECT tag FROM trend_tags)`,
    `DELETE FROM trend_levels USING ${SPANS} s WHERE trend_levels.tag = s.tag AND trend_levels.bucket >= s.a AND trend_levels.bucket < s.b`,
    // Base level from the samples, each tag at its own bucket length. The samples meet one
    // small table (per tag: span, level, bucket length), and each sample's time in µs and its
    // goodness are computed once: about 13 % faster than joining spans and tags to every
    // sample and raising 4 to the level per sample (measured on 5 M samples, same result).
    `INSERT INTO trend_levels
     SELECT tag, level, bucket, count(*), count(*) FILTER (WHERE NOT ok),
       min(gt), arg_min(gv, gt), max(gt), arg_max(gv, gt), arg_min(gt, gv), min(gv), arg_max(gt, gv), max(gv), min(bt), max(bt)
     FROM (SELECT tag, level, ${floorTo('us', 'bl')} AS bucket, ok,
             CASE WHEN ok THEN us END AS gt, CASE WHEN ok THEN value END AS gv, CASE WHEN NOT ok THEN us END AS bt
           FROM (SELECT x.tag, s.level, s.bl, epoch_us(x.time) AS us, x.value, ${goodSample('x')} AS ok
                 FROM samples x JOIN (SELECT s.tag, s.a, s.b, g.base_level AS level, CAST(4 ** g.base_level AS BIGINT) * 1000000 AS bl
                                      FROM ${SPANS} s JOIN trend_tags g ON g.tag = s.tag WHERE g.base_level IS NOT NULL) s ON x.tag = s.tag
                 WHERE x.time >= to_timestamp(s.a // 1000000) AND x.time < to_timestamp(s.b // 1000000)))
     GROUP BY tag, level, bucket ORDER BY tag, bucket`,
    // Each higher level from the one below (a bucket of level k is four of level k − 1).
    ...Array.from({ length: MAX_LEVEL - MIN_LEVEL }, (_, i) => MIN_LEVEL + 1 + i).map((k) =>
      `INSERT INTO trend_levels
       SELECT l.tag, ${k}, ${floorTo('l.bucket', String(bucketMicros(k)))} AS bk, sum(n), sum(nbad),
         min(t_first), arg_min(v_first, t_first), max(t_last), arg_max(v_last, t_last),
         arg_min(t_min, v_min), min(v_min), arg_max(t_max, v_max), max(v_max), min(b_first), max(b_last)
       FROM trend_levels l JOIN ${SPANS} s ON l.tag = s.tag
       WHERE l.level = ${k - 1} AND l.bucket >= s.a AND l.bucket < s.b
       GROUP BY l.tag, bk ORDER BY l.tag, bk`),
    `DROP TABLE ${SPANS}`,
  ];
}

/** Spans (the `source` of {@link rebuildStatements}) of the samples that meet `where`. */
const spansOf = (where: string) =>
  `SELECT tag, epoch_us(min(time)) AS first_us, epoch_us(max(time)) AS last_us, count(*) AS n FROM samples ${where} GROUP BY tag`;

/** Spans of every tag's samples: the whole store. */
const ALL_SAMPLES = spansOf('');

/** Statements of migration 4: the tables, then levels for the samples already stored. */
export const TREND_LEVEL_MIGRATION = [...TREND_LEVEL_TABLES, ...rebuildStatements(ALL_SAMPLES)];

/**
 * Marks an import's samples as not yet in the levels. Call inside the import's transaction;
 * {@link completeTrendLevels} after it commits.
 *
 * @param store - the store.
 * @param importId - the import whose samples changed (new or replaced).
 */
export async function markTrendLevelsPending(store: Store, importId: string): Promise<void> {
  await store.run('INSERT INTO trend_pending VALUES ($1)', [importId]);
}

/**
 * Rebuilds the levels of the spans every pending import wrote, one transaction per import that
 * also clears its mark. Returns the number of imports completed.
 *
 * @param store - the store.
 * @example
 * await store.transaction(async () => { …write samples…; await markTrendLevelsPending(store, id); });
 * await completeTrendLevels(store);
 */
export async function completeTrendLevels(store: Store): Promise<number> {
  const pending = await store.all<{ import_id: string }>('SELECT import_id FROM trend_pending ORDER BY import_id');
  for (const { import_id: id } of pending) {
    await store.transaction(async () => {
      for (const sql of rebuildStatements(spansOf(`WHERE import_id = ${quoteLiteral(id)}`))) await store.run(sql);
      await store.run('DELETE FROM trend_pending WHERE import_id = $1', [id]);
    });
  }
  return pending.length;
}

/**
 * Rebuilds the levels of every tag from the stored samples (for samples written other than by
 * an import, and for benchmarks). Tags keep the base level they have.
 *
 * @param store - the store.
 * @example
 * await rebuildTrendLevels(store);
 */
export async function rebuildTrendLevels(store: Store): Promise<void> {
  await store.transaction(async () => {
    for (const sql of rebuildStatements(ALL_SAMPLES)) await store.run(sql);
    await store.run('DELETE FROM trend_pending');
  });
}
