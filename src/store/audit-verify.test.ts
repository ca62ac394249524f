import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit, auditFromQuery } from './audit.js';
import { canonicalEntry, entryHash, GENESIS, readHead } from './audit-chain.js';
import { verifyAudit, type AuditVerification } from './audit-verify.js';
import { MIGRATIONS } from './migrations.js';
import { Store } from './store.js';

/** Rolls back whatever a tamper case did, so every case starts from the same intact trail. */
class Rollback extends Error {}

/** Runs `tamper` (plain SQL) and verifies inside one transaction, then rolls it back. */
async function tampered(store: Store, tamper: string[]): Promise<AuditVerification> {
  let v: AuditVerification | undefined;
  await store
    .transaction(async () => {
      for (const sql of tamper) await store.run(sql);
      v = await verifyAudit(store);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return v!;
}

const FIELDS = ['recorded_at', 'user_name', 'action', 'entity', 'entity_key', 'field', 'old_value', 'new_value', 'reason', 'import_id', 'prev_hash', 'entry_hash'] as const;

/** An edit of one field that changes its value: text gets a character, a time one microsecond. */
function edit(field: (typeof FIELDS)[number], id: number): string {
  if (field === 'recorded_at') return `UPDATE audit SET recorded_at = recorded_at + INTERVAL 1 MICROSECOND WHERE audit_id = ${id}`;
  return `UPDATE audit SET ${field} = coalesce(${field} || 'x', 'x') WHERE audit_id = ${id}`;
}

describe('audit trail hash chain', () => {
  let store: Store;
  let ids: number[];

  beforeAll(async () => {
    store = await Store.open(':memory:');
    // Ten entries in five transactions: single entries, a batch, and entries from a query.
    await audit(store, { user: 'ana', reason: 'first' }, { action: 'insert', entity: 'sites', key: 'LJU', newValue: 'Ljubljana' });
    await store.transaction(async () => {
      await audit(store, { user: 'ana' }, [
        { action: 'import', entity: 'lots', field: 'rows', newValue: '3 inserted', importId: 'imp-1' },
        { action: 'import', entity: 'discrete', field: 'rows', newValue: '6 inserted', importId: 'imp-1' },
      ]);
    });
    await auditFromQuery(store, `SELECT 'bo' AS user_name, 'replace' AS action, 'discrete' AS entity, 'L' || i || '/assay' AS entity_key, 'value' AS field,
      '99.' || i AS old_value, '100.' || i AS new_value, 'lab correction' AS reason, 'imp-2' AS import_id FROM range(1, 6) t(i) ORDER BY i`);
    await audit(store, { user: 'qa.lead', reason: 'reviewed' }, { action: 'approve', entity: 'control_limits', key: 'TAB/assay/imr/v1', field: 'status', oldValue: 'proposed', newValue: 'approved' });
    await audit(store, { user: 'ana', reason: 'naïve “quotes” and ünïcödé' }, { action: 'update', entity: 'users', key: 'bo', field: 'role', oldValue: 'viewer', newValue: 'quality' });
    ids = (await store.all<{ audit_id: bigint }>('SELECT audit_id FROM audit ORDER BY audit_id')).map((r) => Number(r.audit_id));
  });
  afterAll(() => store.close());

  it('an intact trail verifies, each entry hashing its fields onto the one before', async () => {
    expect(ids).toHaveLength(10);
    const v = await verifyAudit(store);
    expect(v).toMatchObject({ ok: true, entries: 10 });
    const rows = await store.all<{ prev_hash: string; entry_hash: string }>('SELECT prev_hash, entry_hash FROM audit ORDER BY audit_id');
    expect(rows[0]!.prev_hash).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.entry_hash);
    expect(v.head).toEqual({ auditId: String(ids[9]), hash: rows[9]!.entry_hash });
    expect(await readHead(store)).toEqual({ auditId: BigInt(ids[9]!), hash: rows[9]!.entry_hash, entries: 10n });
  });

  it('the hash is SHA-256 of the canonical form, which a reader can recompute', () => {
    const e = { auditId: 1n, recordedAtUs: 1_700_000_000_123_456n, user: 'ana', action: 'insert', entity: 'sites', key: 'LJU', field: null, oldValue: null, newValue: 'Ljubljana', reason: 'first', importId: null };
    const literal = `["causeway.audit/1","1","1700000000123456","ana","insert","sites","LJU",null,null,"Ljubljana","first",null,"${GENESIS}"]`;
    expect(canonicalEntry(e, GENESIS)).toBe(literal);
    // printf '%s' "$literal" | sha256sum
    expect(entryHash(e, GENESIS)).toBe('c9da44016f11a90e8b540426f7b0bb68fb5e0c279854c8dce91fcf8d25532e68');
  });

  it('detects every edit of every field of every entry (120 of 120) and names the entry', async () => {
    const missed: string[] = [];
    let cases = 0;
    for (const id of ids) {
      for (const f of FIELDS) {
        cases++;
        const v = await tampered(store, [edit(f, id)]);
        if (v.ok || v.firstBreak?.auditId !== String(id) || v.firstBreak.problem !== 'changed') missed.push(`${f}@${id}: ${JSON.stringify(v.firstBreak)}`);
      }
    }
    expect(cases).toBe(120);
    expect(missed).toEqual([]);
  });

  it('detects every deletion of one entry and of runs of entries, and names the entry after the gap', async () => {
    const missed: string[] = [];
    let cases = 0;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i; j < ids.length; j++) {
        cases++;
        const v = await tampered(store, [`DELETE FROM audit WHERE audit_id BETWEEN ${ids[i]} AND ${ids[j]}`]);
        // Deleting up to the last entry leaves a trail that ends early: the head names it.
        const expected = j === ids.length - 1 ? { problem: 'head', auditId: i === 0 ? null : String(ids[i - 1]) } : { problem: 'link', auditId: String(ids[j + 1]) };
        if (v.ok || v.firstBreak?.problem !== expected.problem || v.firstBreak.auditId !== expected.auditId) missed.push(`${ids[i]}..${ids[j]}: ${JSON.stringify(v.firstBreak)}`);
      }
    }
    expect(cases).toBe(55);
    expect(missed).toEqual([]);
  });

  it('detects every reordering: swapped ids, swapped contents, an entry moved to the end, the whole trail reversed', async () => {
    const swapIds = (a: number, b: number) => [
      `UPDATE audit SET audit_id = -1 WHERE audit_id = ${a}`, `UPDATE audit SET audit_id = ${a} WHERE audit_id = ${b}`, `UPDATE audit SET audit_id = ${b} WHERE audit_id = -1`,
    ];
    const cols = ['recorded_at', 'user_name', 'action', 'entity', 'entity_key', 'field', 'old_value', 'new_value', 'reason', 'import_id', 'prev_hash', 'entry_hash'];
    const swapContents = (a: number, b: number) => [
      `CREATE OR REPLACE TEMP TABLE swap AS SELECT * FROM audit WHERE audit_id IN (${a}, ${b})`,
      `UPDATE audit SET ${cols.map((c) => `${c} = s.${c}`).join(', ')} FROM swap s WHERE s.audit_id = CASE audit.audit_id WHEN ${a} THEN ${b} ELSE ${a} END AND audit.audit_id IN (${a}, ${b})`,
    ];
    const cases: Array<{ name: string; sql: string[]; first: number }> = [];
    for (let i = 0; i + 1 < ids.length; i++) {
      cases.push({ name: `swap ids ${ids[i]}<->${ids[i + 1]}`, sql: swapIds(ids[i]!, ids[i + 1]!), first: ids[i]! });
      cases.push({ name: `swap contents ${ids[i]}<->${ids[i + 1]}`, sql: swapContents(ids[i]!, ids[i + 1]!), first: ids[i]! });
    }
    for (let i = 0; i + 1 < ids.length; i++) cases.push({ name: `move ${ids[i]} to the end`, sql: [`UPDATE audit SET audit_id = ${ids[9]! + 1} WHERE audit_id = ${ids[i]}`], first: ids[i + 1]! });
    cases.push({ name: 'reverse all', sql: [`UPDATE audit SET audit_id = -audit_id`, `UPDATE audit SET audit_id = ${ids[0]! + ids[9]!} + audit_id`], first: ids[0]! });
    const missed: string[] = [];
    for (const c of cases) {
      const v = await tampered(store, c.sql);
      if (v.ok || v.firstBreak?.auditId !== String(c.first)) missed.push(`${c.name}: ${JSON.stringify(v.firstBreak)}`);
    }
    expect(cases).toHaveLength(28);
    expect(missed).toEqual([]);
  });

  it('detects entries inserted with plain SQL, a deleted or altered head, and a trail emptied with its head', async () => {
    const last = ids[9]!;
    const forged = `INSERT INTO audit SELECT ${last + 1}, recorded_at, user_name, action, entity, entity_key, field, old_value, new_value, reason, import_id, entry_hash, entry_hash FROM audit WHERE audit_id = ${last}`;
    expect((await tampered(store, [forged])).firstBreak).toMatchObject({ auditId: String(last + 1), problem: 'changed' });
    const between = `INSERT INTO audit SELECT ${ids[3]! * 1000}, recorded_at, user_name, action, entity, entity_key, field, old_value, new_value, reason, import_id, prev_hash, entry_hash FROM audit WHERE audit_id = ${ids[3]}`;
    expect((await tampered(store, [`DELETE FROM audit WHERE audit_id = ${ids[4]}`, between.replace(String(ids[3]! * 1000), String(ids[4]))])).firstBreak).toMatchObject({ auditId: String(ids[4]), problem: 'changed' });
    expect((await tampered(store, ['DELETE FROM audit_head'])).firstBreak).toMatchObject({ problem: 'head' });
    expect((await tampered(store, [`UPDATE audit_head SET last_hash = '${'f'.repeat(64)}'`])).firstBreak).toMatchObject({ problem: 'head', auditId: String(last) });
    const emptied = await tampered(store, [
      "INSERT INTO imports (import_id, source, kind, user_name, started_at) VALUES ('imp-1', 'lots/', 'folder', 'ana', '2025-01-02T03:04:05Z')",
      'DELETE FROM audit', 'DELETE FROM audit_head',
    ]);
    expect(emptied).toMatchObject({ ok: false, firstBreak: { problem: 'unaudited' } });
    expect(emptied.firstBreak?.message).toContain('import imp-1');
  });

  it('a store made before the chain gets it by migration, and says so in the trail', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'causeway-chain-'));
    const file = path.join(dir, 'old.duckdb');
    try {
      // A store at schema version 4 with two entries written the old way.
      const instance = await DuckDBInstance.create(file);
      const c = await instance.connect();
      for (const m of MIGRATIONS.filter((x) => x.version <= 4)) {
        for (const sql of m.sql) await c.run(sql);
        await c.run('INSERT INTO schema_version VALUES ($1, $2, now())', [m.version, m.description]);
      }
      await c.run(`INSERT INTO audit (recorded_at, user_name, action, entity, entity_key, reason) VALUES (now(), 'ana', 'insert', 'sites', 'LJU', 'old'), (now(), 'bo', 'login', 'sessions', 'bo', NULL)`);
      c.closeSync();
      instance.closeSync();
      const migrated = await Store.open(file);
      try {
        const v = await verifyAudit(migrated);
        expect(v).toMatchObject({ ok: true, entries: 3 });
        const chain = await migrated.one<{ user_name: string; new_value: string }>("SELECT user_name, new_value FROM audit WHERE action = 'chain'");
        expect(chain).toEqual({ user_name: 'causeway', new_value: '2 earlier entries chained; changes to them are detected from now on' });
        await migrated.run("UPDATE audit SET entity_key = 'PAR' WHERE entity_key = 'LJU'");
        expect((await verifyAudit(migrated)).firstBreak).toMatchObject({ auditId: '1', problem: 'changed' });
      } finally {
        migrated.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
