/**
 * Benchmark: the Annual Product Review of one product — 600 lots at 3 sites over 2025, 20
 * parameters (16 with one value per lot, 4 with 6 replicates per lot, each with a
 * specification), genealogy to 300 API lots, 30 deviations — written to PDF.
 *
 * Synthetic store built in SQL (deterministic values from hash()). Timed:
 * - the whole report: `runReport` (model: charts, capability, OOS/OOT, site comparison, events,
 *   changes, the run stored) and `printReport` (HTML → PDF through Chromium, printed twice for
 *   the contents' page numbers);
 * - baseline, in the same process on the same store: the same statistics without any report —
 *   for each parameter the library calls of `spc`, `capability` and `compare --by site` with the
 *   period, nothing drawn, rendered or stored.
 * The ratio says what a report costs over the numbers it prints.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compareParameter } from '../src/compare/compare-parameter.js';
import { defineReport } from '../src/report/definitions/definition-store.js';
import { launchChromium } from '../src/report/pdf/chromium.js';
import { pageCount } from '../src/report/pdf/outline.js';
import { printReport } from '../src/report/pdf/print-pdf.js';
import { reportDocument } from '../src/report/render/report-document.js';
import { runReport } from '../src/report/run-report.js';
import { capabilityReport } from '../src/spc/capability-report.js';
import { controlChart } from '../src/spc/control-chart.js';
import { WESTERN_ELECTRIC } from '../src/spc/run-rules.js';
import { Store } from '../src/store/store.js';

const LOTS = 600;
const DISCRETE = 16;
const REPLICATE = 4;
const FROM = '2025-01-01T00:00:00.000Z';
const TO = '2026-01-01T00:00:00.000Z';

/** 600 tablet lots, 200 per site, one every 14.6 h through 2025; 20 parameters with specifications. */
export async function build(store: Store): Promise<string[]> {
  const sql = [
    `INSERT INTO sites VALUES ('LJU', 'Ljubljana', 'Europe/Ljubljana', NULL, NULL), ('PAR', 'Parsippany', 'America/New_York', NULL, NULL), ('HYD', 'Hyderabad', 'Asia/Kolkata', NULL, NULL)`,
    `INSERT INTO materials VALUES ('API', 'raw', 'API', NULL, NULL), ('TAB', 'product', 'tablet', NULL, NULL)`,
    `INSERT INTO steps VALUES ('compression', 'TAB', 1, 'TAB', NULL, NULL, NULL)`,
    `INSERT INTO lots (lot, material, site, start_time, quantity, supplier, status)
       SELECT 'API-' || lpad(i::VARCHAR, 4, '0'), 'API', 'LJU', TIMESTAMPTZ '2024-12-01 00:00:00+00' + i * INTERVAL 1 DAY, 100, 'SUP' || (i % 2), 'released' FROM range(300) t(i)`,
    `INSERT INTO lots (lot, material, site, step, equipment, start_time, quantity, status)
       SELECT ['LJU', 'PAR', 'HYD'][i % 3 + 1] || '-T' || lpad(i::VARCHAR, 4, '0'), 'TAB', ['LJU', 'PAR', 'HYD'][i % 3 + 1], 'compression', NULL,
              TIMESTAMPTZ '2025-01-01 06:00:00+00' + i * INTERVAL 876 MINUTE, 100, CASE WHEN i % 41 = 0 THEN 'rejected' ELSE 'released' END
       FROM range(${LOTS}) t(i)`,
    `INSERT INTO genealogy (parent_lot, child_lot, quantity)
       SELECT 'API-' || lpad(((i + k) % 300)::VARCHAR, 4, '0'), ['LJU', 'PAR', 'HYD'][i % 3 + 1] || '-T' || lpad(i::VARCHAR, 4, '0'), 20 + k * 10 FROM range(${LOTS}) t(i), range(2) s(k)`,
    `INSERT INTO parameters (material, parameter, kind, role, unit)
       SELECT 'TAB', 'p' || lpad(p::VARCHAR, 2, '0'), CASE WHEN p < ${DISCRETE} THEN 'discrete' ELSE 'replicate' END, CASE WHEN p % 2 = 0 THEN 'CQA' ELSE 'CPP' END, '%'
       FROM range(${DISCRETE + REPLICATE}) t(p)`,
    // Centre 100, sd about 1.2 (a sum of three uniforms), specification 95–105: Ppk about 1.4.
    `INSERT INTO specifications (material, parameter, valid_from, lsl, usl, target)
       SELECT 'TAB', 'p' || lpad(p::VARCHAR, 2, '0'), TIMESTAMPTZ '2024-01-01 00:00:00+00', 95, 105, 100 FROM range(${DISCRETE + REPLICATE}) t(p)`,
    `INSERT INTO specifications (material, parameter, valid_from, lsl, usl, target) VALUES ('TAB', 'p00', TIMESTAMPTZ '2025-07-01 00:00:00+00', 96, 104, 100)`,
    `INSERT INTO discrete (lot, material, parameter, value, time)
       SELECT l.lot, 'TAB', 'p' || lpad(p::VARCHAR, 2, '0'),
              100 + ((hash(l.lot, p, 1) % 1000) + (hash(l.lot, p, 2) % 1000) + (hash(l.lot, p, 3) % 1000) - 1498.5) / 415.0 + CASE WHEN l.site = 'HYD' THEN 0.3 ELSE 0 END,
              l.start_time + INTERVAL 1 DAY
       FROM lots l, range(${DISCRETE}) t(p) WHERE l.material = 'TAB'`,
    `INSERT INTO replicates (lot, material, parameter, replicate, value, time)
       SELECT l.lot, 'TAB', 'p' || lpad(p::VARCHAR, 2, '0'), r + 1,
              100 + ((hash(l.lot, p, r, 1) % 1000) + (hash(l.lot, p, r, 2) % 1000) + (hash(l.lot, p, r, 3) % 1000) - 1498.5) / 415.0, l.start_time + INTERVAL 1 DAY
       FROM lots l, range(${DISCRETE}, ${DISCRETE + REPLICATE}) t(p), range(6) s(r) WHERE l.material = 'TAB'`,
    `INSERT INTO events (event, type, name, lot, start_time, severity, text)
       SELECT 'DEV-' || i, 'deviation', 'deviation', lot, start_time + INTERVAL 2 HOUR, 'minor', 'Deviation ' || i || ' on ' || lot
       FROM (SELECT lot, start_time, row_number() OVER (ORDER BY lot) AS i FROM lots WHERE material = 'TAB' AND hash(lot) % 20 = 0)`,
  ];
  await store.transaction(async () => {
    for (const s of sql) await store.run(s);
  });
  return (await store.all<{ parameter: string }>(`SELECT parameter FROM parameters ORDER BY parameter`)).map((r) => r.parameter);
}

