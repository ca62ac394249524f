import { AppError } from '../core/errors.js';

/**
 * Scratch memory for {@link stableOrder}, reusable across calls: screening thousands of columns
 * of the same length then allocates nothing per column. Made by {@link orderWork}.
 */
export interface OrderWork {
  /** The most values one call may order. */
  readonly capacity: number;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly spare: Int32Array;
  readonly counts: Int32Array;
}

/** Three digits of the high word of a key: bits 0–10, 11–21 and 22–31. */
const SHIFT = [0, 11, 22] as const;
const MASK = [2047, 2047, 1023] as const;
const BUCKETS = 2048;
/** Index of the low 32-bit word of a float64 in a Uint32Array view: 0 on little-endian machines. */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * Scratch memory to order up to `capacity` values.
 *
 * @param capacity - the most values one call will order
 * @example const work = orderWork(5000); stableOrder(x, undefined, work);
 */
export function orderWork(capacity: number): OrderWork {
  return { capacity, hi: new Uint32Array(capacity), lo: new Uint32Array(capacity), spare: new Int32Array(capacity), counts: new Int32Array(3 * BUCKETS) };
}

/**
 * The ascending order of `x` with ties kept in input order — what a stable sort of the indices
 * by value gives — by radix sorting the IEEE 754 bit patterns, turned into unsigned 64-bit
 * keys that sort like the values (negative numbers: every bit flipped; others: the sign bit
 * set). A least-significant-digit radix sort (stable) orders the keys by their high 32 bits —
 * sign, exponent and the top 20 bits of the significand — in at most three passes, skipping a
 * digit all keys share; keys whose high bits are equal (true ties, or values closer than about
 * one part in a million) are then ordered by their low 32 bits within each such run. Exact for
 * every value, no comparison tolerance. On 5000 values under Node 20 it takes about 0.18 ms
 * against 0.59 ms for `Float64Array.prototype.sort` (the explain screen orders thousands of
 * such columns); values that mostly differ only in their low bits (1e7 plus noise of 1e-3)
 * cost up to about half as much again, as the runs are then sorted by their low words.
 *
 * @param x - the values; ±Infinity allowed, NaN refused (it has no place in an order); −0 and
 *   +0 are the same value and keep their input order
 * @param order - where to write the order (length ≥ x.length); default a new Int32Array
 * @param work - scratch from {@link orderWork} with capacity ≥ x.length; default allocated here
 * @returns `order`: its first x.length entries are the indices of x from smallest to largest
 * @throws AppError `non_finite_value` when x holds a NaN
 * @example stableOrder(new Float64Array([3, -1, 3, 0])) // Int32Array [1, 3, 0, 2]
 * @see D. E. Knuth, The Art of Computer Programming 3 (1998), §5.2.5 (radix sorting, LSD
 *   order is stable); IEEE 754-2019 §3.4 (binary64 layout: sign, exponent, significand).
 */
export function stableOrder(x: Float64Array, order: Int32Array = new Int32Array(x.length), work: OrderWork = orderWork(x.length)): Int32Array {
  const n = x.length;
  if (order.length < n || work.capacity < n) throw new AppError('bad_parameter', `stableOrder: ${n} values but room for ${Math.min(order.length, work.capacity)}`, 'give an order array and work space at least as long as the values');
  const { hi, lo, counts } = work;
  const words = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + 1 - LOW]!;
    let l = words[2 * i + LOW]!;
    if ((h & 0x7ff00000) === 0x7ff00000 && ((h & 0xfffff) | l) !== 0) throw new AppError('non_finite_value', `value ${i + 1} of ${n} is NaN`, 'remove missing values before ordering');
    if (h >= 0x80000000) {
      if (h === 0x80000000 && l === 0) h = 0x80000000; // −0: the key of +0, so the two keep input order
      else {
        h = ~h >>> 0;
        l = ~l >>> 0;
      }
    } else h = (h | 0x80000000) >>> 0;
    hi[i] = h;
    lo[i] = l;
    order[i] = i;
    counts[h & 2047]!++;
    counts[BUCKETS + ((h >>> 11) & 2047)]!++;
    counts[2 * BUCKETS + (h >>> 22)]!++;
  }
  let src = order;
  let dst = work.spare;
  for (let p = 0; p < 3; p++) {
    const base = p * BUCKETS;
    const shift = SHIFT[p]!;
    const mask = MASK[p]!;
    if (sharedDigit(counts, base, mask + 1, n)) continue;
    let sum = 0;
    for (let d = 0; d < mask + 1; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = src[i]!;
      dst[counts[base + ((hi[j]! >>> shift) & mask)]!++] = j;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== order) order.set(src.subarray(0, n));
  resolveByLow(order, n, hi, lo, work);
  return order;
}

/**
 * Orders each run of equal high words by the low words, keeping input order among equal keys:
 * short runs by insertion, long ones by a radix sort of their low words (8-bit digits, so a
 * run of a few dozen keys does not pay for 2048 buckets).
 */
function resolveByLow(order: Int32Array, n: number, hi: Uint32Array, lo: Uint32Array, work: OrderWork): void {
  for (let k = 0; k < n - 1; ) {
    const h = hi[order[k]!]!;
    if (hi[order[k + 1]!] !== h) {
      k++;
      continue;
    }
    let j = k + 2;
    while (j < n && hi[order[j]!] === h) j++;
    let sorted = true;
    for (let m = k + 1; m < j && sorted; m++) if (lo[order[m]!]! < lo[order[m - 1]!]!) sorted = false;
    if (!sorted) {
      if (j - k <= 32) insertionByLow(order, k, j, lo);
      else radixByLow(order.subarray(k, j), lo, work);
    }
    k = j;
  }
}

function insertionByLow(order: Int32Array, k: number, j: number, lo: Uint32Array): void {
  for (let m = k + 1; m < j; m++) {
    const v = order[m]!;
    const l = lo[v]!;
    let q = m - 1;
    while (q >= k && lo[order[q]!]! > l) {
      order[q + 1] = order[q]!;
      q--;
    }
    order[q + 1] = v;
  }
}

function radixByLow(run: Int32Array, lo: Uint32Array, work: OrderWork): void {
  const m = run.length;
  const counts = work.counts;
  counts.fill(0, 0, 1024);
  for (let q = 0; q < m; q++) {
    const l = lo[run[q]!]!;
    counts[l & 255]!++;
    counts[256 + ((l >>> 8) & 255)]!++;
    counts[512 + ((l >>> 16) & 255)]!++;
    counts[768 + (l >>> 24)]!++;
  }
  let src = run;
  let dst = work.spare.subarray(0, m);
  for (let p = 0; p < 4; p++) {
    const base = p * 256;
    const shift = 8 * p;
    if (sharedDigit(counts, base, 256, m)) continue;
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    for (let q = 0; q < m; q++) {
      const v = src[q]!;
      dst[counts[base + ((lo[v]! >>> shift) & 255)]!++] = v;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== run) run.set(src);
}


/** True when one bucket of the digit holds every key: that pass would not move anything. */
function sharedDigit(counts: Int32Array, base: number, size: number, n: number): boolean {
  for (let d = 0; d < size; d++) {
    const c = counts[base + d]!;
    if (c !== 0) return c === n;
  }
  return true;
}
