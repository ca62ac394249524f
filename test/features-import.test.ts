/**
 * Features are current after every import: the lots an import touches get their features in
 * the same job, and only those lots.
 *
 * Fixture (folders written below, times UTC): dryer D1 with tag T1 (signal product_temp,
 * lsl 20, usl 40); lots L1 and L2 of granulate on D1.
 *
 *   import A: lots, tag, phases P1 drying of L1 08:00–09:00 and P2 cooling of L1 09:00–09:30,
 *             samples 08:00 10, 08:10 30, 08:15 999 (bad), 08:40 50, 09:00 45, 09:20 25
 *     L1 drying mean (sample-and-hold) = (10·10 + 30·30 + 50·20) / 60 = 33.333…, n 3, excluded 1
 *     L1 cooling mean = (45·20 + 25·10) / 30 = 38.333…, n 2
 *   import B: phase P3 drying of L2 10:00–11:00, samples 10:00 20, 10:30 40
 *     L2 drying mean = (20·30 + 40·30) / 60 = 30; only L2 is touched (the samples' span
 *     10:00–10:30 meets P3 alone; P2 ended at 09:30)
 *   import C (--replace): P2 moves from L1 to L2: both lots are touched (L1 through the old
 *     version kept in prior_values); L1 loses its cooling features, L2 gains them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAnalysisSet } from '../src/context/analysis-set.js';
import { isNumericColumn } from '../src/context/analysis-set-types.js';
import { listFeatures, refreshFeatures } from '../src/context/features.js';
import { writeDemoFolder } from '../src/demo/index.js';
import { importFolder } from '../src/ingest/import-folder.js';
import { Store } from '../src/store/store.js';
import { runCli } from './support/cli.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'causeway-features-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a folder of the open folder format from file name → CSV text. */
function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const A = folder('a', {
  'sites.csv': 'site,timezone\nS1,UTC\n',
  'equipment.csv': 'equipment,site\nD1,S1\n',
  'materials.csv': 'material,type\ngranulate,intermediate\n',
  'lots.csv': 'lot,material,site,equipment,start,end\nL1,granulate,S1,D1,2024-03-01T08:00:00Z,2024-03-01T10:00:00Z\nL2,granulate,S1,D1,2024-03-01T10:00:00Z,2024-03-01T11:00:00Z\n',
  'tags.csv': 'tag,equipment,unit,lsl,usl,signal\nT1,D1,degC,20,40,product_temp\n',
  'events.csv': 'event,type,name,lot,equipment,start,end\nP1,phase,drying,L1,D1,2024-03-01T08:00:00Z,2024-03-01T09:00:00Z\nP2,phase,cooling,L1,D1,2024-03-01T09:00:00Z,2024-03-01T09:30:00Z\n',
  'continuous.csv': 'tag,time,value,quality\nT1,2024-03-01T08:00:00Z,10,good\nT1,2024-03-01T08:10:00Z,30,good\nT1,2024-03-01T08:15:00Z,999,bad\n' +
    'T1,2024-03-01T08:40:00Z,50,good\nT1,2024-03-01T09:00:00Z,45,good\nT1,2024-03-01T09:20:00Z,25,good\n',
});
const B = folder('b', {
  'events.csv': 'event,type,name,lot,equipment,start,end\nP3,phase,drying,L2,D1,2024-03-01T10:00:00Z,2024-03-01T11:00:00Z\n',
  'continuous.csv': 'tag,time,value,quality\nT1,2024-03-01T10:00:00Z,20,good\nT1,2024-03-01T10:30:00Z,40,good\n',
});
const C = folder('c', {
  'events.csv': 'event,type,name,lot,equipment,start,end\nP2,phase,cooling,L2,D1,2024-03-01T09:00:00Z,2024-03-01T09:30:00Z\n',
});

const actor = { user: 'ana' };

