/**
 * M4 over pixel columns in TypeScript, from trend-level bucket rows and samples: the first,
 * last, minimum and maximum good point of each column, and its first and last bad sample.
 *
 * Why here and not in SQL: a new range over a year of 1-s data reads about 30 000 bucket rows;
 * grouping them by column in DuckDB (three scans, a hash aggregate, unnest, DISTINCT, ORDER BY)
 * cost about 45 ms of CPU per request, while the assignment below is one pass over typed arrays
 * (under 1 ms), and the rows themselves can be kept between requests (trend-level-rows.ts).
 *
 * The rules are the ones the SQL had (see trend.ts): a bucket inside one column goes to it
 * whole; a bucket across a column edge gives each of its points to the column of its own time,
 * as a candidate for every role there; a sample does the same. Column edges are exact integer
 * microseconds (computed once in BigInt), so a time is never put in the neighbouring column by
 * rounding. Ties (two samples with the same minimum) go to the earlier one.
 */

/** Bucket rows of one level of one tag, as columns; times in epoch µs (exact as doubles below 2^53). */
export interface LevelRows {
  /** Start of each bucket (µs). */
  bucket: Float64Array;
  /** Samples, and bad samples, in the bucket. */
  n: Float64Array;
  nbad: Float64Array;
  /** First, last, minimum and maximum good sample: time (µs) and value; NaN when none is good. */
  tFirst: Float64Array;
  vFirst: Float64Array;
  tLast: Float64Array;
  vLast: Float64Array;
  tMin: Float64Array;
  vMin: Float64Array;
  tMax: Float64Array;
  vMax: Float64Array;
  /** First and last bad sample time (µs); NaN when none. */
  bFirst: Float64Array;
  bLast: Float64Array;
}

/** The columns of {@link LevelRows}, in the order they are read. */
export const LEVEL_COLUMNS = ['bucket', 'n', 'nbad', 'tFirst', 'vFirst', 'tLast', 'vLast', 'tMin', 'vMin', 'tMax', 'vMax', 'bFirst', 'bLast'] as const;

/** The points of an M4 answer: good points (epoch ms, value) and bad sample times (epoch ms), in time order. */
export interface M4Points {
  time: Float64Array;
  value: Float64Array;
  bad: Float64Array;
  /** Samples counted (good and bad), and bad ones. */
  samples: number;
  badSamples: number;
}

/**
 * The pixel columns of a range, filled with buckets and samples in any order, then read once.
 *
 * @example
 * const grid = new M4Grid(fromUs, toUs, 1600);
 * grid.addSamples(us, value, good);
 * grid.addBuckets(rows, lo, hi, bucketUs);
 * const { time, value, bad, samples } = grid.points();
 */
export class M4Grid {
  /** edges[c]: the first µs of column c; edges[width] = the end of the range; edges[width + 1] = ∞. */
  private readonly edges: Float64Array;
  private readonly tFirst: Float64Array;
  private readonly vFirst: Float64Array;
  private readonly tLast: Float64Array;
  private readonly vLast: Float64Array;
  private readonly tMin: Float64Array;
  private readonly vMin: Float64Array;
  private readonly tMax: Float64Array;
  private readonly vMax: Float64Array;
  private readonly bFirst: Float64Array;
  private readonly bLast: Float64Array;
  private samples = 0;
  private badSamples = 0;

  /**
   * @param fromUs - start of the range (epoch µs, a whole number).
   * @param toUs - end of the range, exclusive.
   * @param width - pixel columns.
   */
  constructor(fromUs: number, toUs: number, readonly width: number) {
    // Column of t: ⌊(t − from)·width / (to − from)⌋, so column c starts at from + ⌈c·(to − from)/width⌉.
    // The products pass 2^53 for a year in µs at 1600 px: BigInt keeps them exact.
    const span = BigInt(toUs - fromUs);
    const w = BigInt(width);
    this.edges = new Float64Array(width + 2).fill(Infinity);
    for (let c = 0; c <= width; c++) this.edges[c] = fromUs + Number((BigInt(c) * span + w - 1n) / w);
    const column = () => new Float64Array(width).fill(NaN);
    this.tFirst = column(); this.vFirst = column(); this.tLast = column(); this.vLast = column();
    this.tMin = column(); this.vMin = column(); this.tMax = column(); this.vMax = column();
    this.bFirst = column(); this.bLast = column();
  }

  /** The column found last: rows in time order mostly fall in it or the next one. */
  private hint = 0;

