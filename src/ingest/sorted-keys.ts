/**
 * A cheap, exact proof that the rows of a relation have no repeated two-column key, for rows
 * that come (nearly) sorted — as samples files usually do, by time then tag or by tag then time.
 *
 * The rows are read once in the relation's own order (a streaming window: `lag() OVER ()`).
 * That order splits into runs in which the key strictly increases; every row where it does not
 * starts a new run (a break). Inside a run no key can repeat. When there are few breaks, each
 * run's smallest and largest key are known from the break rows alone (a run starts at a break
 * and ends at the row before the next break, which that break row sees through `lag`). If the
 * runs' key ranges do not overlap, no key repeats anywhere. Otherwise, or with too many breaks,
 * nothing is proven and the caller counts the keys another way (a hash aggregate).
 *
 * Both key orders are tried: (time, series), then (series, time).
 */
import type { Store } from '../store/store.js';
import { quoteIdent } from '../store/sql.js';

/**
 * Fewest breaks (runs − 1) the proof collects before it gives up; it allows one break per
 * {@link ROWS_PER_BREAK} rows when that is more. Samples recorded only while equipment runs have
 * a time jump (a cut) between every two phases: the default demo's 6.1 M samples made 10 747
 * breaks, just over a fixed 10 000, and the hash count that followed took 3.7 s of the import.
 */
export const MAX_BREAKS = 10_000;
/** Rows per allowed break beyond {@link MAX_BREAKS}: the breaks table stays under 1 % of the rows. */
const ROWS_PER_BREAK = 100;
/** A run is also cut where time jumps by more than 1/GAP_PARTS of the whole time span. */
const GAP_PARTS = 500;

/** Options of {@link provesDistinctKeys}. */
export interface DistinctKeyInput {
  /** A relation (table, view or subquery in parentheses) whose rows are judged. */
  from: string;
  /** Optional WHERE condition on `from`, with `$1` bound to `param`. */
  where?: string;
  param?: string;
  /** Key columns: a text or number column and a TIMESTAMPTZ column, never NULL. */
  key: { series: string; time: string };
  /** Number of rows of `from` (WHERE applied). */
  rows: number;
}

/** SQL: key (x1, x2) strictly before key (y1, y2), lexicographically. */
const before = (x1: string, x2: string, y1: string, y2: string) => `(${x1} < ${y1} OR (${x1} = ${y1} AND ${x2} < ${y2}))`;

/**
 * True when the key (series, time) is proven never to repeat among the rows: in the order the
 * relation yields them, the rows are strictly increasing by (time, series) or by
 * (series, time) apart from at most max({@link MAX_BREAKS}, rows / 100) breaks, and the key ranges of the runs
 * between breaks are disjoint. A run is also cut where the time jumps by more than a
 * five-hundredth of the whole span, or (in series order) where the series changes: a parallel
 * read can yield the blocks of a sorted file out of order, and a run made of two distant
 * blocks would overlap the blocks between them. Cutting more never makes the proof wrong
 * (every run is still strictly increasing); it only costs breaks.
 * False means "not proven", never "repeated": count the keys another way then.
 *
 * @param store the store
 * @param input relation, optional WHERE (with one parameter), key columns, row count
 * @returns true when no key can repeat
 * @example
 * const proven = await provesDistinctKeys(store, { from: 'samples', where: 'import_id = $1', param: id, key: { series: 'tag', time: 'time' }, rows: n });
 * if (!proven) { … count duplicates with a GROUP BY … }
 * @see docs/benchmarks.md, section Import (what it costs and what it saves)
 */
