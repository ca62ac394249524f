import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, type InputIssue } from '../../core/errors.js';
import { Store } from '../../store/store.js';
import { importMapped } from './import-mapped.js';

const HEAD = `version: 1
sites: [{ site: S1, timezone: Europe/Ljubljana }]
materials: [{ material: P, type: product }, { material: API, type: raw }]
equipment: [{ equipment: E1, site: S1 }]
inputs:
`;

const LIMS_INPUT = `  - kind: table
    file: lims.csv
    format: { type: csv, delimiter: ';', decimal: ',' }
    lots:
      lot: 'P-{batch}'
      material: P
      site: S1
      start: { column: start, format: '%d.%m.%Y %H:%M' }
    upstream:
      - material: API
        lot: 'API-{api_lot}'
        supplier: '{api_supplier}'
        CONFLICTS
        parameters: [{ column: api_water, unit: '%' }]
    parameters:
      - { column: assay, unit: '%', lsl: 95, role: CQA }
`;

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-mapping-'));
  store = await Store.open(':memory:');
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function files(contents: Record<string, string>): string {
  for (const [name, text] of Object.entries(contents)) writeFileSync(path.join(dir, name), text);
  return path.join(dir, 'mapping.yaml');
}

function mapping(inputs: string, conflicts = ''): string {
  return HEAD + inputs.replace('CONFLICTS', conflicts ? `conflicts: ${conflicts}` : '');
}

async function issuesOf(work: Promise<unknown>): Promise<InputIssue[]> {
  try {
    await work;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return ((e as AppError).details as { issues: InputIssue[] }).issues.map((i) => ({ ...i, file: path.basename(i.file) }));
  }
  throw new Error('expected the import to be refused');
}

const actor = { user: 'tester' };

