import type { Actor, Store } from './store.js';

/** One entry of the audit trail. */
export interface AuditEntry {
  action: 'insert' | 'update' | 'delete' | 'import' | 'replace' | 'approve' | 'login' | string;
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
 * Writes audit entries. Call it inside the same {@link Store.transaction} as the change it
 * describes, so the trail and the data can never disagree.
 */
export async function audit(store: Store, actor: Actor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  for (const e of list) {
    await store.run(
      `INSERT INTO audit (recorded_at, user_name, action, entity, entity_key, field, old_value, new_value, reason, import_id)
       VALUES (now(), $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [actor.user, e.action, e.entity, e.key ?? null, e.field ?? null, e.oldValue ?? null, e.newValue ?? null, actor.reason ?? null, e.importId ?? null],
    );
  }
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
    `SELECT audit_id, recorded_at, user_name, action, entity, entity_key, field, old_value, new_value, reason, import_id
     FROM audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY audit_id DESC LIMIT $${params.length}`,
    params,
  );
}
