import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../src/ingest/import-staged.js';
import { importMapped } from '../src/ingest/mapping/import-mapped.js';
import { extent, mean, sd } from '../src/stats/descriptive.js';
import { Store } from '../src/store/store.js';
import { PROJECT_ROOT, SHARED_DATA, sharedData, describeWithData } from './support/shared-data.js';

/**
 * Acceptance of the mapped import on real data: the 1005 tablet batches of Žagar & Mihelič (2022)
 * through examples/zagar2022/mapping.yaml, checked against the paper's Table 7 as the data
 * folder's README gives it (recomputed there from Laboratory.csv), read back from the STORE.
 */
const DIR = 'pharma_tablet_zagar2022';
const real = describeWithData(DIR);

/** The example mapping, pointed at the reference data wherever CAUSEWAY_SHARED_DATA puts it. */
function mappingFile(tmp: string): string {
  const file = path.join(PROJECT_ROOT, 'examples', 'zagar2022', 'mapping.yaml');
  const text = readFileSync(file, 'utf8');
  if (path.resolve(PROJECT_ROOT, '..', 'shared', 'data') === path.resolve(SHARED_DATA)) return file;
  const moved = path.join(tmp, 'mapping.yaml');
  writeFileSync(moved, text.replaceAll('../../../shared/data/', SHARED_DATA.replaceAll('\\', '/') + '/'));
  return moved;
}

/** Values of one parameter per product lot, as a column. */
async function productValues(store: Store, parameter: string): Promise<Float64Array> {
  const cols = await store.columns(
    `SELECT d.value FROM lots p JOIN discrete d ON d.lot = p.lot AND d.parameter = $1 WHERE p.material = 'FCT' ORDER BY p.lot`,
    [parameter],
  );
  return cols.value as Float64Array;
}

function summary(x: Float64Array): { n: number; avg: string; sd: string; rsd: string; min: string; max: string } {
  const m = mean(x);
  const s = sd(x);
  const { min, max } = extent(x);
  return { n: x.length, avg: m.toFixed(2), sd: s.toFixed(2), rsd: ((100 * s) / m).toFixed(1), min: min.toFixed(2), max: max.toFixed(2) };
}

