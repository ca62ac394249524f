import type { RecordKind, RecordRef } from '../records/record-ref.js';
import type { Store } from '../store/store.js';
import { whereEquals } from '../store/sql.js';
import type { Meaning, Signature } from './signature.js';

const COLUMNS = `signature_id, signer, signer_name, epoch_ms(signed_at) AS signed_ms, meaning, record_kind, record_id, record_version,
  content_sha256, signature_hash, reason`;

/** A signature from its row. */
export function toSignature(r: Record<string, unknown>): Signature {
  return {
    signatureId: Number(r.signature_id), signer: String(r.signer), signerName: String(r.signer_name), signedAt: new Date(Number(r.signed_ms)).toISOString(),
    meaning: r.meaning as Meaning, record: { kind: r.record_kind as RecordKind, id: String(r.record_id), version: String(r.record_version) },
    contentSha256: String(r.content_sha256), signatureHash: String(r.signature_hash), reason: (r.reason as string | null) ?? null,
  };
}

/** The signatures of one record version, oldest first. */
export async function signaturesOf(store: Store, ref: RecordRef): Promise<Signature[]> {
  const rows = await store.all(
    `SELECT ${COLUMNS} FROM signatures WHERE record_kind = $1 AND record_id = $2 AND record_version = $3 ORDER BY signature_id`,
    [ref.kind, ref.id, ref.version],
  );
  return rows.map(toSignature);
}

/** Stored signatures, oldest first, optionally of one kind or one record id (every version). */
export async function listSignatures(store: Store, filter: { kind?: RecordKind; id?: string; signer?: string } = {}): Promise<Signature[]> {
  const { where, params } = whereEquals([['record_kind', filter.kind], ['record_id', filter.id], ['signer', filter.signer]]);
  const rows = await store.all(`SELECT ${COLUMNS} FROM signatures ${where} ORDER BY signature_id`, params);
  return rows.map(toSignature);
}
