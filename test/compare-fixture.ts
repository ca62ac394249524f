import type { Store } from '../src/store/store.js';

/**
 * compareParameter on a real in-memory store: 7 tablet lots at two sites, assay values chosen
 * so every number is checkable by hand.
 *   site LJ: T1 99, T2 100, T3 101 (mean 100, sd 1)    site NM: T4 101, T5 102, T6 103 (mean 102, sd 1)
 *   T7 at NM has no assay (dropped and counted). Lot attribute 'granulator': G1 for T1, T2, T4; G2 for T3, T5, T6.
 */
export async function seedStore(store: Store): Promise<void> {
  await store.run(`INSERT INTO sites VALUES ('LJ', 'Ljubljana', 'Europe/Ljubljana', NULL, NULL), ('NM', 'Novo mesto', 'Europe/Ljubljana', NULL, NULL)`);
  await store.run(`INSERT INTO materials VALUES ('tablet', 'product', 'Tablet 10 mg', NULL, NULL)`);
  await store.run(`INSERT INTO parameters VALUES ('tablet', 'assay', 'discrete', NULL, '%', 'cqa', 'assay of label claim', NULL, NULL)`);
  await store.run(`INSERT INTO specifications VALUES ('tablet', 'assay', '2020-01-01T00:00:00Z', 95, 105, 100, NULL, NULL)`);
  const lots: [string, string, string, number | null, string][] = [
    ['T1', 'LJ', '2024-01-01', 99, 'G1'], ['T2', 'LJ', '2024-01-02', 100, 'G1'], ['T3', 'LJ', '2024-01-03', 101, 'G2'],
    ['T4', 'NM', '2024-01-04', 101, 'G1'], ['T5', 'NM', '2024-01-05', 102, 'G2'], ['T6', 'NM', '2024-01-06', 103, 'G2'],
    ['T7', 'NM', '2024-01-07', null, 'G1'],
  ];
  for (const [lot, site, start, assay, gran] of lots) {
    await store.run(
      `INSERT INTO lots (lot, material, site, start_time, end_time, status) VALUES ($lot, 'tablet', $site, $start::TIMESTAMPTZ, $start::TIMESTAMPTZ + INTERVAL 8 HOUR, 'released')`,
      { lot, site, start: `${start}T08:00:00Z` },
    );
    if (assay !== null) await store.run(`INSERT INTO discrete (lot, material, parameter, value) VALUES ($lot, 'tablet', 'assay', $v)`, { lot, v: assay });
    await store.run(`INSERT INTO lot_attributes (lot, name, value) VALUES ($lot, 'granulator', $g)`, { lot, g: gran });
  }
}

