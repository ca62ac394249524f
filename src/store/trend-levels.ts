/**
 * Trend levels: per tag, the samples summarised in fixed time buckets of 4^k seconds
 * (k = 2…9: 16 s … about 3 days), each bucket holding what M4 needs — its first, last, minimum
 * and maximum good sample with their times, its sample count, and its first and last bad sample.
 *
 * They let a trend over a year of 1-s samples read about 100 000 bucket rows instead of 30 M
 * samples (see src/context/trend.ts). They are kept by every import: for each tag it wrote, the
 * buckets of each level that hold any of its samples are rebuilt — the base level from the
 * samples, each higher level from the four buckets below it. So the work follows the size of the
 * import, not of the store: a one-second batch of live data rebuilds a handful of buckets per tag
 * and reads its samples through constant time bounds (DuckDB skips row groups outside them).
 *
 * The rebuild runs in its own transaction right after the import's: reading the samples an open
 * transaction has just written is about 3× slower in DuckDB (measured: 9.6 s against 3.3 s for
 * 20 M samples). So that levels never lag unnoticed, the import's transaction records itself in
 * `trend_pending` (and the time range of its samples in `trend_pending_bounds`); the rebuild
 * removes both in its transaction. While any row is there (the rebuild is running, or the process
 * stopped between the two), trends scan the samples, and the next opening of the store completes
 * the rebuild.
 *
 * A tag's lowest level (its base) is chosen once, from the mean sample interval over its first
 * two samples or more: the smallest 4^k s holding at least 16 samples, so a bucket always
 * summarises many samples. Tags sampled more slowly than every 4.5 h get no levels: their trends
 * are cheap to scan. A tag whose imports so far brought one sample (live data arrives a sample per
 * tag per batch) waits in `trend_undecided` until the next one; its levels then include it.
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
const DECIDING = '_trend_deciding';
/** Start of the bucket of length `b` (µs) holding instant `us` (µs), also before 1970. */
const floorTo = (us: string, b: string) => `(${us} - ((${us} % (${b})) + (${b})) % (${b}))`;
/** Bucket length (µs) of level `level` as SQL. */
const lengthOf = (level: string) => `(CAST(4 ** ${level} AS BIGINT) * 1000000)`;

/**
 * The base level for a mean sample interval `mean` (µs, SQL): the smallest level whose bucket
 * holds at least 16 samples; NULL when even the top level would hold fewer.
 */
function baseFor(mean: string): string {
  const whens = Array.from({ length: MAX_LEVEL - MIN_LEVEL + 1 }, (_, i) => MIN_LEVEL + i)
    .map((k) => `WHEN ${bucketMicros(k) / SAMPLES_PER_BASE_BUCKET} >= ${mean} THEN ${k}`).join(' ');
  return `CASE ${whens} END`;
}

/**
 * Statements choosing the base level of tags first seen in the spans. `undecided` (false only in
 * migration 4, before `trend_undecided` exists): a tag with a single sample so far waits there
 * for its next one; without it, such a tag gets no levels.
 */
function decideStatements(undecided: boolean): string[] {
  const mean = (n: string) => `(CASE WHEN ${n} > 1 THEN (last_us - first_us) / (${n} - 1) END)`;
  if (!undecided) {
    return [`INSERT INTO trend_tags SELECT tag, ${baseFor(mean('span_n'))} FROM ${SPANS} WHERE tag NOT IN (SELECT tag FROM trend_tags)`];
  }
  return [
    // Tags without a base yet, their span widened to the samples that waited.
    `CREATE OR REPLACE TEMP TABLE ${DECIDING} AS
     SELECT s.tag, least(s.first_us, u.first_us) AS first_us, greatest(s.last_us, u.last_us) AS last_us, s.span_n + coalesce(u.n, 0) AS n, u.tag IS NOT NULL AS waited
     FROM ${SPANS} s LEFT JOIN trend_undecided u ON u.tag = s.tag WHERE s.tag NOT IN (SELECT tag FROM trend_tags)`,
    `UPDATE ${SPANS} SET first_us = d.first_us FROM ${DECIDING} d WHERE ${SPANS}.tag = d.tag AND d.n > 1`,
    `INSERT INTO trend_tags SELECT tag, ${baseFor(mean('n'))} FROM ${DECIDING} WHERE n > 1`,
    `DELETE FROM trend_undecided WHERE tag IN (SELECT tag FROM ${DECIDING} WHERE n > 1)`,
    `INSERT INTO trend_undecided SELECT tag, first_us, last_us, n FROM ${DECIDING} WHERE n = 1 AND NOT waited`,
    `DROP TABLE ${DECIDING}`,
  ];
}

/**
 * Statements rebuilding, for each tag of the spans table, every bucket of every level that holds
 * a time from the span's first to last sample: the base level from the samples, each level above
 * from the one below (a bucket of level k is four of level k − 1, so the buckets of level k − 1
 * inside a rebuilt range of level k are all current). `window` gives constant bounds (SQL
 * TIMESTAMPTZ literals) the samples read lie within, so DuckDB skips the row groups outside.
 */