real('Žagar & Mihelič (2022) through the example mapping', () => {
  let store: Store;
  let report: ImportReport;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'causeway-zagar-'));
    store = await Store.open(':memory:');
    report = await importMapped(store, undefined, mappingFile(tmp), { actor: { user: 'test' } });
  }, 300_000);

  afterAll(() => {
    store?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('imports one lot per product batch and the raw-material lots, linked by genealogy', async () => {
    expect(report.unchanged).toBe(false);
    const rows = await store.all<{ material: string; n: bigint }>('SELECT material, count(*) AS n FROM lots GROUP BY 1 ORDER BY 1');
    expect(Object.fromEntries(rows.map((r) => [r.material, Number(r.n)]))).toEqual({
      // 325 API lots: 238 API batch numbers, which repeat across the 5 API source codes, and
      // API lots whose QC results differ between rows are split (see the mapping).
      API: 325,
      FCT: 1005,
      LACTOSE: 22, // distinct lactose_batch values; no conflicting results
      SMCC: 19, // 18 distinct smcc_batch values + SMCC-13#2 (water 4.473 instead of 4.595)
      STARCH: 17,
    });
    // Every product lot has exactly one API, lactose, SMCC and starch parent.
    expect(Number(await store.value('SELECT count(*) FROM genealogy'))).toBe(4 * 1005);
    const parents = await store.all<{ n: bigint }>(
      `SELECT count(*) AS n FROM genealogy g JOIN lots p ON p.lot = g.parent_lot GROUP BY g.child_lot, p.material HAVING count(*) <> 1`,
    );
    expect(parents).toEqual([]);
  });

  it('keeps one SMCC lot per distinct set of QC results (lot 13 has two water contents)', async () => {
    const rows = await store.all<{ lot: string; v: number; export_lot: string; children: bigint }>(
      `SELECT l.lot, d.value AS v, a.value AS export_lot, (SELECT count(*) FROM genealogy g WHERE g.parent_lot = l.lot) AS children
       FROM lots l JOIN discrete d ON d.lot = l.lot AND d.parameter = 'smcc_water' JOIN lot_attributes a ON a.lot = l.lot AND a.name = 'export_lot'
       WHERE l.lot LIKE 'SMCC-13%' ORDER BY l.lot`,
    );
    // Laboratory.csv: batches 670–673 carry 4.595, the 50 later batches of SMCC lot 13 carry 4.473.
    expect(rows.map((r) => [r.lot, r.v, r.export_lot, Number(r.children)])).toEqual([
      ['SMCC-13', 4.595, 'SMCC-13', 4],
      ['SMCC-13#2', 4.473, 'SMCC-13', 50],
    ]);
  });

  it('carries every raw-material QC value of every row to its batch through genealogy, unchanged', async () => {
    // Independent path: the export read directly, wide → long, compared with what the store gives
    // through product lot → genealogy → raw-material lot → discrete.
    const rm = ['api_water', 'api_total_impurities', 'api_l_impurity', 'api_content', 'api_ps01', 'api_ps05', 'api_ps09',
      'lactose_water', 'lactose_sieve0045', 'lactose_sieve015', 'lactose_sieve025', 'smcc_water', 'smcc_td', 'smcc_bd',
      'smcc_ps01', 'smcc_ps05', 'smcc_ps09', 'starch_ph', 'starch_water'];
    const row = await store.one<{ expected: bigint; stored: bigint; differ: bigint }>(
      `WITH csv AS (SELECT * FROM read_csv($1, delim = ';', header = true, all_varchar = true)),
       expected AS (SELECT 'FCT-' || batch AS lot, name AS parameter, CAST(trim(v) AS DOUBLE) AS value
                    FROM (UNPIVOT csv ON ${rm.join(', ')} INTO NAME name VALUE v) WHERE trim(v) <> ''),
       stored AS (SELECT p.lot, d.parameter, d.value FROM lots p JOIN genealogy g ON g.child_lot = p.lot
                  JOIN discrete d ON d.lot = g.parent_lot WHERE p.material = 'FCT')
       SELECT (SELECT count(*) FROM expected) AS expected, (SELECT count(*) FROM stored) AS stored,
              (SELECT count(*) FROM expected e FULL JOIN stored s USING (lot, parameter) WHERE e.value IS DISTINCT FROM s.value) AS differ`,
      [sharedData(DIR, 'Laboratory.csv')],
    );
    // 19 columns × 1005 rows = 19095 cells, less the empty or blank ones of the export:
    // api_l_impurity 370, api_total_impurities 67, api_water and api_ps01/05/09 26 each, api_content 2.
    expect(Number(row!.expected)).toBe(19_095 - 370 - 67 - 4 * 26 - 2);
    expect(Number(row!.stored)).toBe(Number(row!.expected));
    expect(Number(row!.differ)).toBe(0);
  });

  it('stores every product-lot result of the export unchanged (wide → long)', async () => {
    const cols = ['tbl_min_thickness', 'tbl_max_thickness', 'fct_min_thickness', 'fct_max_thickness', 'tbl_min_weight',
      'tbl_max_weight', 'tbl_rsd_weight', 'fct_rsd_weight', 'tbl_min_hardness', 'tbl_max_hardness', 'tbl_av_hardness',
      'fct_min_hardness', 'fct_max_hardness', 'fct_av_hardness', 'tbl_max_diameter', 'fct_max_diameter', 'tbl_tensile',
      'fct_tensile', 'tbl_yield', 'batch_yield', 'dissolution_av', 'dissolution_min', 'resodual_solvent',
      'impurities_total', 'impurity_o', 'impurity_l'];
    const row = await store.one<{ expected: bigint; stored: bigint; differ: bigint }>(
      `WITH csv AS (SELECT * FROM read_csv($1, delim = ';', header = true, all_varchar = true)),
       expected AS (SELECT 'FCT-' || batch AS lot, replace(name, 'resodual', 'residual') AS parameter, CAST(trim(v) AS DOUBLE) AS value
                    FROM (UNPIVOT csv ON ${cols.join(', ')} INTO NAME name VALUE v) WHERE trim(v) <> ''),
       stored AS (SELECT d.lot, d.parameter, d.value FROM discrete d JOIN lots p ON p.lot = d.lot AND p.material = 'FCT')
       SELECT (SELECT count(*) FROM expected) AS expected, (SELECT count(*) FROM stored) AS stored,
              (SELECT count(*) FROM expected e FULL JOIN stored s USING (lot, parameter) WHERE e.value IS DISTINCT FROM s.value) AS differ`,
      [sharedData(DIR, 'Laboratory.csv')],
    );
    // 26 columns × 1005 rows, less the 10 empty tbl_min_weight and 10 empty tbl_max_weight cells.
    expect(Number(row!.expected)).toBe(26 * 1005 - 20);
    expect(Number(row!.stored)).toBe(Number(row!.expected));
    expect(Number(row!.differ)).toBe(0);
  });

  it('reproduces Table 7 for api_content, carried from the API lot to each batch through genealogy', async () => {
    // The paper's figures are over the rows of Laboratory.csv (one per product batch), so the API
    // lot's value is joined to each batch it went into, as the paper counts it.
    const cols = await store.columns(
      `SELECT d.value FROM lots p JOIN genealogy g ON g.child_lot = p.lot JOIN lots a ON a.lot = g.parent_lot AND a.material = 'API'
       JOIN discrete d ON d.lot = a.lot AND d.parameter = 'api_content' WHERE p.material = 'FCT'`,
    );
    const s = summary(cols.value as Float64Array);
    // README: 94.42 / 0.40 / 93.30 / 95.60 (n = 1003); paper: 94.4, 0.4, RSD 0.4 %, 93.3, 95.6.
    expect(s).toEqual({ n: 1003, avg: '94.42', sd: '0.40', rsd: '0.4', min: '93.30', max: '95.60' });
  });

  it('reproduces Table 7 for the product lot parameters', async () => {
    // README: avg / SD / min / max recomputed from Laboratory.csv; RSD % from the paper.
    expect(summary(await productValues(store, 'dissolution_av'))).toEqual({ n: 1005, avg: '90.65', sd: '3.37', rsd: '3.7', min: '82.50', max: '102.67' });
    expect(summary(await productValues(store, 'dissolution_min'))).toEqual({ n: 1005, avg: '85.59', sd: '4.23', rsd: '4.9', min: '74.00', max: '100.00' });
    expect(summary(await productValues(store, 'tbl_tensile'))).toEqual({ n: 1005, avg: '1.29', sd: '0.31', rsd: '24.1', min: '0.79', max: '2.40' });
    // Total impurities: README 0.14 / 0.10 / 0.05 / 0.60; the paper rounds to 0.1 / 0.1 / 0.1 / 0.6.
    const imp = await productValues(store, 'impurities_total');
    expect(summary(imp)).toEqual({ n: 1005, avg: '0.14', sd: '0.10', rsd: '71.2', min: '0.05', max: '0.60' });
    expect([mean(imp), sd(imp), extent(imp).min, extent(imp).max].map((v) => v.toFixed(1))).toEqual(['0.1', '0.1', '0.1', '0.6']);
    // The paper prints RSD 71.3 %; the 1005 values give 71.20 % (sample SD; 71.17 % with the
    // population SD), so the printed figure is within 0.1 of the data, not equal to it.
    expect(Math.abs((100 * sd(imp)) / mean(imp) - 71.3)).toBeLessThan(0.15);
  });

  it('stores the specification, the renamed column and leaves missing values missing', async () => {
    const spec = await store.one<{ lsl: number; usl: number | null }>(`SELECT lsl, usl FROM specifications WHERE material = 'FCT' AND parameter = 'dissolution_av'`);
    expect(spec).toEqual({ lsl: 80, usl: null });
    const names = await store.all<{ parameter: string }>(`SELECT parameter FROM parameters WHERE parameter LIKE 'res%' ORDER BY 1`);
    expect(names.map((r) => r.parameter)).toEqual(['residual_solvent']);
    // api_water is blank on 26 rows (API source code 3, README): 1005 − 26 batches reach a value.
    const water = await store.value(
      `SELECT count(d.value) FROM genealogy g JOIN lots a ON a.lot = g.parent_lot AND a.material = 'API'
       LEFT JOIN discrete d ON d.lot = a.lot AND d.parameter = 'api_water'`,
    );
    expect(Number(water)).toBe(1005 - 26);
    const start = await store.one<{ t: Date; m: string }>(
      `SELECT l.start_time AS t, a.value AS m FROM lots l JOIN lot_attributes a ON a.lot = l.lot AND a.name = 'start_month' WHERE l.lot = 'FCT-1'`,
    );
    // 'nov.18' = 1 November 2018, 00:00 in Ljubljana (CET, UTC+1).
    expect(start).toEqual({ t: new Date('2018-10-31T23:00:00Z'), m: 'nov.18' });
  });

  it('imports every non-empty cell of the press series of codes 5 and 6 as a sample', async () => {
    // Expected per tag, counted from the files' text: data lines minus the empty cells of that column.
    const expected = new Map<string, number>();
    let lines = 0;
    for (const code of ['5', '6']) {
      const text = readFileSync(sharedData(DIR, 'process_timeseries', `${code}.csv`), 'utf8').trimEnd().split(/\r?\n/);
      const header = text[0]!.split(';');
      lines += text.length - 1;
      for (const row of text.slice(1)) {
        row.split(';').forEach((cell, i) => {
          const tag = `PRESS-1.${header[i]}`;
          if (i >= 4 && cell.trim() !== '') expected.set(tag, (expected.get(tag) ?? 0) + 1);
        });
      }
    }
    expect(lines).toBe(45_547 + 35_609); // README: 45,547 and 35,609 rows
    const rows = await store.all<{ tag: string; n: bigint }>('SELECT tag, count(*) AS n FROM samples GROUP BY tag ORDER BY tag');
    expect(rows.length).toBe(12);
    expect(new Map(rows.map((r) => [r.tag, Number(r.n)]))).toEqual(expected);
    expect(expected.get('PRESS-1.tbl_speed')).toBe(lines - 57); // 57 rows of 5.csv have empty cells
    const units = await store.one<{ unit: string; equipment: string }>(`SELECT unit, equipment FROM tags WHERE tag = 'PRESS-1.main_comp'`);
    expect(units).toEqual({ unit: 'kN', equipment: 'PRESS-1' });
  });

  it('derives one compression phase per batch spanning its first to last sample', async () => {
    const rows = await store.all<{ lot: string; start_time: Date; end_time: Date }>(
      `SELECT lot, start_time, end_time FROM events WHERE type = 'phase' AND name = 'compression' AND equipment = 'PRESS-1' ORDER BY start_time`,
    );
    // First and last time stamps of each batch in 5.csv / 6.csv, local time (CET in March, CEST after).
    expect(rows.map((r) => [r.lot, r.start_time.toISOString(), r.end_time.toISOString()])).toEqual([
      ['FCT-117', '2019-03-20T13:56:17.000Z', '2019-03-22T01:18:07.000Z'], // 14:56:17 → 02:18:07 CET
      ['FCT-364', '2019-08-29T09:54:47.000Z', '2019-08-30T06:46:37.000Z'],
      ['FCT-365', '2019-08-30T06:51:34.000Z', '2019-09-02T05:13:04.000Z'], // … → 07:13:04 CEST
      ['FCT-368', '2019-09-06T02:08:23.000Z', '2019-09-09T08:01:43.000Z'],
      ['FCT-369', '2019-09-09T08:14:55.000Z', '2019-09-10T05:16:05.000Z'],
    ]);
    const inPhase = await store.value(
      `SELECT count(*) FROM samples s JOIN events e ON s.time BETWEEN e.start_time AND e.end_time WHERE s.tag = 'PRESS-1.ejection' AND e.name = 'compression'`,
    );
    // Every ejection sample falls in its batch's phase.
    expect(Number(inPhase)).toBe(Number(await store.value(`SELECT count(*) FROM samples WHERE tag = 'PRESS-1.ejection'`)));
    expect(Number(inPhase)).toBe(45_547 + 35_609 - 57);
  });
});