/** Every feature of the store as `lot/name → [value, n, excluded]`, for comparing two computations. */
async function snapshot(store: Store): Promise<Map<string, [number | null, number, number]>> {
  const rows = await store.all<{ lot: string; name: string; value: number | null; n: bigint; excluded: bigint }>(
    'SELECT lot, name, value, n, excluded FROM features ORDER BY lot, name',
  );
  return new Map(rows.map((r) => [`${r.lot}/${r.name}`, [r.value, Number(r.n), Number(r.excluded)]]));
}

/**
 * Two snapshots hold the same features with the same n and excluded, and values equal to 1e-12
 * relative: DuckDB sums in parallel, so the last bit of a sum varies between any two runs.
 */
function expectSame(a: Map<string, [number | null, number, number]>, b: Map<string, [number | null, number, number]>): void {
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [key, [va, na, ea]] of a) {
    const [vb, nb, eb] = b.get(key)!;
    expect([key, na, ea]).toEqual([key, nb, eb]);
    if (va === null || vb === null) expect([key, va]).toEqual([key, vb]);
    else if (Math.abs(va - vb) > 1e-12 * Math.max(1, Math.abs(va))) expect([key, va]).toEqual([key, vb]);
  }
}

async function value(store: Store, lot: string, name: string): Promise<number | null | undefined> {
  return (await listFeatures(store, { lots: [lot], name }))[0]?.value;
}

describe('features after an import (library)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open(':memory:');
  });
  afterEach(() => store.close());

  it('are in the analysis set right after the import, with the numbers worked out by hand', async () => {
    const r = await importFolder(store, A, { actor });
    expect(r.features).toMatchObject({ lots: 2 });
    expect(await value(store, 'L1', 'drying.product_temp.mean')).toBeCloseTo(100 / 3, 12);
    expect(await value(store, 'L1', 'cooling.product_temp.mean')).toBeCloseTo(115 / 3, 12);
    const drying = (await listFeatures(store, { lots: ['L1'], name: 'drying.product_temp.mean' }))[0]!;
    expect([drying.n, drying.excluded]).toEqual([3, 1]);
    const set = await buildAnalysisSet(store, { material: 'granulate' });
    const col = set.columns.find((c) => c.name === 'drying.product_temp.mean');
    expect(col && isNumericColumn(col)).toBe(true);
    expect(set.lots).toEqual(['L1', 'L2']);
    const values = (col as { values: Float64Array }).values;
    expect(values[0]).toBeCloseTo(100 / 3, 12);
    expect(Number.isNaN(values[1])).toBe(true); // L2 has no phase yet
    expect(await store.value('SELECT count(*) FROM features_pending')).toBe(0n);
  });

  it('recompute only the lots a later import touches', async () => {
    await importFolder(store, A, { actor });
    const before = await store.all<{ name: string; at: string }>(`SELECT name, computed_at::VARCHAR AS at FROM features WHERE lot = 'L1' ORDER BY name`);
    const r = await importFolder(store, B, { actor });
    expect(r.features).toMatchObject({ lots: 1 });
    expect(await value(store, 'L2', 'drying.product_temp.mean')).toBe(30);
    // L1 was not recomputed: its rows are the ones written by the first import.
    expect(await store.all(`SELECT name, computed_at::VARCHAR AS at FROM features WHERE lot = 'L1' ORDER BY name`)).toEqual(before);
    // Incremental upkeep gives what a full rebuild gives.
    const incremental = await snapshot(store);
    await refreshFeatures(store);
    expectSame(await snapshot(store), incremental);
  });

  it('follow a replaced event to the lot it left and the lot it joined', async () => {
    await importFolder(store, A, { actor });
    await importFolder(store, B, { actor });
    const r = await importFolder(store, C, { actor: { user: 'ana', reason: 'cooling was booked on the wrong lot' }, replace: true });
    expect(r.features).toMatchObject({ lots: 2 });
    expect(await value(store, 'L1', 'cooling.product_temp.mean')).toBeUndefined();
    expect(await value(store, 'L2', 'cooling.product_temp.mean')).toBeCloseTo(115 / 3, 12);
    const incremental = await snapshot(store);
    await refreshFeatures(store);
    expectSame(await snapshot(store), incremental);
  });

  it('an import that changes nothing recomputes nothing', async () => {
    await importFolder(store, A, { actor });
    const r = await importFolder(store, A, { actor });
    expect(r.unchanged).toBe(true);
    expect(r.features).toBeUndefined();
  });

  it('name the features of two tags of one equipment that share a signal by tag, instead of failing', async () => {
    await importFolder(store, A, { actor });
    const second = folder('shared-signal', {
      'tags.csv': 'tag,equipment,signal\nT2,D1,product_temp\n',
      'continuous.csv': 'tag,time,value,quality\nT2,2024-03-01T08:00:00Z,7,good\n',
    });
    const r = await importFolder(store, second, { actor });
    expect(r.features).toMatchObject({ lots: 1 }); // L1: the only lot with a phase on D1
    expect(await value(store, 'L1', 'drying.T1.mean')).toBeCloseTo(100 / 3, 12);
    expect(await value(store, 'L1', 'drying.T2.mean')).toBe(7);
    expect(await value(store, 'L1', 'drying.product_temp.mean')).toBeUndefined();
  });
});

