/**
 * One request, three edges, one answer: each request below goes to the built CLI (spawned,
 * `--json`), to the HTTP API (`app.request()` on the real app) and to the library (the verb's
 * schema and run), and the three results are identical — p, np and u charts with `size`
 * included, which HTTP could not draw before.
 *
 * Store: 24 tablet lots T01…T24, one a day from 2024-01-01, odd lots at S1 and even at S2;
 * moisture 2.0 + 0.3·(k mod 6), assay 100 − 2·moisture + 0.1·((k·7) mod 5), hardness
 * (k·7) mod 11 (unrelated), defects k mod 5 of 50 inspected; assay specification 90–110.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareVerb } from '../src/compare/compare-verbs.js';
import { jsonRoundTrip } from '../src/core/json.js';
import { silentLogger } from '../src/core/logger.js';
import { parseVerbInput, type AnyVerb } from '../src/core/verb.js';
import { explainVerb } from '../src/explain/drivers/explain-verbs.js';
import { capabilityVerb, spcVerb } from '../src/spc/spc-verbs.js';
import { Store } from '../src/store/store.js';
import { login, testApp, userOf, type Client } from './support/app.js';
import { runCli } from './support/cli.js';

async function writeFixture(s: Store): Promise<void> {
  await s.run(`INSERT INTO sites VALUES ('S1', 'Site 1', 'UTC', NULL, NULL), ('S2', 'Site 2', 'UTC', NULL, NULL)`);
  await s.run(`INSERT INTO materials VALUES ('TAB', 'product', NULL, NULL, NULL)`);
  for (const p of ['assay', 'moisture', 'hardness', 'defects', 'inspected']) await s.run(`INSERT INTO parameters (material, parameter, kind) VALUES ('TAB', $1, 'discrete')`, [p]);
  for (let k = 1; k <= 24; k++) {
    const lot = `T${String(k).padStart(2, '0')}`;
    const moisture = 2 + 0.3 * (k % 6);
    const values: [string, number][] = [['moisture', moisture], ['assay', 100 - 2 * moisture + 0.1 * ((k * 7) % 5)], ['hardness', (k * 7) % 11], ['defects', k % 5], ['inspected', 50]];
    await s.run(`INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'TAB', $2, $3::TIMESTAMPTZ)`, [lot, k % 2 ? 'S1' : 'S2', new Date(Date.UTC(2024, 0, k, 6)).toISOString()]);
    for (const [p, v] of values) await s.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'TAB', $2, $3)`, [lot, p, v]);
  }
  await s.run(`INSERT INTO specifications (material, parameter, valid_from, lsl, usl) VALUES ('TAB', 'assay', '2023-01-01T00:00:00Z', 90, 110)`);
}

/** A request as the fields of its verb (text, as a person types them) and how each edge is asked. */
interface Case {
  name: string;
  verb: AnyVerb;
  cli: string[];
  request: Record<string, string>;
  http: 'get' | 'job';
  path: string;
  /** What the CLI's --json leaves out (files it wrote) or reshapes. */
  fromCli?: (json: any) => unknown;
  /** The same reshaping applied to the HTTP and library answers. */
  shape?: (json: any) => unknown;
}

const noFiles = ({ files: _f, ...rest }: any) => rest;
const withoutValues = (r: any) => ({ ...r, comparison: { ...r.comparison, groups: r.comparison.groups.map(({ values: _v, ...g }: any) => g) } });

