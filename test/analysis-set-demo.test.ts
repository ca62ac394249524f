import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAnalysisSet } from '../src/context/analysis-set.js';
import type { AnalysisSet } from '../src/context/analysis-set-types.js';
import { refreshFeatures } from '../src/context/features.js';
import { writeDemoFolder, type DemoTruth } from '../src/demo/index.js';
import { PRODUCT } from '../src/demo/network.js';
import { importFolder } from '../src/ingest/import-folder.js';
import { Store } from '../src/store/store.js';
import { plainSpearman as spearman } from './support/plain-spearman.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-demo-set-'));
let set: AnalysisSet;
let truth: DemoTruth;

beforeAll(async () => {
  await writeDemoFolder({ out: dir, size: 'small', seed: 1 });
  truth = JSON.parse(readFileSync(path.join(dir, 'truth.json'), 'utf8')) as DemoTruth;
  const store = await Store.open(':memory:');
  try {
    await importFolder(store, dir, { actor: { user: 'test' } });
    await refreshFeatures(store);
    set = await buildAnalysisSet(store, { product: PRODUCT });
  } finally {
    store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const numeric = (name: string): Float64Array => {
  const c = set.columns.find((x) => x.name === name);
  if (!c || c.kind !== 'numeric') throw new Error(`no numeric column '${name}'`);
  expect(c.missing).toBe(0);
  return c.values;
};

describe('planted causes of the demo network (small) as analysis-set columns', () => {
  it('has one row per final lot', () => {
    expect(set.lots.length).toBe(truth.causes[0]!.lots.length);
  });

  it('carries API d90 down six steps to the contribution-weighted value the generator used', () => {
    const d90 = numeric('API.d90 (via dispensing)');
    const driver = new Map(truth.causes.find((c) => c.id === 'a')!.lots.map((l) => [l.lot, l.driver]));
    // The lab reports d90 to 0.1 µm, so a weighted mean of reported values is within 0.05 µm of
    // the weighted true values (truth.json rounds to 0.001).
    set.lots.forEach((lot, i) => expect(Math.abs(d90[i]! - driver.get(lot)!)).toBeLessThan(0.051));
  });

  it('shows API d90 lowering dissolution and peak drying temperature raising impurities', () => {
    const rhoA = spearman(numeric('API.d90 (via dispensing)'), numeric('dissolution_mean'));
    const rhoB = spearman(numeric('drying.product_temp.max'), numeric('impurities_total'));
    expect(rhoA).toBeLessThan(-0.5);
    expect(rhoB).toBeGreaterThan(0.5);
  });
});
