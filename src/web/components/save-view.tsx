import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { useCan } from '../session.js';
import { ErrorBox } from './states.js';
import { Link } from './link.js';

/**
 * "Save view": stores what the view shows as a worksheet (a record: its inputs, the data state,
 * the software version and the result, kept in versions). `inputs` is the view's request; an
 * explain view passes its finished `job` instead, whose result is saved as it is.
 */
export function SaveView(props: { view: string; inputs?: Record<string, string | undefined>; job?: string | null; suggestedName?: string }) {
  const can = useCan('worksheets.save');
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(props.suggestedName ?? '');
  const [saved, setSaved] = useState<{ worksheet: number; version: number } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!can) return null;
  if (saved) return <span className="save-view muted" role="status">Saved as <Link to={`/worksheets/${saved.worksheet}`}>worksheet {saved.worksheet}</Link></span>;
  if (!open) return <button type="button" className="small save-view" onClick={() => setOpen(true)}>Save view</button>;
  const inputs = Object.fromEntries(Object.entries(props.inputs ?? {}).filter(([, v]) => v !== undefined && v !== ''));
  return (
    <form className="inline-form save-view" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(null);
      try {
        const body = props.job ? { name, job: props.job } : { name, view: props.view, inputs };
        setSaved(await api.send<{ worksheet: number; version: number }>('POST', '/worksheets', body));
      } catch (err) {
        setError(err as ApiError);
      } finally {
        setBusy(false);
      }
    }}>
      <label>Worksheet name<input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="e.g. assay I-MR 2025" autoFocus /></label>
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}
