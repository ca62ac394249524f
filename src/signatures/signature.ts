/**
 * An electronic signature (21 CFR 11.50, 11.70, 11.200): who signed (user id and full name),
 * when (UTC), what it means (authored, reviewed, approved), which record and version, the
 * SHA-256 of that record's canonical content, and one hash binding all of these together.
 *
 * Binding: `signatureHash` is the SHA-256 of the canonical JSON of every other field. Moving a
 * row to another record (editing its record columns) breaks the binding; changing the record
 * breaks the content hash; and every signature is written to the hash-chained audit trail with
 * its binding hash, so a row rewritten together with a recomputed binding no longer matches the
 * audit entry written when it was made (signatures/verify.ts checks all three).
 */
import { canonicalJson, sha256Hex } from '../records/canonical.js';
import type { RecordRef } from '../records/record-ref.js';

/** What a signature means (11.50(a)(3)). */
export const MEANINGS = ['authored', 'reviewed', 'approved'] as const;
export type Meaning = (typeof MEANINGS)[number];

/** Names the serialisation, so that a later format can never collide with this one. */
const FORMAT = 'causeway.signature/1';

/** A stored signature. */
export interface Signature {
  signatureId: number;
  /** The signer's user id (their login name). */
  signer: string;
  /** The signer's full name as it was when they signed (printed with the signature). */
  signerName: string;
  /** When, ISO 8601 UTC (ms). */
  signedAt: string;
  meaning: Meaning;
  record: RecordRef;
  /** SHA-256 of the record's canonical content when signed. */
  contentSha256: string;
  /** SHA-256 binding every field above (and the reason). */
  signatureHash: string;
  reason: string | null;
}

/** Every field of a signature but its binding hash. */
export type Unbound = Omit<Signature, 'signatureHash'>;

/** The canonical text a signature's binding hash is taken over. */
export function signatureCanonical(s: Unbound): string {
  return canonicalJson({
    format: FORMAT, signatureId: s.signatureId, signer: s.signer, signerName: s.signerName, signedAt: s.signedAt, meaning: s.meaning,
    record: { kind: s.record.kind, id: s.record.id, version: s.record.version }, contentSha256: s.contentSha256, reason: s.reason,
  });
}

/** The binding hash of a signature. */
export function signatureHash(s: Unbound): string {
  return sha256Hex(signatureCanonical(s));
}

/** A signature as one line for people: `Ana Lima (ana), approved, 2026-12-04T10:00:00.000Z`. */
export function signatureLine(s: Pick<Signature, 'signer' | 'signerName' | 'meaning' | 'signedAt'>): string {
  return `${s.signerName} (${s.signer}), ${s.meaning}, ${s.signedAt}`;
}
