/**
 * A replicate parameter through the product, end to end, on data no one here tuned for: qcc's
 * piston rings (Montgomery), phase I, 25 lots × 5 inside diameters, specification 73.95–74.05,
 * written as an open-format folder (test/support/pistonrings.ts), imported with the built CLI
 * (`causeway import`), then asked for capability and control charts through the built CLI and
 * through the HTTP API. The figures must match what qcc 3.0 prints
 * (../shared/data/qcc/REFERENCE_qcc_vignette_outputs.txt):
 *
 *   processCapability(qcc(diameter[1:25, ], "xbar"), spec.limits = c(73.95, 74.05))
 *   Number of obs = 125, Center = 74.00118, StdDev = 0.009785039 (R̄/d2),
 *   Cp 1.70 [1.49, 1.91], Cp_k 1.66 [1.45, 1.88], Cpm 1.69 [1.48, 1.90];
 *   with target 74.02: Cp 1.703 [1.491, 1.915], Cp_k 1.663 [1.448, 1.878], Cpm 0.786 [0.656, 0.915];
 *   xbar chart: centre 74.00118, LCL 73.98805, UCL 74.0143; R chart: centre 0.02276, UCL 0.04812533
 *   (six digits of it: see the note at the assertion).
 *
 * qcc prints no Pp/Ppk; those are checked against the sample standard deviation of all 125
 * values, computed here plainly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Store } from '../src/store/store.js';
import { login, testApp, userOf, type Client } from './support/app.js';
import { runCli } from './support/cli.js';
import { pistonRingLots, writePistonRingFolder } from './support/pistonrings.js';
import { describeWithData } from './support/shared-data.js';

const qcc = describeWithData('qcc', 'pistonrings.txt');

type Estimate = { value: number; lower: number; upper: number };
/** An index as qcc prints it: value and interval at `digits` decimals. */
const printed = (e: Estimate, digits: number) => [e.value, e.lower, e.upper].map((v) => v.toFixed(digits));

