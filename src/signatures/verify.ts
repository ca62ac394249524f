import { AppError } from '../core/errors.js';
import { contentSha256 } from '../records/canonical.js';
import { recordContent } from '../records/record-content.js';
import { formatRef, type RecordRef } from '../records/record-ref.js';
import { verifyAudit, type ChainBreak } from '../store/audit-verify.js';
import type { Store } from '../store/store.js';
import { signatureHash, type Signature } from './signature.js';
import { listSignatures, signaturesOf } from './signatures-read.js';

/** Why a signature does not verify. */
export type SignatureProblem =
  /** The row's fields no longer give its binding hash: edited, or moved to another record. */
  | 'binding'
  /** The record's content now hashes differently from what was signed: the record was changed. */
  | 'content'
  /** The signed record (that version) is gone. */
  | 'record_missing'
  /** No audit entry records this signature: it was written around causeway. */
  | 'unaudited'
  /** The audit entry written when it was signed says otherwise (another record, signer, meaning or hash). */
  | 'audit';

/** The check of one signature. */
export interface SignatureCheck {
  signature: Signature;
  ok: boolean;
  problems: { problem: SignatureProblem; message: string }[];
}

/** The answer of {@link verifySignatures}. */
export interface SignatureVerification {
  ok: boolean;
  checked: number;
  failed: number;
  signatures: SignatureCheck[];
  /** Signatures the audit trail records (on this record) whose row is gone or now names another record. */
  missing: { signatureId: number; message: string }[];
  /** The audit trail holding every signature's entry verifies too (its first break otherwise). */
  auditTrail: { ok: boolean; firstBreak?: ChainBreak };
}

interface AuditedSignature { user: string; key: string; meaning: string; signatureHash: string }

async function auditedSignatures(store: Store): Promise<Map<number, AuditedSignature>> {
  const rows = await store.all<{ user_name: string; entity_key: string; field: string; new_value: string }>(
    "SELECT user_name, entity_key, field, new_value FROM audit WHERE action = 'sign' AND entity = 'signature' ORDER BY audit_id",
  );
  const map = new Map<number, AuditedSignature>();
  for (const r of rows) {
    try {
      const v = JSON.parse(r.new_value) as { signatureId?: unknown; signatureHash?: unknown };
      if (typeof v.signatureId === 'number') map.set(v.signatureId, { user: r.user_name, key: r.entity_key, meaning: r.field, signatureHash: String(v.signatureHash) });
    } catch {
      // An entry that is not JSON is not a signature entry of this format; the chain check judges the trail.
    }
  }
  return map;
}

/** Checks one signature against its binding, its audit entry and its record as it is now. */
async function check(store: Store, s: Signature, audited: Map<number, AuditedSignature>): Promise<SignatureCheck> {
  const problems: SignatureCheck['problems'] = [];
  const ref = formatRef(s.record);
  if (signatureHash(s) !== s.signatureHash) {
    problems.push({ problem: 'binding', message: `signature ${s.signatureId} was changed after it was made (its fields no longer give its binding hash): it may have been moved to ${ref} from another record` });
  }
  const a = audited.get(s.signatureId);
  if (!a) problems.push({ problem: 'unaudited', message: `signature ${s.signatureId} has no audit entry: it was written around causeway` });
  else if (a.key !== ref || a.user !== s.signer || a.meaning !== s.meaning || a.signatureHash !== s.signatureHash) {
    problems.push({ problem: 'audit', message: `signature ${s.signatureId} differs from its audit entry, which records ${a.user} signing ${a.key} as ${a.meaning}: the row was altered` });
  }
  try {
    const now = contentSha256(await recordContent(store, s.record));
    if (now !== s.contentSha256) problems.push({ problem: 'content', message: `${ref} was changed after ${s.signer} signed it (${s.meaning}): its content hashes to ${now.slice(0, 16)}…, signed ${s.contentSha256.slice(0, 16)}…` });
  } catch (e) {
    if (!(e instanceof AppError) || (e.code !== 'record_not_found' && e.code !== 'unknown_record_kind')) throw e;
    problems.push({
      problem: 'record_missing',
      message: e.code === 'record_not_found' ? `${ref}, signed by ${s.signer} (signature ${s.signatureId}), no longer exists` : `${ref} (signature ${s.signatureId}) cannot be read here: ${e.message}`,
    });
  }
  return { signature: s, ok: problems.length === 0, problems };
}

/**
 * Verifies signatures: of one record version, or every stored one. Each must keep its binding
 * hash, match the audit entry written when it was made, and the record's content must still
 * hash to what was signed; the audit trail itself must verify.
 *
 * @example const v = await verifySignatures(store, parseRef('limits:TAB/assay/imr@2')); v.ok
 */
export async function verifySignatures(store: Store, record?: RecordRef): Promise<SignatureVerification> {
  const list = record ? await signaturesOf(store, record) : await listSignatures(store);
  const audited = await auditedSignatures(store);
  const checks: SignatureCheck[] = [];
  for (const s of list) checks.push(await check(store, s, audited));
  const chain = await verifyAudit(store);
  const failed = checks.filter((c) => !c.ok).length;
  const present = new Set(list.map((s) => s.signatureId));
  const missing = [...audited].filter(([id, a]) => !present.has(id) && (!record || a.key === formatRef(record)))
    .map(([id, a]) => ({ signatureId: id, message: `signature ${id} (${a.user}, ${a.meaning}, on ${a.key}) is in the audit trail but its row is gone or now names another record` }));
  return {
    ok: failed === 0 && missing.length === 0 && chain.ok, checked: checks.length, failed, signatures: checks, missing,
    auditTrail: chain.ok ? { ok: true } : { ok: false, ...(chain.firstBreak ? { firstBreak: chain.firstBreak } : {}) },
  };
}
