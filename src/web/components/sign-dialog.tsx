import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { useCan, useSession } from '../session.js';
import { ErrorBox } from './states.js';

/** A stored signature as the API returns it. */
export interface SignatureInfo { signatureId: number; signer: string; signerName: string; signedAt: string; meaning: string; reason: string | null }

/**
 * Sign a record as yourself: choose the meaning, re-enter your password (21 CFR 11.200: every
 * signature re-enters it; a wrong one counts toward the lock-out). `record` is `KIND:ID@VERSION`.
 */
export function SignDialog(props: { record: string; onSigned: (s: SignatureInfo) => void }) {
  const session = useSession();
  const can = useCan('records.sign');
  const [open, setOpen] = useState(false);
  const [meaning, setMeaning] = useState('');
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  if (!can) return null;
  if (!open) return <button type="button" className="small" onClick={() => setOpen(true)}>Sign</button>;
  return (
    <form className="inline-form sign-dialog" aria-label="Sign" onSubmit={async (e) => {
      e.preventDefault();
      setError(null);
      try {
        const s = await api.send<SignatureInfo>('POST', '/signatures', { record: props.record, meaning, password, ...(reason ? { reason } : {}) });
        setPassword('');
        setOpen(false);
        props.onSigned(s);
      } catch (err) {
        setPassword('');
        setError(err as ApiError);
      }
    }}>
      <p className="muted">You sign <code>{props.record}</code> as {session.user.displayName ?? session.user.username} ({session.user.username}).</p>
      <label>Meaning<select value={meaning} onChange={(e) => setMeaning(e.target.value)} required>
        <option value="">(choose)</option><option value="authored">authored</option><option value="reviewed">reviewed</option><option value="approved">approved</option>
      </select></label>
      <label>Reason (optional)<input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} /></label>
      <label>Re-enter your password<input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
      <button type="submit" className="primary">Sign</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}
