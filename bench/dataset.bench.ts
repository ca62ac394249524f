/**
 * Benchmark: an analysis set of 1000 lots × 500 columns with two genealogy levels.
 *
 * Synthetic store built in SQL: 600 API lots (143 parameters each), 500 granulation lots (150
 * features each; each made from 3 API lots, each feeding 2 tablet lots), 1000 tablet lots (200
 * parameters each; each a merge of 2 granulation lots). About 2 % of values are absent. The set
 * has 493 numeric columns and 7 factor/time columns.
 *
 * Baseline, in the same process on the same store: one plain SQL query that joins each tablet to
 * its first granulation lot and that lot's first API lot (no recursion, no weights) and pivots
 * the same ~493 values per lot to columns, read as typed arrays. The ratio says what genealogy
 * closure, contribution weighting and factors cost over a plain pivot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildAnalysisSet } from '../src/context/analysis-set.js';
import { analysisSetTable, writeTable } from '../src/context/export-table.js';
import { Store } from '../src/store/store.js';

const N_API = 600;
const N_GRAN = 500;
const N_TAB = 1000;
const P_TAB = 200;
const F_GRAN = 150;
const P_API = 143;

export async function build(store: Store): Promise<void> {
  const sql = [
    `INSERT INTO materials VALUES ('api','raw','API',NULL,NULL), ('granulate','intermediate','granulate',NULL,NULL), ('tablet','product','tablet',NULL,NULL)`,
    `INSERT INTO steps VALUES ('granulation','P',1,'granulate',NULL,NULL,NULL), ('compression','P',2,'tablet',NULL,NULL,NULL)`,
    `INSERT INTO lots (lot, material, site, start_time, quantity, supplier, status)
       SELECT 'A' || lpad(i::VARCHAR, 4, '0'), 'api', 'S1', TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * INTERVAL 1 HOUR, 100, 'SUP' || (i % 3), 'released'
       FROM range($napi) t(i)`,
    `INSERT INTO lots (lot, material, site, step, equipment, start_time, quantity, status)
       SELECT 'G' || lpad(i::VARCHAR, 4, '0'), 'granulate', 'S1', 'granulation', 'GR-' || (i % 4), TIMESTAMPTZ '2024-03-01 00:00:00+00' + i * INTERVAL 1 HOUR, 100, 'released'
       FROM range($ngran) t(i)`,
    `INSERT INTO lots (lot, material, site, step, equipment, start_time, quantity, status)
       SELECT 'T' || lpad(i::VARCHAR, 4, '0'), 'tablet', 'S' || (i % 2), 'compression', 'PR-' || (i % 5), TIMESTAMPTZ '2024-06-01 00:00:00+00' + i * INTERVAL 1 HOUR, 100,
              CASE WHEN i % 17 = 0 THEN 'rejected' ELSE 'released' END
       FROM range($ntab) t(i)`,
    `INSERT INTO genealogy (parent_lot, child_lot, quantity)
       SELECT 'A' || lpad(((3 * i + k) % $napi)::VARCHAR, 4, '0'), 'G' || lpad(i::VARCHAR, 4, '0'), 10 + (7 * i + 13 * k) % 50
       FROM range($ngran) t(i), range(3) s(k)`,
    `INSERT INTO genealogy (parent_lot, child_lot, quantity)
       SELECT 'G' || lpad(((i + k) % $ngran)::VARCHAR, 4, '0'), 'T' || lpad(i::VARCHAR, 4, '0'), CASE k WHEN 0 THEN 40 + i % 20 ELSE 60 - i % 20 END
       FROM range($ntab) t(i), range(2) s(k)`,
    `INSERT INTO discrete (lot, material, parameter, value)
       SELECT 'T' || lpad(i::VARCHAR, 4, '0'), 'tablet', 't_p' || lpad(p::VARCHAR, 3, '0'), (hash(i, p, 1) % 10000) / 100.0
       FROM range($ntab) t(i), range($ptab) s(p) WHERE hash(i, p, 2) % 50 <> 0`,
    `INSERT INTO discrete (lot, material, parameter, value)
       SELECT 'A' || lpad(i::VARCHAR, 4, '0'), 'api', 'a_p' || lpad(p::VARCHAR, 3, '0'), (hash(i, p, 3) % 10000) / 100.0
       FROM range($napi) t(i), range($papi) s(p) WHERE hash(i, p, 4) % 50 <> 0`,
    `INSERT INTO features (lot, name, source_kind, step, fn, value, n, excluded, computed_at)
       SELECT 'G' || lpad(i::VARCHAR, 4, '0'), 'granulation.f' || lpad(f::VARCHAR, 3, '0') || '.mean', 'continuous', 'granulation', 'mean',
              CASE WHEN hash(i, f, 6) % 50 <> 0 THEN (hash(i, f, 5) % 10000) / 100.0 END, 100, 0, now()
       FROM range($ngran) t(i), range($fgran) s(f)`,
  ];
  const params = { napi: N_API, ngran: N_GRAN, ntab: N_TAB, ptab: P_TAB, papi: P_API, fgran: F_GRAN };
  for (const s of sql) {
    const used = Object.fromEntries(Object.entries(params).filter(([k]) => s.includes('$' + k)));
    await store.run(s, Object.keys(used).length ? used : undefined);
  }
}

/** The plain pivot: own values, first granulation parent's features, its first API parent's values. */
const BASELINE = `
  WITH t AS (SELECT lot, row_number() OVER (ORDER BY start_time, lot) - 1 AS r FROM lots WHERE material = 'tablet'),
  g AS (SELECT child_lot AS lot, min(parent_lot) AS g FROM genealogy WHERE child_lot LIKE 'T%' GROUP BY child_lot),
  a AS (SELECT child_lot AS g, min(parent_lot) AS a FROM genealogy WHERE child_lot LIKE 'G%' GROUP BY child_lot),
  cells AS (
    SELECT t.r, d.parameter AS k, d.value FROM t JOIN discrete d USING (lot)
    UNION ALL SELECT t.r, f.name, f.value FROM t JOIN g USING (lot) JOIN features f ON f.lot = g.g
    UNION ALL SELECT t.r, d.parameter, d.value FROM t JOIN g USING (lot) JOIN a ON a.g = g.g JOIN discrete d ON d.lot = a.a)
  SELECT * FROM (PIVOT cells ON k USING first(value) GROUP BY r) ORDER BY r`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssMB = () => process.resourceUsage().maxRSS / 1024;

