/**
 * M4 from the trend levels (context/trend-m4.ts, trend-level-rows.ts) against M4 over the
 * samples (`exact: true`) on 60 random ranges and widths, and the cache of level rows and
 * end-bucket samples dropped when the levels are rebuilt. Real DuckDB in memory.
 *
 * The store: one tag of two days of 1-s samples, a slow wave plus noise from a hash (real numbers,
 * no two alike in practice), a bad sample (quality 2) wherever the hash says so (about 1 in 500).
 * What context/trend.ts promises, checked column by column:
 * - the counts of samples and of bad samples are exactly those of the scan;
 * - every point drawn is a good sample of the store, in its own column;
 * - each column's first, last, minimum and maximum are the scan's, except where the scan's
 *   point lies within one bucket of the column's edge (a bucket across the edge, whose inner
 *   points are not kept); the same for the first and last bad sample.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trend, type TrendSeries } from '../src/context/trend.js';
import { Store } from '../src/store/store.js';
import { rebuildTrendLevels } from '../src/store/trend-levels.js';
import { mulberry32 } from './support/mulberry32.js';

const T0 = Date.parse('2024-03-01T00:00:00Z');
const N = 2 * 86_400;
let store: Store;
/** Every sample: time (ms) → value, and the times of bad ones. */
const good = new Map<number, number>();
const bad = new Set<number>();

beforeAll(async () => {
  store = await Store.open(':memory:');
  await store.run(`INSERT INTO tags (tag, equipment, unit) VALUES ('X', 'E1', 'degC')`);
  await store.run(
    `INSERT INTO samples (tag, time, value, quality)
     SELECT 'X', TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_seconds(i), 40 + 10 * sin(i / 5000.0) + (hash(i, 11) % 100000) / 20000.0,
       CASE WHEN hash(i, 5) % 500 = 0 THEN 2 ELSE 0 END
     FROM range(${N}) r(i)`,
  );
  await rebuildTrendLevels(store);
  const [t, v, ok] = await store.doubles(`SELECT epoch_ms(time)::DOUBLE AS t, value AS v, (quality < 2)::DOUBLE AS ok FROM samples`);
  for (let i = 0; i < t!.length; i++) {
    if (ok![i] === 1) good.set(t![i]!, v![i]!);
    else bad.add(t![i]!);
  }
});
afterAll(() => store.close());

const get = async (from: number, to: number, width: number, exact: boolean) =>
  (await trend(store, { tags: ['X'], from: new Date(from), to: new Date(to), width, exact })).series[0] as TrendSeries;

/** Per pixel column: its first, last, minimum and maximum point (time, value) and first and last bad time. */
function roles(s: TrendSeries, from: number, to: number, width: number) {
  const col = (t: number) => Math.floor(((t - from) * width) / (to - from));
  const out = new Map<number, { first: number; last: number; min: [number, number]; max: [number, number]; bad: number[] }>();
  s.time.forEach((t, i) => {
    const v = s.value[i]!;
    const r = out.get(col(t));
    if (!r) return void out.set(col(t), { first: t, last: t, min: [t, v], max: [t, v], bad: [] });
    r.first = Math.min(r.first, t);
    r.last = Math.max(r.last, t);
    if (v < r.min[1]) r.min = [t, v];
    if (v > r.max[1]) r.max = [t, v];
  });
  for (const t of s.bad) {
    const c = col(t);
    if (!out.has(c)) out.set(c, { first: NaN, last: NaN, min: [NaN, NaN], max: [NaN, NaN], bad: [] });
    out.get(c)!.bad.push(t);
  }
  return out;
}

describe('M4 from the trend levels on random ranges', () => {
  it('counts exactly, draws real samples, and matches the scan per column except within one bucket of its edge', async () => {
    const rand = mulberry32(2024);
    let columns = 0;
    let differ = 0;
    for (let run = 0; run < 60; run++) {
      const width = 20 + Math.floor(rand() * 380);
      // At least 16 base buckets (16 s) per column, so the levels are read; any millisecond.
      const len = Math.floor(width * 256_000 + rand() * (N * 1000 - width * 256_000));
      const from = T0 + Math.floor(rand() * (N * 1000 - len));
      const to = from + len;
      const lv = await get(from, to, width, false);
      const ex = await get(from, to, width, true);
      expect(lv.mode).toBe('m4');
      expect(lv.bucketSeconds).not.toBeNull();
      expect([lv.samples, lv.badSamples]).toEqual([ex.samples, ex.badSamples]);
      lv.time.forEach((t, i) => expect(good.get(t)).toBe(lv.value[i]));
      lv.bad.forEach((t) => expect(bad.has(t)).toBe(true));

      const bucket = lv.bucketSeconds! * 1000;
      const edge = (c: number) => from + Math.ceil((c * len) / width);
      const nearEdge = (t: number, c: number) => t - edge(c) < bucket || edge(c + 1) - t <= bucket;
      const a = roles(lv, from, to, width);
      const b = roles(ex, from, to, width);
      expect([...a.keys()].sort((x, y) => x - y)).toEqual([...b.keys()].sort((x, y) => x - y));
      for (const [c, e] of b) {
        const l = a.get(c)!;
        columns++;
        if (l.min[1] !== e.min[1] || l.max[1] !== e.max[1]) differ++;
        if (l.first !== e.first) expect(nearEdge(e.first, c)).toBe(true);
        if (l.last !== e.last) expect(nearEdge(e.last, c)).toBe(true);
        if (l.min[1] !== e.min[1]) expect(nearEdge(e.min[0], c)).toBe(true);
        if (l.max[1] !== e.max[1]) expect(nearEdge(e.max[0], c)).toBe(true);
        if (l.bad[0] !== e.bad[0]) expect(nearEdge(e.bad[0]!, c)).toBe(true);
        if (l.bad.at(-1) !== e.bad.at(-1)) expect(nearEdge(e.bad.at(-1)!, c)).toBe(true);
      }
    }
    // First and last differ in most columns (a column's first sample is usually inside the bucket
    // across its edge); its minimum or maximum rarely: measured with seed 2024, 413 of 11 724 columns.
    expect(columns).toBeGreaterThan(5000);
    expect(differ / columns).toBeLessThan(0.05);
  }, 60_000);

  it('drops its cached rows when the levels are rebuilt: a trend after new values shows them', async () => {
    const [from, to, width] = [T0 + 1234, T0 + 40_000_000, 100];
    const before = await get(from, to, width, false);
    await store.run(`UPDATE samples SET value = value + 100 WHERE tag = 'X'`);
    // Not rebuilt yet: levels hold the old values, and so do the cached level rows and end-bucket
    // samples (as current as the levels, which imports rebuild): the same answer as before.
    const stale = await get(from, to, width, false);
    expect(Array.from(stale.value)).toEqual(Array.from(before.value));
    await rebuildTrendLevels(store);
    const after = await get(from, to, width, false);
    expect(after.value.length).toBe(before.value.length);
    expect(Math.max(...after.value.map((v, i) => Math.abs(v - before.value[i]! - 100)))).toBeLessThan(1e-9);
    await store.run(`UPDATE samples SET value = value - 100 WHERE tag = 'X'`);
    await rebuildTrendLevels(store);
  });
});
