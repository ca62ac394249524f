/**
 * One request layer per verb: the drifts between the CLI and the HTTP API, each pinned by a
 * regression test through the real app (`app.request()`), the built CLI, or the verb's schema.
 *
 * Store: 8 tablet lots T1…T8 (one a day from 2024-03-01) with assay 9, 10, 11, 10, 9, 10, 11, 10
 * (specification 7–13), and a defect count 2, 3, 1, 4, 2, 3, 2, 3 of 50 tablets inspected per
 * lot: p̄ = 20/400 = 0.05, σ of p = √(0.05·0.95/50) = 0.0308221, UCL = 0.05 + 3σ = 0.1424662.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSpelling } from '../src/cli/common.js';
import { AppError } from '../src/core/errors.js';
import { parseVerbInput } from '../src/core/verb.js';
import { spcVerb } from '../src/spc/spc-verbs.js';
import { Store } from '../src/store/store.js';
import { spellForWeb } from '../src/web/labels.js';
import { login, testApp, userOf, type Client } from './support/app.js';
import { runCli } from './support/cli.js';

const ASSAY = [9, 10, 11, 10, 9, 10, 11, 10];
const DEFECTS = [2, 3, 1, 4, 2, 3, 2, 3];
const SIGMA_P = Math.sqrt((0.05 * 0.95) / 50);

/** The fixture rows, written into a store. */
export async function writeTablets(s: Store): Promise<void> {
  await s.run(`INSERT INTO sites VALUES ('S1', 'Site 1', 'UTC', NULL, NULL)`);
  await s.run(`INSERT INTO materials VALUES ('TAB', 'product', NULL, NULL, NULL)`);
  for (let i = 0; i < ASSAY.length; i++) {
    await s.run(`INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'TAB', 'S1', $2::TIMESTAMPTZ)`, [`T${i + 1}`, `2024-03-0${i + 1}T06:00:00Z`]);
    await s.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', 'assay', $2), ($1, 'TAB', 'defects', $3), ($1, 'TAB', 'inspected', 50)`, [`T${i + 1}`, ASSAY[i]!, DEFECTS[i]!]);
  }
  await s.run(`INSERT INTO specifications (material, parameter, valid_from, lsl, usl) VALUES ('TAB', 'assay', '2024-01-01T00:00:00Z', 7, 13)`);
}

let dir: string;
let db: string;
let env: Awaited<ReturnType<typeof testApp>>;
let quality: Client;
let engineer: Client;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'causeway-request-'));
  db = path.join(dir, 'cli.duckdb');
  const file = await Store.open(db);
  await writeTablets(file);
  file.close();
  const mem = await Store.open(':memory:');
  await writeTablets(mem);
  env = await testApp(mem);
  quality = await login(env.app, userOf('quality'));
  engineer = await login(env.app, userOf('manufacturing'));
});
afterAll(async () => {
  env.store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HTTP takes every field the CLI takes', () => {
  it('a p chart with size over HTTP (HTTP had no size): p̄ = 0.05, UCL = 0.05 + 3·0.0308 = 0.1425', async () => {
    const r = await quality.json('GET', '/api/spc?parameter=defects&chart=p&size=50');
    expect(r.status).toBe(200);
    const c = r.body.panels[0].chart;
    expect(c.center).toBeCloseTo(0.05, 15);
    expect(c.primary.ucl[0]).toBeCloseTo(0.05 + 3 * SIGMA_P, 12);
    expect(c.primary.lcl[0]).toBe(0);
  });
  it('size may name the parameter holding each lot’s count, as in the CLI', async () => {
    const r = await quality.json('GET', '/api/spc?parameter=defects&chart=np&size=inspected');
    expect(r.status).toBe(200);
    expect(r.body.panels[0].chart.primary.center[0]).toBeCloseTo(2.5, 14); // np chart centre line n·p̄ = 50 · 0.05
  });
  it('a p chart without size names the size field, spelled for each edge (it told web users to "give --size N")', async () => {
    const r = await quality.json('GET', '/api/spc?parameter=defects&chart=p');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe("a p chart needs 'size': the units inspected per lot, a number or the parameter holding each lot’s count");
    expect(r.body.error.message).not.toContain('--');
    expect(spellForWeb(r.body.error.template.message)).toBe('a p chart needs “Units inspected”: the units inspected per lot, a number or the parameter holding each lot’s count');
    const cli = await runCli(dir, db, 'spc', 'defects', '--chart', 'p');
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('error: a p chart needs --size: the units inspected per lot');
  });
});

