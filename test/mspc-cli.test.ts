/**
 * End to end through the built CLI (`node dist/cli/main.js`, built by `npm test`'s pretest):
 * `mspc fit|score|contrib` on tag windows and `golden build|check`, on a store file written here.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { PROJECT_ROOT } from './support/shared-data.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const T0 = Date.parse('2025-03-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
let dir = '';
let db = '';

function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--db', db], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
function json(...args: string[]): any {
  const r = cli(...args, '--json');
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err}${r.out}`);
  return JSON.parse(r.out);
}

/**
 * Tags A, B, C every 10 s: B = 2A plus a small wiggle, C independent. For 80 minutes the
 * relation holds; in minutes 85–89 B turns into −2A, which breaks the correlation the model knows.
 */
async function fixture(): Promise<void> {
  const store = await Store.open(db);
  try {
    await store.run("INSERT INTO tags (tag, equipment, signal) VALUES ('A', 'E1', NULL), ('B', 'E1', NULL), ('C', 'E1', NULL), ('TT1', 'D1', 'product_temp')");
    await store.run(`INSERT INTO samples (tag, time, value, quality)
      SELECT tag, $1::TIMESTAMPTZ + to_seconds(k * 10), CASE tag
        WHEN 'A' THEN sin(k / 9.0)
        WHEN 'B' THEN (CASE WHEN k >= 510 THEN -2 ELSE 2 END) * sin(k / 9.0) + 0.05 * cos(k * 1.7)
        ELSE cos(k / 13.0) + 0.05 * sin(k * 2.3) END, 0
      FROM range(0, 540) r(k), (VALUES ('A'), ('B'), ('C')) t(tag)`, [at(0)]);
    // Golden: three released lots (drying, one sample a minute) and a lot that runs hot in minutes 2–3.
    const lots: [string, string, number[]][] = [
      ['G1', 'released', [20, 30, 40, 50, 60]], ['G2', 'released', [21, 31, 41, 51, 61]], ['G3', 'released', [19, 29, 39, 49, 59]],
      ['HOT', 'rejected', [20, 30, 48, 58, 60]],
    ];
    for (const [i, [lot, status, values]] of lots.entries()) {
      const start = T0 + 86400_000 + i * 3600_000;
      await store.run("INSERT INTO lots (lot, material, site, status, equipment) VALUES ($1, 'granulate', 'S1', $2, 'D1')", [lot, status]);
      await store.run("INSERT INTO events (event, type, name, lot, equipment, start_time, end_time) VALUES ($1, 'phase', 'drying', $2, 'D1', $3, $4)",
        [`${lot}-d`, lot, new Date(start).toISOString(), new Date(start + values.length * 60_000).toISOString()]);
      for (const [k, v] of values.entries()) await store.run("INSERT INTO samples (tag, time, value, quality) VALUES ('TT1', $1, $2, 0)", [new Date(start + k * 60_000).toISOString(), v]);
    }
    // Ten tablet lots with three parameters: w2 = 2·w1 plus a little, h independent; T10 breaks w2 = 2·w1.
    await store.run("INSERT INTO materials (material, type) VALUES ('tablet', 'product')");
    for (const p of ['w1', 'w2', 'h']) await store.run("INSERT INTO parameters (material, parameter, kind) VALUES ('tablet', $1, 'discrete')", [p]);
    const h = [5, 3, 6, 4, 5, 7, 3, 6, 4, 5];
    const wiggle = [0.1, -0.2, 0.05, 0.2, -0.1, 0, 0.15, -0.05, 0.1, 0];
    for (let k = 0; k < 10; k++) {
      const lot = `T${k + 1}`;
      await store.run("INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'tablet', 'S1', $2)", [lot, at(k * 3600)]);
      const w2 = k === 9 ? 2 : 2 * (k + 1) + wiggle[k]!;
      for (const [p, v] of [['w1', k + 1], ['w2', w2], ['h', h[k]!]] as const) {
        await store.run("INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'tablet', $2, $3)", [lot, p, v]);
      }
    }
  } finally {
    store.close();
  }
}

