import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../src/core/errors.js';
import { downstream, upstream } from '../src/context/genealogy.js';
import { genealogyGraph } from '../src/context/genealogy-graph.js';
import { Store } from '../src/store/store.js';
import { insert, tabletNetwork } from './genealogy-fixtures.js';

let store: Store | undefined;
afterEach(() => store?.close());

const contributions = (c: Awaited<ReturnType<typeof upstream>>, material: string): Record<string, number> =>
  Object.fromEntries(c.lots.filter((l) => l.material === material).map((l) => [l.lot, Number(l.contribution.toFixed(12))]));

describe('upstream closure', () => {
  it('gives a merge of three API lots the shares 10/30/60 of 100 kg, summing to 1', async () => {
    store = await tabletNetwork();
    const up = await upstream(store, 'G1');
    expect(contributions(up, 'api')).toEqual({ A1: 0.1, A2: 0.3, A3: 0.6 });
    expect(contributions(up, 'lactose')).toEqual({ L1: 1 });
    expect(up.lots.every((l) => l.depth === 1 && !l.estimated)).toBe(true);
  });

  it('multiplies shares along paths and adds them over paths, three levels deep', async () => {
    store = await tabletNetwork();
    const up = await upstream(store, 'T1');
    // T1 ← B1 (1) ← G1 (0.4) / G2 (0.6); API: A1 0.4·0.1; A2 0.4·0.3 + 0.6·0.5; A3 0.4·0.6 + 0.6·0.5.
    expect(contributions(up, 'blend')).toEqual({ B1: 1 });
    expect(contributions(up, 'granulate')).toEqual({ G1: 0.4, G2: 0.6 });
    expect(contributions(up, 'api')).toEqual({ A1: 0.04, A2: 0.42, A3: 0.54 });
    const a2 = up.lots.find((l) => l.lot === 'A2')!;
    expect(a2.depth).toBe(3);
    expect(a2.paths.map((p) => p.lots.join('>')).sort()).toEqual(['T1>B1>G1>A2', 'T1>B1>G2>A2']);
    const sum = (m: string) => Object.values(contributions(up, m)).reduce((a, b) => a + b, 0);
    expect(sum('api')).toBeCloseTo(1, 12);
    expect(sum('lactose')).toBeCloseTo(1, 12);
  });

  it('splits equally where quantities are missing and says so', async () => {
    store = await tabletNetwork();
    const up = await upstream(store, 'G2');
    expect(contributions(up, 'lactose')).toEqual({ L1: 0.5, L2: 0.5 });
    expect(up.lots.filter((l) => l.material === 'lactose').every((l) => l.estimated)).toBe(true);
    // API quantities of G2 are all there: not estimated.
    expect(up.lots.filter((l) => l.material === 'api').every((l) => !l.estimated)).toBe(true);
    // Through T1, L1 is reached by an exact path (via G1) and an estimated one (via G2).
    const t1 = await upstream(store, 'T1');
    expect(contributions(t1, 'lactose')).toEqual({ L1: 0.7, L2: 0.3 });
    expect(t1.lots.find((l) => l.lot === 'L1')!.paths.map((p) => p.estimated).sort()).toEqual([false, true]);
  });

  it('gives each child of a split the whole of its single parent', async () => {
    store = await tabletNetwork();
    const up = await upstream(store, ['T1', 'T2']);
    for (const t of ['T1', 'T2']) {
      expect(up.lots.find((l) => l.seed === t && l.lot === 'B1')!.contribution).toBe(1);
    }
  });

  it('stops at the requested depth', async () => {
    store = await tabletNetwork();
    const up = await upstream(store, 'T1', { depth: 2 });
    expect(up.lots.map((l) => l.lot)).toEqual(['B1', 'G1', 'G2']);
    await expect(upstream(store, 'T1', { depth: 0 })).rejects.toMatchObject({ code: 'bad_depth' });
  });

  it('refuses an unknown lot, naming it', async () => {
    store = await tabletNetwork();
    await expect(upstream(store, 'NOPE')).rejects.toThrow(/'NOPE'/);
  });
});

describe('downstream closure', () => {
  it('follows a raw lot to every lot made from it, with its fraction of each', async () => {
    store = await tabletNetwork();
    const down = await downstream(store, 'A1');
    const got = Object.fromEntries(down.lots.map((l) => [l.lot, Number(l.contribution.toFixed(12))]));
    expect(got).toEqual({ G1: 0.1, G3: 1, B1: 0.04, B2: 1, T1: 0.04, T2: 0.04, T3: 1 });
  });
});

describe('cycles', () => {
  it('refuses a cycle and names the lots in it', async () => {
    store = await Store.open(':memory:');
    await insert(store, 'lots', [
      { lot: 'X', material: 'm', site: 'S' }, { lot: 'Y', material: 'm', site: 'S' }, { lot: 'Z', material: 'm', site: 'S' },
    ]);
    await insert(store, 'genealogy', [
      { parent_lot: 'X', child_lot: 'Y', quantity: 1 }, { parent_lot: 'Y', child_lot: 'Z', quantity: 1 },
      { parent_lot: 'Z', child_lot: 'X', quantity: 1 },
    ]);
    const err = await upstream(store, 'X').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('genealogy_cycle');
    expect((err as AppError).message).toContain('X → Z → Y → X');
    expect(((err as AppError).details as { lots: string[] }).lots.sort()).toEqual(['X', 'Y', 'Z']);
  });
});

describe('genealogy graph', () => {
  it('draws the lot, both closures and the edges between them with shares', async () => {
    store = await tabletNetwork();
    const g = await genealogyGraph(store, 'G2');
    expect(g.nodes.map((n) => `${n.lot}:${n.level}`).sort()).toEqual(
      ['A2:-1', 'A3:-1', 'B1:1', 'G2:0', 'L1:-1', 'L2:-1', 'T1:2', 'T2:2'],
    );
    const edge = (p: string, c: string) => g.edges.find((e) => e.parent === p && e.child === c)!;
    expect(edge('G2', 'B1')).toEqual({ parent: 'G2', child: 'B1', quantity: 60, share: 0.6, estimated: false });
    expect(edge('L2', 'G2')).toEqual({ parent: 'L2', child: 'G2', quantity: null, share: 0.5, estimated: true });
    expect(g.edges).toHaveLength(7);
    expect(g.nodes.find((n) => n.lot === 'T1')).toMatchObject({ material: 'tablet', site: 'S', status: 'released', contribution: 0.6 });
  });
});
