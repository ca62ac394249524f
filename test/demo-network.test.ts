import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoFolder, type DemoFolderSummary, type DemoTruth } from '../src/demo/index.js';
import { FOLDER_FILES } from '../src/ingest/folder-files.js';
import { Store } from '../src/store/store.js';
import { folderHashes, readCsv, spearman, weightedUpstream } from './demo-support.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'causeway-demo-'));
const dir = (name: string) => path.join(root, name);
let summary: DemoFolderSummary;
let store: Store;
type R = Record<string, string | null>;
let lots: R[];
let links: Array<{ parent: string; child: string; quantity: number }>;
let events: R[];
let discrete: R[];
let replicates: R[];

beforeAll(async () => {
  summary = await writeDemoFolder({ out: dir('a'), size: 'small', seed: 7 });
  store = await Store.open(':memory:');
  lots = await readCsv(store, path.join(dir('a'), 'lots.csv'));
  links = (await readCsv(store, path.join(dir('a'), 'genealogy.csv'))).map((g) => ({ parent: g.parent_lot!, child: g.child_lot!, quantity: Number(g.quantity) }));
  events = await readCsv(store, path.join(dir('a'), 'events.csv'));
  discrete = await readCsv(store, path.join(dir('a'), 'discrete.csv'));
  replicates = await readCsv(store, path.join(dir('a'), 'replicates.csv'));
});

afterAll(() => {
  store?.close();
  rmSync(root, { recursive: true, force: true });
});

const value = (lot: string, parameter: string) => {
  const r = discrete.find((d) => d.lot === lot && d.parameter === parameter);
  return r ? Number(r.value) : undefined;
};

describe('demo network: determinism', () => {
  it('gives a byte-identical folder for the same seed and size, and a different one for another seed', async () => {
    await writeDemoFolder({ out: dir('b'), size: 'small', seed: 7 });
    await writeDemoFolder({ out: dir('c'), size: 'small', seed: 8 });
    const a = folderHashes(dir('a'));
    const b = folderHashes(dir('b'));
    const c = folderHashes(dir('c'));
    expect(Object.keys(a).length).toBe(11 + 74 + 1); // 11 CSV files, 74 tags, truth.json
    expect(b).toEqual(a);
    expect(c['lots.csv']).not.toBe(a['lots.csv']);
    expect(c['continuous/LJU-FBD1.product_temp.parquet']).not.toBe(a['continuous/LJU-FBD1.product_temp.parquet']);
  });

  it('refuses to write into a folder that holds something else', async () => {
    await expect(writeDemoFolder({ out: path.join(root, 'a', 'continuous'), size: 'small' })).rejects.toMatchObject({ code: 'demo_out_not_empty' });
  });
});

