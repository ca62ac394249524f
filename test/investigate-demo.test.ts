/**
 * Bad input through the built CLI (`node dist/cli/main.js`; `npm test` builds it first):
 * `explain` of a target with no variance, of a target on too few lots, with fewer lots than
 * candidates, with candidates missing on almost every lot, with every candidate untestable;
 * `investigate` of a lot that is not in the store. Each ends with a clear message (exit 1) or a
 * result, never a crash (exit 2), and the JSON holds no NaN and no null where a number belongs.
 *
 * The store is a hand-made fixture of 12 tablet lots: `y` = 1, 2, …, 12; `flat` = 5 on every
 * lot; `x1`…`x15` (more candidates than lots; x1 = y exactly, the others (i · m mod 13) + k with m = 2…11, permutations of the lots);
 * start dates in a shuffled order (day 5i mod 12 + 1), so time is not a copy of y;
 * `sparse` on two lots only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { PROJECT_ROOT } from './support/shared-data.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
let dir: string;
let db: string;

function cli(...args: string[]): { code: number | null; json: unknown; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--db', db, '--json'], { encoding: 'utf8', cwd: dir });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { code: r.status, json, stderr: r.stderr };
}

/** Keys that hold numbers wherever they appear in explain or investigate output. */
const NUMERIC = new Set(['n', 'missing', 'p', 'q', 'importance', 'strength', 'correlation', 'r2', 'mean', 'sd', 'threshold', 'meanAbove', 'meanBelow', 'nAbove', 'nBelow', 'difference', 'etaSquared', 'score', 'z', 'distance', 'compared', 'rank', 'bad']);

/** Walks the JSON: no 'NaN' / 'Infinity' text anywhere, a finite number under every numeric key. */
function expectClean(v: unknown, where = '$'): void {
  if (typeof v === 'string') expect(v, where).not.toMatch(/\bNaN\b|\bInfinity\b/);
  else if (Array.isArray(v)) v.forEach((x, i) => expectClean(x, `${where}[${i}]`));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (NUMERIC.has(k)) {
        expect(typeof x, `${where}.${k}`).toBe('number');
        expect(Number.isFinite(x), `${where}.${k}`).toBe(true);
      }
      expectClean(x, `${where}.${k}`);
    }
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npm run build; npm test does it)`);
  dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-explain-bad-'));
  db = path.join(dir, 'bad.duckdb');
  const store = await Store.open(db);
  try {
    await store.run(`INSERT INTO sites (site, timezone) VALUES ('S1', 'UTC')`);
    await store.run(`INSERT INTO materials (material, type) VALUES ('TAB', 'product')`);
    const params = ['y', 'flat', 'sparse', ...Array.from({ length: 15 }, (_, k) => `x${k + 1}`)];
    for (const p of params) await store.run(`INSERT INTO parameters (material, parameter, kind) VALUES ('TAB', $1, 'discrete')`, [p]);
    for (let i = 1; i <= 12; i++) {
      const lot = `L${String(i).padStart(2, '0')}`;
      await store.run(`INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'TAB', 'S1', $2::TIMESTAMPTZ)`, [lot, `2025-01-${String(((i * 5) % 12) + 1).padStart(2, '0')}T00:00:00Z`]);
      const values: [string, number][] = [['y', i], ['flat', 5], ...Array.from({ length: 15 }, (_, k) => [`x${k + 1}`, k === 0 ? i : ((i * (2 + (k % 10))) % 13) + k] as [string, number])];
      if (i <= 2) values.push(['sparse', i]);
      for (const [p, v] of values) await store.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', $2, $3)`, [lot, p, v]);
    }
  } finally {
    store.close();
  }
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('explain and investigate on bad input, through the CLI', () => {
  it('refuses a target with no variance, saying so', () => {
    const r = cli('explain', 'flat', '--material', 'TAB');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ error: { code: 'no_variance' } });
    expect((r.json as { error: { message: string } }).error.message).toBe('flat has the same value (5) on all 12 TAB lots');
    expectClean(r.json);
  });

  it('refuses a target measured on too few lots, with the count', () => {
    const r = cli('explain', 'sparse', '--material', 'TAB');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ error: { code: 'too_few_lots', message: 'only 2 TAB lots have sparse (need 10)' } });
  });

  it('explains with fewer lots than candidates: finds x1 = y, lists the untestable candidate, says what it cannot tell', () => {
    const r = cli('explain', 'y', '--material', 'TAB');
    expect(r.code, r.stderr).toBe(0);
    const e = r.json as { target: { n: number }; drivers: { name: string; rho: number; n: number }[]; untestable: { name: string; reason: string }[]; caveats: string[] };
    expect(e.target.n).toBe(12);
    expect(e.drivers[0]).toMatchObject({ name: 'x1', rho: 1, n: 12 });
    expect(e.untestable).toContainEqual({ name: 'sparse', reason: 'only 2 lots have both values (need 10)' });
    expect(e.caveats.some((c) => c.startsWith('Fewer lots (12) than candidates ('))).toBe(true);
    expectClean(r.json);
  });

  it('says so when no candidate can be tested (all missing on most lots)', () => {
    const r = cli('explain', 'y', '--material', 'TAB', '--exclude', 'x,flat,start');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ error: { code: 'no_candidates' } });
    const err = (r.json as { error: { message: string; hint: string } }).error;
    expect(err.message).toMatch(/^none of the \d+ candidates could be tested against y$/);
    expect(err.hint).toMatch(/^for example \S+: /);
  });

  it('refuses a lot that is not in the store, naming it', () => {
    const r = cli('investigate', 'NOPE-1');
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ error: { code: 'unknown_lot', message: "lot 'NOPE-1' is not in the store" } });
  });

  it('investigates a lot of the fixture without NaN in its JSON', () => {
    const r = cli('investigate', 'L12');
    expect(r.code, r.stderr).toBe(0);
    expectClean(r.json);
  });
});
