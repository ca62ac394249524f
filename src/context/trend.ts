/**
 * Trends at any scale: the values of one or more tags for a screen of a given width.
 *
 * Over many samples, M4 down-sampling inside DuckDB: the time range is cut into `width` pixel
 * columns and each column keeps its first, last, minimum and maximum sample (with their times).
 * A line chart drawn from these points at that width touches exactly the pixels the raw series
 * would (Jugel et al. 2014), so a year of 1-s data comes back as at most 4·width points per tag.
 * When a tag has at most 4·width samples in range, its raw samples come back instead.
 *
 * Bad samples (quality bad, or no finite value) are never drawn as good: they are left out of the
 * points and returned apart (`bad`: all of them in raw mode, the first and last of each pixel
 * column in M4 mode) so a chart can mark where data is bad.
 *
 * Where a pixel column spans at least 16 buckets of a tag's trend levels (store/trend-levels.ts),
 * M4 reads the buckets instead of the samples: a year of 1-s samples at 2000 px is about 120 000
 * bucket rows of 256 s instead of 30 M samples. A bucket inside one pixel column goes to it
 * whole; a bucket across a column edge gives each of its four points to the column of its own
 * time. Every point drawn is then a real sample in its own column; a column can only miss an
 * extreme within one bucket (≤ 1/16 pixel) of its edge that is not its bucket's own extreme.
 * (Giving such buckets whole to the column of their midpoint was simpler, but for a trending
 * signal a column's extreme sits at its edge so often that 3–10 % of pixels moved; now ≤ 0.4 %.)
 * The first and last partial buckets of the range are read from the samples, so nothing outside
 * [from, to) is used and the sample counts are exact. `exact: true` always scans the samples.
 * The bucket rows are read once into typed arrays (trend-level-rows.ts, which keeps recent ones,
 * and the samples of the end buckets, in a small cache) and put into columns in TypeScript
 * (trend-m4.ts): a new range next to an earlier one then costs about 6 ms of CPU instead of
 * 45–63 ms for the same answer grouped in SQL (a year of 1-s samples at 1600 px).
 *
 * The scan filters on `tag = … AND time >= … AND time < …`; with samples stored in (tag, time)
 * order, as imports write them, DuckDB's zone maps skip the row groups of other tags and times.
 */
import { listValue } from '@duckdb/node-api';
import { AppError, field } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { goodSample } from '../store/sql.js';
import { bucketMicros, MAX_LEVEL } from '../store/trend-levels.js';
import { bucketSamples, visitLevelRows } from './trend-level-rows.js';
import { M4Grid } from './trend-m4.js';
import { lotSpan } from './trend-range.js';

/** A sample drawn as good: quality below 2 (OPC UA good or uncertain) and a finite value. */
const GOOD = goodSample();

/** Options of {@link trend}. */
export interface TrendOptions {
  /** Tags to draw (at least one). */
  tags: string[];
  /** Start of the range (inclusive). Required unless `lot` is given. */
  from?: Date | string;
  /** End of the range (exclusive). Required unless `lot` is given. */
  to?: Date | string;
  /** Pixel columns of the chart (default 1600). */
  width?: number;
  /** Limit to this lot's time span (its start and end, else its phases); intersected with from/to. */
  lot?: string;
  /** Always M4 over the samples, never the trend levels (slower; exact to the pixel). Default false. */
  exact?: boolean;
}

/** The points of one tag: times in epoch milliseconds, values; same length. */
export interface TrendSeries {
  tag: string;
  unit: string | null;
  /** 'raw' (all samples) or 'm4' (first, last, min, max per pixel column). */
  mode: 'raw' | 'm4';
  /** Bucket length in seconds when M4 read the trend levels; null when it read the samples. */
  bucketSeconds: number | null;
  /** Samples of the tag in range (good and bad). */
  samples: number;
  /** Bad samples in range (excluded from the points). */
  badSamples: number;
  time: Float64Array;
  value: Float64Array;
  /** Where bad samples are: times (epoch ms) of bad samples (raw) or first/last bad per column (m4). */
  bad: Float64Array;
}

/** Result of {@link trend}. */
export interface TrendResult {
  from: Date;
  to: Date;
  width: number;
  series: TrendSeries[];
}

/**
 * Values of tags for a chart `width` pixels wide: raw samples when a tag has at most 4·width in
 * range, else M4 down-sampled in the store.
 *
 * @param store - the store.
 * @param opts - tags, from, to, width (default 1600), lot.
 * @example
 * const t = await trend(store, { tags: ['TT101'], from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
 * // t.series[0].time.length <= 4 * 1600
 * @see U. Jugel, Z. Jerzak, G. Hackenbroich, V. Markl: M4: A Visualization-Oriented Time Series
 *   Data Aggregation. PVLDB 7(10), 2014.
 */
