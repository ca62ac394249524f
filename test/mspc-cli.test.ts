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
import { at, writeMspcFixture } from './support/mspc-fixture.js';
import { PROJECT_ROOT } from './support/shared-data.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
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

describe.skipIf(!existsSync(CLI))(existsSync(CLI) ? 'mspc and golden CLI' : 'mspc and golden CLI: dist/cli/main.js missing; run npm run build', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'causeway-mspc-'));
    db = path.join(dir, 'test.duckdb');
    const store = await Store.open(db);
    try {
      await writeMspcFixture(store);
    } finally {
      store.close();
    }
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
    expect(r3.err).toContain("--confidence '99' must be less than 1");
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