  /** The column holding time `us` (inside the range). */
  columnOf(us: number): number {
    const h = this.hint;
    if (us >= this.edges[h]! && us < this.edges[h + 1]!) return h;
    if (us >= this.edges[h + 1]! && us < this.edges[h + 2]!) return (this.hint = h + 1);
    let lo = 0;
    let hi = this.width - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.edges[mid]! <= us) lo = mid;
      else hi = mid - 1;
    }
    return (this.hint = lo);
  }

  /**
   * Samples: times (µs), values, and 1 for good, 0 for bad. Each inside the range is counted and
   * offered to its column; those outside are left out.
   */
  addSamples(us: Float64Array, value: Float64Array, good: Float64Array): void {
    const [from, to] = [this.edges[0]!, this.edges[this.width]!];
    for (let i = 0; i < us.length; i++) {
      const t = us[i]!;
      if (t < from || t >= to) continue;
      const c = this.columnOf(t);
      this.samples++;
      if (good[i] === 1) this.good(c, t, value[i]!);
      else {
        this.badSamples++;
        this.bad(c, t);
      }
    }
  }

  /** The rows of `rows` whose bucket (of `bucketUs` µs) starts in [lo, hi): whole into their column, or point by point across an edge. */
  addBuckets(rows: LevelRows, lo: number, hi: number, bucketUs: number): void {
    const { bucket, n, nbad, tFirst, vFirst, tLast, vLast, tMin, vMin, tMax, vMax, bFirst, bLast } = rows;
    for (let i = 0; i < bucket.length; i++) {
      const start = bucket[i]!;
      if (start < lo || start >= hi) continue;
      this.samples += n[i]!;
      this.badSamples += nbad[i]!;
      const c = this.columnOf(start);
      if (start + bucketUs - 1 < this.edges[c + 1]!) {
        if (tFirst[i]! < this.tFirst[c]! || Number.isNaN(this.tFirst[c]!)) { this.tFirst[c] = tFirst[i]!; this.vFirst[c] = vFirst[i]!; }
        if (tLast[i]! > this.tLast[c]! || Number.isNaN(this.tLast[c]!)) { this.tLast[c] = tLast[i]!; this.vLast[c] = vLast[i]!; }
        this.lower(c, tMin[i]!, vMin[i]!);
        this.higher(c, tMax[i]!, vMax[i]!);
        this.bad(c, bFirst[i]!);
        this.bad(c, bLast[i]!);
      } else {
        this.point(tFirst[i]!, vFirst[i]!);
        this.point(tMin[i]!, vMin[i]!);
        this.point(tMax[i]!, vMax[i]!);
        this.point(tLast[i]!, vLast[i]!);
        if (!Number.isNaN(bFirst[i]!)) this.bad(this.columnOf(bFirst[i]!), bFirst[i]!);
        if (!Number.isNaN(bLast[i]!)) this.bad(this.columnOf(bLast[i]!), bLast[i]!);
      }
    }
  }

  /** A good point of a bucket across an edge (NaN time: none), to the column of its own time. */
  private point(t: number, v: number): void {
    if (!Number.isNaN(t)) this.good(this.columnOf(t), t, v);
  }

  /** A good point, a candidate for every role of its column. */
  private good(c: number, t: number, v: number): void {
    if (!(t >= this.tFirst[c]!)) { this.tFirst[c] = t; this.vFirst[c] = v; }
    if (!(t <= this.tLast[c]!)) { this.tLast[c] = t; this.vLast[c] = v; }
    this.lower(c, t, v);
    this.higher(c, t, v);
  }

  /** A minimum candidate (NaN time: none). */
  private lower(c: number, t: number, v: number): void {
    if (Number.isNaN(t)) return;
    const m = this.vMin[c]!;
    if (v < m || Number.isNaN(m) || (v === m && t < this.tMin[c]!)) { this.tMin[c] = t; this.vMin[c] = v; }
  }

  /** A maximum candidate (NaN time: none). */
  private higher(c: number, t: number, v: number): void {
    if (Number.isNaN(t)) return;
    const m = this.vMax[c]!;
    if (v > m || Number.isNaN(m) || (v === m && t < this.tMax[c]!)) { this.tMax[c] = t; this.vMax[c] = v; }
  }

  /** A bad sample time (NaN: none): the column's first and last are kept. */
  private bad(c: number, t: number): void {
    if (Number.isNaN(t)) return;
    if (!(t >= this.bFirst[c]!)) this.bFirst[c] = t;
    if (!(t <= this.bLast[c]!)) this.bLast[c] = t;
  }

  /**
   * Each column's points in time order, times in epoch ms (truncated, as DuckDB's `//` and
   * `epoch_ms` do); a point that holds two roles (first and minimum) comes once, as do two
   * samples of one millisecond with one value.
   */
  points(): M4Points {
    const time = new Float64Array(4 * this.width);
    const value = new Float64Array(4 * this.width);
    const bad = new Float64Array(2 * this.width);
    let n = 0;
    let nb = 0;
    const roleT = [this.tFirst, this.tMin, this.tMax, this.tLast];
    const roleV = [this.vFirst, this.vMin, this.vMax, this.vLast];
    for (let c = 0; c < this.width; c++) {
      const start = n;
      for (let r = 0; r < 4; r++) {
        const t = roleT[r]![c]!;
        if (Number.isNaN(t)) continue;
        const ms = Math.trunc(t / 1000);
        const v = roleV[r]![c]!;
        let k = start;
        while (k < n && !(time[k] === ms && value[k] === v)) k++;
        if (k < n) continue;
        // Insertion into the column's few points, kept in time order.
        k = n++;
        while (k > start && time[k - 1]! > ms) { time[k] = time[k - 1]!; value[k] = value[k - 1]!; k--; }
        time[k] = ms;
        value[k] = v;
      }
      const b1 = this.bFirst[c]!;
      if (Number.isNaN(b1)) continue;
      const [m1, m2] = [Math.trunc(b1 / 1000), Math.trunc(this.bLast[c]! / 1000)];
      bad[nb++] = m1;
      if (m2 !== m1) bad[nb++] = m2;
    }
    return { time: time.slice(0, n), value: value.slice(0, n), bad: bad.slice(0, nb), samples: this.samples, badSamples: this.badSamples };
  }
}
