import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { Store } from '../store/store.js';
import { importFolder } from './import-folder.js';
import { provesDistinctKeys } from './sorted-keys.js';

let store: Store;
const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-sorted-keys-'));
beforeAll(async () => {
  store = await Store.open(':memory:');
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A table of (tag, seconds after 2024-01-01) rows inserted in the order given. */
async function rows(list: [string, number][]): Promise<number> {
  await store.run('CREATE OR REPLACE TABLE k (g VARCHAR, t TIMESTAMPTZ, imp VARCHAR)');
  const values = list.map(([g, s]) => `('${g}', TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(${s}), 'a')`).join(', ');
  await store.run(`INSERT INTO k VALUES ${values}, ('Z', TIMESTAMPTZ '2024-01-01 00:00:00+00', 'other')`);
  return list.length;
}
/**
 * The proof for these rows, with one more far away (10^7 s later), so that the time span is
 * large and runs are not cut at 1-s steps: the runs' ranges are what is judged.
 */
const proves = async (list: [string, number][]) =>
  provesDistinctKeys(store, { from: 'k', where: 'imp = $1', param: 'a', key: { series: 'g', time: 't' }, rows: await rows([...list, ['Z', 10_000_000]]) });
const range = (g: string, from: number, to: number): [string, number][] => Array.from({ length: to - from }, (_, i) => [g, from + i]);

describe('provesDistinctKeys: a proof from the order of the rows, never a false "distinct"', () => {
  it('proves rows sorted by time then series (a file written second by second)', async () => {
    expect(await proves(range('A', 0, 50).flatMap(([, s]) => [['A', s], ['B', s], ['C', s]] as [string, number][]))).toBe(true);
  });

  it('proves rows sorted by series then time (a file written tag by tag)', async () => {
    expect(await proves([...range('A', 0, 40), ...range('B', 0, 40), ...range('C', 5, 30)])).toBe(true);
  });

  it('proves sorted blocks read out of order, and files of single tags in any order', async () => {
    // Blocks a day apart, each of 1-s steps: the runs are cut where time jumps by a day.
    expect(await proves([...range('A', 86_400, 86_440), ...range('A', 0, 40), ...range('A', 172_800, 172_840)])).toBe(true);
    expect(await proves([...range('C', 0, 30), ...range('A', 0, 30), ...range('B', 0, 30)])).toBe(true);
  });

  it('proves samples recorded only during phases: more than 10 000 time jumps in 1.5 M rows', async () => {
    // One tag, a sample every 10 s in bursts of 120, a day between bursts: 12 499 cuts, within
    // the one-per-100-rows allowance (15 000), so the rows are proven without counting keys.
    await store.run('CREATE OR REPLACE TABLE k (g VARCHAR, t TIMESTAMPTZ, imp VARCHAR)');
    await store.run(`INSERT INTO k SELECT 'A', TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i * 10 + (i // 120) * 86400), 'a' FROM range(1500000) r(i)`);
    const judge = () => provesDistinctKeys(store, { from: 'k', where: 'imp = $1', param: 'a', key: { series: 'g', time: 't' }, rows: 1_500_000 });
    expect(await judge()).toBe(true);
    // The same rows with one written twice, far from its twin: not proven.
    await store.run(`UPDATE k SET t = TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(20) WHERE t = (SELECT max(t) FROM k)`);
    expect(await judge()).toBe(false);
  });

  it('does not prove a key written twice, next to each other or far apart', async () => {
    expect(await proves([['A', 0], ['A', 1], ['A', 1], ['A', 2]])).toBe(false);
    expect(await proves([...range('A', 0, 40), ['A', 17], ...range('A', 40, 80)])).toBe(false);
    expect(await proves([...range('A', 0, 40), ...range('B', 0, 40), ...range('A', 39, 41)])).toBe(false);
    // The same block twice (a file imported in two parts that overlap by everything).
    expect(await proves([...range('A', 0, 40), ...range('A', 0, 40)])).toBe(false);
  });

  it('does not prove a key at ±infinity written twice (its epoch is NULL), and proves them apart', async () => {
    await rows(range('A', 0, 40));
    await store.run("INSERT INTO k VALUES ('A', TIMESTAMPTZ 'infinity', 'a'), ('A', TIMESTAMPTZ 'infinity', 'a'), ('B', TIMESTAMPTZ '-infinity', 'a')");
    const judge = (n: number) => provesDistinctKeys(store, { from: 'k', where: 'imp = $1', param: 'a', key: { series: 'g', time: 't' }, rows: n });
    expect(await judge(43)).toBe(false);
    // B's one row at -infinity repeats nothing (in series order it is a run of its own).
    await store.run("DELETE FROM k WHERE g = 'A' AND isinf(t)");
    expect(await judge(41)).toBe(true);
    await store.run("INSERT INTO k VALUES ('B', TIMESTAMPTZ '-infinity', 'a')");
    expect(await judge(42)).toBe(false);
  });

  it('judges times 580 000 years apart without overflowing (µs differences beyond 64 bits)', async () => {
    await store.run('CREATE OR REPLACE TABLE k (g VARCHAR, t TIMESTAMPTZ, imp VARCHAR)');
    await store.run(`INSERT INTO k VALUES ('A', TIMESTAMPTZ '-290000-01-01 00:00:00+00', 'a'), ('A', TIMESTAMPTZ '290000-01-01 00:00:00+00', 'a'),
      ('B', TIMESTAMPTZ '-290000-01-01 00:00:00+00', 'a')`);
    const judge = (n: number) => provesDistinctKeys(store, { from: 'k', where: 'imp = $1', param: 'a', key: { series: 'g', time: 't' }, rows: n });
    expect(await judge(3)).toBe(true);
    await store.run(`INSERT INTO k VALUES ('A', TIMESTAMPTZ '-290000-01-01 00:00:00+00', 'a')`);
    expect(await judge(4)).toBe(false);
  });

  it('proves nothing when the row count given is not the relation’s', async () => {
    await rows(range('A', 0, 10));
    expect(await provesDistinctKeys(store, { from: 'k', where: 'imp = $1', param: 'a', key: { series: 'g', time: 't' }, rows: 9 })).toBe(false);
  });
});

describe('the fast path of samples still refuses a duplicate it cannot prove absent', () => {
  it('a sorted file with one sample written twice is refused with both lines', async () => {
    const d = path.join(dir, 'dup');
    mkdirSync(d);
    writeFileSync(path.join(d, 'sites.csv'), 'site,timezone\nS,UTC\n');
    writeFileSync(path.join(d, 'equipment.csv'), 'equipment,site\nE,S\n');
    writeFileSync(path.join(d, 'tags.csv'), 'tag,equipment\nX,E\n');
    const lines = Array.from({ length: 30 }, (_, i) => `X,2024-01-01T00:00:${String(i).padStart(2, '0')}Z,${i}`);
    lines.splice(20, 0, 'X,2024-01-01T00:00:07Z,99');
    writeFileSync(path.join(d, 'continuous.csv'), `tag,time,value\n${lines.join('\n')}\n`);
    const e = await importFolder(store, d, { actor: { user: 't' } }).then(() => undefined, (x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message).toContain("continuous.csv line 22 column time: duplicate sample of tag/time in this file (first on line 9) (value 'X/2024-01-01T00:00:07Z')");
    expect(await store.value('SELECT count(*) FROM samples')).toBe(0n);
    // The same file without the repeated line imports every sample.
    lines.splice(20, 1);
    writeFileSync(path.join(d, 'continuous.csv'), `tag,time,value\n${lines.join('\n')}\n`);
    expect((await importFolder(store, d, { actor: { user: 't' } })).total.inserted).toBe(1 + 1 + 1 + 30);
  });
});