/**
 * CPU seconds (user + system) of the processes below this one (Chromium's), from /proc: on a
 * shared machine wall time says more about the neighbours than about the work.
 */
function childrenCpu(): number {
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(d), { ppid: Number(rest[1]), cpu: (Number(rest[11]) + Number(rest[12])) / 100 });
    } catch {
      // a process that ended while we read
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid, guard = 0; p !== undefined && p > 1 && guard < 64; p = stats.get(p)?.ppid, guard++) if (p === process.pid) return true;
    return false;
  };
  let sum = 0;
  for (const [pid, s] of stats) if (mine(pid)) sum += s.cpu;
  return sum;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The same statistics the report prints, without the report. */
async function baseline(store: Store, parameters: string[]): Promise<number> {
  let ppk = 0;
  for (const parameter of parameters) {
    const f = { parameter, material: 'TAB', from: FROM, to: TO };
    await controlChart(store, { ...f, rules: [...WESTERN_ELECTRIC] });
    ppk += (await capabilityReport(store, { ...f, distribution: 'auto', confidence: 0.95 })).result.indices.ppk?.value ?? 0;
    await compareParameter(store, { ...f, by: 'site', alpha: 0.05 });
  }
  return ppk;
}

export default async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-report-'));
  const store = await Store.open(path.join(dir, 'bench.duckdb'));
  try {
    let t = performance.now();
    const parameters = await build(store);
    process.stdout.write(`built ${LOTS} lots × ${parameters.length} parameters at 3 sites in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
    const actor = { user: 'bench', reason: 'benchmark' };
    await defineReport(store, 'apr-bench', { kind: 'apr', product: 'TAB', title: null, sites: [], parameters: [], roles: ['CQA', 'CPP'], charts: ['control', 'histogram', 'box'], rules: 'we' }, actor);
    // Warm-up: one parameter through both paths (module loading, DuckDB caches, Chromium's first start are not what is measured).
    await baseline(store, parameters.slice(0, 1));

    const rounds = 2;
    const browser = await launchChromium();
    const base: number[] = [];
    const model: number[] = [];
    const pdf: number[] = [];
    const cpu = { base: [] as number[], model: [] as number[], pdfNode: [] as number[], pdfChromium: [] as number[] };
    let pages = 0;
    let bytes = 0;
    try {
      for (let r = 0; r < rounds; r++) {
        let c = cpuNow();
        t = performance.now();
        await baseline(store, parameters);
        base.push(performance.now() - t);
        cpu.base.push(cpuNow() - c);
        c = cpuNow();
        t = performance.now();
        const { run, model: m } = await runReport(store, { name: 'apr-bench', period: '2025' }, { actor });
        model.push(performance.now() - t);
        cpu.model.push(cpuNow() - c);
        c = cpuNow();
        const cc = childrenCpu();
        t = performance.now();
        const printed = await printReport(reportDocument(m, { run }), { browser });
        pdf.push(performance.now() - t);
        cpu.pdfNode.push(cpuNow() - c);
        cpu.pdfChromium.push(childrenCpu() - cc);
        pages = await pageCount(printed.pdf);
        bytes = printed.pdf.length;
        if (m.parameters!.length !== parameters.length || m.lots!.total.made !== LOTS) throw new Error('the report did not cover every parameter and lot');
      }
    } finally {
      await browser.close();
    }
    const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
    const total = med(model) + med(pdf);
    const cpuTotal = med(cpu.model) + med(cpu.pdfNode) + med(cpu.pdfChromium);
    process.stdout.write([
      `APR of 1 product, ${LOTS} lots, ${parameters.length} parameters, 3 sites: ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB (median of ${rounds} rounds; target ≤ 30 s)`,
      `  wall:  report ${(total / 1000).toFixed(1)} s = model ${(med(model) / 1000).toFixed(1)} s + PDF ${(med(pdf) / 1000).toFixed(1)} s; baseline (same statistics, no report) ${(med(base) / 1000).toFixed(1)} s; ratio ${(total / med(base)).toFixed(2)}×`,
      `  CPU:   report ${cpuTotal.toFixed(1)} s = model ${med(cpu.model).toFixed(1)} s + PDF ${(med(cpu.pdfNode) + med(cpu.pdfChromium)).toFixed(1)} s (Chromium ${med(cpu.pdfChromium).toFixed(1)} s); baseline ${med(cpu.base).toFixed(1)} s; ratio ${(cpuTotal / med(cpu.base)).toFixed(2)}×`,
      `  load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`,
    ].join('\n') + '\n');
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
