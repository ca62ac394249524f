import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../store/store.js';
import { gapExpr, intExpr, qualityExprs, timeExprs } from './sql-expr.js';
import { csvHeader } from './stage-folder.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let store: Store;
beforeAll(async () => {
  store = await Store.open(':memory:');
});
afterAll(() => store.close());

const text = new Map([['c', 'VARCHAR']]);

/** Evaluates expressions over one text value `c`. */
async function over(value: string | null, exprs: Record<string, string>): Promise<Record<string, unknown>> {
  const list = Object.entries(exprs).map(([k, e]) => `${e} AS ${k}`).join(', ');
  return (await store.one(`SELECT ${list} FROM (SELECT CAST($1 AS VARCHAR) AS c) s`, [value]))!;
}

describe('quality: words and OPC UA status codes by their two severity bits', () => {
  const q = qualityExprs(text, 'c');
  it.each([
    [null, 0, null, false], ['Good', 0, null, false], ['uncertain', 1, null, false], ['BAD', 2, null, false],
    ['0', 0, 0, false], ['1073741824', 1, 1073741824, false], ['0x40000000', 1, 1073741824, false],
    ['0x80000000', 2, 2147483648, false], ['3221225472', 2, 3221225472, false], ['great', null, null, true], ['4294967296', null, null, true],
  ])('%s → quality %s, status %s, refused %s', async (v, quality, status, bad) => {
    expect(await over(v, { quality: q.quality, status: q.status, bad: q.bad })).toEqual({ quality, status, bad });
  });
});

describe('times: offsets as written, local times in the zone, the DST gap', () => {
  const t = timeExprs(text, 'c', `'America/New_York'`);
  it.each([
    ['2024-01-01T10:00:00-05:00', '2024-01-01T15:00:00.000Z'],
    ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00.000Z'],
    ['2024-01-01 10:00:00', '2024-01-01T15:00:00.000Z'],
    ['2024-07-01 10:00:00', '2024-07-01T14:00:00.000Z'],
    ['2024-01-01', '2024-01-01T05:00:00.000Z'],
  ])('%s → %s', async (v, iso) => {
    const r = await over(v, { instant: t.instant, bad: t.bad });
    expect([(r.instant as Date).toISOString(), r.bad]).toEqual([iso, false]);
  });
  it('flags text that is no time, and local times that do not exist', async () => {
    expect((await over('01/02/2024', { bad: t.bad })).bad).toBe(true);
    expect((await over('2024-03-10 02:30:00', { gap: gapExpr(t.local, `'America/New_York'`) })).gap).toBe(true);
    expect((await over('2024-03-10 03:30:00', { gap: gapExpr(t.local, `'America/New_York'`) })).gap).toBe(false);
  });
});

describe('whole numbers are not rounded', () => {
  it.each([['3', 3], ['3.0', 3], ['3.5', null], ['x', null]])('%s → %s', async (v, n) => {
    expect((await over(v, { n: intExpr(text, 'c') })).n).toBe(n);
  });
});

describe('csvHeader', () => {
  it('reads quoted names and stops at the first line end', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-header-'));
    writeFileSync(path.join(dir, 'x.csv'), '\uFEFFlot,"a ""b"", c", d \r\n1,2,3\n');
    expect(csvHeader(path.join(dir, 'x.csv'))).toEqual(['lot', 'a "b", c', 'd']);
  });
});
