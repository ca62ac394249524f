import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/shared-data.js';
import { folderWith } from './folder-fixture.js';

const CLI = path.join(PROJECT_ROOT, 'dist', 'cli', 'main.js');
const EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'folder');

/** Runs the built CLI; returns exit code, stdout and stderr. */
function cli(...args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: PROJECT_ROOT });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}
const json = (...args: string[]) => {
  const r = cli(...args, '--json');
  return { code: r.code, body: JSON.parse(r.out) as Record<string, unknown>, err: r.err };
};

let tmp: string;
let db: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`the CLI is not built at ${CLI}; run npx tsc -p tsconfig.build.json (npm test does)`);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'causeway-cli-'));
  db = path.join(tmp, 'store.duckdb');
});

describe('CLI: import, info, lots, parameters, export (built CLI, real store file)', () => {
  it('imports the example folder, then says a re-import changes nothing', () => {
    const first = json('import', EXAMPLE, '--db', db);
    expect(first.code).toBe(0);
    expect(first.body.total).toEqual({ rows: 63, inserted: 69, unchanged: 0, replaced: 0 });
    const again = cli('import', EXAMPLE, '--db', db);
    expect(again.code).toBe(0);
    expect(again.out).toContain('nothing changed: the store already holds this data (63 rows read)');
  });

  it('refuses bad input with exit code 1 and the located message', () => {
    const dir = folderWith({ 'discrete.csv': 'lot,parameter,value\nT1,assay,9x\n' });
    const r = cli('import', dir, '--db', path.join(tmp, 'bad.duckdb'));
    expect(r.code).toBe(1);
    expect(r.err).toContain("discrete.csv line 2 column value: is not a number (value '9x')");
    expect(r.err).toContain('hint: fix the listed lines and run again; the store is unchanged');
  });

  it('--replace needs --reason; with it the value is replaced and audited', () => {
    const dir = folderWith({});
    const other = path.join(tmp, 'replace.duckdb');
    expect(cli('import', dir, '--db', other).code).toBe(0);
    const changed = folderWith({ 'lots.csv': 'lot,material,site,start,end\nA1,API,LJU,2024-01-10 08:00:00,2024-01-10 11:00:00\nT1,TAB,NJ,2024-01-11 08:00:00,2024-01-11 12:00:00\n' });
    const refused = cli('import', changed, '--db', other);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("lots lot 'A1' is already stored with a different value: stored end_time=2024-01-10 09:00:00+00, this file end_time=2024-01-10 10:00:00+00");
    const noReason = cli('import', changed, '--db', other, '--replace');
    expect(noReason.code).toBe(1);
    expect(noReason.err).toContain('--replace needs a reason');
    expect(noReason.err).toContain('hint: add a --reason: why the stored values are corrected');
    const ok = json('import', changed, '--db', other, '--replace', '--reason', 'end time corrected from the batch record', '--user', 'ana');
    expect(ok.code).toBe(0);
    expect(ok.body.tables).toMatchObject({ lots: { inserted: 0, unchanged: 1, replaced: 1 } });
    const audit = json('export', 'audit', '--out', path.join(tmp, 'audit.json'), '--db', other);
    expect(audit.code).toBe(0);
    const rows = JSON.parse(readFileSync(path.join(tmp, 'audit.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(rows.filter((r) => r.action === 'replace').map((r) => [r.entity, r.entity_key, r.field, r.old_value, r.new_value, r.user_name, r.reason])).toEqual([
      ['lots', 'A1', 'end_time', '2024-01-10 09:00:00+00', '2024-01-10 10:00:00+00', 'ana', 'end time corrected from the batch record'],
    ]);
  });

  it('info counts per kind, site and material', () => {
    const r = json('info', '--db', db);
    expect(r.code).toBe(0);
    expect((r.body.counts as Record<string, number>).samples).toBe(15);
    expect(r.body.sites).toEqual([
      { site: 'LJU', timezone: 'Europe/Ljubljana', equipment: 3, tags: 3, lots: 5, samples: 12 },
      { site: 'NJ', timezone: 'America/New_York', equipment: 1, tags: 1, lots: 1, samples: 3 },
    ]);
  });

  it('lots and parameters filter', () => {
    const lots = json('lots', '--db', db, '--material', 'TAB-X', '--from', '2024-03-06');
    expect(((lots.body as { lots: unknown }).lots as unknown as Array<{ lot: string; start: string }>).map((l) => [l.lot, l.start])).toEqual([['T2', '2024-03-06T13:00:00.000Z']]);
    const params = json('parameters', '--db', db, '--role', 'cqa');
    expect(((params.body as { parameters: unknown }).parameters as unknown as Array<{ parameter: string; lsl: number; usl: number; versions: number }>).map((p) => [p.parameter, p.lsl, p.usl, p.versions])).toEqual([['assay', 97, 103, 2], ['weight', 380, 420, 1]]);
    const bad = cli('lots', '--db', db, '--from', 'yesterday');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("--from 'yesterday' is not an ISO 8601 date or time");
  });

  it('exports a table to CSV and XLSX, and the store as a Parquet folder that re-imports unchanged', async () => {
    expect(cli('export', 'genealogy', '--out', path.join(tmp, 'g.csv'), '--db', db).code).toBe(0);
    expect(readFileSync(path.join(tmp, 'g.csv'), 'utf8').split('\n').slice(0, 2)).toEqual(['parent_lot,child_lot,quantity,import_id,source', expect.stringMatching(/^A1,G1,25\.0,folder-\d{8}T\d{6}Z-[0-9a-f]{6},genealogy\.csv$/)]);
    expect(cli('export', 'tags', '--out', path.join(tmp, 't.xlsx'), '--db', db).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(tmp, 't.xlsx'));
    const ws = wb.getWorksheet('tags')!;
    expect(ws.getRow(2).getCell(1).value).toBe('FBD1.TI_INLET');
    expect(ws.getRow(2).getCell(6).value).toBe(70);
    const out = path.join(tmp, 'pq');
    const exp = json('export', 'folder', '--out', out, '--format', 'parquet', '--db', db);
    expect((exp.body.files as unknown[]).length).toBe(12);
    const re = json('import', out, '--db', db);
    expect(re.body.unchanged).toBe(true);
    expect(cli('export', 'nope', '--out', path.join(tmp, 'x.csv'), '--db', db).err).toContain("the store has no table 'nope'");
  });
});
