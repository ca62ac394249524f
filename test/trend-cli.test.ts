/**
 * End to end: the built CLI (`node dist/cli/main.js`, built by `npm test`'s pretest) on a store
 * file holding the dryer fixture (numbers in test/context-features.test.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { dryerFixture } from './context-features-fixture.js';
import { runCli } from './support/cli.js';

let dir: string;
let db: string;

const cli = (...args: string[]) => runCli(dir, db, ...args);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'causeway-trend-'));
  db = path.join(dir, 'test.duckdb');
  const store = await Store.open(db);
  await dryerFixture(store);
  store.close();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('causeway features / feature define / trend', () => {
  it('refreshes and lists features as JSON', async () => {
    const r = await cli('features', '--refresh', '--lot', 'L1', '--name', 'drying.product_temp.*', '--json', '--user', 'ana');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { refreshed: { lots: number }; features: { name: string; value: number; n: number; excluded: number }[] };
    expect(out.refreshed.lots).toBe(1);
    const mean = out.features.find((f) => f.name === 'drying.product_temp.mean');
    expect(mean?.value).toBeCloseTo(100 / 3, 10);
    expect([mean?.n, mean?.excluded]).toEqual([3, 2]);
  });

  it('defines a feature (reason required) and says which lots have no value', async () => {
    const no = await cli('feature', 'define', '--name', 'hot_h', '--material', 'granulate', '--source', 'product_temp', '--fn', 'time_above', '--phase', 'drying', '--threshold', '40');
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/needs --reason/);
    const r = await cli('feature', 'define', '--name', 'hot_h', '--material', 'granulate', '--source', 'product_temp', '--fn', 'time_above', '--phase', 'drying', '--threshold', '40', '--reason', 'degradation');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/defined continuous feature 'hot_h': 1 lot value stored; not computable for 1 lot\(s\): L2/);
  });

  it('prints a trend summary, JSON points and a CSV file', async () => {
    const text = await cli('trend', 'T1', '--from', '2024-03-01T08:00:00Z', '--to', '2024-03-01T09:30:00Z');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/T1: 7 samples \(2 bad\), 5 points \(raw\), values 10 … 50 degC/);
    const csv = path.join(dir, 't.csv');
    const j = await cli('trend', 'T1', '--lot', 'L1', '--width', '1', '--json', '--csv', csv);
    const out = JSON.parse(j.stdout) as { series: { mode: string; points: [string, number][]; bad: string[] }[] };
    // 8 samples in L1's 08:00–10:00 > 4·1: M4 with one column; good 10, 30, 50, 45, 25, 5 →
    // first 10 (08:00), max 50 (08:40), min = last 5 (09:45); bad: first 08:15, last 08:50
    expect(out.series[0]!.mode).toBe('m4');
    expect(out.series[0]!.points.map((p) => p[1])).toEqual([10, 50, 5]);
    expect(out.series[0]!.bad).toEqual(['2024-03-01T08:15:00.000Z', '2024-03-01T08:50:00.000Z']);
    expect((await readFile(csv, 'utf8')).split('\n')[1]).toBe('T1,2024-03-01T08:00:00.000Z,10,good');
  });

  it('exits 1 with the bad value on an unknown tag', async () => {
    const r = await cli('trend', 'NOPE', '--from', '2024-03-01T08:00:00Z', '--to', '2024-03-01T09:00:00Z');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tag 'NOPE' is not in the store/);
  });
});
