import { AppError } from '../core/errors.js';
import { contentSha256 } from '../records/canonical.js';
import { recordContent } from '../records/record-content.js';
import { formatRef, type RecordRef } from '../records/record-ref.js';
import { getUser, reauthenticate } from '../server/auth/users.js';
import { audit } from '../store/audit.js';
import type { Store } from '../store/store.js';
import { signatureHash, type Meaning, type Signature } from './signature.js';
import { signaturesOf } from './signatures-read.js';

/** What a signing asks for. */
export interface SignRequest {
  /** The user who signs: always the person re-entering their own password. */
  signer: string;
  meaning: Meaning;
  record: RecordRef;
  /** Why (the audit trail's reason); optional. */
  reason?: string;
}

/**
 * Signs a record: re-authenticates the signer with their password through the login check
 * (a wrong one counts toward the lock-out, 11.300(d)), then records the signature.
 *
 * @param address - where the request came from (for a lock-out's audit entry), e.g. 'cli'.
 * @throws AppError `reauthentication_failed`, `account_locked`, `record_not_found`, `already_signed`.
 * @example await signRecord(store, { signer: 'ana', meaning: 'approved', record: parseRef('worksheet:3@1') }, password, 'cli')
 */
export async function signRecord(store: Store, request: SignRequest, password: string, address: string): Promise<Signature> {
  await reauthenticate(store, request.signer, password, address);
  return recordSignature(store, request);
}

/**
 * Records a signature of a signer who has just re-authenticated (the caller did it: the
 * limits approval does, in the same request). Inside a transaction with its audit entry; joins
 * the caller's transaction, so an approval and its signature are stored together or not at all.
 */
export async function recordSignature(store: Store, request: SignRequest): Promise<Signature> {
  const user = await getUser(store, request.signer);
  if (!user || user.disabled) throw new AppError('sign_for_other', `'${request.signer}' is not an active user and cannot sign`, 'sign as yourself, logged in with your own account');
  return store.transaction(async () => {
    const content = await recordContent(store, request.record);
    const already = (await signaturesOf(store, request.record)).find((s) => s.signer === request.signer && s.meaning === request.meaning);
    if (already) throw new AppError('already_signed', `${request.signer} already signed ${formatRef(request.record)} as ${request.meaning} at ${already.signedAt}`, 'a record is signed once per meaning by each person');
    const signatureId = Number(await store.value("SELECT nextval('signature_seq')"));
    const unbound = {
      signatureId, signer: user.username, signerName: user.displayName ?? user.username, signedAt: new Date().toISOString(), meaning: request.meaning,
      record: request.record, contentSha256: contentSha256(content), reason: request.reason?.trim() || null,
    };
    const sig: Signature = { ...unbound, signatureHash: signatureHash(unbound) };
    await store.run(
      'INSERT INTO signatures VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5, $6, $7, $8, $9, $10, $11)',
      [sig.signatureId, sig.signer, sig.signerName, sig.signedAt, sig.meaning, sig.record.kind, sig.record.id, sig.record.version, sig.contentSha256, sig.signatureHash, sig.reason],
    );
    await audit(store, { user: sig.signer, ...(sig.reason ? { reason: sig.reason } : {}) }, {
      action: 'sign', entity: 'signature', key: formatRef(sig.record), field: sig.meaning,
      newValue: JSON.stringify({ signatureId: sig.signatureId, signerName: sig.signerName, signedAt: sig.signedAt, contentSha256: sig.contentSha256, signatureHash: sig.signatureHash }),
    });
    return sig;
  });
}
