import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTable, type ColumnarTable } from '../src/context/export-table.js';
import { quoteLiteral } from '../src/store/sql.js';
import { Store } from '../src/store/store.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Three rows; a missing number, a missing factor, a value needing CSV quoting, a time.
const table: ColumnarTable = {
  columns: [
    { name: 'lot', kind: 'factor', values: ['T1', 'T2', 'T3'] },
    { name: 'api.d90 (via granulation)', kind: 'numeric', values: new Float64Array([115, NaN, 0.1]) },
    { name: 'supplier', kind: 'factor', values: ['Sup "A", Ltd', null, 'B'] },
    { name: 'start', kind: 'time', values: new Float64Array([Date.parse('2024-04-01T06:30:00Z'), NaN, 0]) },
  ],
};

describe('writeTable', () => {
  it('writes CSV with missing values as empty fields and RFC 4180 quoting', async () => {
    const f = path.join(dir, 't.csv');
    await writeTable(table, f);
    expect(readFileSync(f, 'utf8')).toBe(
      'lot,api.d90 (via granulation),supplier,start\r\n' +
        'T1,115,"Sup ""A"", Ltd",2024-04-01T06:30:00.000Z\r\n' +
        'T2,,,\r\n' +
        'T3,0.1,B,1970-01-01T00:00:00.000Z\r\n',
    );
  });

  it('writes JSON rows with null for missing', async () => {
    const f = path.join(dir, 't.json');
    await writeTable(table, f, 'json');
    expect(JSON.parse(readFileSync(f, 'utf8'))).toEqual([
      { lot: 'T1', 'api.d90 (via granulation)': 115, supplier: 'Sup "A", Ltd', start: '2024-04-01T06:30:00.000Z' },
      { lot: 'T2', 'api.d90 (via granulation)': null, supplier: null, start: null },
      { lot: 'T3', 'api.d90 (via granulation)': 0.1, supplier: 'B', start: '1970-01-01T00:00:00.000Z' },
    ]);
  });

  it('writes Parquet that DuckDB reads back with NULLs and a TIMESTAMPTZ', async () => {
    const f = path.join(dir, 't.parquet');
    await writeTable(table, f, 'parquet');
    const store = await Store.open(':memory:');
    try {
      const rows = await store.all(`SELECT *, typeof(start) AS t FROM read_parquet(${quoteLiteral(f)}) ORDER BY lot`);
      expect(rows.map((r) => [r.lot, r['api.d90 (via granulation)'], r.supplier, r.start instanceof Date ? r.start.toISOString() : r.start, r.t])).toEqual([
        ['T1', 115, 'Sup "A", Ltd', '2024-04-01T06:30:00.000Z', 'TIMESTAMP WITH TIME ZONE'],
        ['T2', null, null, null, 'TIMESTAMP WITH TIME ZONE'],
        ['T3', 0.1, 'B', '1970-01-01T00:00:00.000Z', 'TIMESTAMP WITH TIME ZONE'],
      ]);
    } finally {
      store.close();
    }
  });

  it('writes XLSX with empty cells for missing values and a columns sheet', async () => {
    const f = path.join(dir, 't.xlsx');
    await writeTable(table, f);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f);
    const ws = wb.getWorksheet('data')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'lot', 'api.d90 (via granulation)', 'supplier', 'start']);
    expect(ws.getCell('B2').value).toBe(115);
    expect(ws.getCell('B3').value).toBeNull();
    expect(ws.getCell('C3').value).toBeNull();
    expect((ws.getCell('D2').value as Date).toISOString()).toBe('2024-04-01T06:30:00.000Z');
    expect(wb.getWorksheet('columns')!.getCell('C3').value).toBe(1); // d90: one missing
  });

  it('refuses an unknown format and a missing folder, echoing them', async () => {
    await expect(writeTable(table, path.join(dir, 't.txt'))).rejects.toThrow(/'txt'/);
    await expect(writeTable(table, path.join(dir, 'no', 'such', 't.csv'))).rejects.toMatchObject({ code: 'bad_output' });
  });
});
