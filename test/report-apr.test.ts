/**
 * End to end on the small demo network: the built CLI defines an APR of CWX-50-FCT, runs it over
 * 2025 (the demo's lots all start in 2025) to a PDF, and the numbers of the report's model equal
 * those that `spc`, `capability` and `compare` print for the same parameter, period and sites;
 * the printed PDF carries them. Lot counts are checked against the store with a query of their
 * own. Then: definitions are versioned records, a run's content hash detects an edit, a CPV run
 * lists only new violations, and an investigation report renders.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParameterReview, ReportModel } from '../src/report/model/types.js';
import { fmt } from '../src/report/html/escape.js';
import { Store } from '../src/store/store.js';
import { runCli } from './support/cli.js';
import { smallDemoStore } from './support/demo-store.js';

let dir: string;
let db: string;
let model: ReportModel;
let runId: string;
const FROM = '2025-01-01T00:00:00.000Z';
const TO = '2026-01-01T00:00:00.000Z';
/** A discrete CQA, a replicate CQA (X̄-S chart) and one whose specification changed in 2025. */
const CHECKED = ['assay', 'dissolution', 'impurities_total'];

const cli = (...args: string[]) => runCli(dir, db, ...args);
const json = async (...args: string[]) => {
  const r = await cli(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const review = (p: string) => model.parameters!.find((x) => x.parameter === p && x.material === 'CWX-50-FCT') as ParameterReview;

beforeAll(async () => {
  db = await smallDemoStore(5);
  dir = path.dirname(db);
  await json('report', 'define', 'apr-cwx', '--kind', 'apr', '--product', 'CWX-50-FCT', '--reason', 'APR 2025 of CWX 50 mg');
  const out = await json('report', 'run', 'apr-cwx', '--period', '2025', '--out', path.join(dir, 'apr.pdf'));
  model = out.model;
  runId = out.run.runId;
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('APR of CWX-50-FCT on the demo network', () => {
  it('writes a PDF whose header names the run, the definition version, the data state and the chain head', async () => {
    const pdf = path.join(dir, 'apr.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Annual Product Review — CWX-50-FCT');
    expect(text).toContain(runId);
    expect(text).toContain('apr-cwx version 1 (apr)');
    expect(model.header.dataState).toMatch(/^folder-/);
    expect(text).toContain(model.header.dataState!);
    expect(text).toContain(model.header.auditHead!.hash.slice(0, 12));
    expect(text).toMatch(/page 3 of \d+/);
    expect(text).toContain('Conclusion of the reviewer');
    for (const meaning of ['authored', 'reviewed', 'approved']) expect(text).toContain(`${meaning} — name, date and time`);
    // Every CQA of the product is reviewed by default (the demo has no CPP on these materials).
    expect(model.parameters!.map((p) => p.parameter)).toEqual(['assay', 'content_uniformity_av', 'dissolution', 'dissolution_mean', 'impurities_total']);
    // The Ppk printed for each parameter is the model's, to 3 significant digits.
    for (const p of CHECKED) {
      const c = review(p).capability;
      expect(c.status).toBe('done');
      if (c.status === 'done') expect(text).toContain(fmt(c.ppk.value, 3));
    }
  });

  it('counts lots per site and status as the store holds them', async () => {
    const s = await Store.open(db, { readOnly: true });
    try {
      const rows = await s.all<{ site: string; made: bigint; released: bigint; rejected: bigint }>(
        `SELECT site, count(*) AS made, count(*) FILTER (WHERE status = 'released') AS released, count(*) FILTER (WHERE status = 'rejected') AS rejected
         FROM lots WHERE material = 'CWX-50-FCT' AND start_time >= '2025-01-01' AND start_time < '2026-01-01' GROUP BY site ORDER BY site`);
      expect(model.lots!.bySite.map((s) => [s.site, s.made, s.released, s.rejected])).toEqual(rows.map((r) => [r.site, Number(r.made), Number(r.released), Number(r.rejected)]));
      expect(model.lots!.total.made).toBe(24);
    } finally {
      s.close();
    }
  });

  it.each(CHECKED)('%s: chart, capability and site comparison equal spc, capability and compare', async (p) => {
    const filters = ['--material', 'CWX-50-FCT', '--from', FROM, '--to', TO];
    const [spc, cap, cmp] = await Promise.all([json('spc', p, ...filters), json('capability', p, ...filters), json('compare', p, ...filters, '--by', 'site')]);
    const r = review(p);
    const panel = spc.panels[0];
    expect(r.chart).toMatchObject({ status: 'done', kind: spc.chart, center: panel.chart.center, sigma: panel.chart.sigma, lcl: panel.chart.primary.lcl[0], ucl: panel.chart.primary.ucl[0], violations: panel.violations.length, points: panel.points.length });
    expect(r.signals.map((v) => [v.rule, v.lot])).toEqual(panel.violations.map((v: { rule: string; lot: string }) => [v.rule, v.lot]));
    expect(r.capability).toMatchObject({ status: 'done', n: cap.n, mean: cap.mean, sdOverall: cap.sdOverall, method: cap.method, ppk: cap.indices.ppk, specSource: cap.specSource });
    const c = model.comparison!.find((x) => x.parameter === p)!;
    expect(c.groups.map((g) => [g.site, g.n, g.mean, g.sd])).toEqual(cmp.comparison.groups.map((g: { group: string; n: number; mean: number; sd: number }) => [g.group, g.n, g.mean, g.sd]));
    expect(c.anovaP).toBe(cmp.comparison.anova.result.p);
    expect(c.kruskalP).toBe(cmp.comparison.kruskalWallis.result.p);
  });

  it('lists the specification change of impurities_total in 2025 and the deviations linked to the lots', () => {
    expect(model.changes!.find((c) => c.parameter === 'impurities_total')).toMatchObject({ what: 'specification', when: '2025-04-20T00:00:00.000Z' });
    expect(model.changes!.find((c) => c.parameter === 'impurities_total')!.detail).toContain('USL 0.8 valid from 2025-04-20; before: USL 1');
    const events = new Map(model.events!.map((e) => [e.event, e]));
    // On a blend: reaches the tablet lot through the genealogy.
    expect(events.get('DEV-LJU-B0003')?.productLots).toContain('LJU-T0003');
    // On no lot, but on a press the period's lots went through.
    expect(events.get('CAPA-PAR-TOOLING')?.type).toBe('capa');
  });
});

describe('definitions and runs are records', () => {
  it('stores a new version only when the definition changes, and audits it', async () => {
    const same = await json('report', 'define', 'apr-cwx', '--kind', 'apr', '--product', 'CWX-50-FCT', '--reason', 'again');
    expect([same.changed, same.definition.version]).toEqual([false, 1]);
    const next = await json('report', 'define', 'apr-cwx', '--kind', 'apr', '--product', 'CWX-50-FCT', '--parameters', 'assay,CORES/hardness', '--reason', 'add hardness');
    expect([next.changed, next.definition.version, next.definition.parameters]).toEqual([true, 2, ['assay', 'CORES/hardness']]);
    const shown = await json('report', 'show', 'apr-cwx');
    expect(shown.versions.map((v: { version: number; reason: string }) => [v.version, v.reason])).toEqual([[1, 'APR 2025 of CWX 50 mg'], [2, 'add hardness']]);
    expect(shown.runs.map((r: { runId: string }) => r.runId)).toContain(runId);
    const audit = await json('audit', 'list', '--entity', 'report_definitions');
    expect(audit.map((a: { entity_key: string }) => a.entity_key).sort()).toEqual(['apr-cwx/v1', 'apr-cwx/v2']);
  });

  it("recomputes a run's content hash and detects a content edited in the store", async () => {
    const ok = await json('report', 'content', runId);
    expect([ok.matches, ok.sha256]).toEqual([true, ok.run.contentSha256]);
    const s = await Store.open(db);
    try {
      await s.run(`UPDATE report_runs SET content = replace(content, '"made":24', '"made":25') WHERE run_id = $1`, [runId]);
    } finally {
      s.close();
    }
    const bad = await json('report', 'content', runId);
    expect(bad.matches).toBe(false);
    expect(bad.sha256).not.toBe(bad.run.contentSha256);
  });

  it('a CPV report lists the rule violations the previous run of its definition did not show', async () => {
    await json('report', 'define', 'cpv-cwx', '--kind', 'cpv', '--product', 'CWX-50-FCT', '--parameters', 'assay,dissolution', '--charts', 'control', '--reason', 'CPV plan');
    const first = await json('report', 'run', 'cpv-cwx', '--period', '2025-Q1');
    const all = first.model.parameters.flatMap((p: ParameterReview) => p.signals);
    expect(all.length).toBeGreaterThan(0);
    expect(first.model.newViolations).toMatchObject({ previousRun: null });
    expect(first.model.newViolations.violations).toHaveLength(all.length);
    const second = await json('report', 'run', 'cpv-cwx', '--period', '2025-Q1', '--out', path.join(dir, 'cpv.html'));
    expect(second.model.newViolations).toMatchObject({ previousRun: first.run.runId, violations: [] });
    expect(readFileSync(path.join(dir, 'cpv.html'), 'utf8')).toContain('Rule violations since the last report (0)');
  });

  it('an investigation report of a rejected lot shows its findings, upstream lots and events', async () => {
    await json('report', 'define', 'inv-cwx', '--kind', 'investigation', '--product', 'CWX-50-FCT', '--reason', 'OOS investigations');
    const r = await json('report', 'run', 'inv-cwx', '--lot', 'HYD-T0008', '--out', path.join(dir, 'inv.html'));
    const inv = r.model.investigation;
    expect(inv.lot).toMatchObject({ lot: 'HYD-T0008', status: 'rejected' });
    expect(inv.upstream.some((u: { material: string }) => u.material === 'API')).toBe(true);
    expect(inv.events.map((e: { event: string }) => e.event)).toContain('DEV-HYD-T0008');
    const html = readFileSync(path.join(dir, 'inv.html'), 'utf8');
    expect(html).toContain('Investigation report — CWX-50-FCT');
    expect(html).toContain('DEV-HYD-T0008');
    expect(existsSync(path.join(dir, 'inv.html'))).toBe(true);
  });

  it('refuses a period it cannot read, naming the flag', async () => {
    const r = await cli('report', 'run', 'apr-cwx', '--period', '2025-13');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--period '2025-13' is not a year, quarter, month or date range, e.g. --period 2025, --period 2025-Q2");
  });
});
