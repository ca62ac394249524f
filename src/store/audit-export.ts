/**
 * The audit trail for one lot, one product or one period: the entries an inspector asks for,
 * with the verification of the whole chain at the time of the export.
 */
import { AppError, field } from '../core/errors.js';
import { verifyAudit, type AuditVerification } from './audit-verify.js';
import type { Store } from './store.js';

/** Which entries: any combination; all given must hold. */
export interface AuditFilter {
  /** Entries about this lot: its values, its events, and the imports that brought them. */
  lot?: string;
  /** Entries about this product: its materials, their lots, specifications and limits, and the imports that brought them. */
  product?: string;
  /** From this instant (inclusive; ISO 8601). */
  from?: string;
  /** Until this instant (exclusive; ISO 8601). */
  to?: string;
  /** Most entries (default 100 000). */
  limit?: number;
}

/** One entry as an export shows it. */
export interface AuditRecord {
  auditId: string;
  recordedAt: Date;
  user: string;
  action: string;
  entity: string;
  key: string | null;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  importId: string | null;
  entryHash: string | null;
}

/** The answer of {@link exportAudit}. */
export interface AuditExport {
  filter: AuditFilter;
  entries: AuditRecord[];
  /** True when the limit cut the list. */
  truncated: boolean;
  /** The whole chain, verified when the export was made. */
  verification: AuditVerification;
  generatedAt: Date;
}

function instant(value: string, flag: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new AppError('bad_time', `${flag} '${value}' is not a date`, 'use ISO 8601, e.g. 2025-01-01 or 2025-01-01T00:00:00Z');
  return d.toISOString();
}

/**
 * The entries matching a filter, oldest first, and the verification of the whole chain.
 * A lot's entries are those whose key names it (`L001`, `L001/assay`) and those of the imports
 * that wrote its rows; a product's, those whose key names one of its materials or their lots
 * (specifications and limits are keyed `material/parameter/…`) and the imports of those lots.
 *
 * @example await exportAudit(store, { lot: 'LJU-T0001', from: '2025-01-01' })
 */
export async function exportAudit(store: Store, filter: AuditFilter = {}): Promise<AuditExport> {
  const params: (string | number)[] = [];
  const bind = (v: string | number) => `$${params.push(v)}`;
  const where: string[] = [];
  const ctes: string[] = [];
  if (filter.lot !== undefined) {
    if (!(await store.value('SELECT 1 FROM lots WHERE lot = $1', [filter.lot])))
      throw new AppError('lot_not_found', `lot '${filter.lot}' is not in the store`, 'check the lot id (the lots list names them)');
    ctes.push(`scope_lots AS (SELECT ${bind(filter.lot)} AS lot)`);
  } else if (filter.product !== undefined) {
    if (!(await store.value('SELECT 1 FROM steps WHERE product = $1 UNION ALL SELECT 1 FROM materials WHERE material = $1 LIMIT 1', [filter.product])))
      throw new AppError('product_not_found', `product '${filter.product}' is not in the store`, 'check the product name (the store summary lists products)');
    const p = bind(filter.product);
    ctes.push(`scope_materials AS (SELECT material FROM steps WHERE product = ${p} UNION SELECT ${p})`);
    ctes.push('scope_lots AS (SELECT lot FROM lots WHERE material IN (SELECT material FROM scope_materials))');
  }
  if (ctes.length) {
    ctes.push(`scope_imports AS (
      SELECT import_id FROM lots WHERE lot IN (SELECT lot FROM scope_lots)
      UNION SELECT import_id FROM discrete WHERE lot IN (SELECT lot FROM scope_lots)
      UNION SELECT import_id FROM replicates WHERE lot IN (SELECT lot FROM scope_lots)
      UNION SELECT import_id FROM events WHERE lot IN (SELECT lot FROM scope_lots)
      UNION SELECT import_id FROM genealogy WHERE child_lot IN (SELECT lot FROM scope_lots) OR parent_lot IN (SELECT lot FROM scope_lots))`);
    const keys = filter.product !== undefined ? 'SELECT lot FROM scope_lots UNION SELECT material FROM scope_materials' : 'SELECT lot FROM scope_lots';
    where.push(`(split_part(a.entity_key, '/', 1) IN (${keys}) OR a.import_id IN (SELECT import_id FROM scope_imports WHERE import_id IS NOT NULL))`);
  }
  if (filter.from !== undefined) where.push(`a.recorded_at >= ${bind(instant(filter.from, field('from')))}::TIMESTAMPTZ`);
  if (filter.to !== undefined) where.push(`a.recorded_at < ${bind(instant(filter.to, field('to')))}::TIMESTAMPTZ`);
  const limit = filter.limit ?? 100_000;
  const rows = await store.all(
    `${ctes.length ? 'WITH ' + ctes.join(', ') : ''}
     SELECT audit_id, recorded_at, user_name, action, entity, entity_key, field, old_value, new_value, reason, import_id, entry_hash
     FROM audit a ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY audit_id LIMIT ${bind(limit + 1)}`,
    params,
  );
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const entries = rows.slice(0, limit).map((r): AuditRecord => ({
    auditId: String(r.audit_id), recordedAt: r.recorded_at as Date, user: String(r.user_name), action: String(r.action), entity: String(r.entity),
    key: text(r.entity_key), field: text(r.field), oldValue: text(r.old_value), newValue: text(r.new_value), reason: text(r.reason),
    importId: text(r.import_id), entryHash: text(r.entry_hash),
  }));
  return { filter, entries, truncated: rows.length > limit, verification: await verifyAudit(store), generatedAt: new Date() };
}