export default async function run(): Promise<void> {
  const out = (s: string) => process.stdout.write(s + '\n');
  const store = await Store.open(':memory:');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-bench-'));
  try {
    let t0 = performance.now();
    await build(store);
    out(`setup: ${N_TAB} tablet, ${N_GRAN} granulation, ${N_API} API lots built in ${(performance.now() - t0).toFixed(0)} ms; peak RSS ${rssMB().toFixed(0)} MB`);

    const base: number[] = [];
    let baseCols = 0;
    for (let i = 0; i < 4; i++) {
      t0 = performance.now();
      const cols = await store.columns(BASELINE);
      if (i > 0) base.push(performance.now() - t0);
      baseCols = Object.keys(cols).length - 1;
    }
    const rssBase = rssMB();
    out(`baseline (plain pivot, ${baseCols} columns): median ${median(base).toFixed(0)} ms of ${base.length}; peak RSS ${rssBase.toFixed(0)} MB`);

    const times: number[] = [];
    let shape = '';
    let set: Awaited<ReturnType<typeof buildAnalysisSet>> | undefined;
    for (let i = 0; i < 4; i++) {
      t0 = performance.now();
      set = await buildAnalysisSet(store, { material: 'tablet' });
      if (i > 0) times.push(performance.now() - t0);
      shape = `${set.lots.length} lots × ${set.columns.length} columns`;
    }
    const rssSet = rssMB();
    const m = median(times);
    out(`analysis set (${shape}, weighted mean over two levels): median ${m.toFixed(0)} ms of ${times.length}; peak RSS ${rssSet.toFixed(0)} MB`);
    out(`ratio analysis set / baseline: ${(m / median(base)).toFixed(2)}×`);

    for (const fmt of ['parquet', 'csv', 'xlsx'] as const) {
      t0 = performance.now();
      await writeTable(analysisSetTable(set!), path.join(dir, 'set.' + fmt), fmt);
      out(`write ${fmt}: ${(performance.now() - t0).toFixed(0)} ms; peak RSS ${rssMB().toFixed(0)} MB`);
    }
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
