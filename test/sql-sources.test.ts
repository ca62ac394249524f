/**
 * SQL sources against the PostgreSQL and MariaDB servers on this machine: an MES-like table of
 * orders (lots) and a LIMS-like table of results, in a database created for this run and
 * dropped after it.
 *
 * Checked for each: a first sync stores the lots and results and keeps a result naming an
 * unknown lot as a dead letter with its reason (shown in the source's health); three results
 * corrected in the source (new value, newer updated_at, a reason) arrive with the next sync as
 * corrections with the old values kept and the source's reason; a further sync (which re-reads
 * its overlap) changes nothing; nothing is ever stored twice. MariaDB's DATETIME (no zone) is
 * read as local time at the lot's site.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sourceHealth } from '../src/connectors/health.js';
import { syncSource, testSource } from '../src/connectors/runner.js';
import { addSource } from '../src/connectors/sources.js';
import { readDeadLetters } from '../src/ingest/batch/dead-letters.js';
import { ingestBatch } from '../src/ingest/batch/ingest-batch.js';
import { Store } from '../src/store/store.js';
import { describeWithService } from './support/services.js';

const DB = `cw_${randomBytes(4).toString('hex')}`;

/** Runs statements on the test database of one server (the admin connection for CREATE/DROP DATABASE). */
interface Server {
  admin(sql: string): Promise<void>;
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}

async function postgres(): Promise<Server> {
  const admin = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  const db = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: DB });
  await db.connect();
  return {
    admin: async (sql) => { await admin.query(sql); },
    run: async (sql) => { await db.query(sql); },
    close: async () => { await db.end(); await admin.query(`DROP DATABASE IF EXISTS ${DB}`); await admin.end(); },
  };
}

async function mariadb(): Promise<Server> {
  const admin = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
  await admin.query(`CREATE DATABASE ${DB}`);
  const db = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: DB });
  return {
    admin: async (sql) => { await admin.query(sql); },
    run: async (sql) => { await db.query(sql); },
    close: async () => { await db.end(); await admin.query(`DROP DATABASE IF EXISTS ${DB}`); await admin.end(); },
  };
}

/** The schema and first rows of an MES (orders) and a LIMS (results), in the server's dialect. */
async function fill(s: Server, kind: 'postgres' | 'mariadb'): Promise<void> {
  const local = kind === 'postgres' ? 'timestamp' : 'DATETIME';
  const instant = kind === 'postgres' ? 'timestamptz' : 'DATETIME(3)';
  const serial = kind === 'postgres' ? 'serial PRIMARY KEY' : 'INT AUTO_INCREMENT PRIMARY KEY';
  await s.run(`CREATE TABLE mes_orders (order_no varchar(20) PRIMARY KEY, product varchar(20), plant varchar(10), started ${local}, finished ${local},
    qty decimal(10,2), state varchar(10), modified ${instant} NOT NULL)`);
  await s.run(`CREATE TABLE lims_results (result_id ${serial}, batch_no varchar(20), test_code varchar(20), result_value decimal(10,3),
    tested_at ${local}, updated_at ${instant} NOT NULL, change_reason varchar(200))`);
  await s.run(`INSERT INTO mes_orders VALUES ('O1', 'TAB', 'LJ', '2025-03-01 08:00:00', '2025-03-01 16:00:00', 120000, 'done', '2025-03-01 16:05:00'),
    ('O2', 'TAB', 'LJ', '2025-03-02 08:00:00', '2025-03-02 16:30:00', 118500, 'done', '2025-03-02 16:35:00')`);
  await s.run(`INSERT INTO lims_results (batch_no, test_code, result_value, tested_at, updated_at) VALUES
    ('O1', 'assay', 99.1, '2025-03-02 09:00:00', '2025-03-02 09:10:00'), ('O1', 'water', 2.10, '2025-03-02 09:30:00', '2025-03-02 09:40:00'),
    ('O1', 'hardness', 81.0, '2025-03-02 10:00:00', '2025-03-02 10:10:00'), ('O2', 'assay', 98.7, '2025-03-03 09:00:00', '2025-03-03 09:10:00'),
    ('O2', 'water', 2.40, '2025-03-03 09:30:00', '2025-03-03 09:40:00'), ('O2', 'hardness', 79.5, '2025-03-03 10:00:00', '2025-03-03 10:10:00'),
    ('O9', 'assay', 97.0, '2025-03-03 11:00:00', '2025-03-03 11:10:00')`);
}

