/**
 * MSPC inputs from a real in-memory store: tag windows by SQL (hand-checkable means), analysis
 * sets of lots, and a model stored, loaded and scored the same way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromAnalysisSet, readMspcTable, tagWindows } from '../src/explain/mspc/mspc-data.js';
import { scoreModel } from '../src/explain/mspc/mspc-score.js';
import { loadModelOfKind, saveModel } from '../src/explain/mspc/mspc-store.js';
import { fitPca } from '../src/explain/mspc/pca.js';
import { buildAnalysisSet } from '../src/context/analysis-set.js';
import { Store } from '../src/store/store.js';

const T0 = Date.parse('2025-03-01T00:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

describe('MSPC inputs from the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open(':memory:');
  });
  afterEach(() => store.close());

  it('tag windows: mean of usable samples per window and tag, bad samples left out and counted', async () => {
    await store.run("INSERT INTO tags (tag, equipment) VALUES ('A', 'E1'), ('B', 'E1')");
    const rows: [string, number, number, number][] = [
      ['A', 0, 1, 0], ['A', 30, 3, 0], ['A', 40, 100, 2], ['B', 10, 5, 1], // window 1: A (1 + 3)/2, B 5 (uncertain is usable)
      ['A', 60, 4, 0], // window 2: B has nothing
      ['A', 200, 9, 0], // after --to
    ];
    for (const [tag, s, v, q] of rows) await store.run('INSERT INTO samples (tag, time, value, quality) VALUES ($1, $2, $3, $4)', [tag, at(s), v, q]);
    const { table, excluded } = await tagWindows(store, { tags: ['A', 'B'], from: at(0), to: at(120), window: '1m' });
    expect(table.rows).toEqual(['2025-03-01T00:00:00Z', '2025-03-01T00:01:00Z']);
    expect(Array.from(table.columns[0]!.values)).toEqual([2, 4]);
    expect(Array.from(table.columns[1]!.values)).toEqual([5, NaN]);
    expect(excluded).toBe(1);
    await expect(tagWindows(store, { tags: ['A', 'Z'], from: at(0), to: at(120), window: '1m' })).rejects.toThrow(/not in the store: Z/);
    await expect(tagWindows(store, { tags: ['A'], from: at(0), to: at(120), window: 'soon' })).rejects.toThrow(/window 'soon'/);
  });

  it('analysis set of lots → PCA model, stored and loaded with its training reference, scores unchanged', async () => {
    await store.run("INSERT INTO materials (material, type) VALUES ('granulate', 'intermediate')");
    for (const p of ['p1', 'p2', 'p3', 'p4']) await store.run("INSERT INTO parameters (material, parameter, kind) VALUES ('granulate', $1, 'discrete')", [p]);
    const p2noise = [0.1, -0.2, 0.05, 0.2, -0.1, 0, 0.15, -0.05];
    const p3 = [5, 3, 6, 4, 5, 7, 3, 6];
    for (let k = 0; k < 8; k++) {
      const lot = `G${k + 1}`;
      await store.run("INSERT INTO lots (lot, material, site, start_time) VALUES ($1, 'granulate', 'S1', $2)", [lot, at(k * 3600)]);
      const vals: [string, number][] = [['p1', k + 1], ['p2', 2 * (k + 1) + p2noise[k]!], ['p3', p3[k]!]];
      if (k < 4) vals.push(['p4', k]); // half missing: left out by default
      for (const [p, v] of vals) await store.run("INSERT INTO discrete (lot, material, parameter, value) VALUES ($1, 'granulate', $2, $3)", [lot, p, v]);
    }
    const set = await buildAnalysisSet(store, { material: 'granulate', include: { factors: false } });
    const { table, left } = fromAnalysisSet(set);
    expect(table.rows).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'G8']);
    expect(table.columns.map((c) => c.name)).toEqual(['p1', 'p2', 'p3']);
    expect(left).toEqual([{ column: 'p4', why: '4 of 8 lots missing' }]);

    const model = fitPca(table, { components: 2 });
    const before = scoreModel(model, table);
    const version = await saveModel(store, { user: 'qa', reason: 'baseline 2025' }, {
      name: 'gran-pca', model, spec: { components: 2, confidence: 0.99 },
      training: { source: 'analysis-set', material: 'granulate', lots: table.rows, columns: model.variables, rows: model.n, scaling: 'autoscaled' },
    });
    const stored = await loadModelOfKind(store, 'gran-pca', ['pca', 'pls']);
    expect(stored.version).toBe(version);
    expect(stored.training.lots).toEqual(table.rows);
    expect(stored.reason).toBe('baseline 2025');
    const again = await readMspcTable(store, { kind: 'analysis-set', material: 'granulate', lots: ['G2', 'G7'] }, stored.model.variables);
    const after = scoreModel(stored.model, again.table);
    expect(after.rows).toEqual(['G2', 'G7']);
    expect(after.t2[0]).toBeCloseTo(before.t2[1]!, 12);
    expect(after.spe[1]).toBeCloseTo(before.spe[6]!, 12);
    expect(after.speLimit).toBeCloseTo(before.speLimit, 12);
  });
});