function levelStatements(window?: { lo: string; hi: string }): string[] {
  const range = (first: string, last: string, len: string) => ({ a: floorTo(first, len), b: `${floorTo(last, len)} + ${len}` });
  const lv = range('s.first_us', 's.last_us', lengthOf('l.level'));
  const bounds = window ? `x.time >= ${window.lo} AND x.time < ${window.hi} AND ` : '';
  const base = range('s.first_us', 's.last_us', 'bl');
  return [
    `DELETE FROM trend_levels l USING ${SPANS} s WHERE l.tag = s.tag AND l.bucket >= ${lv.a} AND l.bucket < ${lv.b}`,
    // Base level from the samples, each tag at its own bucket length. The samples meet one
    // small table (per tag: range, level, bucket length), and each sample's time in µs and its
    // goodness are computed once: about 13 % faster than joining spans and tags to every
    // sample and raising 4 to the level per sample (measured on 5 M samples, same result).
    `INSERT INTO trend_levels
     SELECT tag, level, bucket, count(*), count(*) FILTER (WHERE NOT ok),
       min(gt), arg_min(gv, gt), max(gt), arg_max(gv, gt), arg_min(gt, gv), min(gv), arg_max(gt, gv), max(gv), min(bt), max(bt)
     FROM (SELECT tag, level, ${floorTo('us', 'bl')} AS bucket, ok,
             CASE WHEN ok THEN us END AS gt, CASE WHEN ok THEN value END AS gv, CASE WHEN NOT ok THEN us END AS bt
           FROM (SELECT x.tag, s.level, s.bl, epoch_us(x.time) AS us, x.value, ${goodSample('x')} AS ok
                 FROM samples x JOIN (SELECT s.tag, ${base.a} AS a, ${base.b} AS b, level, bl
                                      FROM (SELECT s.*, g.base_level AS level, ${lengthOf('g.base_level')} AS bl
                                            FROM ${SPANS} s JOIN trend_tags g ON g.tag = s.tag WHERE g.base_level IS NOT NULL) s) s ON x.tag = s.tag
                 WHERE ${bounds}x.time >= to_timestamp(s.a // 1000000) AND x.time < to_timestamp(s.b // 1000000)))
     GROUP BY tag, level, bucket ORDER BY tag, bucket`,
    ...Array.from({ length: MAX_LEVEL - MIN_LEVEL }, (_, i) => MIN_LEVEL + 1 + i).map((k) => {
      const r = range('s.first_us', 's.last_us', String(bucketMicros(k)));
      return `INSERT INTO trend_levels
       SELECT l.tag, ${k}, ${floorTo('l.bucket', String(bucketMicros(k)))} AS bk, sum(n), sum(nbad),
         min(t_first), arg_min(v_first, t_first), max(t_last), arg_max(v_last, t_last),
         arg_min(t_min, v_min), min(v_min), arg_max(t_max, v_max), max(v_max), min(b_first), max(b_last)
       FROM trend_levels l JOIN ${SPANS} s ON l.tag = s.tag
       WHERE l.level = ${k - 1} AND l.bucket >= ${r.a} AND l.bucket < ${r.b}
       GROUP BY l.tag, bk ORDER BY l.tag, bk`;
    }),
  ];
}

/** `CREATE … ${SPANS}` from a query with columns tag, first_us, last_us (µs) and n. */
const spansTable = (source: string) => `CREATE OR REPLACE TEMP TABLE ${SPANS} AS SELECT tag, first_us, last_us, n AS span_n FROM (${source})`;

/** Spans (tag, first_us, last_us, n) of the samples that meet `where`. */
const spansOf = (where: string) =>
  `SELECT tag, epoch_us(min(time)) AS first_us, epoch_us(max(time)) AS last_us, count(*) AS n FROM samples ${where} GROUP BY tag`;

/** Spans of every tag's samples: the whole store. */
const ALL_SAMPLES = spansOf('');

/** A TIMESTAMPTZ literal of epoch microseconds (whole milliseconds: callers pass bucket bounds or widen). */
const instantLiteral = (us: bigint) => `TIMESTAMPTZ ${quoteLiteral(new Date(Number(us / 1000n)).toISOString())}`;

/** Statements of migration 4: the tables, then levels for the samples already stored. */
export const TREND_LEVEL_MIGRATION = [
  ...TREND_LEVEL_TABLES, spansTable(ALL_SAMPLES), ...decideStatements(false), ...levelStatements(), `DROP TABLE ${SPANS}`,
];

/** Key of the per-database count of level rebuilds ({@link trendLevelsGeneration}). */
const GENERATION = Symbol('trend levels generation');

const generationOf = (store: Store) => store.shared(GENERATION, () => ({ n: 0 }));

/**
 * A number that changes whenever this process may change a database's trend levels: what a
 * cache of level rows is valid for (context/trend-level-rows.ts). Only this module writes
 * `trend_levels` (migrations aside, which run at opening, before anything is cached), and one
 * process holds a DuckDB file, so no other writer can change them unseen.
 *
 * @param store - any handle of the database.
 * @example
 * if (cached.generation !== trendLevelsGeneration(store)) cached = undefined;
 */