describe('mapped import of a wide LIMS export', () => {
  // ';' with decimal commas, local times in Ljubljana (CET in winter, CEST in summer), one API lot
  // on two rows, a blank (spaces) and an empty field that must stay missing.
  const LIMS = 'batch;start;api_lot;api_supplier;api_water;assay\r\n' +
    'B1;15.01.2024 08:00;A1;SupA;1,5;99,1\r\n' +
    'B2;15.07.2024 08:30;A1;SupA;1,5;\r\n' +
    'B3;01.03.2024 00:00;A2;SupB;  ;100\r\n';

  it('stores lots, local times as instants, genealogy and values; missing stays missing', async () => {
    const m = files({ 'mapping.yaml': mapping(LIMS_INPUT), 'lims.csv': LIMS });
    const report = await importMapped(store, undefined, m, { actor });
    expect(report.unchanged).toBe(false);
    const lots = await store.all<{ lot: string; material: string; start_time: Date | null; supplier: string | null }>(
      'SELECT lot, material, start_time, supplier FROM lots ORDER BY lot',
    );
    expect(lots.map((l) => [l.lot, l.material, l.start_time?.toISOString() ?? null, l.supplier])).toEqual([
      ['API-A1', 'API', null, 'SupA'],
      ['API-A2', 'API', null, 'SupB'],
      ['P-B1', 'P', '2024-01-15T07:00:00.000Z', null], // 08:00 CET = UTC+1
      ['P-B2', 'P', '2024-07-15T06:30:00.000Z', null], // 08:30 CEST = UTC+2
      ['P-B3', 'P', '2024-02-29T23:00:00.000Z', null], // midnight of 1 March, CET
    ]);
    const values = await store.all<{ lot: string; parameter: string; value: number }>('SELECT lot, parameter, value FROM discrete ORDER BY lot, parameter');
    expect(values.map((v) => [v.lot, v.parameter, v.value])).toEqual([
      ['API-A1', 'api_water', 1.5],
      ['P-B1', 'assay', 99.1],
      ['P-B3', 'assay', 100],
    ]);
    const links = await store.all<{ parent_lot: string; child_lot: string }>('SELECT parent_lot, child_lot FROM genealogy ORDER BY child_lot');
    expect(links.map((g) => `${g.parent_lot}>${g.child_lot}`)).toEqual(['API-A1>P-B1', 'API-A1>P-B2', 'API-A2>P-B3']);
    const params = await store.all<{ material: string; parameter: string; unit: string; role: string | null }>('SELECT material, parameter, unit, role FROM parameters ORDER BY 1, 2');
    expect(params).toEqual([
      { material: 'API', parameter: 'api_water', unit: '%', role: null },
      { material: 'P', parameter: 'assay', unit: '%', role: 'CQA' },
    ]);
    expect(await store.one('SELECT lsl, usl FROM specifications')).toEqual({ lsl: 95, usl: null });
  });

  it('re-importing the same export changes nothing and says so', async () => {
    const m = files({ 'mapping.yaml': mapping(LIMS_INPUT), 'lims.csv': LIMS });
    await importMapped(store, undefined, m, { actor });
    const before = await store.value('SELECT count(*) FROM audit');
    const again = await importMapped(store, undefined, m, { actor });
    expect(again.unchanged).toBe(true);
    expect(again.importId).toBeNull();
    expect(await store.value('SELECT count(*) FROM audit')).toBe(before);
    expect(Number(await store.value('SELECT count(*) FROM imports'))).toBe(1);
  });

  it('refuses a changed value unless --replace with a reason, which keeps the prior value', async () => {
    const m = files({ 'mapping.yaml': mapping(LIMS_INPUT), 'lims.csv': LIMS });
    await importMapped(store, undefined, m, { actor });
    writeFileSync(path.join(dir, 'lims.csv'), LIMS.replace('99,1', '98,7'));
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    expect(issues.map((i) => [i.file, i.line])).toEqual([['lims.csv', 2]]);
    expect(await store.value(`SELECT value FROM discrete WHERE lot = 'P-B1'`)).toBe(99.1);
    const r = await importMapped(store, undefined, m, { actor: { user: 'qa', reason: 'LIMS correction' }, replace: true });
    expect(r.total.replaced).toBe(1);
    expect(await store.value(`SELECT value FROM discrete WHERE lot = 'P-B1'`)).toBe(98.7);
    expect(await store.one('SELECT reason, user_name FROM prior_values')).toEqual({ reason: 'LIMS correction', user_name: 'qa' });
  });

  it('reads the file given instead of the one the mapping names', async () => {
    const other = path.join(dir, 'other.csv');
    writeFileSync(other, 'batch;start;api_lot;api_supplier;api_water;assay\nB9;15.01.2024 08:00;A9;SupC;2,0;97\n');
    const m = files({ 'mapping.yaml': mapping(LIMS_INPUT) });
    await importMapped(store, other, m, { actor });
    const lots = await store.all<{ lot: string }>('SELECT lot FROM lots ORDER BY lot');
    expect(lots.map((l) => l.lot)).toEqual(['API-A9', 'P-B9']);
  });

  it('refuses differing values of one raw-material lot, naming both lines, and stores nothing', async () => {
    const lims = 'batch;start;api_lot;api_supplier;api_water;assay\n' +
      'B1;15.01.2024 08:00;A1;SupA;1,5;99\n' +
      'B2;16.01.2024 08:00;A2;SupA;1,6;99\n' +
      'B3;17.01.2024 08:00;A1;SupA;1,7;99\n';
    const m = files({ 'mapping.yaml': mapping(LIMS_INPUT), 'lims.csv': lims });
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'lims.csv', line: 4, column: 'api_water', value: '1,7' });
    expect(issues[0]!.message).toBe("API lot 'API-A1' has '1,5' on line 2 and a different value here");
    expect(Number(await store.value('SELECT count(*) FROM lots'))).toBe(0);
  });

  it("with 'conflicts: split' keeps each set of values as its own lot", async () => {
    const lims = 'batch;start;api_lot;api_supplier;api_water;assay\n' +
      'B1;15.01.2024 08:00;A1;SupA;1,5;99\n' +
      'B2;16.01.2024 08:00;A1;SupA;1,7;99\n' +
      'B3;17.01.2024 08:00;A1;SupA;1,5;99\n';
    const m = files({ 'mapping.yaml': mapping(LIMS_INPUT, 'split'), 'lims.csv': lims });
    await importMapped(store, undefined, m, { actor });
    const rows = await store.all<{ parent_lot: string; child_lot: string; value: number; export_lot: string }>(
      `SELECT g.parent_lot, g.child_lot, d.value, a.value AS export_lot FROM genealogy g JOIN discrete d ON d.lot = g.parent_lot
       JOIN lot_attributes a ON a.lot = g.parent_lot AND a.name = 'export_lot' ORDER BY g.child_lot`,
    );
    expect(rows.map((r) => [r.parent_lot, r.child_lot, r.value, r.export_lot])).toEqual([
      ['API-A1', 'P-B1', 1.5, 'API-A1'],
      ['API-A1#2', 'P-B2', 1.7, 'API-A1'],
      ['API-A1', 'P-B3', 1.5, 'API-A1'],
    ]);
  });

  it('reports every bad value with file, line, column and value: numbers, dates, DST gaps, empty lot ids', async () => {
    const lims = 'batch;start;api_lot;api_supplier;api_water;assay\n' +
      'B1;15.01.2024 08:00;A1;SupA;1,5;1,2,3\n' +
      'B2;31.03.2024 02:30;A1;SupA;1,5;99\n' +
      'B3;2024-04-01;A1;SupA;1,5;99\n' +
      ';15.01.2024 08:00;A1;SupA;1,5;99\n' +
      'B5;15.01.2024 08:00;A1;SupA;1_000;99\n';
    const m = files({ 'mapping.yaml': mapping(LIMS_INPUT), 'lims.csv': lims });
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    expect(issues.map((i) => [i.line, i.column, i.value ?? null, i.message])).toEqual([
      [5, 'P-{batch}', null, 'the lot id is empty'],
      [3, 'start', '31.03.2024 02:30', 'does not exist in time zone of the row\'s site (clocks jump forward at this hour)'],
      [4, 'start', '2024-04-01', "is not a time in the format '%d.%m.%Y %H:%M'"],
      [2, 'assay', '1,2,3', 'is not a number'],
      [6, 'api_water', '1_000', 'is not a number'],
    ]);
    expect(Number(await store.value('SELECT count(*) FROM lots'))).toBe(0);
  });

  it('refuses values for an upstream lot whose id is empty, and rows of an unknown site', async () => {
    const input = LIMS_INPUT.replace('site: S1', "site: '{plant}'");
    const lims = 'batch;plant;start;api_lot;api_supplier;api_water;assay\n' +
      'B1;S1;15.01.2024 08:00;;SupA;1,5;99\n' +
      'B2;S9;15.01.2024 08:00;A1;SupA;1,5;99\n';
    const m = files({ 'mapping.yaml': mapping(input), 'lims.csv': lims });
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    expect(issues.map((i) => [i.line, i.column, i.value ?? null, i.message])).toEqual([
      [3, '{plant}', 'S9', 'the site is empty or not known, so its time zone is unknown'],
      [2, 'API-{api_lot}', null, 'the API lot id is empty but the row has values for that lot'],
    ]);
  });

  it('reads lot quantity, unit, status, end and the quantity consumed of an upstream lot', async () => {
    const input = `  - kind: table
    file: lims.csv
    format: { type: csv, delimiter: ';', decimal: ',' }
    lots:
      lot: 'P-{batch}'
      material: P
      site: S1
      start: { column: start, format: '%d.%m.%Y %H:%M' }
      end: { column: end, format: '%d.%m.%Y %H:%M' }
      quantity: kg
      unit: kg
      status: '{state}'
    upstream:
      - { material: API, lot: 'API-{api_lot}', quantity: api_kg }
`;
    const lims = 'batch;start;end;kg;state;api_lot;api_kg\nB1;15.01.2024 08:00;15.01.2024 16:30;1250,5;released;A1;12,25\n';
    const m = files({ 'mapping.yaml': mapping(input), 'lims.csv': lims });
    await importMapped(store, undefined, m, { actor });
    const lot = await store.one<{ start_time: Date; end_time: Date; quantity: number; unit: string; status: string }>(
      `SELECT start_time, end_time, quantity, unit, status FROM lots WHERE lot = 'P-B1'`,
    );
    expect(lot).toEqual({
      start_time: new Date('2024-01-15T07:00:00Z'), end_time: new Date('2024-01-15T15:30:00Z'), quantity: 1250.5, unit: 'kg', status: 'released',
    });
    expect(await store.one('SELECT parent_lot, child_lot, quantity FROM genealogy')).toEqual({ parent_lot: 'API-A1', child_lot: 'P-B1', quantity: 12.25 });
  });

  it('reads a short row as missing trailing values and refuses a long row, naming its line', async () => {
    const input = `  - kind: table
    file: lims.csv
    format: { type: csv, delimiter: ';' }
    lots: { lot: '{batch}', material: P, site: S1 }
    parameters: [assay, water]
`;
    const m = files({ 'mapping.yaml': mapping(input), 'lims.csv': 'batch;assay;water\nB1;99\nB2;98;1.5\n' });
    await importMapped(store, undefined, m, { actor });
    const rows = await store.all<{ lot: string; parameter: string; value: number }>('SELECT lot, parameter, value FROM discrete ORDER BY lot, parameter');
    expect(rows.map((r) => [r.lot, r.parameter, r.value])).toEqual([['B1', 'assay', 99], ['B2', 'assay', 98], ['B2', 'water', 1.5]]);
    writeFileSync(path.join(dir, 'lims.csv'), 'batch;assay;water\nB3;99;1.2\nB4;98;1.5;x\n');
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    expect(issues.map((i) => [i.file, i.line, i.message])).toEqual([['lims.csv', 3, "has more fields than the header's 3"]]);
  });

  it('reads month abbreviations of another language (Slovenian maj, avg)', async () => {
    const input = `  - kind: table
    file: lims.csv
    lots:
      lot: '{batch}'
      material: P
      site: S1
      start: { column: start, format: '%b.%y', months: [jan, feb, mar, apr, maj, jun, jul, avg, sep, okt, nov, dec] }
`;
    const m = files({ 'mapping.yaml': mapping(input), 'lims.csv': 'batch,start\nL1,maj.20\nL2,avg.19\nL3,jan.21\n' });
    await importMapped(store, undefined, m, { actor });
    const rows = await store.all<{ lot: string; start_time: Date }>('SELECT lot, start_time FROM lots ORDER BY lot');
    expect(rows.map((r) => [r.lot, r.start_time.toISOString()])).toEqual([
      ['L1', '2020-04-30T22:00:00.000Z'], // 1 May 2020 00:00 CEST
      ['L2', '2019-07-31T22:00:00.000Z'], // 1 August 2019 00:00 CEST
      ['L3', '2020-12-31T23:00:00.000Z'], // 1 January 2021 00:00 CET
    ]);
  });

  it('refuses an unknown time zone at its line in the mapping', async () => {
    const m = files({ 'mapping.yaml': mapping(LIMS_INPUT).replace('Europe/Ljubljana', 'Europe/Ljublana'), 'lims.csv': LIMS });
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    expect(issues.map((i) => [i.file, i.line, i.column, i.message])).toEqual([
      ['mapping.yaml', 2, 'sites[0].timezone', "'Europe/Ljublana' is not a known time zone"],
    ]);
  });

  it('names a template column the file does not have, at its key in the mapping', async () => {
    const input = `  - kind: table
    file: lims.csv
    lots: { lot: 'P-{batch_no}', material: P, site: S1 }
`;
    const m = files({ 'mapping.yaml': mapping(input), 'lims.csv': 'batch,x\nB1,1\n' });
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    expect(issues.map((i) => [i.file, i.line, i.column])).toEqual([['mapping.yaml', 8, 'inputs[0].lots.lot']]);
    expect(issues[0]!.message).toBe("template 'P-{batch_no}' refers to '{batch_no}', which is not a column of the input (columns: batch, x)");
  });
});

