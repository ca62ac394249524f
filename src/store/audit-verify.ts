/**
 * Verifying the audit trail: recompute the hash chain (store/audit-chain.ts) from the first
 * entry to the last and name the first entry that differs.
 */
import { entryHash, GENESIS, readHead, type ChainedEntry } from './audit-chain.js';
import type { Store } from './store.js';

/** Why the chain breaks at an entry. */
export type ChainProblem =
  /** The entry's fields no longer give its stored hash: it was edited, or written around causeway. */
  | 'changed'
  /** The entry is intact but does not follow the one before it: entries between were deleted, inserted or reordered. */
  | 'link'
  /** The last entry is not the one the head records: entries at the end were deleted, or the head was altered. */
  | 'head'
  /** An import has no audit entry at all: the trail was cut (e.g. emptied together with its head). */
  | 'unaudited';

/** The first place the chain breaks. */
export interface ChainBreak {
  /** Id of the first entry that differs (for 'head': the last entry present, or null when none is). */
  auditId: string | null;
  problem: ChainProblem;
  /** One sentence for a person. */
  message: string;
}

/** The answer of {@link verifyAudit}. */
export interface AuditVerification {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** The last entry: the anchor to keep outside the store. */
  head: { auditId: string; hash: string } | null;
  /** The first break, when not ok. */
  firstBreak?: ChainBreak;
}

const PAGE = 50_000;

type AuditRow = {
  audit_id: bigint; us: bigint; user_name: string; action: string; entity: string; entity_key: string | null;
  field: string | null; old_value: string | null; new_value: string | null; reason: string | null; import_id: string | null;
  prev_hash: string | null; entry_hash: string | null;
};

function toEntry(r: AuditRow): ChainedEntry {
  return {
    auditId: BigInt(r.audit_id), recordedAtUs: BigInt(r.us), user: r.user_name, action: r.action, entity: r.entity, key: r.entity_key,
    field: r.field, oldValue: r.old_value, newValue: r.new_value, reason: r.reason, importId: r.import_id,
  };
}

/**
 * Recomputes the chain in audit-id order and compares it with the stored hashes and the head.
 * Reads the trail in pages, so a long one never sits in memory whole.
 *
 * @returns ok, the count of entries, the head, and the first break when there is one.
 * @example const v = await verifyAudit(store); if (!v.ok) console.log(v.firstBreak?.message);
 */
export async function verifyAudit(store: Store): Promise<AuditVerification> {
  let prev = GENESIS;
  let prevId: bigint | null = null;
  let count = 0;
  for (;;) {
    const rows = await store.all<AuditRow>(
      `SELECT audit_id, epoch_us(recorded_at) AS us, user_name, action, entity, entity_key, field, old_value, new_value, reason, import_id, prev_hash, entry_hash
       FROM audit WHERE audit_id > $1 ORDER BY audit_id LIMIT ${PAGE}`,
      [prevId ?? -1n],
    );
    for (const r of rows) {
      const e = toEntry(r);
      const id = e.auditId.toString();
      const after = prevId === null ? 'the start of the trail' : `entry ${prevId}`;
      if (r.entry_hash === null || r.prev_hash === null || entryHash(e, r.prev_hash) !== r.entry_hash) {
        return broken(count, prevId, prev, { auditId: id, problem: 'changed', message: `entry ${id} was changed after it was written, or written around causeway: its fields no longer give its stored hash` });
      }
      if (r.prev_hash !== prev) {
        return broken(count, prevId, prev, { auditId: id, problem: 'link', message: `entry ${id} does not follow ${after}: entries between them were deleted, inserted or reordered` });
      }
      prev = r.entry_hash;
      prevId = e.auditId;
      count++;
    }
    if (rows.length < PAGE) break;
  }
  const head = await readHead(store);
  const last = prevId === null ? null : prevId.toString();
  if (head === undefined && prevId !== null) {
    return broken(count, prevId, prev, { auditId: last, problem: 'head', message: 'the head of the audit trail (audit_head) is missing: it was deleted around causeway' });
  }
  if (head !== undefined && (head.auditId !== prevId || head.hash !== prev)) {
    return broken(count, prevId, prev, {
      auditId: last, problem: 'head',
      message: `the trail ends at ${last === null ? 'no entry' : `entry ${last}`} but its head records entry ${head.auditId}: entries at the end were deleted, or the head was altered`,
    });
  }
  // Every import writes at least one entry naming it; an import without one means the trail was cut.
  const orphan = await store.one<{ import_id: string; source: string; started_at: Date }>(
    `SELECT import_id, source, started_at FROM imports i WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.import_id = i.import_id)
     ORDER BY started_at, import_id LIMIT 1`,
  );
  if (orphan) {
    return broken(count, prevId, prev, {
      auditId: last, problem: 'unaudited',
      message: `import ${orphan.import_id} (${orphan.source}, ${orphan.started_at.toISOString()}) has no audit entry: entries of the trail were deleted`,
    });
  }
  return { ok: true, entries: count, head: prevId === null ? null : { auditId: prevId.toString(), hash: prev } };
}

function broken(count: number, prevId: bigint | null, prev: string, firstBreak: ChainBreak): AuditVerification {
  return { ok: false, entries: count, head: prevId === null ? null : { auditId: prevId.toString(), hash: prev }, firstBreak };
}