export async function trend(store: Store, opts: TrendOptions): Promise<TrendResult> {
  const width = opts.width ?? 1600;
  if (!Number.isInteger(width) || width < 1 || width > 100_000) {
    throw new AppError('bad_width', `width ${width} is not a whole number of pixels between 1 and 100000`, `give e.g. ${field('width', '1600')}`);
  }
  if (opts.tags.length === 0) throw new AppError('no_tags', 'no tag given', `name at least one tag in ${field('tags')}, with ${field('from')} and ${field('to')}`);
  const { from, to } = await resolveRange(store, opts);
  const tags = await tagInfo(store, opts.tags);
  const series: TrendSeries[] = [];
  for (const tag of opts.tags) {
    const info = tags.get(tag)!;
    // M4 first: it also counts the samples, so a large range is read once; a small one
    // (≤ 4·width samples) is then read raw, which costs little.
    const level = opts.exact ? null : levelFor(info.baseLevel, from, to, width);
    const m4 = level === null ? await m4Points(store, tag, from, to, width) : await levelPoints(store, tag, level, from, to, width);
    const mode = m4.samples <= 4 * width ? 'raw' : 'm4';
    const pts = mode === 'raw' ? await rawPoints(store, tag, from, to) : m4;
    series.push({
      tag, unit: info.unit, mode, bucketSeconds: mode === 'm4' && level !== null ? bucketMicros(level) / 1e6 : null,
      samples: m4.samples, badSamples: m4.badSamples, time: pts.time, value: pts.value, bad: pts.bad,
    });
  }
  return { from, to, width, series };
}

type Points = Pick<TrendSeries, 'time' | 'value' | 'bad'>;

async function rawPoints(store: Store, tag: string, from: Date, to: Date): Promise<Points> {
  const c = await store.columns(
    `SELECT epoch_ms(time)::DOUBLE AS t, value, ${GOOD} AS good
     FROM samples WHERE tag = $1 AND time >= $2::TIMESTAMPTZ AND time < $3::TIMESTAMPTZ ORDER BY time`,
    [tag, from.toISOString(), to.toISOString()],
  );
  return splitGood(c);
}

/** Points of a query with columns t, value, good: good points drawn, bad ones only located. */
function splitGood(c: Record<string, Float64Array | unknown[]>): Points {
  const t = c.t as Float64Array;
  const v = c.value as Float64Array;
  const good = c.good as unknown[];
  const keep: number[] = [];
  const bad: number[] = [];
  for (let i = 0; i < t.length; i++) (good[i] ? keep : bad).push(i);
  return { time: Float64Array.from(keep, (i) => t[i]!), value: Float64Array.from(keep, (i) => v[i]!), bad: Float64Array.from(bad, (i) => t[i]!) };
}

/**
 * M4 in one query: pixel column px = ⌊(t − from)·width / (to − from)⌋ in integer microseconds
 * (exact, so a point never lands in the neighbouring column), then per column the four extreme
 * samples, unnested and de-duplicated (first may also be the minimum). Bad samples get NULL time
 * and value in the good columns (aggregates skip NULLs) instead of FILTER clauses: faster in a
 * test on 3 M samples (median about 0.9 s against 1.4 s, on a loaded machine).
 */
async function m4Points(store: Store, tag: string, from: Date, to: Date, width: number): Promise<Points & { samples: number; badSamples: number }> {
  const params = [tag, from.toISOString(), to.toISOString(), width];
  const c = await store.columns(
    `WITH s AS (
       SELECT (epoch_us(time) - epoch_us($2::TIMESTAMPTZ)) * $4::BIGINT // (epoch_us($3::TIMESTAMPTZ) - epoch_us($2::TIMESTAMPTZ)) AS px,
         CASE WHEN good THEN time END AS gt, CASE WHEN good THEN value END AS gv, CASE WHEN NOT good THEN time END AS bt
       FROM (SELECT time, value, ${GOOD} AS good
             FROM samples WHERE tag = $1 AND time >= $2::TIMESTAMPTZ AND time < $3::TIMESTAMPTZ)
     ),
     m AS (
       SELECT px,
         min(gt) AS t1, arg_min(gv, gt) AS v1, max(gt) AS t4, arg_max(gv, gt) AS v4,
         arg_min(gt, gv) AS t2, min(gv) AS v2, arg_max(gt, gv) AS t3, max(gv) AS v3,
         min(bt) AS b1, max(bt) AS b2, count(*) AS n, count(bt) AS nbad
       FROM s GROUP BY px
     ),
     tot AS (SELECT sum(n) AS n, sum(nbad) AS nbad FROM m)
     SELECT DISTINCT epoch_ms(p.t)::DOUBLE AS t, p.v AS value, p.good, tot.n, tot.nbad
     FROM m, tot, unnest([{'t': t1, 'v': v1, 'good': true}, {'t': t2, 'v': v2, 'good': true}, {'t': t3, 'v': v3, 'good': true},
                     {'t': t4, 'v': v4, 'good': true}, {'t': b1, 'v': NULL, 'good': false}, {'t': b2, 'v': NULL, 'good': false}]) AS u(p)
     WHERE p.t IS NOT NULL ORDER BY t`,
    params,
  );
  return withTotals(c);
}