describe('mapped import of an XLSX sheet', () => {
  async function workbook(rows: (string | number | Date | null)[][]): Promise<void> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['not this sheet']);
    const ws = wb.addWorksheet('Results');
    ws.addRow(['batch', 'start', 'assay']);
    for (const r of rows) ws.addRow(r);
    await wb.xlsx.writeFile(path.join(dir, 'lims.xlsx'));
  }
  const input = `  - kind: table
    file: lims.xlsx
    format: { type: xlsx, sheet: Results }
    lots:
      lot: '{batch}'
      material: P
      site: S1
      start: { column: start, format: 'FORMAT' }
    parameters: [assay]
`;

  it('reads the named sheet: numeric cells, text cells, empty cells', async () => {
    // A date cell arrives as 'YYYY-MM-DD HH:MM:SS'; the text dates of this sheet use the same
    // form, so one format reads both.
    await workbook([['X1', '2024-01-15 08:00:00', 99.5], ['X2', '2024-01-16 09:15:00', null], [101, '2024-01-17 10:00:00', 98], ['X4', new Date(Date.UTC(2024, 6, 1, 6, 45)), 97]]);
    const m = files({ 'mapping.yaml': mapping(input.replace('FORMAT', '%Y-%m-%d %H:%M:%S')) });
    await importMapped(store, undefined, m, { actor });
    const rows = await store.all<{ lot: string; start_time: Date; value: number | null }>(
      'SELECT l.lot, l.start_time, d.value FROM lots l LEFT JOIN discrete d USING (lot) ORDER BY l.lot',
    );
    expect(rows.map((r) => [r.lot, r.start_time.toISOString(), r.value])).toEqual([
      ['101', '2024-01-17T09:00:00.000Z', 98],
      ['X1', '2024-01-15T07:00:00.000Z', 99.5],
      ['X2', '2024-01-16T08:15:00.000Z', null],
      // A date cell is read as its wall-clock time (01.07.2024 06:45) in the site's zone (CEST).
      ['X4', '2024-07-01T04:45:00.000Z', 97],
    ]);
  });

  it('reports a bad cell with its sheet row as the line', async () => {
    await workbook([['X1', '15.01.2024 08:00', 99.5], ['X2', '16.01.2024 09:15', 'n/a']]);
    const m = files({ 'mapping.yaml': mapping(input.replace('FORMAT', '%d.%m.%Y %H:%M')) });
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    expect(issues.map((i) => [i.file, i.line, i.column, i.value])).toEqual([['lims.xlsx', 3, 'assay', 'n/a']]);
  });
});