qcc('piston rings (qcc) as a replicate parameter: import, capability and control charts', () => {
  let dir: string;
  let db: string;
  const cli = (...args: string[]) => runCli(dir, db, ...args);
  const json = async (...args: string[]) => {
    const r = await cli(...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  // Plain statistics of the data, to check what qcc does not print.
  const lots = pistonRingLots();
  const all = lots.flat();
  const grand = all.reduce((a, b) => a + b, 0) / all.length;
  const sdAll = Math.sqrt(all.reduce((a, x) => a + (x - grand) ** 2, 0) / (all.length - 1));
  const means = lots.map((l) => l.reduce((a, b) => a + b, 0) / l.length);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'causeway-rings-'));
    db = path.join(dir, 'rings.duckdb');
    const r = await cli('import', writePistonRingFolder(path.join(dir, 'rings')));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/replicates\s+replicates\.csv\s+125\s+125/);
  }, 60_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('capability: the digits qcc prints, σ within from the lots as subgroups (R̄/d2), Pp/Ppk from all 125 values', async () => {
    const c = await json('capability', 'diameter');
    expect(c).toMatchObject({ parameter: 'diameter', material: 'RING', source: 'replicates', n: 125, subgroups: { lots: 25, sizes: '5', estimator: 'R̄/d2' } });
    expect(c.specSource).toBe('stored, valid from 1970-01-01');
    expect(c.spec).toEqual({ lsl: 73.95, usl: 74.05, target: 74 });
    expect(c.mean.toPrecision(7)).toBe('74.00118');
    expect(c.sigmaWithin.toPrecision(7)).toBe('0.009785039');
    expect(c.sigmaWithinMethod).toBe('R̄/d2 over 25 lots of 5 values');
    expect(printed(c.indices.cp, 2)).toEqual(['1.70', '1.49', '1.91']);
    expect(printed(c.indices.cpk, 2)).toEqual(['1.66', '1.45', '1.88']);
    expect(printed(c.indices.cpm, 2)).toEqual(['1.69', '1.48', '1.90']);
    expect(c.sdOverall).toBeCloseTo(sdAll, 12);
    expect(c.indices.pp.value).toBeCloseTo(0.1 / (6 * sdAll), 12);
    expect(c.indices.ppk.value).toBeCloseTo(Math.min(grand - 73.95, 74.05 - grand) / (3 * sdAll), 12);
    expect(c.ppm.observed.total).toBe(0);
    expect(c.notes.some((n: string) => n.startsWith('σ within is the spread inside lots (R̄/d2 over 25 lots of 5 values)'))).toBe(true);
  });

  it('capability with target 74.02: three decimals as qcc prints them', async () => {
    const c = await json('capability', 'diameter', '--target', '74.02');
    expect(printed(c.indices.cp, 3)).toEqual(['1.703', '1.491', '1.915']);
    expect(printed(c.indices.cpk, 3)).toEqual(['1.663', '1.448', '1.878']);
    expect(printed(c.indices.cpm, 3)).toEqual(['0.786', '0.656', '0.915']);
  });

  it('capability as text says which σ within it used', async () => {
    const r = await cli('capability', 'diameter');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('diameter of RING: n 125, mean 74.0012, σ within 0.00978504 (R̄/d2 over 25 lots of 5 values), σ overall');
    expect(r.stdout).toMatch(/^Cp +1\.703 +\[1\.491, 1\.915\]$/m);
    expect(r.stdout).toMatch(/^Cpk +1\.663 +\[1\.448, 1\.878\]$/m);
    expect(r.stdout).toContain('note: σ within is the spread inside lots');
  });

  it('the default control chart is X̄-R (5 values per lot), with qcc\'s limits, and says why', async () => {
    const r = await json('spc', 'diameter');
    expect(r.chart).toBe('xbar-r');
    expect(r.choice).toMatch(/^X̄-R chart, the default for 5 values of diameter per lot/);
    const c = r.panels[0].chart;
    expect(r.panels[0].points).toHaveLength(25);
    expect(c.center.toPrecision(7)).toBe('74.00118');
    expect(c.sigma.toPrecision(7)).toBe('0.009785039');
    expect(c.primary.lcl[0].toPrecision(7)).toBe('73.98805');
    expect(c.primary.ucl[0].toPrecision(6)).toBe('74.0143');
    expect(c.secondary.center[0].toPrecision(4)).toBe('0.02276');
    // qcc prints 0.04812533 from its tabulated d3(5) = 0.8640855; causeway integrates d3(5) =
    // 0.8640819 and gets 0.04812523: six digits agree (as in qcc-charts.test.ts, docs/validation.md).
    expect(c.secondary.ucl[0].toPrecision(6)).toBe('0.0481252');
    expect(Math.abs(c.secondary.ucl[0] - 0.04812533)).toBeLessThan(2e-7);
    expect(c.secondary.lcl[0]).toBe(0);
    const text = await cli('spc', 'diameter');
    expect(text.stdout).toContain('chart: X̄-R chart, the default for 5 values of diameter per lot');
  });

  it('I-MR and EWMA of a replicate parameter run on lot means, with a note (regression: "no values")', async () => {
    const r = await json('spc', 'diameter', '--chart', 'imr');
    expect(r.chart).toBe('imr');
    const c = r.panels[0].chart;
    expect(c.primary.values).toHaveLength(25);
    c.primary.values.forEach((v: number, i: number) => expect(v).toBeCloseTo(means[i]!, 12));
    const mr = means.slice(1).reduce((a, m, i) => a + Math.abs(m - means[i]!), 0) / 24;
    expect(c.sigma).toBeCloseTo(mr / 1.128, 3); // d2(2) = 1.128 (Montgomery, Appendix VI)
    expect(r.notes).toContain('I-MR chart of lot means: each point is a lot\'s mean of its 5 values of diameter; σ comes from the moving ranges of the lot means, so lot-to-lot variation is inside the limits (the X̄ chart judges lot means against the spread within lots)');
    const e = await json('spc', 'diameter', '--chart', 'ewma');
    expect(e.chart).toBe('ewma');
    expect(e.panels[0].chart.center).toBeCloseTo(grand, 12);
    expect(e.notes.some((n: string) => n.startsWith('EWMA chart of lot means'))).toBe(true);
    const bad = await cli('spc', 'diameter', '--chart', 'c');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("a c chart counts nonconforming units or defects; 'diameter' is a measured replicate parameter");
    const sized = await cli('spc', 'diameter', '--size', '5');
    expect(sized.code).toBe(1);
    expect(sized.stderr).toContain('--size is for attribute charts: choose p, np, c, u with --chart');
  });

  it('stats of a replicate parameter use the lot means and say so', async () => {
    const s = await json('stats', 'diameter');
    expect(s.n).toBe(25);
    expect(s.mean).toBeCloseTo(grand, 12);
    expect(s.note).toBe("'diameter' has several values per lot: each lot counts with their mean (diameter.mean)");
  });

  it('the HTTP API answers the same digits', async () => {
    const store = await Store.open(db);
    try {
      const { app } = await testApp(store);
      const client: Client = await login(app, userOf('quality'));
      const cap = await client.json('GET', '/api/capability?parameter=diameter');
      expect(cap.status).toBe(200);
      expect(cap.body).toMatchObject({ source: 'replicates', n: 125, sigmaWithinMethod: 'R̄/d2 over 25 lots of 5 values', subgroups: { lots: 25, sizes: '5', estimator: 'R̄/d2' } });
      expect(cap.body.sigmaWithin.toPrecision(7)).toBe('0.009785039');
      expect(printed(cap.body.indices.cp, 2)).toEqual(['1.70', '1.49', '1.91']);
      expect(printed(cap.body.indices.cpk, 2)).toEqual(['1.66', '1.45', '1.88']);
      const spc = await client.json('GET', '/api/spc?parameter=diameter');
      expect(spc.status).toBe(200);
      expect(spc.body.chart).toBe('xbar-r');
      expect(spc.body.panels[0].chart.primary.lcl[0].toPrecision(7)).toBe('73.98805');
      const svg = await client.request('GET', '/api/spc/svg?parameter=diameter');
      expect(svg.status).toBe(200);
      expect(await svg.text()).toContain('<svg');
      const imr = await client.json('GET', '/api/spc?parameter=diameter&chart=imr');
      expect(imr.body.notes.some((n: string) => n.startsWith('I-MR chart of lot means'))).toBe(true);
    } finally {
      store.close();
    }
  });
});