/** Points and the totals every row of an M4 answer carries (an empty range has no rows). */
function withTotals(c: Record<string, Float64Array | unknown[]>): Points & { samples: number; badSamples: number } {
  const n = c.n as Float64Array;
  const nbad = c.nbad as Float64Array;
  return { ...splitGood(c), samples: n.length ? n[0]! : 0, badSamples: nbad.length ? nbad[0]! : 0 };
}

/**
 * The coarsest level whose buckets fit at least 16 times into a pixel column, or null when even
 * the tag's base level is too coarse (then the range holds few samples and is scanned) or the
 * tag has no levels.
 */
function levelFor(baseLevel: number | null, from: Date, to: Date, width: number): number | null {
  if (baseLevel === null) return null;
  const pixelMicros = ((to.getTime() - from.getTime()) * 1000) / width;
  for (let k = MAX_LEVEL; k >= baseLevel; k--) if (16 * bucketMicros(k) <= pixelMicros) return k;
  return null;
}

/**
 * M4 from the trend levels: the bucket rows of [lo, hi) at the level (trend-level-rows.ts, often
 * from its cache) and the samples of the partial buckets at both ends of the range (a small
 * range scan each, or the cache), put into pixel columns in TypeScript (trend-m4.ts), which
 * counts only samples inside the range.
 */
async function levelPoints(store: Store, tag: string, level: number, from: Date, to: Date, width: number): Promise<Points & { samples: number; badSamples: number }> {
  const b = bucketMicros(level);
  const f = from.getTime() * 1000;
  const t = to.getTime() * 1000;
  const lo = Math.ceil(f / b) * b;
  const hi = Math.floor(t / b) * b;
  const grid = new M4Grid(f, t, width);
  // The partial buckets at the ends, from their samples (cached with the level rows); the grid
  // counts only those in [from, to).
  for (const s of [f < lo ? await bucketSamples(store, tag, lo - b, b, GOOD) : undefined, hi < t ? await bucketSamples(store, tag, hi, b, GOOD) : undefined]) {
    if (s) grid.addSamples(s.us, s.value, s.good);
  }
  await visitLevelRows(store, tag, level, lo, hi, (rows) => grid.addBuckets(rows, lo, hi, b));
  return grid.points();
}

async function resolveRange(store: Store, opts: TrendOptions): Promise<{ from: Date; to: Date }> {
  let from = opts.from === undefined ? undefined : toDate(opts.from, 'from');
  let to = opts.to === undefined ? undefined : toDate(opts.to, 'to');
  if (opts.lot !== undefined) {
    const span = await lotSpan(store, opts.lot);
    from = from === undefined || span.from > from ? span.from : from;
    to = to === undefined || span.to < to ? span.to : to;
  }
  if (from === undefined || to === undefined) {
    throw new AppError('no_range', `a trend needs ${field('from')} and ${field('to')} (or ${field('lot')})`, `give e.g. ${field('from', '2024-01-01T00:00:00Z')} and ${field('to', '2024-02-01T00:00:00Z')}`);
  }
  if (!(from < to)) {
    throw new AppError('empty_range', `the range ${from.toISOString()} – ${to.toISOString()} is empty`, `give a ${field('from')} before ${field('to')} (and inside the lot when ${field('lot')} is used)`);
  }
  return { from, to };
}

function toDate(v: Date | string, name: string): Date {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw new AppError('bad_time', `${field(name)} '${String(v)}' is not a date`, 'use ISO 8601, e.g. 2024-01-13T08:00:00+01:00');
  }
  return d;
}

/** Unit and trend-level base of each tag (base null: no levels), in one query. */
async function tagInfo(store: Store, tags: string[]): Promise<Map<string, { unit: string | null; baseLevel: number | null }>> {
  // An import whose levels are still being rebuilt: scan the samples until it is done.
  const rows = await store.all<{ tag: string; unit: string | null; base: number | null; pending: boolean }>(
    `SELECT t.tag, t.unit, g.base_level AS base, EXISTS (SELECT 1 FROM trend_pending) AS pending
     FROM tags t LEFT JOIN trend_tags g ON g.tag = t.tag WHERE list_contains($1::VARCHAR[], t.tag)`,
    [listValue(tags)],
  );
  const info = new Map<string, { unit: string | null; baseLevel: number | null }>();
  for (const row of rows) info.set(row.tag, { unit: row.unit, baseLevel: row.base === null || row.pending ? null : Number(row.base) });
  const missing = tags.find((tag) => !info.has(tag));
  if (missing !== undefined) throw new AppError('unknown_tag', `tag '${missing}' is not in the store`, 'check the name; the tags file of the import lists them');
  return info;
}