export function trendLevelsGeneration(store: Store): number {
  return generationOf(store).n;
}

/**
 * Runs a rebuild of levels, moving the generation before it starts (rows read while it runs may
 * be old or new) and after it ends (so nothing read before its commit stays valid).
 */
async function rebuilding<T>(store: Store, work: () => Promise<T>): Promise<T> {
  generationOf(store).n++;
  try {
    return await work();
  } finally {
    generationOf(store).n++;
  }
}

/** Tables of the incremental rebuild (schema migration 5): bounds of pending imports, tags that wait for a base. */
export const TREND_INCREMENTAL_TABLES = [
  `CREATE TABLE trend_pending_bounds (import_id VARCHAR PRIMARY KEY, lo TIMESTAMPTZ NOT NULL, hi TIMESTAMPTZ NOT NULL)`,
  `CREATE TABLE trend_undecided (tag VARCHAR PRIMARY KEY, first_us BIGINT NOT NULL, last_us BIGINT NOT NULL, n BIGINT NOT NULL)`,
];

/**
 * Rebuilds the levels of the spans table (already filled): bases of new tags, then every level
 * in the spans' ranges, reading samples only between the lowest and highest base bucket touched.
 */
async function rebuildSpans(store: Store): Promise<void> {
  for (const sql of decideStatements(true)) await store.run(sql);
  const w = await store.one<{ lo: bigint | null; hi: bigint | null }>(
    `SELECT min(${floorTo('s.first_us', lengthOf('g.base_level'))}) AS lo, max(${floorTo('s.last_us', lengthOf('g.base_level'))} + ${lengthOf('g.base_level')}) AS hi
     FROM ${SPANS} s JOIN trend_tags g ON g.tag = s.tag WHERE g.base_level IS NOT NULL`,
  );
  const window = w?.lo != null && w.hi != null ? { lo: instantLiteral(BigInt(w.lo)), hi: instantLiteral(BigInt(w.hi) + 1000n) } : undefined;
  for (const sql of levelStatements(window)) await store.run(sql);
  await store.run(`DROP TABLE ${SPANS}`);
}

/**
 * Marks an import's samples as not yet in the levels. Call inside the import's transaction;
 * {@link completeTrendLevels} after it commits.
 *
 * @param store - the store.
 * @param importId - the import whose samples changed (new or replaced).
 * @param bounds - first and last time of the samples it wrote, when known: the rebuild then
 *   reads only samples between them (default: it finds them among all samples of the import).
 */
export async function markTrendLevelsPending(store: Store, importId: string, bounds?: { lo: Date; hi: Date }): Promise<void> {
  await store.run('INSERT INTO trend_pending VALUES ($1)', [importId]);
  if (bounds) await store.run('INSERT INTO trend_pending_bounds VALUES ($1, $2, $3)', [importId, bounds.lo.toISOString(), bounds.hi.toISOString()]);
}

/**
 * Rebuilds the levels of the buckets every pending import wrote into, one transaction per import
 * that also clears its mark. Returns the number of imports completed.
 *
 * @param store - the store.
 * @example
 * await store.transaction(async () => { …write samples…; await markTrendLevelsPending(store, id); });
 * await completeTrendLevels(store);
 */
export async function completeTrendLevels(store: Store): Promise<number> {
  const pending = await store.all<{ import_id: string; lo: Date | null; hi: Date | null }>(
    'SELECT p.import_id, b.lo, b.hi FROM trend_pending p LEFT JOIN trend_pending_bounds b USING (import_id) ORDER BY p.import_id');
  if (pending.length > 0) await rebuilding(store, () => completePending(store, pending));
  return pending.length;
}

/** Rebuilds the levels of each pending import, one transaction each. */
async function completePending(store: Store, pending: { import_id: string; lo: Date | null; hi: Date | null }[]): Promise<void> {
  for (const { import_id: id, lo, hi } of pending) {
    // Bounds widened to whole milliseconds: the literal keeps milliseconds only.
    const within = lo && hi
      ? ` AND time >= ${instantLiteral(BigInt(lo.getTime()) * 1000n)} AND time <= ${instantLiteral(BigInt(hi.getTime() + 1) * 1000n)}`
      : '';
    await store.transaction(async () => {
      await store.run(spansTable(spansOf(`WHERE import_id = ${quoteLiteral(id)}${within}`)));
      await rebuildSpans(store);
      await store.run('DELETE FROM trend_pending WHERE import_id = $1', [id]);
      await store.run('DELETE FROM trend_pending_bounds WHERE import_id = $1', [id]);
    });
  }
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
  await rebuilding(store, () => store.transaction(async () => {
    await store.run(spansTable(ALL_SAMPLES));
    await rebuildSpans(store);
    await store.run('DELETE FROM trend_pending');
    await store.run('DELETE FROM trend_pending_bounds');
  }));
}
