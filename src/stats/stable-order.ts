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

/** Six digits of a 64-bit key: 11, 11 and 10 bits of the low word, then of the high word. */
const SHIFT = [0, 11, 22, 0, 11, 22] as const;
const MASK = [2047, 2047, 1023, 2047, 2047, 1023] as const;
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
  return { capacity, hi: new Uint32Array(capacity), lo: new Uint32Array(capacity), spare: new Int32Array(capacity), counts: new Int32Array(6 * BUCKETS) };
}

/**
 * The ascending order of `x` with ties kept in input order — what a stable sort of the indices
 * by value gives — found by a least-significant-digit radix sort of the IEEE 754 bit patterns,
 * turned into unsigned keys that sort like the values (negative numbers: every bit flipped;
 * others: the sign bit set). Exact for every value (no comparison tolerance), and about three
 * times faster than `Float64Array.prototype.sort` on 5000 values under Node 20 (measured in
 * bench/explain.bench.ts), which matters when thousands of columns are ranked. A digit that all
 * keys share is skipped, so values of one sign and binade cost five passes instead of six.
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
    counts[l & 2047]!++;
    counts[BUCKETS + ((l >>> 11) & 2047)]!++;
    counts[2 * BUCKETS + (l >>> 22)]!++;
    counts[3 * BUCKETS + (h & 2047)]!++;
    counts[4 * BUCKETS + ((h >>> 11) & 2047)]!++;
    counts[5 * BUCKETS + (h >>> 22)]!++;
  }
  let src = order;
  let dst = work.spare;
  for (let p = 0; p < 6; p++) {
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
    const key = p < 3 ? lo : hi;
    for (let i = 0; i < n; i++) {
      const j = src[i]!;
      dst[counts[base + ((key[j]! >>> shift) & mask)]!++] = j;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== order) order.set(src.subarray(0, n));
  return order;
}

/** True when one bucket of the digit holds every key: that pass would not move anything. */
function sharedDigit(counts: Int32Array, base: number, size: number, n: number): boolean {
  for (let d = 0; d < size; d++) {
    const c = counts[base + d]!;
    if (c !== 0) return c === n;
  }
  return true;
}
