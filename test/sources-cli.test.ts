/**
 * `causeway sources` end to end: the built CLI adds a SQL source over a PostgreSQL database made
 * for this run (its password given in the config file, never printed again), tests it, syncs
 * it, lists it with its health and its dead letter, refuses a bad configuration naming the
 * field, and removes it. The database is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestBatch } from '../src/ingest/batch/ingest-batch.js';
import { Store } from '../src/store/store.js';
import { runCli } from './support/cli.js';
import { describeWithService } from './support/services.js';

const DB = `cw_cli_${randomBytes(4).toString('hex')}`;
let admin: pg.Client;
let dir: string;
let db: string;

(await describeWithService('postgres'))('causeway sources (built CLI, PostgreSQL)', () => {
  beforeAll(async () => {
    admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DB}`);
    const c = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: DB });
    await c.connect();
    await c.query(`CREATE TABLE results (id int PRIMARY KEY, lot text, test text, value double precision, changed timestamptz NOT NULL)`);
    await c.query(`INSERT INTO results VALUES (1, 'L1', 'assay', 99.2, '2025-01-02T10:00:00Z'), (2, 'L1', 'water', 2.1, '2025-01-02T11:00:00Z'), (3, 'L7', 'assay', 97.0, '2025-01-02T12:00:00Z')`);
    await c.end();
    dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-sources-cli-'));
    db = path.join(dir, 'store.duckdb');
    const store = await Store.open(db);
    await ingestBatch(store, {
      source: 'setup', sites: [{ site: 'S', timezone: 'UTC' }], materials: [{ material: 'M', type: 'product' }], lots: [{ lot: 'L1', material: 'M', site: 'S' }],
      parameters: [{ parameter: 'assay', kind: 'discrete', material: 'M' }, { parameter: 'water', kind: 'discrete', material: 'M' }],
    }, { actor: { user: 'test' } });
    store.close();
    writeFileSync(path.join(dir, 'lims.yaml'), [
      'connection: { driver: postgres, host: 127.0.0.1, user: postgres, password: "pa55-not-shown", database: ' + DB + ' }',
      'tables:',
      '  - { name: results, table: results, id: id, watermark: { column: changed }, discrete: { lot: "{lot}", parameter: "{test}", value: "{value}" } }',
    ].join('\n'));
    writeFileSync(path.join(dir, 'bad.yaml'), 'connection: { driver: oracle, user: x, database: y }\ntables: []\n');
  }, 60_000);
  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin?.end();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds, tests, syncs, lists and removes a source; the password is never printed', async () => {
    const added = await runCli(dir, db, 'sources', 'add', 'lims', '--kind', 'sql', '--config', 'lims.yaml', '--schedule', 'manual');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added source lims (sql, manual)');
    expect(added.stdout).toContain('password: (secret)');
    const tested = await runCli(dir, db, 'sources', 'test', 'lims');
    expect([tested.code, tested.stdout.split('\n')[0]]).toEqual([0, 'ok']);
    const synced = await runCli(dir, db, 'sources', 'sync', 'lims', '--json');
    expect(JSON.parse(synced.stdout)).toMatchObject({ batches: 1, rows: 3, inserted: 2, dead: 1 });
    const list = JSON.parse((await runCli(dir, db, 'sources', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ source: 'lims', kind: 'sql', status: 'ok', deadLetters: { total: 1, lastDay: 1 } });
    const letters = await runCli(dir, db, 'sources', 'dead-letters', 'lims');
    expect(letters.stdout).toContain("lot unknown lot (value 'L7')");
    const shown = await runCli(dir, db, 'sources', 'show', 'lims', '--json');
    for (const out of [added, tested, synced, letters, shown]) expect(out.stdout + out.stderr).not.toContain('pa55-not-shown');
    expect(readFileSync(db).includes(Buffer.from('pa55-not-shown'))).toBe(false);
    const bad = await runCli(dir, db, 'sources', 'add', 'x', '--kind', 'sql', '--config', 'bad.yaml');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('connection.driver');
    // A SQL source has no actions of its kind; asking for one names what there is.
    expect((await runCli(dir, db, 'sources', 'actions', 'lims')).stdout.trim()).toBe('source lims has no actions');
    const noAction = await runCli(dir, db, 'sources', 'do', 'lims', 'trust', 'thumbprint=00');
    expect([noAction.code, noAction.stderr]).toEqual([1, expect.stringContaining("a sql source has no action 'trust'")]);
    const removed = await runCli(dir, db, 'sources', 'remove', 'lims');
    expect([removed.code, removed.stdout.trim()]).toEqual([0, 'removed source lims; the data it stored stays']);
    expect(JSON.parse((await runCli(dir, db, 'sources', 'list', '--json')).stdout)).toEqual([]);
  }, 90_000);
});
