/**
 * Golden batch in a real in-memory store: phase events, tag samples (one bad), good lots by
 * status, the envelope, a lot's deviation, DTW alignment, and the stored, versioned model.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildGolden, goldenDeviation } from '../src/explain/golden/golden.js';
import { loadModelOfKind, saveModel } from '../src/explain/mspc/mspc-store.js';
import { Store } from '../src/store/store.js';

const T0 = Date.parse('2025-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** One lot: a drying phase starting at `start` with one sample per minute of `values`. */
async function addLot(store: Store, lot: string, status: string, start: number, values: number[], tag = 'TT1'): Promise<void> {
  await store.run("INSERT INTO lots (lot, material, site, status, equipment) VALUES ($1, 'granulate', 'S1', $2, 'D1')", [lot, status]);
  await store.run("INSERT INTO events (event, type, name, lot, equipment, start_time, end_time) VALUES ($1, 'phase', 'drying', $2, 'D1', $3, $4)", [
    `${lot}-dry`, lot, iso(start), iso(start + values.length * 60_000),
  ]);
  for (const [k, v] of values.entries()) {
    await store.run('INSERT INTO samples (tag, time, value, quality) VALUES ($1, $2, $3, 0)', [tag, iso(start + k * 60_000), v]);
  }
}

describe('golden batch', () => {
  let store: Store;
  beforeEach(async () => {
    store = await Store.open(':memory:');
    await store.run("INSERT INTO tags (tag, equipment, signal) VALUES ('TT1', 'D1', 'product_temp')");
  });
  afterEach(() => store.close());

  it('builds mean ± 2 sd from 3 released lots and finds where lot X leaves it', async () => {
    // Per minute the good lots have m−1, m+1, m (mean m, sd 1); G3 alone runs a 4th minute.
    await addLot(store, 'G1', 'released', T0, [1, 2, 3]);
    await addLot(store, 'G2', 'released', T0 + 3600_000, [3, 4, 5]);
    await addLot(store, 'G3', 'released', T0 + 7200_000, [2, 3, 4, 10]);
    await addLot(store, 'X', 'rejected', T0 + 10800_000, [2, 5.5, 1, 7]);
    // A bad sample (quality 2) inside G1's phase must be left out, not averaged in.
    await store.run("INSERT INTO samples (tag, time, value, quality) VALUES ('TT1', $1, 100, 2)", [iso(T0 + 30_000)]);

    const { model, training } = await buildGolden(store, { signal: 'product_temp', phase: 'drying', material: 'granulate', status: 'released', method: { kind: 'sd', k: 2 } });
    expect(model.step).toBe(60);
    expect(model.lots).toEqual(['G1', 'G2', 'G3']);
    expect(model.envelope.mean).toEqual([2, 3, 4, null]);
    expect(model.envelope.low).toEqual([0, 1, 2, null]);
    expect(model.envelope.high).toEqual([4, 5, 6, null]);
    expect(training.lots).toEqual(['G1', 'G2', 'G3']);

    const d = await goldenDeviation(store, model, 'X');
    expect(d.points.map((p) => p.value)).toEqual([2, 5.5, 1, 7]);
    expect(d.points.map((p) => p.outside)).toEqual([false, true, true, false]);
    expect(d.spans).toEqual([{ from: 60, to: 180, points: 2, direction: 'both', maxZ: -3 }]);
    expect(d.withoutEnvelope).toBe(1);
    expect(d.duration).toBe(240);
  });

  it('with DTW, a lot that is only one minute late stays inside; on plain time it does not', async () => {
    await addLot(store, 'G1', 'released', T0, [-0.1, 0.9, 1.9, 2.9, 3.9]);
    await addLot(store, 'G2', 'released', T0 + 3600_000, [0, 1, 2, 3, 4]);
    await addLot(store, 'G3', 'released', T0 + 7200_000, [0.1, 1.1, 2.1, 3.1, 4.1]);
    await addLot(store, 'LATE', 'released', T0 + 10800_000, [0, 0, 1, 2, 3, 4]);
    const base = { signal: 'product_temp', phase: 'drying', material: 'granulate', lots: ['G1', 'G2', 'G3'] };
    const plain = await buildGolden(store, base);
    const d1 = await goldenDeviation(store, plain.model, 'LATE');
    expect(d1.outside).toBe(4);
    expect(d1.spans[0]!.direction).toBe('below');
    expect(d1.spans[0]!.maxZ).toBeCloseTo(-10, 9);

    const warped = await buildGolden(store, { ...base, dtw: true });
    expect(warped.model.alignment).toEqual({ kind: 'dtw', reference: 'G2', band: 1 });
    const d2 = await goldenDeviation(store, warped.model, 'LATE');
    expect(d2.outside).toBe(0);
    expect(d2.points.map((p) => p.lotTime)).toEqual([0, 120, 180, 240, 300]);
  });

  it('stores versions with an audit entry, and says what is wrong with bad input', async () => {
    await addLot(store, 'G1', 'released', T0, [1, 2, 3]);
    await addLot(store, 'G2', 'released', T0 + 3600_000, [3, 4, 5]);
    const { model, training } = await buildGolden(store, { signal: 'TT1', phase: 'drying', material: 'granulate', lots: ['G1', 'G2'] });
    const actor = { user: 'ana', reason: 'CPV baseline' };
    expect(await saveModel(store, actor, { name: 'dry-temp', model, spec: { k: 3 }, training })).toBe(1);
    expect(await saveModel(store, actor, { name: 'dry-temp', model, spec: { k: 3 }, training })).toBe(2);
    const loaded = await loadModelOfKind(store, 'dry-temp', ['golden'], 1);
    expect(loaded.version).toBe(1);
    expect(loaded.model.envelope.mean).toEqual([2, 3, 4]);
    expect(loaded.createdBy).toBe('ana');
    const audit = await store.all<{ entity_key: string; reason: string }>("SELECT entity_key, reason FROM audit WHERE entity = 'models' ORDER BY audit_id");
    expect(audit).toEqual([{ entity_key: 'dry-temp/1', reason: 'CPV baseline' }, { entity_key: 'dry-temp/2', reason: 'CPV baseline' }]);
    // By name: the latest stored version. G1 is one of the two lots the envelope came from.
    expect((await goldenDeviation(store, 'dry-temp', 'G1')).outside).toBe(0);
    await expect(loadModelOfKind(store, 'dry-temp', ['pca', 'pls'])).rejects.toThrow(/is a golden model/);
    await expect(goldenDeviation(store, model, 'NOPE')).rejects.toThrow(/lot 'NOPE' is not in the store/);
    await expect(buildGolden(store, { signal: 'TT1', phase: 'drying', material: 'granulate', lots: ['G1', 'NOPE'] })).rejects.toThrow(/not in the store: NOPE/);
    await expect(buildGolden(store, { signal: 'TT9', phase: 'drying', material: 'granulate', lots: ['G1', 'G2'] })).rejects.toThrow(/no samples of signal 'TT9'/);
  });
});
