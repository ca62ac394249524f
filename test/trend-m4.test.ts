/**
 * M4 trends draw exactly what the raw series would: both polylines are rasterised with
 * Bresenham's line algorithm on a W×H canvas and the pixel sets compared.
 *
 * The series is a deterministic random walk of 10 000 one-second samples (100× more samples than
 * pixel columns at W = 100), with 20 bad samples of value 10⁶ that must be neither drawn nor used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { trend, type TrendSeries } from '../src/context/trend.js';
import { polylinePixels } from './support/raster.js';

const T0 = Date.parse('2024-01-01T00:00:00Z');
const N = 10_000;
let store: Store;

beforeAll(async () => {
  store = await Store.open(':memory:');
  await store.run(`INSERT INTO tags (tag, equipment, unit) VALUES ('X', 'E1', 'kN')`);
  // Steps in [-1, 1] from a hash of the index: the same walk on every run and machine.
  await store.run(
    `INSERT INTO samples (tag, time, value, quality)
     SELECT 'X', TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i),
       sum(((hash(i * 7919 + 13) % 2001)::DOUBLE - 1000) / 1000) OVER (ORDER BY i), 0
     FROM range(${N}) r(i)`,
  );
  await store.run(
    `INSERT INTO samples (tag, time, value, quality)
     SELECT 'X', TIMESTAMPTZ '2024-01-01 00:00:00.5+00' + to_seconds(i * 487), 1e6, 2 FROM range(20) r(i)`,
  );
  await store.run(`INSERT INTO lots (lot, material, site, start_time, end_time)
    VALUES ('L1', 'm', 'S', '2024-01-01 01:00:00+00', '2024-01-01 01:05:00+00')`);
});
afterAll(() => store.close());

/** All pixels touched by the polyline through the points on a w×h canvas over the whole series. */
function rasterise(time: Float64Array, value: Float64Array, w: number, h: number, vmin: number, vmax: number): Set<string> {
  return polylinePixels(time, value, { from: T0, to: T0 + N * 1000, width: w, height: h, lo: vmin, hi: vmax });
}

async function rawSeries(): Promise<{ time: Float64Array; value: Float64Array }> {
  const c = await store.columns(`SELECT epoch_ms(time)::DOUBLE AS t, value FROM samples WHERE tag = 'X' AND quality = 0 ORDER BY time`);
  return { time: c.t as Float64Array, value: c.value as Float64Array };
}

/** The value of point i if it is the min or max of its pixel column, else NaN. */
function colExtreme(s: TrendSeries, i: number, w: number): number {
  const col = (t: number) => Math.floor(((t - T0) * w) / (N * 1000));
  const c = col(s.time[i]!);
  const vals = s.value.filter((_, j) => col(s.time[j]!) === c);
  const v = s.value[i]!;
  return v === Math.min(...vals) || v === Math.max(...vals) ? v : NaN;
}

function extent(v: Float64Array): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const x of v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  return [lo, hi];
}

describe('trend (M4)', () => {
  it.each([[100, 60], [37, 200], [250, 31]])('touches exactly the pixels of the raw series at %i×%i', async (w, h) => {
    const raw = await rawSeries();
    expect(raw.time.length).toBe(N);
    const t = await trend(store, { tags: ['X'], from: new Date(T0), to: new Date(T0 + N * 1000), width: w });
    const s = t.series[0] as TrendSeries;
    expect(s.mode).toBe('m4');
    expect(s.time.length).toBeLessThanOrEqual(4 * w);
    expect(s.time.length).toBeGreaterThan(w); // every column has ≥ 1 sample, most have 4
    const [lo, hi] = extent(raw.value);
    expect(extent(s.value)).toEqual([lo, hi]);
    const a = rasterise(raw.time, raw.value, w, h, lo, hi);
    const b = rasterise(s.time, s.value, w, h, lo, hi);
    expect(b.size).toBe(a.size);
    expect([...a].filter((p) => !b.has(p))).toEqual([]);
  });

  it('would notice a lossy reduction: min and max per column alone (no first/last) draw other pixels', async () => {
    const [w, h] = [100, 60];
    const raw = await rawSeries();
    const s = (await trend(store, { tags: ['X'], from: new Date(T0), to: new Date(T0 + N * 1000), width: w })).series[0]!;
    const [lo, hi] = extent(raw.value);
    const m2 = (x: Float64Array) => x.filter((_, i) => s.value[i] === colExtreme(s, i, w));
    expect(m2(s.time).length).toBeLessThan(s.time.length);
    expect(rasterise(m2(s.time), m2(s.value), w, h, lo, hi)).not.toEqual(rasterise(raw.time, raw.value, w, h, lo, hi));
  });

  it('leaves bad samples out of the points and reports where they are', async () => {
    const t = await trend(store, { tags: ['X'], from: new Date(T0), to: new Date(T0 + N * 1000), width: 100 });
    const s = t.series[0]!;
    expect(s.samples).toBe(N + 20);
    expect(s.badSamples).toBe(20);
    expect(Math.max(...s.value)).toBeLessThan(1e6);
    // 20 bad samples 487 s apart fall in 20 different 100-s columns: one marker each.
    expect(s.bad.length).toBe(20);
    expect(s.bad[1]! - s.bad[0]!).toBe(487_000);
  });

  it('returns the raw samples when there are at most 4·width in range', async () => {
    const from = new Date(T0 + 1000 * 1000);
    // 500 good + 1 bad samples in 1000–1500 s; 4·200 = 800 ≥ 501
    const t = await trend(store, { tags: ['X'], from, to: new Date(from.getTime() + 500_000), width: 200 });
    const s = t.series[0]!;
    expect(s.mode).toBe('raw');
    expect(s.time.length).toBe(500);
    expect(s.time[0]).toBe(from.getTime());
    expect(s.bad.length).toBe(1); // the bad sample at 974.5 s is outside; the one at 1461.5 s is inside
    expect(s.bad[0]).toBe(T0 + 1461_500);
  });

  it('limits to a lot’s time span', async () => {
    const t = await trend(store, { tags: ['X'], lot: 'L1', width: 1600 });
    expect(t.from.toISOString()).toBe('2024-01-01T01:00:00.000Z');
    expect(t.series[0]!.time.length).toBe(300);
  });

  it('names an unknown tag and an empty range', async () => {
    await expect(trend(store, { tags: ['nope'], from: new Date(T0), to: new Date(T0 + 1) })).rejects.toThrow(/tag 'nope'/);
    await expect(trend(store, { tags: ['X'], from: new Date(T0), to: new Date(T0) })).rejects.toThrow(/is empty/);
  });
});
