import { createUser } from '../src/server/auth/users.js';
import { audit } from '../src/store/audit.js';
import { Store } from '../src/store/store.js';
import { TEST_PASSWORD } from './support/app.js';

/** Twelve tablet lots with one assay each (the values of test/spc-store.test.ts) and the import that brought them. */
export const ASSAY = [100, 101, 99, 100, 102, 98, 100, 101, 99, 100, 110, 100];

/**
 * A store with the assay lots, one import row for the data state, and two people who sign:
 * `mia` (manufacturing, proposes limits) and `quinn` (quality, full name Quinn Quality).
 */
export async function recordsFixture(store?: Store): Promise<Store> {
  const s = store ?? (await Store.open(':memory:'));
  await s.run(`INSERT INTO sites VALUES ('S1', 'Site 1', 'Europe/Ljubljana', NULL, NULL)`);
  await s.run(`INSERT INTO materials VALUES ('TAB', 'product', NULL, NULL, NULL)`);
  await s.run(`INSERT INTO imports VALUES ('imp-1', 'fixture', 'folder', 'test', 'fixture', '2024-02-01T00:00:00Z', '2024-02-01T00:00:01Z', NULL)`);
  await audit(s, { user: 'test', reason: 'fixture' }, { action: 'import', entity: 'imports', key: 'imp-1', importId: 'imp-1' });
  for (let i = 0; i < ASSAY.length; i++) {
    const lot = `L${String(i + 1).padStart(2, '0')}`;
    await s.run(`INSERT INTO lots (lot, material, site, start_time, import_id) VALUES ($1, 'TAB', 'S1', $2::TIMESTAMPTZ, 'imp-1')`, [lot, `2024-01-${String(i + 1).padStart(2, '0')}T08:00:00Z`]);
    await s.run(`INSERT INTO discrete (lot, material, parameter, value, import_id) VALUES ($1, 'TAB', 'assay', $2, 'imp-1')`, [lot, ASSAY[i]!]);
  }
  await s.run(`INSERT INTO specifications VALUES ('TAB', 'assay', '2024-01-01T00:00:00Z', 95, 105, 100, 'imp-1', 'fixture')`);
  const admin = { user: 'test', reason: 'fixture' };
  await createUser(s, admin, { username: 'mia', role: 'manufacturing', password: TEST_PASSWORD, displayName: 'Mia Manufacturing' });
  await createUser(s, admin, { username: 'quinn', role: 'quality', password: TEST_PASSWORD, displayName: 'Quinn Quality' });
  return s;
}