describe('mapped import of a wide time series', () => {
  const input = `  - kind: table
    file: lots.csv
    lots: { lot: 'P-{batch}', material: P, site: S1 }
  - kind: series
    file: press.csv
    format: { type: csv, delimiter: ';', decimal: ',' }
    time: { column: time, format: '%Y-%m-%d %H:%M:%S' }
    equipment: E1
    columns: [{ column: force, unit: kN }, speed]
    phases: { lot: 'P-{batch}', name: compression }
`;
  const PRESS = 'time;batch;force;speed\n' +
    '2024-07-15 08:00:00;B1;10,5;100\n' +
    '2024-07-15 08:00:10;B1;11;\n' +
    '2024-07-15 08:00:20;B2;12,25;120\n';

  it('stores one sample per non-empty cell on tags of the equipment, and one phase per lot', async () => {
    const m = files({ 'mapping.yaml': mapping(input), 'lots.csv': 'batch\nB1\nB2\n', 'press.csv': PRESS });
    await importMapped(store, undefined, m, { actor });
    const tags = await store.all('SELECT tag, equipment, unit FROM tags ORDER BY tag');
    expect(tags).toEqual([
      { tag: 'E1.force', equipment: 'E1', unit: 'kN' },
      { tag: 'E1.speed', equipment: 'E1', unit: null },
    ]);
    const samples = await store.all<{ tag: string; time: Date; value: number; quality: number }>('SELECT tag, time, value, quality FROM samples ORDER BY tag, time');
    expect(samples.map((s) => [s.tag, s.time.toISOString(), s.value, s.quality])).toEqual([
      ['E1.force', '2024-07-15T06:00:00.000Z', 10.5, 0],
      ['E1.force', '2024-07-15T06:00:10.000Z', 11, 0],
      ['E1.force', '2024-07-15T06:00:20.000Z', 12.25, 0],
      ['E1.speed', '2024-07-15T06:00:00.000Z', 100, 0],
      ['E1.speed', '2024-07-15T06:00:20.000Z', 120, 0],
    ]);
    const phases = await store.all<{ lot: string; equipment: string; start_time: Date; end_time: Date }>(
      "SELECT lot, equipment, start_time, end_time FROM events WHERE type = 'phase' AND name = 'compression' ORDER BY lot",
    );
    expect(phases.map((p) => [p.lot, p.equipment, p.start_time.toISOString(), p.end_time.toISOString()])).toEqual([
      ['P-B1', 'E1', '2024-07-15T06:00:00.000Z', '2024-07-15T06:00:10.000Z'],
      ['P-B2', 'E1', '2024-07-15T06:00:20.000Z', '2024-07-15T06:00:20.000Z'],
    ]);
    expect((await importMapped(store, undefined, m, { actor })).unchanged).toBe(true);
  });

  it("names tags from other columns of the row ('{code}.{column}')", async () => {
    const coded = input.replace('    columns: [{ column: force, unit: kN }, speed]', "    tag: 'P{code}.{column}'\n    columns: [{ column: force, unit: kN }]");
    const press = 'time;batch;code;force\n2024-07-15 08:00:00;B1;5;10\n2024-07-15 08:00:10;B2;6;11\n';
    const m = files({ 'mapping.yaml': mapping(coded), 'lots.csv': 'batch\nB1\nB2\n', 'press.csv': press });
    await importMapped(store, undefined, m, { actor });
    expect(await store.all('SELECT tag, equipment, unit, signal FROM tags ORDER BY tag')).toEqual([
      { tag: 'P5.force', equipment: 'E1', unit: 'kN', signal: 'force' },
      { tag: 'P6.force', equipment: 'E1', unit: 'kN', signal: 'force' },
    ]);
    const samples = await store.all<{ tag: string; value: number }>('SELECT tag, value FROM samples ORDER BY tag');
    expect(samples).toEqual([{ tag: 'P5.force', value: 10 }, { tag: 'P6.force', value: 11 }]);
  });

  it('refuses a phase of a lot the store does not know', async () => {
    const m = files({ 'mapping.yaml': mapping(input), 'lots.csv': 'batch\nB1\n', 'press.csv': PRESS });
    const issues = await issuesOf(importMapped(store, undefined, m, { actor }));
    // The phase's first row (line 4 of press.csv) names the lot; the staged column is 'lot'.
    expect(issues.map((i) => [i.file, i.line, i.column, i.value, i.message])).toEqual([['press.csv', 4, 'lot', 'P-B2', 'unknown lot']]);
    expect(Number(await store.value('SELECT count(*) FROM samples'))).toBe(0);
  });
});
