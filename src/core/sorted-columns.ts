/**
 * Columns read from the store, put in ascending order of their first column. DuckDB returns a
 * table's rows in stored order, which imports keep sorted but do not promise: a tag's samples can
 * come in a few sorted runs (two row groups appended out of order by DuckDB's threads: 26 of the
 * default demo's 74 tags), rarely scrambled. So the columns are returned as they are when sorted
 * (one pass to check), a few runs are merged pairwise, O(n log runs), and only many runs are
 * sorted outright.
 */

/** Above this many runs the columns are sorted by index instead of merged. */
const MAX_MERGED_RUNS = 64;

/**
 * The columns in ascending order of `columns[0]` (ties keep their order); the same arrays when
 * already in order.
 *
 * @param columns - typed arrays of one length; the first is the key.
 * @returns the columns in key order.
 * @example
 * const [time, value] = sortedColumns([time, value]);
 */
export function sortedColumns(columns: Float64Array[]): Float64Array[] {
  const key = columns[0]!;
  const starts = [0];
  for (let i = 1; i < key.length; i++) if (key[i - 1]! > key[i]!) starts.push(i);
  if (starts.length === 1) return columns;
  if (starts.length > MAX_MERGED_RUNS) {
    const order = Uint32Array.from(key.keys()).sort((a, b) => key[a]! - key[b]! || a - b);
    return columns.map((c) => Float64Array.from(order, (i) => c[i]!));
  }
  let cols = columns;
  let bounds = [...starts, key.length];
  while (bounds.length > 2) {
    const next = cols.map((c) => new Float64Array(c.length));
    const nextBounds = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const end = r + 2 < bounds.length ? bounds[r + 2]! : bounds[r + 1]!;
      mergeRuns(cols, bounds[r]!, bounds[r + 1]!, end, next);
      nextBounds.push(end);
    }
    [cols, bounds] = [next, nextBounds];
  }
  return cols;
}

/** Merges the sorted runs [a, m) and [m, z) of `cols` (by the first) into the same rows of `out`; stable. */
function mergeRuns(cols: Float64Array[], a: number, m: number, z: number, out: Float64Array[]): void {
  const key = cols[0]!;
  let i = a;
  let j = m;
  for (let k = a; k < z; k++) {
    const from = j >= z || (i < m && key[i]! <= key[j]!) ? i++ : j++;
    for (let c = 0; c < cols.length; c++) out[c]![k] = cols[c]![from]!;
  }
}
