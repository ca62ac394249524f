/**
 * End to end: the built CLI (`node dist/cli/main.js`, built by `npm test`'s pretest) on a store
 * file with 8 tablet lots whose assay is 9, 10, 11, 10, 9, 10, 11, 10 and whose specification is
 * 7–13: mean 10, overall sd √(4/7), every moving range 1, so σ within = 1/1.128, Cp = 1.128 and
 * Pp = √(7/4) = 1.3229, all by hand.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { runCli } from './support/cli.js';

const ASSAY = [9, 10, 11, 10, 9, 10, 11, 10];
let dir: string;
let db: string;

const cli = (...args: string[]) => runCli(dir, db, ...args);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'causeway-spc-'));
  db = path.join(dir, 'test.duckdb');
  const s = await Store.open(db);
  await s.run(`INSERT INTO sites VALUES ('S1', 'Site 1', 'UTC', NULL, NULL)`);
  await s.run(`INSERT INTO materials VALUES ('TAB', 'product', NULL, NULL, NULL), ('API', 'raw', NULL, NULL, NULL)`);
  for (let i = 0; i < ASSAY.length; i++) {
    await s.run(`INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'TAB', 'S1', $2::TIMESTAMPTZ)`, [`T${i + 1}`, `2024-03-0${i + 1}T06:00:00Z`]);
    await s.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', 'assay', $2)`, [`T${i + 1}`, ASSAY[i]!]);
  }
  await s.run(`INSERT INTO lots (lot, material, site, start_time) VALUES ('A1', 'API', 'S1', '2024-02-01T00:00:00Z'), ('A2', 'API', 'S1', '2024-02-02T00:00:00Z')`);
  await s.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ('A1', 'API', 'purity', 99), ('A2', 'API', 'purity', 99.5)`);
  await s.run(`INSERT INTO specifications (material, parameter, valid_from, lsl, usl) VALUES ('TAB', 'assay', '2024-01-01T00:00:00Z', 7, 13)`);
  s.close();
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('causeway spc', () => {
  it('charts a parameter as JSON, with limits a reader can check', async () => {
    const r = await cli('spc', 'assay', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const p = j.panels[0];
    expect(j.material).toBe('TAB');
    expect(p.points.map((x: { lots: string[] }) => x.lots[0])).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8']);
    expect(p.chart.center).toBe(10);
    expect(p.chart.sigma).toBeCloseTo(1 / 1.128, 12);
    expect(p.chart.primary.ucl[0]).toBeCloseTo(10 + 3 / 1.128, 12);
    expect(p.violations).toEqual([]);
  });
  it('writes SVG and PNG with control limits and the specification', async () => {
    const r = await cli('spc', 'assay', '--svg', 'assay.svg', '--png', 'assay.png');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('chart written to assay.svg');
    const svg = await readFile(path.join(dir, 'assay.svg'), 'utf8');
    expect(svg).toContain('UCL 12.66'); // 10 + 3/1.128 = 12.6596
    expect(svg).toContain('USL 13');
    expect(svg).toContain('(n = 8)');
    const png = await readFile(path.join(dir, 'assay.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
  it('propose, refuse self-approval, approve, then judge by stored limits', async () => {
    const p = await cli('spc', 'limits', 'propose', 'assay', '--material', 'TAB', '--baseline-lots', 'T1,T2,T3,T4', '--user', 'ana', '--reason', 'phase I', '--json');
    expect(p.code).toBe(0);
    const v = JSON.parse(p.stdout);
    expect(v).toMatchObject({ version: 1, status: 'proposed', center: 10, setBy: 'ana' });
    expect(v.validFrom).toBe('2024-03-01T06:00:00.000Z');
    const self = await cli('spc', 'limits', 'approve', 'assay', '--material', 'TAB', '--version', '1', '--user', 'ana', '--reason', 'ok');
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('ana proposed version 1 and cannot also approve it');
    expect((await cli('spc', 'limits', 'approve', 'assay', '--material', 'TAB', '--version', '1', '--user', 'ben', '--reason', 'reviewed')).code).toBe(0);
    const list = JSON.parse((await cli('spc', 'limits', 'list', 'assay', '--json')).stdout);
    expect(list.limits.map((l: { version: number; status: string; approvedBy: string }) => [l.version, l.status, l.approvedBy])).toEqual([[1, 'approved', 'ben']]);
    const judged = JSON.parse((await cli('spc', 'assay', '--stored', '--json')).stdout);
    expect(judged.panels[0].limits).toEqual({ source: 'stored', versions: [1] });
  });
  it('bad flags and bad input are one clear line and exit code 1', async () => {
    const r = await cli('spc', 'assay', '--chart', 'pie');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--chart 'pie' must be one of imr, xbar-r, xbar-s, p, np, c, u, ewma, cusum");
    const x = await cli('spc', 'assay', '--chart', 'xbar-r', '--json');
    expect(x.code).toBe(1);
    expect(JSON.parse(x.stdout).error.code).toBe('no_subgroups');
  });
});

describe('causeway capability', () => {
  it('uses the stored specification and gives the indices by hand', async () => {
    const r = await cli('capability', 'assay', '--distribution', 'normal', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.spec).toEqual({ lsl: 7, usl: 13, target: 10 });
    expect(j.specSource).toBe('stored, valid from 2024-01-01');
    expect(j.indices.cp.value).toBeCloseTo(1.128, 12);
    expect(j.indices.pp.value).toBeCloseTo(Math.sqrt(7 / 4), 12);
    expect(j.method).toBe('normal');
  });
  it('prints a report and draws the histogram', async () => {
    const r = await cli('capability', 'assay', '--lsl', '8', '--png', 'cap.png', '--svg', 'cap.svg');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('specification: LSL 8 (given)');
    expect(r.stdout).toMatch(/Ppk\s+0\.882/); // (10 − 8)/(3·√(4/7)) = 0.8819
    expect(await readFile(path.join(dir, 'cap.svg'), 'utf8')).toContain('LSL 8');
  });
  it('a parameter without a specification says so', async () => {
    const r = await cli('capability', 'purity', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({ code: 'missing_specification' });
  });
});