describe('cross-field rules hold on every edge', () => {
  it('half a baseline range is refused over HTTP (it was silently dropped) and in the CLI', async () => {
    const r = await quality.json('GET', '/api/spc?parameter=assay&baselineFrom=2024-03-01');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
    expect(r.body.error.message).toBe("a baseline date range needs both 'baselineFrom' and 'baselineTo'");
    const cli = await runCli(dir, db, 'spc', 'assay', '--baseline-from', '2024-03-01');
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('a baseline date range needs both --baseline-from and --baseline-to');
  });
  it('stored limits and a baseline are refused together over HTTP (the baseline was ignored)', async () => {
    const r = await quality.json('GET', '/api/spc?parameter=assay&stored=true&baselineLots=T1,T2,T3');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain("'stored' and a baseline exclude each other");
  });
  it('the library parse reports every bad field at once, naming the value', () => {
    try {
      parseVerbInput(spcVerb, { parameter: 'assay', chart: 'pie', subgroup: '1' });
      expect.unreachable();
    } catch (e) {
      const { message } = (e as AppError).spelled(cliSpelling(['parameter']));
      expect(message).toBe("--chart 'pie' must be one of imr, xbar-r, xbar-s, p, np, c, u, ewma, cusum; --subgroup '1' must be at least 2");
    }
  });
});

describe('one figure, one default', () => {
  it('the HTTP SVG draws the specification lines, as the CLI’s does', async () => {
    const res = await quality.request('GET', '/api/spc/svg?parameter=assay');
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
    const svg = await res.text();
    expect(svg).toContain('USL 13');
    expect(svg).toContain('LSL 7');
    expect(svg).toContain('UCL 12.66'); // 10 + 3/1.128
  });
  it('the default chart is chosen by the library for the data: no chart given is an I-MR chart of one value per lot on both edges', async () => {
    const http = await quality.json('GET', '/api/spc?parameter=assay');
    const cli = JSON.parse((await runCli(dir, db, 'spc', 'assay', '--json')).stdout);
    expect(http.body.chart).toBe('imr');
    expect(cli.chart).toBe('imr');
    const doc = (await (await env.app.request('/api/openapi.json')).json()) as { paths: Record<string, { get: { parameters: { name: string; schema: { default?: unknown } }[] } }> };
    const chart = doc.paths['/api/spc']!.get.parameters.find((p) => p.name === 'chart')!;
    // No fixed default: it depends on the data (X̄-R/X̄-S for a replicate parameter), and the field says so.
    expect(chart.schema.default).toBeUndefined();
    expect(JSON.stringify(chart)).toContain('the one that fits the data');
    expect(http.body.choice).toBe('I-MR chart, the default for one value of assay per lot');
    expect(doc.paths['/api/spc']!.get.parameters.map((p) => p.name)).toContain('size');
  });
});

describe('limits are proposed by the library from a baseline, not computed in the browser', () => {
  it('POST /api/limits with the chart fields stores centre and limits of the baseline lots', async () => {
    // Baseline T1–T4: 9, 10, 11, 10 → mean 10; moving ranges 1, 1, 1 → σ = 1/1.128
    const r = await engineer.json('POST', '/api/limits', { parameter: 'assay', material: 'TAB', baselineLots: 'T1,T2,T3,T4', reason: 'phase I on the first four lots' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: 1, status: 'proposed', center: 10, setBy: 'manufacturing-user', validFrom: '2024-03-01T06:00:00.000Z' });
    expect(r.body.sigma).toBeCloseTo(1 / 1.128, 12);
    expect(r.body.ucl).toBeCloseTo(10 + 3 / 1.128, 12);
    expect(r.body.baseline).toEqual({ lots: ['T1', 'T2', 'T3', 'T4'], points: 4 });
    const audit = await env.store.one("SELECT user_name, reason FROM audit WHERE entity = 'control_limits' ORDER BY audit_id DESC LIMIT 1");
    expect(audit).toEqual({ user_name: 'manufacturing-user', reason: 'phase I on the first four lots' });
  });
  it('a proposal per factor is refused, naming the field', async () => {
    const r = await engineer.json('POST', '/api/limits', { parameter: 'assay', by: 'site', reason: 'per site' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain("leave out 'by'");
  });
});