export async function provesDistinctKeys(store: Store, input: DistinctKeyInput): Promise<boolean> {
  if (input.rows < 2) return true;
  const where = input.where ? `WHERE ${input.where}` : '';
  const params = input.where && input.param !== undefined ? [input.param] : [];
  const t = `epoch_us(${quoteIdent(input.key.time)})`;
  const s = quoteIdent(input.key.series);
  const stats = await store.one<{ n: bigint; span: number | null }>(
    `SELECT count(*) AS n, CAST(max(${t}) AS DOUBLE) - CAST(min(${t}) AS DOUBLE) AS span FROM ${input.from} ${where}`, params);
  // Every row must be judged: a count that is not the relation's proves nothing.
  if (Number(stats?.n ?? 0) !== input.rows) return false;
  const gap = Math.max(2, Math.floor((stats?.span ?? 0) / GAP_PARTS));
  // Cuts compare halves, which cannot overflow however far apart two times are; they only
  // choose where runs end, so the rounding does no harm.
  const jump = (x: string, p: string) => `${x} // 2 - ${p} // 2 > ${Math.floor(gap / 2)}`;
  // (time, series): cut on a time jump; (series, time): also on every change of series.
  const orders: [string, string, string][] = [
    [t, s, jump('k1', 'p1')],
    [s, t, `k1 <> p1 OR ${jump('k2', 'p2')}`],
  ];
  for (const [k1, k2, cut] of orders) {
    if (await provenInOrder(store, input.from, where, params, input.rows, k1, k2, cut)) return true;
  }
  return false;
}

/** The proof for one key order (k1, k2), with extra cuts where `cut` holds. */
async function provenInOrder(store: Store, from: string, where: string, params: string[], rows: number, k1: string, k2: string, cut: string): Promise<boolean> {
  const n = params.length + 1;
  const maxBreaks = Math.max(MAX_BREAKS, Math.floor(rows / ROWS_PER_BREAK));
  // A row continues the run of the row before it only when its key is known to be greater
  // and no cut applies; anything unknown (NULL) breaks.
  const brk = `NOT coalesce(${before('p1', 'p2', 'k1', 'k2')} AND NOT (${cut}), FALSE)`;
  // One window, so lag and row_number see the same order. Kept: the first row, the last row
  // and every break, with the key of the row before it (the end of the previous run).
  await store.run(
    `CREATE OR REPLACE TEMP TABLE _sorted_breaks AS
     SELECT rn, k1, k2, p1, p2, ${brk} AS brk FROM (
       SELECT ${k1} AS k1, ${k2} AS k2, lag(${k1}) OVER () AS p1, lag(${k2}) OVER () AS p2, row_number() OVER () AS rn
       FROM ${from} ${where})
     WHERE rn = 1 OR rn = $${n} OR ${brk}
     LIMIT ${maxBreaks + 2}`,
    [...params, rows],
  );
  try {
    const kept = Number(await store.value<bigint>('SELECT count(*) FROM _sorted_breaks'));
    const last = Number(await store.value<bigint>('SELECT count(*) FROM _sorted_breaks WHERE rn = $1', [rows]));
    // Too many breaks (the LIMIT cut the list), or the row count given was not the relation's.
    if (kept >= maxBreaks + 2 || last !== 1) return false;
    // Each run: from its first row (row 1 or a break) to the row before the next break (whose
    // key that break row holds in p1, p2), the last run to the last row. Sorted by their first
    // key, runs are disjoint when each starts after the previous one ends.
    const overlaps = await store.value<bigint>(
      `WITH runs AS (
         SELECT k1 AS lo1, k2 AS lo2,
           coalesce(lead(p1) OVER (ORDER BY rn), (SELECT k1 FROM _sorted_breaks WHERE rn = $1)) AS hi1,
           coalesce(lead(p2) OVER (ORDER BY rn), (SELECT k2 FROM _sorted_breaks WHERE rn = $1)) AS hi2
         FROM _sorted_breaks WHERE rn = 1 OR brk)
       SELECT count(*) FROM (
         SELECT lo1, lo2, lag(hi1) OVER w AS h1, lag(hi2) OVER w AS h2, row_number() OVER w AS i FROM runs WINDOW w AS (ORDER BY lo1, lo2))
       WHERE i > 1 AND NOT coalesce(${before('h1', 'h2', 'lo1', 'lo2')}, FALSE)`,
      [rows],
    );
    return Number(overlaps) === 0;
  } finally {
    await store.run('DROP TABLE IF EXISTS _sorted_breaks');
  }
}
