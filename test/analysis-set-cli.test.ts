import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/shared-data.js';
import { tabletNetwork } from './genealogy-fixtures.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-dataset-cli-'));
const db = path.join(dir, 'net.duckdb');

function causeway(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args, '--db', db], { encoding: 'utf8', cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npm run build; npm test does it)`);
  (await tabletNetwork(db)).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('causeway dataset (built CLI)', () => {
  it('writes a CSV whose T1 row carries the weighted API d90 and keeps missing values empty', () => {
    const out = path.join(dir, 'x.csv');
    const r = causeway('dataset', '--material', 'tablet', '--out', out);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const [head, ...rows] = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    const cols = head!.split(',');
    const cell = (lot: string, name: string) => rows.find((l) => l.startsWith(lot + ','))!.split(',')[cols.indexOf(name)];
    expect(cols[0]).toBe('lot');
    expect(rows).toHaveLength(3);
    expect(cell('T1', 'api.d90 (via granulation)')).toBe('115');
    expect(cell('T3', 'api.d90 (via granulation)')).toBe('100');
    expect(cell('T3', 'dissolution')).toBe(''); // missing stays missing
    expect(cell('T1', 'api.supplier')).toBe('SupA');
  });

  it('writes XLSX that exceljs reads back, with the rule applied', async () => {
    const out = path.join(dir, 'x.xlsx');
    const r = causeway('dataset', '--product', 'tab', '--rule', 'max', '--format', 'xlsx', '--out', out);
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('data')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const d90 = header.indexOf('api.d90 (via granulation)') + 1;
    const lots = [2, 3, 4].map((i) => ws.getRow(i).getCell(1).value);
    expect(lots).toEqual(['T1', 'T2', 'T3']);
    expect([2, 3, 4].map((i) => ws.getRow(i).getCell(d90).value)).toEqual([200, 200, 100]);
    const diss = header.indexOf('dissolution') + 1;
    expect(ws.getRow(4).getCell(diss).value).toBeNull();
  });

  it('prints a summary as JSON without --out, and a user error as exit code 1', () => {
    const r = causeway('dataset', '--material', 'tablet', '--lots', 'T2,T3', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { rows: number; columns: { name: string; missing: number }[] };
    expect(s.rows).toBe(2);
    expect(s.columns.find((c) => c.name === 'dissolution')?.missing).toBe(1);
    const bad = causeway('dataset', '--material', 'tablet', '--rule', 'median');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--rule 'median'");
  });
});

describe('causeway genealogy (built CLI)', () => {
  it('prints the upstream tree with shares and contributions', () => {
    const r = causeway('genealogy', 'T1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('A2  api  S  share 0.3  → 0.12  (total 0.42)');
    expect(r.stdout).toContain('L2  lactose  S  share 0.5*  → 0.3');
    expect(r.stdout).toContain('* equal shares');
  });

  it('gives the downstream closure as JSON', () => {
    const r = causeway('genealogy', 'A1', '--down', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { lots: { lot: string; contribution: number }[] };
    expect(Object.fromEntries(j.lots.map((l) => [l.lot, Number(l.contribution.toFixed(12))]))).toEqual({ G1: 0.1, G3: 1, B1: 0.04, B2: 1, T1: 0.04, T2: 0.04, T3: 1 });
  });
});