describe('features after an import (store left between two transactions)', () => {
  it('opening the store completes the features of an import whose process stopped', async () => {
    const db = path.join(root, 'pending.duckdb');
    let store = await Store.open(db);
    const r = await importFolder(store, A, { actor });
    // What a process stopped right after the import's commit leaves: the mark, no features.
    await store.transaction(async () => {
      await store.run(`DELETE FROM features`);
      await store.run(`INSERT INTO features_pending VALUES ($1)`, [r.importId]);
    });
    store.close();
    store = await Store.open(db);
    try {
      expect(await store.value('SELECT count(*) FROM features_pending')).toBe(0n);
      expect(await value(store, 'L1', 'drying.product_temp.mean')).toBeCloseTo(100 / 3, 12);
    } finally {
      store.close();
    }
  });
});

describe('features after importing the small demo network', () => {
  it('equal a full rebuild, feature by feature', async () => {
    const out = path.join(root, 'demo');
    await writeDemoFolder({ out, size: 'small', seed: 3 });
    const store = await Store.open(':memory:');
    try {
      const r = await importFolder(store, out, { actor });
      // Every lot is new, so every lot is touched.
      expect(r.features!.lots).toBe(Number(await store.value(`SELECT count(*) FROM lots`)));
      expect(r.features!.continuous).toBeGreaterThan(1000);
      const incremental = await snapshot(store);
      await refreshFeatures(store);
      expectSame(await snapshot(store), incremental);
    } finally {
      store.close();
    }
  }, 60_000);
});

describe('features after an import (built CLI)', () => {
  it('causeway import, then causeway dataset lists the phase features', async () => {
    const db = path.join(root, 'cli.duckdb');
    const imp = await runCli(root, db, 'import', A, '--json');
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.stdout).features).toMatchObject({ lots: 2 });
    const set = await runCli(root, db, 'dataset', '--material', 'granulate', '--json');
    expect(set.code).toBe(0);
    const columns = (JSON.parse(set.stdout).columns as { name: string; missing: number }[]);
    expect(columns.find((c) => c.name === 'drying.product_temp.mean')).toMatchObject({ missing: 1 });
    expect(columns.find((c) => c.name === 'cooling.product_temp.mean')).toMatchObject({ missing: 1 });
    const feats = await runCli(root, db, 'features', '--lot', 'L1', '--name', 'drying.product_temp.mean', '--json');
    expect(JSON.parse(feats.stdout).features[0].value).toBeCloseTo(100 / 3, 12);
  }, 60_000);
});
