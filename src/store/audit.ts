import { appendChained, type NewEntry } from './audit-chain.js';
import type { Actor, SqlParams, Store } from './store.js';

/** One entry of the audit trail. */
export interface AuditEntry {
  action: 'insert' | 'update' | 'delete' | 'import' | 'replace' | 'approve' | 'login' | 'sign' | string;
  /** Table or domain object, e.g. 'discrete', 'control_limits'. */
  entity: string;
  /** Natural key of the changed thing, e.g. 'L001/assay', or a count summary for bulk inserts. */
  key?: string;
  field?: string;
  oldValue?: string | null;
  newValue?: string | null;
  importId?: string;
}

/**
 * Writes audit entries, chained onto the trail (store/audit-chain.ts). Call it inside the same
 * {@link Store.transaction} as the change it describes, so the trail and the data can never
 * disagree. Every writer of the audit trail goes through this function or {@link auditFromQuery}.
 */
export async function audit(store: Store, actor: Actor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  await appendChained(store, list.map((e) => ({
    user: actor.user, action: e.action, entity: e.entity, key: e.key ?? null, field: e.field ?? null,
    oldValue: e.oldValue ?? null, newValue: e.newValue ?? null, reason: reasonOf(actor), importId: e.importId ?? null,
  })));
}

/** The reason an audit entry records: the actor's, followed by how the change came in (an API key). */
export function reasonOf(actor: Actor): string | null {
  if (!actor.via) return actor.reason ?? null;
  return actor.reason ? `${actor.reason} (via ${actor.via})` : `(via ${actor.via})`;
}

/**
 * Writes one audit entry per row of a query, for changes made set-based in SQL (e.g. every
 * value an import replaces). The query returns the columns `user_name, action, entity,
 * entity_key, field, old_value, new_value, reason, import_id` (text or NULL); the rows are
 * chained in the order the query gives (give it an ORDER BY).
 *
 * @example await auditFromQuery(store, "SELECT $1 AS user_name, 'replace' AS action, … FROM …", ['ana'])
 */
export async function auditFromQuery(store: Store, sql: string, params?: SqlParams): Promise<number> {
  return store.transaction(async () => {
    const rows = await store.all<Record<string, string | null>>(sql, params);
    const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
    const entries: NewEntry[] = rows.map((r) => ({
      user: String(r.user_name), action: String(r.action), entity: String(r.entity), key: text(r.entity_key), field: text(r.field),
      oldValue: text(r.old_value), newValue: text(r.new_value), reason: text(r.reason), importId: text(r.import_id),
    }));
    await appendChained(store, entries);
    return entries.length;
  });
}

/** Reads the audit trail, newest first, optionally for one entity or key. */
export async function readAudit(store: Store, filter: { entity?: string; key?: string; limit?: number } = {}) {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.entity) {
    params.push(filter.entity);
    where.push(`entity = $${params.length}`);
  }
  if (filter.key) {
    params.push(filter.key);
    where.push(`entity_key = $${params.length}`);
  }
  params.push(filter.limit ?? 1000);
  return store.all(
    `SELECT audit_id, recorded_at, user_name, action, entity, entity_key, field, old_value, new_value, reason, import_id, prev_hash, entry_hash
     FROM audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY audit_id DESC LIMIT $${params.length}`,
    params,
  );
}
