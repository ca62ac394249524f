import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorBox, Load } from '../components/states.js';
import type { Route } from '../router.js';
import { useCan, useSession } from '../session.js';
import { useApi } from '../use-api.js';

interface KeyRow extends Record<string, unknown> {
  id: string;
  name: string;
  owner: string;
  revokedAt: string | null;
}

/** The user's own page of API keys (linked under their name). */
export function Keys(_props: { route: Route }) {
  return (
    <div className="page">
      <h1>API keys</h1>
      <ApiKeys />
    </div>
  );
}

/**
 * API keys for scripts and for the command line beside this server: the user's own, or every
 * key for an administrator (`all`). A new key is shown once, here.
 */
export function ApiKeys(props: { all?: boolean }) {
  const me = useSession().user.username;
  const admin = useCan('users.manage');
  const [version, setVersion] = useState(0);
  const keys = useApi<{ keys: KeyRow[] }>('/keys', { v: version, ...(props.all ? {} : { owner: me }) });
  const [form, setForm] = useState({ name: '', owner: '', reason: '' });
  const [revoke, setRevoke] = useState({ id: '', reason: '' });
  const [made, setMade] = useState<{ id: string; key: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (work: () => Promise<void>) => {
    setError(null);
    try {
      await work();
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <section className="panel">
      <h2>{props.all ? 'API keys of every user' : 'Your API keys'}</h2>
      <p className="muted">
        A key lets a script, or the <code>causeway</code> command line while this server holds the store, act as its owner with the
        owner's role: <code>causeway spc … --api-key KEY</code> or <code>CAUSEWAY_API_KEY</code>. It is shown once, when it is made.
      </p>
      <Load value={keys}>
        {({ keys }) => (
          <DataTable name="api-keys" rows={keys} empty="No keys yet." columns={[
            { key: 'id', label: 'key' }, { key: 'name' }, { key: 'owner' }, { key: 'createdAt', label: 'created' },
            { key: 'lastUsedAt', label: 'last used' }, { key: 'revokedAt', label: 'revoked' }, { key: 'revokedBy', label: 'revoked by' },
          ]} />
        )}
      </Load>
      {made ? (
        <div className="panel" role="status" aria-label="New API key">
          <strong>New key {made.id}</strong> — copy it now, it is not shown again:
          <pre><code>{made.key}</code></pre>
        </div>
      ) : null}
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const k = await api.send<{ id: string; key: string }>('POST', '/keys', { name: form.name, reason: form.reason, ...(admin && form.owner ? { owner: form.owner } : {}) });
          setMade({ id: k.id, key: k.key });
          setForm({ name: '', owner: '', reason: '' });
        });
      }}>
        <label>Key name<input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required placeholder="what it is for, e.g. nightly-report" /></label>
        {admin && props.all ? <label>Owner<input value={form.owner} onChange={(e) => setForm({ ...form, owner: e.target.value })} placeholder={`user name (default: ${me})`} /></label> : null}
        <label>Reason<input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required minLength={3} placeholder="why the key is made" /></label>
        <button type="submit" className="primary">Create key</button>
      </form>
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          await api.send('POST', `/keys/${encodeURIComponent(revoke.id)}/revoke`, { reason: revoke.reason });
          setRevoke({ id: '', reason: '' });
        });
      }}>
        <label>Key to revoke<input value={revoke.id} onChange={(e) => setRevoke({ ...revoke, id: e.target.value.trim() })} required placeholder="its id, e.g. 3f9a0c21d4e8" /></label>
        <label>Reason for revoking<input value={revoke.reason} onChange={(e) => setRevoke({ ...revoke, reason: e.target.value })} required minLength={3} placeholder="e.g. laptop lost" /></label>
        <button type="submit">Revoke key</button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