const CASES: Case[] = [
  { name: 'spc: I-MR chart of assay (the default chart)', verb: spcVerb, cli: ['spc'], request: { parameter: 'assay' }, http: 'get', path: '/api/spc', fromCli: noFiles },
  { name: 'spc: p chart with a constant size', verb: spcVerb, cli: ['spc'], request: { parameter: 'defects', chart: 'p', size: '50' }, http: 'get', path: '/api/spc', fromCli: noFiles },
  { name: 'spc: np chart with the size parameter', verb: spcVerb, cli: ['spc'], request: { parameter: 'defects', chart: 'np', size: 'inspected', rules: 'nelson' }, http: 'get', path: '/api/spc', fromCli: noFiles },
  { name: 'spc: u chart by site', verb: spcVerb, cli: ['spc'], request: { parameter: 'defects', chart: 'u', size: '50', by: 'site' }, http: 'get', path: '/api/spc', fromCli: noFiles },
  { name: 'spc: EWMA with a baseline date range', verb: spcVerb, cli: ['spc'], request: { parameter: 'assay', chart: 'ewma', lambda: '0.3', baselineFrom: '2024-01-01', baselineTo: '2024-01-13' }, http: 'get', path: '/api/spc', fromCli: noFiles },
  { name: 'spc: X̄-R of 4 consecutive lots', verb: spcVerb, cli: ['spc'], request: { parameter: 'assay', chart: 'xbar-r', subgroup: '4' }, http: 'get', path: '/api/spc', fromCli: noFiles },
  { name: 'capability against the stored specification', verb: capabilityVerb, cli: ['capability'], request: { parameter: 'assay', distribution: 'normal' }, http: 'get', path: '/api/capability', fromCli: noFiles },
  { name: 'capability with given limits at S1', verb: capabilityVerb, cli: ['capability'], request: { parameter: 'assay', lsl: '94', usl: '98', site: 'S1' }, http: 'get', path: '/api/capability', fromCli: noFiles },
  { name: 'compare assay by site with an equivalence margin', verb: compareVerb, cli: ['compare'], request: { parameter: 'assay', by: 'site', margin: '1', reference: 'S1' }, http: 'get', path: '/api/compare', shape: withoutValues },
  { name: 'explain assay', verb: explainVerb, cli: ['explain'], request: { target: 'assay', material: 'TAB', minN: '10' }, http: 'job', path: '/api/explain' },
  { name: 'explain assay below 96 as bad', verb: explainVerb, cli: ['explain'], request: { target: 'assay', material: 'TAB', bad: 'assay < 96' }, http: 'job', path: '/api/explain' },
];

const kebab = (n: string) => n.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** The command line of a case: arguments in the verb's order, then one option per other field. */
function argsOf(c: Case): string[] {
  const args = [...c.cli, ...c.verb.positional.map((p: string) => c.request[p]!)];
  for (const [k, v] of Object.entries(c.request)) if (!c.verb.positional.includes(k)) args.push(`--${kebab(k)}`, v);
  return [...args, '--json'];
}

let dir: string;
let db: string;
let env: Awaited<ReturnType<typeof testApp>>;
let client: Client;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'causeway-table-'));
  db = path.join(dir, 'table.duckdb');
  const file = await Store.open(db);
  await writeFixture(file);
  file.close();
  const mem = await Store.open(':memory:');
  await writeFixture(mem);
  env = await testApp(mem);
  client = await login(env.app, userOf('quality'));
});
afterAll(async () => {
  env.store.close();
  await rm(dir, { recursive: true, force: true });
});

async function viaHttp(c: Case): Promise<unknown> {
  if (c.http === 'get') {
    const r = await client.json('GET', `${c.path}?${new URLSearchParams(c.request)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  }
  const started = await client.json('POST', c.path, c.request);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  for (;;) {
    const j = await client.json('GET', `/api/jobs/${started.body.id}`);
    if (j.body.status === 'done') return j.body.result;
    expect(j.body.status, JSON.stringify(j.body.error)).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function viaLibrary(c: Case): Promise<unknown> {
  return jsonRoundTrip(await c.verb.run(env.store, parseVerbInput(c.verb, c.request), { logger: silentLogger, actor: { user: 'test' } }));
}

describe('the same request through the CLI, the HTTP API and the library', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const cli = await runCli(dir, db, ...argsOf(c));
      expect(cli.code, cli.stderr + cli.stdout).toBe(0);
      const fromCli = (c.fromCli ?? ((x) => x))(JSON.parse(cli.stdout));
      const shape = c.shape ?? ((x) => x);
      const http = shape(await viaHttp(c));
      const lib = shape(await viaLibrary(c));
      expect(http).toEqual(lib);
      expect(fromCli).toEqual(lib);
    });
  }
  it('the p chart really is one: p̄ = 50/1200 and limits from n = 50', async () => {
    const r = (await viaLibrary(CASES[1]!)) as any;
    const c = r.panels[0].chart;
    // defects k mod 5 over k = 1…24: k = 1…20 is 4 cycles of 0+1+2+3+4 = 40, k = 21…24 adds 10
    const p = 50 / 1200;
    expect(c.center).toBeCloseTo(p, 15);
    expect(c.primary.ucl[0]).toBeCloseTo(p + 3 * Math.sqrt((p * (1 - p)) / 50), 14);
  });
  it('explain finds moisture, the planted driver of assay', async () => {
    const r = (await viaLibrary(CASES[9]!)) as any;
    expect(r.drivers[0].name).toBe('moisture');
    expect(r.drivers[0].direction).toBe('down');
  });
});