describe('demo network: what the small size holds', () => {
  it('has every file of the folder format, continuous as one Parquet file per tag', () => {
    for (const name of Object.keys(FOLDER_FILES)) {
      if (name === 'continuous') expect(existsSync(path.join(dir('a'), 'continuous', 'LJU-FBD1.product_temp.parquet'))).toBe(true);
      else expect(existsSync(path.join(dir('a'), `${name}.csv`)), name).toBe(true);
    }
    expect(summary.continuousFiles).toBe(74);
    expect(summary.finalLots).toBe(24);
  });

  it('has 3 sites in 3 time zones and a 6-step process', async () => {
    const sites = await readCsv(store, path.join(dir('a'), 'sites.csv'));
    expect(sites.map((s) => `${s.site} ${s.timezone}`)).toEqual(['LJU Europe/Ljubljana', 'PAR America/New_York', 'HYD Asia/Kolkata']);
    const steps = await readCsv(store, path.join(dir('a'), 'steps.csv'));
    expect(steps.map((s) => `${s.sequence} ${s.step}`)).toEqual(['1 dispensing', '2 granulation', '3 drying', '4 blending', '5 compression', '6 coating']);
  });

  it('receives API and lactose from two suppliers each', () => {
    const suppliers = (m: string) => [...new Set(lots.filter((l) => l.material === m).map((l) => l.supplier))].sort();
    expect(suppliers('API')).toEqual(['Supplier A', 'Supplier B']);
    expect(suppliers('LACTOSE')).toEqual(['Indolac', 'Lactochem']);
  });

  it('has splits and merges in the genealogy', () => {
    const material = new Map(lots.map((l) => [l.lot!, l.material!]));
    const children = new Map<string, number>();
    const apiParents = new Map<string, number>();
    for (const l of links) {
      children.set(l.parent, (children.get(l.parent) ?? 0) + 1);
      if (material.get(l.parent) === 'API') apiParents.set(l.child, (apiParents.get(l.child) ?? 0) + 1);
    }
    // split: every granulation feeds two drying lots; API lots feed several dispensings
    expect(children.get('LJU-G0001')).toBe(2);
    expect(Math.max(...[...children].filter(([p]) => material.get(p) === 'API').map(([, n]) => n))).toBeGreaterThanOrEqual(2);
    // merge: some dispensing takes two API lots; blend 2 takes drying lots of two granulations
    expect(Math.max(...apiParents.values())).toBeGreaterThanOrEqual(2);
    expect(links.filter((l) => l.child === 'LJU-B0002').map((l) => l.parent).sort()).toEqual(['LJU-DR0001B', 'LJU-DR0002A', expect.stringMatching(/^MGST-LJU-/)]);
  });

  it('has phases for every step lot on its equipment, in the ISA-88 order of its step', () => {
    const phases = events.filter((e) => e.type === 'phase');
    const expected: Record<string, string> = {
      dispensing: 'weighing', granulation: 'dry_mix liquid_addition wet_massing', drying: 'heating drying cooling',
      blending: 'blending lubrication', compression: 'compression', coating: 'heating spraying drying',
    };
    const stepLots = lots.filter((l) => l.step);
    expect(stepLots.length).toBe(3 * (7 + 7 + 14 + 8 + 8 + 8)); // per site: dispensing, granulation, drying, blending, compression, coating
    for (const l of stepLots) {
      const mine = phases.filter((p) => p.lot === l.lot);
      expect(mine.map((p) => p.name).join(' '), l.lot!).toBe(expected[l.step!]);
      expect(mine.every((p) => p.equipment === l.equipment)).toBe(true);
    }
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(['phase', 'alarm', 'deviation', 'capa']));
  });

  it('crosses the European daylight-saving change inside the Ljubljana campaign', () => {
    const starts = lots.filter((l) => l.site === 'LJU' && l.step).map((l) => l.start!);
    expect(starts.some((s) => s.startsWith('2025-03-29') && s.endsWith('+01:00'))).toBe(true);
    expect(starts.some((s) => s.startsWith('2025-03-30') && s.endsWith('+02:00'))).toBe(true);
  });

  it('has replicates: 20 tablet weights, 10 hardness, 10 blend uniformity, 6 dissolution vessels (12 after a retest)', () => {
    const count = (lot: string, p: string) => replicates.filter((r) => r.lot === lot && r.parameter === p).length;
    expect(count('LJU-C0001', 'tablet_weight')).toBe(20);
    expect(count('LJU-C0001', 'hardness')).toBe(10);
    expect(count('LJU-B0001', 'blend_uniformity')).toBe(10);
    const vessels = lots.filter((l) => l.material === 'CWX-50-FCT').map((l) => count(l.lot!, 'dissolution'));
    expect(vessels.every((n) => n === 6 || n === 12)).toBe(true);
  });

  it('has tags with signals and alarm limits, sampled on a fixed grid with some bad samples', async () => {
    const tags = await readCsv(store, path.join(dir('a'), 'tags.csv'));
    expect(tags.length).toBe(74);
    expect(tags.find((t) => t.tag === 'PAR-FBD1.product_temp')).toMatchObject({ signal: 'product_temp', unit: '°C', usl: '45' });
    const s = await store.one<{ n: bigint; step: number; bad: bigint; tags: bigint }>(
      `SELECT count(*) AS n, min(d) AS step, count(*) FILTER (quality = 'bad') AS bad, count(DISTINCT tag) AS tags FROM (
         SELECT tag, quality, epoch(time) - lag(epoch(time)) OVER (PARTITION BY tag ORDER BY time) AS d FROM read_parquet($1))`,
      [path.join(dir('a'), 'continuous', '*.parquet')],
    );
    expect(Number(s!.n)).toBe(summary.rows.continuous);
    expect(Number(s!.tags)).toBe(74);
    expect(s!.step).toBe(20); // small size: one sample every 20 s on fast tags
    expect(Number(s!.bad)).toBeGreaterThan(0);
  });
});

