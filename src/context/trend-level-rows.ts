/**
 * Reading a tag's trend-level rows (store/trend-levels.ts) into typed arrays, with a small cache
 * of them per database.
 *
 * Why a cache: reading the ~30 000 bucket rows of a year of 1-s data out of DuckDB costs about
 * 15–20 ms of CPU (decompressing 13 columns and moving 380 000 values into JS), several times
 * everything else a new range costs; fifty people looking at the same tag over neighbouring
 * ranges read the same rows. So rows are kept in blocks of {@link BLOCK_BUCKETS} buckets
 * (aligned in time, so neighbouring ranges share them), least recently used dropped first, at
 * most {@link CACHE_BYTES} per database: what is kept does not grow with the store.
 *
 * Validity: the blocks are dropped when the levels may have changed
 * ({@link trendLevelsGeneration}). Concurrent requests that miss the same block share one read.
 */
import { sortedColumns } from '../core/sorted-columns.js';
import type { Store } from '../store/store.js';
import { trendLevelsGeneration } from '../store/trend-levels.js';
import { LEVEL_COLUMNS, type LevelRows } from './trend-m4.js';

/** Buckets per cached block (about 100 KB of rows when all are present). */
export const BLOCK_BUCKETS = 1024;
/** Bytes of rows kept per database (blocks; least recently used dropped first). */
export const CACHE_BYTES = 32 * 1024 * 1024;
/** Samples of one bucket kept at most (a 1-s tag at the 4096-s level; bigger buckets are read each time). */
export const BUCKET_SAMPLES_KEPT = 4096;
/** Blocks read by one query at most, so a very wide request never holds all its rows at once. */
const BLOCKS_PER_READ = 32;
/** What a block costs besides its rows (an empty block still counts). */
const BLOCK_OVERHEAD = 512;

/** The columns of {@link LEVEL_COLUMNS}, in its order. */
const SELECT = `SELECT bucket::DOUBLE AS bucket, n::DOUBLE AS n, nbad::DOUBLE AS nbad, t_first::DOUBLE AS tFirst, v_first AS vFirst,
  t_last::DOUBLE AS tLast, v_last AS vLast, t_min::DOUBLE AS tMin, v_min AS vMin, t_max::DOUBLE AS tMax, v_max AS vMax,
  b_first::DOUBLE AS bFirst, b_last::DOUBLE AS bLast
  FROM trend_levels WHERE tag = $1 AND level = $2 AND bucket >= $3 AND bucket < $4`;

interface Block {
  value: Promise<unknown>;
  bytes: number;
}

/** The blocks of one database, valid for one generation of its levels. */
class BlockCache {
  generation = -1;
  blocks = new Map<string, Block>();
  bytes = 0;

  /** The cached value, marked most recently used. */
  get<T>(key: string): Promise<T> | undefined {
    const b = this.blocks.get(key);
    if (b) {
      this.blocks.delete(key);
      this.blocks.set(key, b);
    }
    return b?.value as Promise<T> | undefined;
  }

  /** Keeps `value` (being read) under `key`; its bytes (`size`) count once it arrives. */
  put<T>(key: string, value: Promise<T>, size: (v: T) => number): void {
    const block: Block = { value, bytes: 0 };
    const map = this.blocks;
    map.set(key, block);
    value.then(
      (v) => {
        if (map !== this.blocks || map.get(key) !== block) return;
        block.bytes = BLOCK_OVERHEAD + size(v);
        this.bytes += block.bytes;
        for (const [k, b] of map) {
          if (this.bytes <= CACHE_BYTES) break;
          map.delete(k);
          this.bytes -= b.bytes;
        }
      },
      () => {
        if (map.get(key) === block) map.delete(key);
      },
    );
  }

  /** Forgets the value under `key`. */
  drop(key: string): void {
    const b = this.blocks.get(key);
    if (!b) return;
    this.blocks.delete(key);
    this.bytes -= b.bytes;
  }

  /** Drops everything when the levels may have changed since the blocks were read. */
  validFor(generation: number): void {
    if (generation === this.generation) return;
    this.generation = generation;
    this.blocks = new Map();
    this.bytes = 0;
  }
}

const CACHE = Symbol('trend level blocks');

/** The database's cache, emptied if the levels may have changed since it was filled. */
function cacheOf(store: Store): BlockCache {
  const cache = store.shared(CACHE, () => new BlockCache());
  cache.validFor(trendLevelsGeneration(store));
  return cache;
}

const rowBytes = (r: LevelRows) => r.bucket.length * LEVEL_COLUMNS.length * 8;

/**
 * Calls `visit` with rows of level `level` of `tag` covering buckets [lo, hi) (µs), block by
 * block, in no particular order; a block may hold rows outside [lo, hi), which the caller skips.
 * Blocks come from the cache, else from the store (and are kept when the range fits the cache).
 *
 * @param store - the store.
 * @param tag - the tag.
 * @param level - the level (store/trend-levels.ts).
 * @param lo - first bucket start wanted (µs, a multiple of the level's bucket length).
 * @param hi - end (µs, exclusive).
 * @param visit - receives each block's rows.
 * @example
 * await visitLevelRows(store, 'TT101', 5, lo, hi, (rows) => grid.addBuckets(rows, lo, hi, bucketUs));
 */
