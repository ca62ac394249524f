import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorBox, Load } from '../components/states.js';
import type { Route } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';
import { SourcesAdmin } from './sources-panel.js';

const ROLES = ['viewer', 'manufacturing', 'quality', 'tech-transfer', 'admin'];

/** Admin: users and roles, live sources (admin), the audit trail (quality and admin). */
export function Admin(_props: { route: Route }) {
  const canUsers = useCan('users.manage');
  const canSources = useCan('sources.manage');
  return (
    <div className="page">
      <h1>Admin</h1>
      {canUsers ? <Users /> : null}
      {canSources ? <SourcesAdmin /> : null}
      <AuditTrail />
    </div>
  );
}

function Users() {
  const [version, setVersion] = useState(0);
  const users = useApi<{ users: Record<string, unknown>[] }>('/users', { v: version });
  const [form, setForm] = useState({ username: '', role: 'viewer', password: '', reason: '' });
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <section className="panel">
      <h2>Users</h2>
      <Load value={users}>
        {({ users }) => (
          <DataTable name="users" rows={users} columns={[{ key: 'username' }, { key: 'role' }, { key: 'displayName', label: 'name' }, { key: 'disabled' }, { key: 'lockedUntil', label: 'locked until' }]} />
        )}
      </Load>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await api.send('POST', '/users', form);
            setForm({ username: '', role: 'viewer', password: '', reason: '' });
            setVersion((v) => v + 1);
          } catch (err) {
            setError(err as ApiError);
          }
        }}
      >
        <label>User name<input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required /></label>
        <label>Role<select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></label>
        <label>Password (≥ 12 characters)<input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required minLength={12} /></label>
        <label>Reason<input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required minLength={3} placeholder="why this account is created" /></label>
        <button type="submit" className="primary">Create user</button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}

function AuditTrail() {
  const audit = useApi<{ entries: Record<string, unknown>[] }>('/audit', { limit: 500 });
  return (
    <section className="panel">
      <h2>Audit trail</h2>
      <Load value={audit}>
        {({ entries }) => (
          <DataTable
            name="audit-trail"
            rows={entries}
            columns={[{ key: 'recorded_at', label: 'when' }, { key: 'user_name', label: 'who' }, { key: 'action' }, { key: 'entity' }, { key: 'entity_key', label: 'key' }, { key: 'field' }, { key: 'old_value', label: 'old' }, { key: 'new_value', label: 'new' }, { key: 'reason', label: 'why' }]}
          />
        )}
      </Load>
    </section>
  );
}
