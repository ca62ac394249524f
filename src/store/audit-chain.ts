/**
 * The hash chain of the audit trail. Every entry carries the SHA-256 of the entry before it
 * (`prev_hash`) and its own hash (`entry_hash`) over a canonical serialisation of its fields
 * and `prev_hash`; a one-row table `audit_head` records the last entry. Changing, deleting,
 * inserting or reordering an entry with plain SQL breaks the chain at that entry, and
 * {@link verifyAudit} names the first entry that differs.
 *
 * The chain is well defined because entries are appended only by {@link appendChained},
 * always inside a {@link Store.transaction}, and the transactions of every handle of a
 * database run one at a time through the store's one writer: no two appends ever read the
 * same previous hash.
 *
 * What a chain inside the database cannot do: someone who rewrites entries *and* recomputes
 * every hash after them (and the head) leaves a valid chain. The head hash printed by
 * `causeway audit verify` and in every report is the anchor against that: kept outside the
 * store (a signed report, a filed print-out), it no longer matches a rewritten chain.
 */
import { createHash } from 'node:crypto';
import { DuckDBTimestampTZValue } from '@duckdb/node-api';
import type { Store } from './store.js';

/** The previous hash of the first entry: 64 zeros. */
export const GENESIS = '0'.repeat(64);

/** Names the serialisation, so that a later format can never collide with this one. */
const FORMAT = 'causeway.audit/1';

/** One stored entry as the chain sees it (every column of `audit`). */
export interface ChainedEntry {
  auditId: bigint;
  /** Microseconds since 1970 UTC (the exact stored instant; a JS Date keeps only ms). */
  recordedAtUs: bigint;
  user: string;
  action: string;
  entity: string;
  key: string | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  importId: string | null;
}

/**
 * The canonical serialisation of an entry: a JSON array of its fields in a fixed order,
 * integers as decimal strings, absent values as null, then the previous hash.
 */
export function canonicalEntry(e: ChainedEntry, prevHash: string): string {
  return JSON.stringify([
    FORMAT, e.auditId.toString(), e.recordedAtUs.toString(), e.user, e.action, e.entity,
    e.key, e.field, e.oldValue, e.newValue, e.reason, e.importId, prevHash,
  ]);
}

/** SHA-256 (hex) of an entry chained to `prevHash`. */
export function entryHash(e: ChainedEntry, prevHash: string): string {
  return createHash('sha256').update(canonicalEntry(e, prevHash), 'utf8').digest('hex');
}

/** The last entry of the chain as `audit_head` records it. */
export interface AuditHead {
  auditId: bigint;
  hash: string;
  entries: bigint;
}

/** Reads `audit_head`; undefined for a store whose trail is empty (or whose head was deleted). */
export async function readHead(store: Store): Promise<AuditHead | undefined> {
  const r = await store.one<{ last_audit_id: bigint; last_hash: string; entries: bigint }>('SELECT last_audit_id, last_hash, entries FROM audit_head');
  return r ? { auditId: BigInt(r.last_audit_id), hash: r.last_hash, entries: BigInt(r.entries) } : undefined;
}

/** An entry to append: everything but its id, time and hashes, which the chain assigns. */
export type NewEntry = Omit<ChainedEntry, 'auditId' | 'recordedAtUs'>;

/**
 * Appends entries to the chain: the one place that inserts into `audit`. Runs inside a
 * transaction (joining the caller's, which it must be to be atomic with the change it
 * records): reads the head, numbers the entries from `audit_seq`, hashes each onto the one
 * before, appends them and moves the head. All entries of one call share the transaction's
 * time, as `now()` in the same transaction does.
 */
export async function appendChained(store: Store, entries: readonly NewEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await store.transaction(async () => {
    const head = await readHead(store);
    const now = BigInt((await store.value<bigint>('SELECT epoch_us(now())')) ?? 0n);
    const ids = (await store.all<{ id: bigint }>('SELECT nextval(\'audit_seq\') AS id FROM range($1::BIGINT)', [entries.length]))
      .map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const appender = await store.connection.createAppender('audit');
    let prev = head?.hash ?? GENESIS;
    try {
      entries.forEach((n, i) => {
        const e: ChainedEntry = { ...n, auditId: ids[i]!, recordedAtUs: now };
        const hash = entryHash(e, prev);
        appender.appendBigInt(e.auditId);
        appender.appendTimestampTZ(new DuckDBTimestampTZValue(now));
        for (const v of [e.user, e.action, e.entity, e.key, e.field, e.oldValue, e.newValue, e.reason, e.importId, prev, hash]) {
          if (v === null) appender.appendNull();
          else appender.appendVarchar(v);
        }
        appender.endRow();
        prev = hash;
      });
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const last = ids[ids.length - 1]!;
    const count = (head?.entries ?? 0n) + BigInt(entries.length);
    await store.run('DELETE FROM audit_head');
    await store.run('INSERT INTO audit_head VALUES (1, $1, $2, $3)', [last, prev, count]);
  });
}

/**
 * Chains the entries a store held before the chain existed (schema migration), in audit-id
 * order, and sets the head. What those entries said before this moment cannot be proven; from
 * here on any change to them is detected.
 *
 * @returns the count of entries chained.
 */
export async function chainExisting(store: Store): Promise<number> {
  return store.transaction(async () => {
    const rows = await store.all<Record<string, unknown>>(
      `SELECT audit_id, epoch_us(recorded_at) AS us, user_name, action, entity, entity_key, field, old_value, new_value, reason, import_id
       FROM audit ORDER BY audit_id`,
    );
    if (rows.length === 0) return 0;
    const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
    await store.run('CREATE TEMP TABLE audit_chain_new (audit_id BIGINT, prev_hash VARCHAR, entry_hash VARCHAR)');
    const appender = await store.connection.createAppender('audit_chain_new', 'main', 'temp');
    let prev = GENESIS;
    let last = 0n;
    try {
      for (const r of rows) {
        const e: ChainedEntry = {
          auditId: BigInt(r.audit_id as bigint), recordedAtUs: BigInt(r.us as bigint), user: String(r.user_name), action: String(r.action), entity: String(r.entity),
          key: text(r.entity_key), field: text(r.field), oldValue: text(r.old_value), newValue: text(r.new_value), reason: text(r.reason), importId: text(r.import_id),
        };
        const hash = entryHash(e, prev);
        appender.appendBigInt(e.auditId);
        appender.appendVarchar(prev);
        appender.appendVarchar(hash);
        appender.endRow();
        prev = hash;
        last = e.auditId;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    await store.run('UPDATE audit SET prev_hash = c.prev_hash, entry_hash = c.entry_hash FROM audit_chain_new c WHERE audit.audit_id = c.audit_id');
    await store.run('DROP TABLE audit_chain_new');
    await store.run('DELETE FROM audit_head');
    await store.run('INSERT INTO audit_head VALUES (1, $1, $2, $3)', [last, prev, rows.length]);
    return rows.length;
  });
}