/**
 * End to end through the built CLI (`npm test` builds it first): `causeway import --mapping`
 * with and without FILE, JSON output, the idempotent second run and a refused export (exit 1).
 * A tiny export, so this runs without the reference data.
 */
describe('causeway import --mapping (built CLI)', () => {
  const run = promisify(execFile);
  const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-mapping-cli-'));
    writeFileSync(path.join(dir, 'mapping.yaml'), `version: 1
sites: [{ site: S1, timezone: Europe/Ljubljana }]
materials: [{ material: P, type: product }]
inputs:
  - kind: table
    file: lims.csv
    format: { type: csv, delimiter: ';', decimal: ',' }
    lots: { lot: 'P-{batch}', material: P, site: S1, start: { column: day, format: '%d.%m.%Y' } }
    parameters: [{ column: assay, unit: '%' }]
`);
    writeFileSync(path.join(dir, 'lims.csv'), 'batch;day;assay\nB1;15.01.2024;99,5\nB2;16.01.2024;100,25\n');
    writeFileSync(path.join(dir, 'bad.csv'), 'batch;day;assay\nB3;30.02.2024;99,5\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const r = await run(process.execPath, [CLI, 'import', ...args, '--db', 'store.duckdb'], { cwd: dir });
      return { ...r, code: 0 };
    } catch (e) {
      const x = e as { stdout: string; stderr: string; code: number };
      return { stdout: x.stdout, stderr: x.stderr, code: x.code };
    }
  }

  it('imports the files the mapping names, then changes nothing on a second run', async () => {
    const first = await cli('--mapping', 'mapping.yaml', '--json');
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as ImportReport;
    expect(report.unchanged).toBe(false);
    expect(report.files.discrete?.inserted).toBe(2);
    const second = await cli('--mapping', 'mapping.yaml');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing changed: the store already holds this data');
    const store = await Store.open(path.join(dir, 'store.duckdb'), { readOnly: true });
    try {
      const rows = await store.all<{ lot: string; value: number }>('SELECT lot, value FROM discrete ORDER BY lot');
      expect(rows).toEqual([{ lot: 'P-B1', value: 99.5 }, { lot: 'P-B2', value: 100.25 }]);
    } finally {
      store.close();
    }
  }, 60_000);

  it('reads FILE instead of the first input and refuses a date that does not exist (exit 1)', async () => {
    const r = await cli('bad.csv', '--mapping', 'mapping.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bad.csv line 2 column day: is not a time in the format '%d.%m.%Y' (value '30.02.2024')");
  }, 60_000);
});