describe.skipIf(!existsSync(CLI))(existsSync(CLI) ? 'mspc and golden CLI' : 'mspc and golden CLI: dist/cli/main.js missing; run npm run build', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'causeway-mspc-'));
    db = path.join(dir, 'test.duckdb');
    await fixture();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fits a 2-component PCA on 80 one-minute windows and stores version 1 with the reason', () => {
    const fit = json('mspc', 'fit', '--name', 'abc', '--tags', 'A,B,C', '--from', at(0), '--to', at(4800), '--window', '1m', '--components', '2', '--reason', 'normal week', '--user', 'ana');
    expect(fit).toMatchObject({ name: 'abc', version: 1, kind: 'pca', components: 2, n: 80, excluded: 0, variables: ['A', 'B', 'C'] });
    expect(fit.t2LimitNew).toBeGreaterThan(fit.t2LimitTraining);
    const text = cli('mspc', 'fit', '--name', 'abc', '--tags', 'A,B,C', '--from', at(0), '--to', at(4800), '--components', '2');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^abc v2: PCA with 2 components \(stated\) on 80 rows × 3 variables/);
  });

  it('scores the next 10 minutes: exactly the 5 broken windows are above the SPE limit, and writes the chart', () => {
    const svg = path.join(dir, 'scores.svg');
    const s = json('mspc', 'score', '--name', 'abc', '--model-version', '1', '--from', at(4800), '--to', at(5400), '--svg', svg);
    expect(s.rows).toHaveLength(10);
    expect(s.t2FormText).toContain('A(n-1)(n+1)/(n(n-A))');
    const flagged = s.rows.filter((r: { speOut: boolean }) => r.speOut).map((r: { row: string }) => r.row);
    expect(flagged).toEqual(['2025-03-01T01:25:00Z', '2025-03-01T01:26:00Z', '2025-03-01T01:27:00Z', '2025-03-01T01:28:00Z', '2025-03-01T01:29:00Z']);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('contributions of a broken window point at A and B, not C, and add up to SPE', () => {
    const c = json('mspc', 'contrib', '--name', 'abc', '--model-version', '1', '--time', '2025-03-01T01:27:00Z');
    const sum = c.contributions.reduce((s: number, x: { spe: number }) => s + x.spe, 0);
    expect(sum).toBeCloseTo(c.spe, 9);
    expect(c.spe).toBeGreaterThan(c.speLimit);
    expect(c.contributions[2].variable).toBe('C');
  });

  it('fits on an analysis set of lots 1–9, then scores lot 10 as new: SPE flags it, w1 and w2 lead the contributions', () => {
    const fit = json('mspc', 'fit', '--name', 'tab', '--material', 'tablet', '--lots', 'T1,T2,T3,T4,T5,T6,T7,T8,T9', '--components', '2');
    expect(fit).toMatchObject({ kind: 'pca', n: 9, variables: ['h', 'w1', 'w2'] });
    const s = json('mspc', 'score', '--name', 'tab', '--lots', 'T9,T10');
    expect(s.rows.map((r: { row: string; speOut: boolean; inTraining: boolean }) => [r.row, r.speOut, r.inTraining])).toEqual([['T9', false, true], ['T10', true, false]]);
    expect(s.rows[1].scores).toHaveLength(2);
    const c = json('mspc', 'contrib', '--name', 'tab', '--lot', 'T10');
    expect(c.contributions.map((x: { variable: string }) => x.variable).slice(0, 2).sort()).toEqual(['w1', 'w2']);
  });

  it('says clearly what is wrong: unknown model, missing range, bad confidence', () => {
    const r1 = cli('mspc', 'score', '--name', 'nope', '--from', at(0), '--to', at(60));
    expect(r1.code).toBe(1);
    expect(r1.err).toContain("no model named 'nope'");
    expect(r1.err).toContain('stored models: abc');
    const r2 = cli('mspc', 'score', '--name', 'abc');
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('give --from and --to');
    const r3 = cli('mspc', 'fit', '--name', 'x', '--tags', 'A,B', '--from', at(0), '--to', at(600), '--confidence', '99');
    expect(r3.code).toBe(1);
    expect(r3.err).toContain("--confidence '99' is not between 0 and 1");
  });

  it('golden build from released lots, then check a lot that ran hot: one span, 2 points, 8 sd above', () => {
    const b = json('golden', 'build', '--name', 'dry', '--signal', 'product_temp', '--phase', 'drying', '--material', 'granulate', '--status', 'released', '--k', '3');
    expect(b).toMatchObject({ name: 'dry', version: 1, step: 60, lots: ['G1', 'G2', 'G3'], gridPoints: 5, withEnvelope: 5 });
    const svg = path.join(dir, 'golden.svg');
    const d = json('golden', 'check', '--name', 'dry', '--lot', 'HOT', '--svg', svg);
    // Envelope at each minute: mean m, sd 1 (m−1, m, m+1), so ±3; HOT is 8 above at minutes 2 and 3.
    expect(d.spans).toEqual([{ from: 120, to: 240, points: 2, direction: 'above', maxZ: 8 }]);
    expect(d.outside).toBe(2);
    expect(readFileSync(svg, 'utf8')).toContain('lot HOT against the golden envelope');
    const text = cli('golden', 'check', '--name', 'dry', '--lot', 'G1');
    expect(text.out).toContain('0 of 5 grid points outside');
    expect(text.out).toContain('inside the envelope throughout');
    const bad = cli('golden', 'check', '--name', 'abc', '--lot', 'HOT');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("model 'abc' is a pca model, not golden");
  });
});

