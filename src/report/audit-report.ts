/**
 * The audit trail as a readable report: which filter, whether the whole chain verified when it
 * was printed (and its head, the anchor to keep), then the entries oldest first.
 */
import type { AuditExport } from '../store/audit-export.js';
import type { ReportDocument } from './html/document.js';
import { esc, htmlTable, when } from './html/escape.js';

/** Long values (JSON of a model, a definition) are cut in print; the JSON export has them whole. */
const CELL = 240;
const cut = (s: string | null) => (s === null ? '' : s.length > CELL ? esc(s.slice(0, CELL)) + '…' : esc(s));

/** A title for a filter: 'lot X', 'product P, 2025-01-01 to 2026-01-01', 'whole trail'. */
export function auditScope(f: AuditExport['filter']): string {
  const parts = [f.lot ? `lot ${f.lot}` : '', f.product ? `product ${f.product}` : '', f.from || f.to ? `${f.from ?? 'start'} to ${f.to ?? 'now'}` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'whole trail';
}

/** The report document of an audit export (render with report/html or print with report/pdf). */
export function auditReportDocument(x: AuditExport, software: string): ReportDocument {
  const v = x.verification;
  const scope = auditScope(x.filter);
  const status = v.ok
    ? `<p class="ok">The whole audit trail verified: ${v.entries} entries, each hashing onto the one before, up to entry ${esc(v.head?.auditId ?? '–')}.</p>`
    : `<p class="bad">The audit trail does NOT verify: ${esc(v.firstBreak?.message ?? '')}.</p><p>Entries before the break (${v.entries}) verified.</p>`;
  const anchor = v.head ? `<p>Head of the chain (keep it outside the store; a later verification must reach the same entry with the same hash):<br><code>entry ${esc(v.head.auditId)} · SHA-256 ${esc(v.head.hash)}</code></p>` : '';
  const rows = x.entries.map((e) => [
    esc(e.auditId), esc(when(e.recordedAt)), esc(e.user), esc(e.action), esc(e.entity + (e.key ? ' ' + e.key : '') + (e.field ? ' · ' + e.field : '')),
    e.oldValue === null && e.newValue === null ? '' : `${cut(e.oldValue)}${e.oldValue !== null ? ' → ' : ''}${cut(e.newValue)}`, esc(e.reason ?? ''), esc(e.importId ?? ''),
  ]);
  return {
    title: 'Audit trail',
    subtitle: scope,
    cover: [
      ['scope', scope], ['entries', `${x.entries.length}${x.truncated ? ' (cut at the limit; narrow the filter)' : ''}`],
      ['chain', v.ok ? `verified, ${v.entries} entries` : `broken: ${v.firstBreak?.message ?? ''}`],
      ['head', v.head ? `entry ${v.head.auditId}, SHA-256 ${v.head.hash}` : '–'],
      ['generated', when(x.generatedAt)], ['software', software],
    ],
    sections: [
      { id: 'verification', title: 'Verification of the chain', html: status + anchor + '<p class="note">Each entry stores the SHA-256 of its fields and of the entry before it; an entry changed, deleted, inserted or moved with anything but causeway breaks the chain at that entry.</p>' },
      { id: 'entries', title: `Entries (${x.entries.length})`, html: rows.length ? htmlTable(['#', 'recorded', 'user', 'action', 'what', 'old → new', 'reason', 'import'], rows, new Set([0])) : '<p>No entries match.</p>', newPage: true },
    ],
    signatureMeanings: ['reviewed'],
    footer: `causeway audit trail · ${scope} · head ${v.head ? v.head.hash.slice(0, 12) : '–'}`,
  };
}

/** The entries as CSV (RFC 4180), every field whole. */
export function auditCsv(x: AuditExport): string {
  const q = (v: unknown) => {
    const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  const head = ['audit_id', 'recorded_at', 'user', 'action', 'entity', 'key', 'field', 'old_value', 'new_value', 'reason', 'import_id', 'entry_hash'];
  return [head.join(','), ...x.entries.map((e) => [e.auditId, e.recordedAt, e.user, e.action, e.entity, e.key, e.field, e.oldValue, e.newValue, e.reason, e.importId, e.entryHash].map(q).join(','))].join('\r\n') + '\r\n';
}