describe('demo network: the planted causes are in the data', () => {
  const finals = () => lots.filter((l) => l.material === 'CWX-50-FCT').map((l) => l.lot!);

  it('(a) contribution-weighted API d90 goes with lower dissolution, and truth.json states the same d90', () => {
    const truth = JSON.parse(readFileSync(path.join(dir('a'), 'truth.json'), 'utf8')) as DemoTruth;
    const api = new Set(lots.filter((l) => l.material === 'API').map((l) => l.lot));
    const d90 = finals().map((lot) => weightedUpstream(links, lot, (a) => (api.has(a) ? value(a, 'd90') : undefined)));
    const diss = finals().map((lot) => value(lot, 'dissolution_mean')!);
    expect(spearman(d90, diss)).toBeLessThan(-0.6);
    const a = truth.causes.find((c) => c.id === 'a')!;
    finals().forEach((lot, i) => {
      // the file has d90 to 0.1 µm, the truth the exact value
      expect(Math.abs(a.lots.find((t) => t.lot === lot)!.driver - d90[i]!)).toBeLessThan(0.06);
    });
  });

  it('(b) the maximum product temperature in the drying phase goes with higher impurities', async () => {
    const rows = await store.all<{ lot: string; tmax: number }>(
      `SELECT e.lot, max(s.value) AS tmax
       FROM read_csv($1, header = true, all_varchar = true) e
       JOIN read_parquet($2) s ON s.tag = e.equipment || '.product_temp'
        AND s.time >= e.start::TIMESTAMPTZ AND s.time < e."end"::TIMESTAMPTZ AND s.quality = 'good'
       WHERE e.type = 'phase' AND e.name = 'drying' AND e.lot LIKE '%-DR%'
       GROUP BY e.lot`,
      [path.join(dir('a'), 'events.csv'), path.join(dir('a'), 'continuous', '*.product_temp.parquet')],
    );
    expect(rows.length).toBe(42);
    const tmax = new Map(rows.map((r) => [r.lot, r.tmax]));
    const x = finals().map((lot) => weightedUpstream(links, lot, (a) => tmax.get(a)));
    const y = finals().map((lot) => value(lot, 'impurities_total')!);
    expect(spearman(x, y)).toBeGreaterThan(0.6);
  });

  it('(c) hardness drifts down with ejection force at PAR only, until the punches are replaced', () => {
    const meanOf = (lot: string, p: string) => {
      const v = replicates.filter((r) => r.lot === lot && r.parameter === p).map((r) => Number(r.value));
      return v.reduce((s, a) => s + a, 0) / v.length;
    };
    const capa = events.find((e) => e.type === 'capa')!;
    expect(capa.equipment).toBe('PAR-PRESS1');
    const before = lots.filter((l) => l.site === 'PAR' && l.step === 'compression' && l.start! < capa.start!).map((l) => l.lot!);
    expect(before.length).toBe(6);
    const h = before.map((l) => meanOf(l, 'hardness'));
    expect(spearman(before.map((_, i) => i), h)).toBeLessThan(-0.5);
  });
});
