import { describe, expect, it } from 'vitest';
import { Store } from './store.js';
import { SCHEMA_VERSION } from './migrations.js';
import { audit, readAudit } from './audit.js';

describe('store', () => {
  it('creates the schema at the current version', async () => {
    const store = await Store.open(':memory:');
    try {
      expect(await store.value('SELECT max(version) FROM schema_version')).toBe(SCHEMA_VERSION);
      const tables = (await store.all<{ table_name: string }>('SELECT table_name FROM information_schema.tables ORDER BY 1')).map((r) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(['lots', 'genealogy', 'samples', 'audit', 'imports', 'specifications']));
    } finally {
      store.close();
    }
  });

  it('rolls back data and audit together when a transaction fails', async () => {
    const store = await Store.open(':memory:');
    try {
      await expect(
        store.transaction(async () => {
          await store.run("INSERT INTO sites VALUES ('S1', 'One', 'Europe/Ljubljana', NULL, NULL)");
          await audit(store, { user: 'ana', reason: 'test' }, { action: 'insert', entity: 'sites', key: 'S1' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.value('SELECT count(*) FROM sites')).toBe(0n);
      expect(await readAudit(store)).toHaveLength(0);
    } finally {
      store.close();
    }
  });

  it('returns numeric columns as Float64Array with NULL as NaN', async () => {
    const store = await Store.open(':memory:');
    try {
      const cols = await store.columns('SELECT * FROM (VALUES (1.5, \'a\'), (NULL, \'b\')) t(x, s)');
      expect(Array.from(cols.x as Float64Array)).toEqual([1.5, NaN]);
      expect(cols.s).toEqual(['a', 'b']);
    } finally {
      store.close();
    }
  });
});