function scenario(kind: 'postgres' | 'mariadb') {
  let server: Server;
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    server = kind === 'postgres' ? await postgres() : await mariadb();
    await fill(server, kind);
    dir = mkdtempSync(path.join(os.tmpdir(), `causeway-sql-${kind}-`));
    store = await Store.open(path.join(dir, 'store.duckdb'));
    await ingestBatch(store, {
      source: 'setup', sites: [{ site: 'LJ', timezone: 'Europe/Ljubljana' }], materials: [{ material: 'TAB', type: 'product' }],
      parameters: ['assay', 'water', 'hardness'].map((p) => ({ parameter: p, kind: 'discrete', material: 'TAB' })),
    }, { actor: { user: 'test' } });
    await addSource(store, {
      name: 'lims', kind: 'sql', schedule: 'manual',
      config: {
        connection: kind === 'postgres' ? { driver: 'postgres', host: '127.0.0.1', user: 'postgres', database: DB } : { driver: 'mariadb', host: '127.0.0.1', user: 'root', password: '', database: DB },
        tables: [
          { name: 'orders', table: 'mes_orders', id: 'order_no', watermark: { column: 'modified', overlap: '1h' },
            lots: { lot: '{order_no}', material: '{product}', site: '{plant}', start: '{started}', end: '{finished}', quantity: '{qty}', status: '{state}' } },
          { name: 'results', table: 'lims_results', id: 'result_id', watermark: { column: 'updated_at', overlap: '1h' }, reason: 'change_reason', batchSize: 4,
            discrete: { lot: '{batch_no}', parameter: '{test_code}', value: '{result_value}', time: '{tested_at}' } },
        ],
      },
    }, { user: 'admin' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('tests the connection and the columns the mapping names, storing nothing', async () => {
    const r = await testSource(store, 'lims');
    expect(r.ok).toBe(true);
    expect(r.notes.slice(1)).toEqual(['orders: readable, every column the mapping names is there', 'results: readable, every column the mapping names is there']);
    expect(await store.value('SELECT count(*) FROM lots')).toBe(0n);
  });

  it('syncs lots and results; a result of an unknown lot is a dead letter shown in the health', async () => {
    const r = await syncSource(store, 'lims');
    // 2 orders (one page) + 7 results (pages of 4 and 3): 3 batches.
    expect([r.batches, r.rows, r.inserted, r.dead]).toEqual([3, 9, 8, 1]);
    expect(await store.all('SELECT lot, start_time, quantity, status FROM lots ORDER BY lot')).toEqual([
      // 08:00 in Ljubljana in March is 07:00 UTC.
      { lot: 'O1', start_time: new Date('2025-03-01T07:00:00Z'), quantity: 120000, status: 'done' },
      { lot: 'O2', start_time: new Date('2025-03-02T07:00:00Z'), quantity: 118500, status: 'done' },
    ]);
    expect(await store.value('SELECT count(*) FROM discrete')).toBe(6n);
    expect(await store.value("SELECT source FROM discrete WHERE lot = 'O2' AND parameter = 'water'")).toBe('lims:results:5');
    const [letter] = await readDeadLetters(store, { source: 'lims' });
    // Both problems of the row: its lot is unknown, so is the site whose clock its local time was read on.
    expect([letter!.kind, letter!.item, letter!.reason]).toEqual(['discrete', 'results:7', "time is a local time but the time zone is unknown (value '2025-03-03 11:00:00'); lot unknown lot (value 'O9')"]);
    const [h] = await sourceHealth(store, 'lims');
    expect([h!.status, h!.deadLetters.total, (h!.watermark as Record<string, { id: unknown }>).results!.id]).toEqual(['ok', 1, 7]);
  });

  it('takes three results corrected in the source as corrections, the old values and the reason kept, nothing duplicated', async () => {
    const later = kind === 'postgres' ? `'2025-03-05 12:00:00+00'` : `'2025-03-05 12:00:00'`;
    await server.run(`UPDATE lims_results SET result_value = result_value + 0.5, updated_at = ${later}, change_reason = 'reanalysis after OOS-12' WHERE result_id IN (1, 2, 4)`);
    const r = await syncSource(store, 'lims');
    // The overlap (1 h) re-reads result 7: refused again, but recorded once.
    expect([r.inserted, r.replaced, r.dead]).toEqual([0, 3, 1]);
    expect(await store.value("SELECT count(*) FROM dead_letters WHERE source = 'lims'")).toBe(1n);
    expect(await store.value('SELECT count(*) FROM discrete')).toBe(6n);
    expect(await store.all("SELECT lot, parameter, value FROM discrete WHERE source IN ('lims:results:1', 'lims:results:2', 'lims:results:4') ORDER BY lot, parameter")).toEqual([
      { lot: 'O1', parameter: 'assay', value: 99.6 }, { lot: 'O1', parameter: 'water', value: 2.6 }, { lot: 'O2', parameter: 'assay', value: 99.2 },
    ]);
    const prior = await store.all<{ entity_key: string; old_value: string; reason: string }>("SELECT entity_key, old_value, reason FROM prior_values WHERE entity = 'discrete' ORDER BY entity_key");
    expect(prior.map((p) => [p.entity_key, JSON.parse(p.old_value).value, p.reason])).toEqual([
      ['O1/assay', 99.1, 'reanalysis after OOS-12'], ['O1/water', 2.1, 'reanalysis after OOS-12'], ['O2/assay', 98.7, 'reanalysis after OOS-12'],
    ]);
    expect(await store.value("SELECT count(*) FROM audit WHERE action = 'replace' AND entity = 'discrete' AND reason = 'reanalysis after OOS-12'")).toBe(3n);
    const again = await syncSource(store, 'lims');
    expect([again.inserted, again.replaced]).toEqual([0, 0]);
    expect(await store.value('SELECT count(*) FROM prior_values')).toBe(3n);
  });
}

(await describeWithService('postgres'))('a SQL source over PostgreSQL (MES orders, LIMS results)', () => scenario('postgres'));
(await describeWithService('mariadb'))('a SQL source over MariaDB (MES orders, LIMS results)', () => scenario('mariadb'));
