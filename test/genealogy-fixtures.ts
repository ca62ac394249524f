import type { DuckDBValue } from '@duckdb/node-api';
import { quoteIdent } from '../src/store/sql.js';
import { Store } from '../src/store/store.js';

/** Inserts rows (objects with the same keys) into a table, every value bound. */
export async function insert(store: Store, table: string, rows: Record<string, DuckDBValue>[]): Promise<void> {
  for (const row of rows) {
    const cols = Object.keys(row);
    await store.run(
      `INSERT INTO ${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}) VALUES (${cols.map((_, i) => '$' + (i + 1)).join(', ')})`,
      cols.map((c) => row[c]!),
    );
  }
}

const lot = (lot: string, material: string, extra: Record<string, DuckDBValue> = {}): Record<string, DuckDBValue> => ({
  lot, material, site: 'S', ...extra,
});

/**
 * A small tablet network a reader can check by hand (quantities in kg):
 *
 * ```
 *  G1 ← A1 10, A2 30, A3 60 (API);  L1 100 (lactose)
 *  G2 ← A2 50, A3 50 (API);         L1 ?, L2 ? (lactose, quantities missing)
 *  B1 ← G1 40, G2 60                B1 → T1 30, T2 70 (a split)
 *  G3 ← A1 5;  B2 ← G3 20;  T3 ← B2 20
 * ```
 * Shares into T1: B1 1; into B1: G1 0.4, G2 0.6; API into G1: 0.1/0.3/0.6; API into G2: 0.5/0.5;
 * lactose into G2: 0.5/0.5 estimated (quantities missing). So API in T1: A1 0.04, A2 0.42, A3 0.54.
 */
export async function tabletNetwork(file = ':memory:'): Promise<Store> {
  const store = await Store.open(file);
  await insert(store, 'materials', [
    { material: 'api', type: 'raw' }, { material: 'lactose', type: 'raw' },
    { material: 'granulate', type: 'intermediate' }, { material: 'blend', type: 'intermediate' },
    { material: 'tablet', type: 'product' },
  ]);
  await insert(store, 'steps', [
    { step: 'granulation', product: 'tab', sequence: 1, material: 'granulate' },
    { step: 'blending', product: 'tab', sequence: 2, material: 'blend' },
    { step: 'compression', product: 'tab', sequence: 3, material: 'tablet' },
  ]);
  const t = (d: string): DuckDBValue => d; // ISO strings cast by DuckDB on insert
  await insert(store, 'lots', [
    lot('A1', 'api', { supplier: 'SupC', start_time: t('2024-01-01T00:00:00Z') }),
    lot('A2', 'api', { supplier: 'SupB', start_time: t('2024-01-02T00:00:00Z') }),
    lot('A3', 'api', { supplier: 'SupA', start_time: t('2024-01-03T00:00:00Z') }),
    lot('L1', 'lactose', { supplier: 'LacX', start_time: t('2024-01-01T00:00:00Z') }),
    lot('L2', 'lactose', { supplier: 'LacY', start_time: t('2024-01-02T00:00:00Z') }),
    lot('G1', 'granulate', { step: 'granulation', equipment: 'GR-1', start_time: t('2024-02-01T00:00:00Z') }),
    lot('G2', 'granulate', { step: 'granulation', equipment: 'GR-2', start_time: t('2024-02-02T00:00:00Z') }),
    lot('G3', 'granulate', { step: 'granulation', equipment: 'GR-1', start_time: t('2024-02-03T00:00:00Z') }),
    lot('B1', 'blend', { step: 'blending', equipment: 'BL-1', start_time: t('2024-03-01T00:00:00Z') }),
    lot('B2', 'blend', { step: 'blending', equipment: 'BL-2', start_time: t('2024-03-02T00:00:00Z') }),
    lot('T1', 'tablet', { step: 'compression', equipment: 'PR-1', status: 'released', start_time: t('2024-04-01T00:00:00Z') }),
    lot('T2', 'tablet', { step: 'compression', equipment: 'PR-1', status: 'released', start_time: t('2024-04-02T00:00:00Z') }),
    lot('T3', 'tablet', { site: 'R', step: 'compression', equipment: 'PR-9', status: 'rejected', start_time: t('2024-05-01T00:00:00Z') }),
  ]);
  await insert(store, 'genealogy', [
    { parent_lot: 'A1', child_lot: 'G1', quantity: 10 }, { parent_lot: 'A2', child_lot: 'G1', quantity: 30 },
    { parent_lot: 'A3', child_lot: 'G1', quantity: 60 }, { parent_lot: 'L1', child_lot: 'G1', quantity: 100 },
    { parent_lot: 'A2', child_lot: 'G2', quantity: 50 }, { parent_lot: 'A3', child_lot: 'G2', quantity: 50 },
    { parent_lot: 'L1', child_lot: 'G2', quantity: null }, { parent_lot: 'L2', child_lot: 'G2', quantity: null },
    { parent_lot: 'G1', child_lot: 'B1', quantity: 40 }, { parent_lot: 'G2', child_lot: 'B1', quantity: 60 },
    { parent_lot: 'B1', child_lot: 'T1', quantity: 30 }, { parent_lot: 'B1', child_lot: 'T2', quantity: 70 },
    { parent_lot: 'A1', child_lot: 'G3', quantity: 5 }, { parent_lot: 'G3', child_lot: 'B2', quantity: 20 },
    { parent_lot: 'B2', child_lot: 'T3', quantity: 20 },
  ]);
  await insert(store, 'lot_attributes', [
    { lot: 'T1', name: 'campaign', value: 'C1' }, { lot: 'T2', name: 'campaign', value: 'C1' },
  ]);
  // d90 on every API lot; water on A1 and A2 only (A3 has none); LOD on the granulates.
  await insert(store, 'discrete', [
    { lot: 'A1', material: 'api', parameter: 'd90', value: 100 },
    { lot: 'A2', material: 'api', parameter: 'd90', value: 200 },
    { lot: 'A3', material: 'api', parameter: 'd90', value: 50 },
    { lot: 'A1', material: 'api', parameter: 'water', value: 1 },
    { lot: 'A2', material: 'api', parameter: 'water', value: 2 },
    { lot: 'G1', material: 'granulate', parameter: 'lod', value: 2 },
    { lot: 'G2', material: 'granulate', parameter: 'lod', value: 3 },
    { lot: 'T1', material: 'tablet', parameter: 'dissolution', value: 85 },
    { lot: 'T2', material: 'tablet', parameter: 'dissolution', value: 80 },
  ]);
  const feature = (l: string, name: string, step: string, value: number | null): Record<string, DuckDBValue> => ({
    lot: l, name, source_kind: 'continuous', step, fn: 'max', value, n: 10, excluded: 0, computed_at: '2024-06-01T00:00:00Z',
  });
  await insert(store, 'features', [
    feature('G1', 'granulation.impeller_power.max', 'granulation', 5),
    feature('G2', 'granulation.impeller_power.max', 'granulation', 7),
    feature('G3', 'granulation.impeller_power.max', 'granulation', null),
    feature('T1', 'tablet_weight.rsd', 'compression', 1.2),
  ]);
  return store;
}