export async function visitLevelRows(store: Store, tag: string, level: number, lo: number, hi: number, visit: (rows: LevelRows) => void): Promise<void> {
  if (hi <= lo) return;
  const cache = cacheOf(store);
  const span = 4 ** level * 1_000_000 * BLOCK_BUCKETS;
  const first = Math.floor(lo / span);
  const last = Math.floor((hi - 1) / span);
  // A range wider than the cache would only push out what others use: read it, keep nothing.
  const keep = (last - first + 1) * (BLOCK_OVERHEAD + BLOCK_BUCKETS * LEVEL_COLUMNS.length * 8) <= CACHE_BYTES / 2;
  const key = (j: number) => `${tag}\u0000${level}\u0000${j}`;
  const pending: Promise<LevelRows>[] = [];
  let j = first;
  while (j <= last) {
    const hit = keep ? cache.get<LevelRows>(key(j)) : undefined;
    if (hit) {
      pending.push(hit);
      j++;
      continue;
    }
    // A run of missing blocks, read by one query and cut into blocks.
    let end = j;
    while (end < last && end - j + 1 < BLOCKS_PER_READ && !(keep && cache.blocks.has(key(end + 1)))) end++;
    const start = j;
    const read = readBlocks(store, tag, level, start, end, span);
    for (let k = start; k <= end; k++) {
      const rows = read.then((blocks) => blocks[k - start]!);
      // A failed read fails the request at the first of its blocks awaited; the others must not
      // count as unhandled rejections (which end a Node process).
      rows.catch(() => undefined);
      if (keep) cache.put(key(k), rows, rowBytes);
      pending.push(rows);
    }
    // Without the cache, one read at a time: its rows are visited and dropped before the next.
    if (!keep) for (const rows of pending.splice(0)) visit(await rows);
    j = end + 1;
  }
  for (const rows of pending) visit(await rows);
}

/** Rows of blocks first…last (each `span` µs long), cut into one {@link LevelRows} per block. */
async function readBlocks(store: Store, tag: string, level: number, first: number, last: number, span: number): Promise<LevelRows[]> {
  const c = await store.doubles(SELECT, [tag, level, BigInt(first * span), BigInt((last + 1) * span)]);
  const rows = inBucketOrder(Object.fromEntries(LEVEL_COLUMNS.map((name, i) => [name, c[i]!])) as unknown as LevelRows);
  const blocks: LevelRows[] = [];
  let start = 0;
  for (let j = first; j <= last; j++) {
    let end = start;
    while (end < rows.bucket.length && rows.bucket[end]! < (j + 1) * span) end++;
    // Copies, so dropping one block from the cache frees its memory.
    blocks.push(Object.fromEntries(LEVEL_COLUMNS.map((name) => [name, rows[name].slice(start, end)])) as unknown as LevelRows);
    start = end;
  }
  return blocks;
}

/** The rows sorted by bucket (core/sorted-columns.ts: stored order, which imports keep sorted, is not promised). */
function inBucketOrder(rows: LevelRows): LevelRows {
  const sorted = sortedColumns(LEVEL_COLUMNS.map((name) => rows[name]));
  return Object.fromEntries(LEVEL_COLUMNS.map((name, i) => [name, sorted[i]!])) as unknown as LevelRows;
}

/** The samples of one bucket: times (epoch µs), values, and 1 for good, 0 for bad. */
export interface BucketSamples {
  us: Float64Array;
  value: Float64Array;
  good: Float64Array;
}

/**
 * The samples of `tag` in the bucket [start, start + bucketUs), kept in the same cache as the
 * level rows: the partial buckets at the two ends of a range are read from the samples, and
 * ranges that start or end in the same bucket as an earlier one (a range moved by less than a
 * bucket, live trends that all end now) then read none. A bucket of more than
 * {@link BUCKET_SAMPLES_KEPT} samples is read each time.
 *
 * They are as current as the levels: samples change through imports, whose levels are rebuilt
 * (which empties the cache) before trends read levels again.
 *
 * @param store - the store.
 * @param tag - the tag.
 * @param start - the bucket's start (epoch µs).
 * @param bucketUs - its length (µs).
 * @param good - SQL of a good sample (store/sql.ts goodSample()).
 * @example
 * const s = await bucketSamples(store, 'TT101', lo - b, b, goodSample());
 */
export async function bucketSamples(store: Store, tag: string, start: number, bucketUs: number, good: string): Promise<BucketSamples> {
  const cache = cacheOf(store);
  const key = `${tag}\u0000s${bucketUs}\u0000${start}`;
  const hit = cache.get<BucketSamples>(key);
  if (hit) return hit;
  const read = store.doubles(
    `SELECT epoch_us(time)::DOUBLE AS us, value, (${good})::DOUBLE AS good FROM samples WHERE tag = $1 AND time >= $2::TIMESTAMPTZ AND time < $3::TIMESTAMPTZ`,
    [tag, new Date(start / 1000).toISOString(), new Date((start + bucketUs) / 1000).toISOString()],
  ).then(([us, value, good]) => ({ us: us!, value: value!, good: good! }));
  // Kept while it is read, so concurrent requests share the read.
  cache.put(key, read, (s) => s.us.length * 3 * 8);
  const samples = await read;
  if (samples.us.length > BUCKET_SAMPLES_KEPT) cache.drop(key);
  return samples;
}
