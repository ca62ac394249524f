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

  // Regression: `transaction()` joined any call made while another transaction was open, so a
  // write reported as saved was rolled back with a failing one (issue: lost writes).
  it('keeps a write that committed while another transaction later failed (the lost write)', async () => {
    const store = await Store.open(':memory:');
    try {
      const site = (id: string) => store.run('INSERT INTO sites VALUES ($1, $1, \'UTC\', NULL, NULL)', [id]);
      const failing = store.transaction(async () => {
        await site('A');
        await sleep(200);
        throw new Error('import failed half-way');
      });
      await sleep(20);
      const saved = store.transaction(async () => {
        await site('B');
        return 'saved';
      });
      await expect(failing).rejects.toThrow('half-way');
      expect(await saved).toBe('saved');
      expect(await store.all('SELECT site FROM sites ORDER BY site')).toEqual([{ site: 'B' }]);
    } finally {
      store.close();
    }
  });

  it('does not show a transaction\'s uncommitted rows to readers outside it, on the same or another handle', async () => {
    const store = await Store.open(':memory:');
    const other = await store.fork();
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const written = new Promise<void>((r) => (inserted = r));
      const tx = store.transaction(async () => {
        await store.run("INSERT INTO sites VALUES ('S', 'S', 'UTC', NULL, NULL)");
        expect(await store.value('SELECT count(*) FROM sites')).toBe(1n);
        inserted();
        await gate;
      });
      await written;
      expect(await store.value('SELECT count(*) FROM sites')).toBe(0n);
      expect(await other.value('SELECT count(*) FROM sites')).toBe(0n);
      release();
      await tx;
      expect(await other.value('SELECT count(*) FROM sites')).toBe(1n);
    } finally {
      other.close();
      store.close();
    }
  });

  it('runs the transactions of all handles one after another, in the order they asked', async () => {
    const store = await Store.open(':memory:');
    const handles = [store, ...(await Promise.all([store.fork(), store.fork()]))];
    try {
      const order: string[] = [];
      await Promise.all(handles.map((h, i) => h.transaction(async () => {
        order.push(`begin ${i}`);
        await h.run('INSERT INTO sites VALUES ($1, $1, \'UTC\', NULL, NULL)', [`S${i}`]);
        await sleep(30);
        order.push(`end ${i}`);
      })));
      expect(order).toEqual(['begin 0', 'end 0', 'begin 1', 'end 1', 'begin 2', 'end 2']);
      expect(await store.value('SELECT count(*) FROM sites')).toBe(3n);
    } finally {
      store.close();
    }
  });

  it('closes every handle with the one it opened', async () => {
    const store = await Store.open(':memory:');
    const other = await store.fork();
    store.close();
    await expect(other.value('SELECT 1')).rejects.toThrow();
    await expect(store.fork()).rejects.toThrow('closed');
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
