import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFolder } from '../src/ingest/export-folder.js';
import { Store } from '../src/store/store.js';
import { quoteIdent } from '../src/store/sql.js';
import { PROJECT_ROOT } from './support/shared-data.js';
import { importAs } from './folder-fixture.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'folder');
const DATA_TABLES = ['sites', 'equipment', 'materials', 'steps', 'lots', 'lot_attributes', 'genealogy', 'parameters', 'specifications', 'discrete', 'replicates', 'events', 'tags', 'samples'];

/** Every data table without provenance columns (import ids and file names differ by design). */
async function data(store: Store): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of DATA_TABLES) out[t] = await store.all(`SELECT * EXCLUDE (import_id${t === 'samples' ? '' : ', source'}) FROM ${quoteIdent(t)} ORDER BY ALL`);
  return out;
}

const stores: Store[] = [];
async function fresh(): Promise<Store> {
  const s = await Store.open(':memory:');
  stores.push(s);
  return s;
}
let first: Store;
beforeEach(async () => {
  first = await fresh();
  await importAs(first, EXAMPLE);
});
afterEach(() => {
  while (stores.length) stores.pop()!.close();
});

describe('folder format round trip', () => {
  it('imports every file of the example folder with hand-checkable values', async () => {
    const counts = Object.fromEntries(await Promise.all(DATA_TABLES.map(async (t) => [t, Number(await first.value(`SELECT count(*) FROM ${quoteIdent(t)}`))])));
    expect(counts).toEqual({ sites: 2, equipment: 4, materials: 4, steps: 2, lots: 6, lot_attributes: 2, genealogy: 5, parameters: 4, specifications: 5, discrete: 5, replicates: 6, events: 5, tags: 4, samples: 15 });
    expect(await first.all('SELECT lot, name, value, num FROM lot_attributes ORDER BY lot')).toEqual([
      { lot: 'A1', name: 'd90_um', value: '95.5', num: 95.5 },
      { lot: 'A2', name: 'd90_um', value: '130', num: 130 },
    ]);
    // lod is given by step: its material is the one granulation makes.
    expect(await first.one('SELECT material, step, kind FROM parameters WHERE parameter = $1', ['lod'])).toEqual({ material: 'GRAN-X', step: 'granulation', kind: 'discrete' });
    const assay = await first.all<{ v: Date; lsl: number; usl: number }>("SELECT valid_from AS v, lsl, usl FROM specifications WHERE parameter = 'assay' ORDER BY valid_from");
    expect(assay.map((r) => [r.v.toISOString(), r.lsl, r.usl])).toEqual([['2024-01-01T00:00:00.000Z', 95, 105], ['2024-06-01T00:00:00.000Z', 97, 103]]);
    expect(await first.value("SELECT valid_from FROM specifications WHERE parameter = 'weight'")).toEqual(new Date('1970-01-01T00:00:00Z'));
    // OPC UA status codes: 0x40000000 is uncertain, 0x80000000 bad; the code is kept.
    expect(await first.all("SELECT value, quality, status FROM samples WHERE tag = 'PRESS1.FORCE' ORDER BY time")).toEqual([
      { value: 12.1, quality: 0, status: 0 }, { value: 12.4, quality: 0, status: 0 }, { value: 11.9, quality: 1, status: 1073741824 }, { value: 3.2, quality: 2, status: 2147483648 },
    ]);
    expect(await first.value("SELECT text FROM events WHERE event = 'DEV-001'")).toBe('Inlet air above 70 °C for 4 min, "no impact" assessed');
    expect(await first.value("SELECT signal FROM tags WHERE tag = 'PRESS2.FORCE'")).toBe('compression_force');
  });

  for (const format of ['csv', 'parquet'] as const) {
    it(`folder → store → ${format} folder → store is lossless`, async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `causeway-rt-${format}-`));
      const files = await exportFolder(first, dir, { format });
      expect(files.map((f) => f.file).sort()).toEqual(['continuous', 'discrete', 'equipment', 'events', 'genealogy', 'lots', 'materials', 'parameters', 'replicates', 'sites', 'steps', 'tags'].map((n) => `${n}.${format}`).sort());
      const second = await fresh();
      const report = await importAs(second, dir);
      expect(report.total.inserted).toBe(69);
      expect(await data(second)).toEqual(await data(first));
      // and importing the export into the first store changes nothing
      expect((await importAs(first, dir)).unchanged).toBe(true);
    });
  }

  it('a CSV export of the re-imported store is byte-identical to the first export', async () => {
    const a = mkdtempSync(path.join(os.tmpdir(), 'causeway-rt-a-'));
    const b = mkdtempSync(path.join(os.tmpdir(), 'causeway-rt-b-'));
    await exportFolder(first, a);
    const second = await fresh();
    await importAs(second, a);
    await exportFolder(second, b);
    for (const f of readdirSync(a)) expect(readFileSync(path.join(b, f), 'utf8')).toBe(readFileSync(path.join(a, f), 'utf8'));
    expect(readFileSync(path.join(a, 'lots.csv'), 'utf8').split('\n')[3]).toBe('G1,GRAN-X,LJU,granulation,LJU-FBD1,2024-03-04T07:00:00Z,2024-03-04T11:00:00Z,120.0,kg,,released,');
  });
});
