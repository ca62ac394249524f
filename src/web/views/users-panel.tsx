import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorBox, Load } from '../components/states.js';
import { browserZone, formatIn } from '../time.js';
import { useApi } from '../use-api.js';

const ROLES = ['viewer', 'manufacturing', 'quality', 'tech-transfer', 'admin'];
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
/** Each change as the confirmation names it. */
const WORDS: Record<string, (f: { displayName: string; role: string; disabled: boolean }) => string> = {
  displayName: (f) => `name “${f.displayName}”`, role: (f) => `role ${f.role}`, disabled: (f) => (f.disabled ? 'disabled' : 'enabled'),
  unlock: () => 'unlocked', password: () => 'password reset',
};

interface User { username: string; role: string; displayName: string | null; disabled: boolean; lockedUntil: string | null }

/** A problem the form finds before sending, in the user's words; null when the form may be sent. */
const problem = (checks: [boolean, string][]): string | null => checks.find(([bad]) => bad)?.[1] ?? null;

/** Users: create, and edit one (name, role, disable or enable, unlock, reset the password), each change with a reason. */
export function UsersPanel() {
  const [version, setVersion] = useState(0);
  const users = useApi<{ users: User[] }>('/users', { v: version });
  const [editing, setEditing] = useState<User | null>(null);
  const [done, setDone] = useState('');
  const changed = (message: string) => { setEditing(null); setDone(message); setVersion((v) => v + 1); };
  const locked = (u: User) => Boolean(u.lockedUntil && Date.parse(u.lockedUntil) > Date.now());
  return (
    <section className="panel">
      <h2>Users</h2>
      <Load value={users}>
        {({ users }) => (
          <DataTable name="users" rows={users as unknown as Record<string, unknown>[]}
            columns={[
              { key: 'username', label: 'user name' }, { key: 'displayName', label: 'name' }, { key: 'role' },
              { key: 'disabled', label: 'state', render: (r) => (r.disabled ? 'disabled' : locked(r as unknown as User) ? 'locked' : 'active') },
              { key: 'lockedUntil', label: 'locked until', render: (r) => (locked(r as unknown as User) ? formatIn(String(r.lockedUntil), browserZone()) : '') },
              { key: 'edit', label: '', render: (r) => <button type="button" className="small" onClick={() => { setDone(''); setEditing(r as unknown as User); }} aria-label={`edit ${String(r.username)}`}>Edit</button> },
            ]} />
        )}
      </Load>
      {done ? <p className="done" role="status">{done}</p> : null}
      {editing ? <EditUser key={editing.username} user={editing} locked={locked(editing)} onDone={changed} onCancel={() => setEditing(null)} /> : <CreateUser onDone={changed} />}
    </section>
  );
}

function EditUser(props: { user: User; locked: boolean; onDone: (message: string) => void; onCancel: () => void }) {
  const u = props.user;
  const [f, setF] = useState({ displayName: u.displayName ?? '', role: u.role, disabled: u.disabled, unlock: false, password: '', reason: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [check, setCheck] = useState<string | null>(null);
  const change = {
    ...(f.displayName !== (u.displayName ?? '') ? { displayName: f.displayName } : {}),
    ...(f.role !== u.role ? { role: f.role } : {}),
    ...(f.disabled !== u.disabled ? { disabled: f.disabled } : {}),
    ...(f.unlock ? { unlock: true } : {}),
    ...(f.password ? { password: f.password } : {}),
  };
  return (
    <form className="inline-form edit-user" aria-label={`edit user ${u.username}`} noValidate onSubmit={async (e) => {
      e.preventDefault();
      setError(null);
      const p = problem([
        [Object.keys(change).length === 0, 'Nothing to change: edit a field first.'],
        [f.password !== '' && f.password.length < 12, 'The new password needs at least 12 characters.'],
        [f.reason.trim().length < 3, 'Say why (a reason of at least 3 characters): it goes into the audit trail.'],
      ]);
      setCheck(p);
      if (p) return;
      try {
        await api.send('PUT', `/users/${encodeURIComponent(u.username)}`, { ...change, reason: f.reason });
        props.onDone(`Saved the changes to ${u.username}: ${Object.keys(change).map((k) => WORDS[k]!(f)).join(', ')}.`);
      } catch (err) { setError(err as ApiError); }
    }}>
      <h3>Edit {u.username}</h3>
      <label>Name<input value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} /></label>
      <label>Role<select value={f.role} onChange={(e) => setF({ ...f, role: e.target.value })}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></label>
      <label className="check"><input type="checkbox" checked={f.disabled} onChange={(e) => setF({ ...f, disabled: e.target.checked })} /> Disabled (cannot log in)</label>
      {props.locked ? <label className="check"><input type="checkbox" checked={f.unlock} onChange={(e) => setF({ ...f, unlock: e.target.checked })} /> Unlock (locked after failed logins)</label> : null}
      <label>New password (optional, ≥ 12 characters)<input type="password" autoComplete="new-password" value={f.password} onChange={(e) => setF({ ...f, password: e.target.value })} /></label>
      <label>Reason<input value={f.reason} onChange={(e) => setF({ ...f, reason: e.target.value })} placeholder="why this change is made" /></label>
      <button type="submit" className="primary">Save changes</button>
      <button type="button" onClick={props.onCancel}>Cancel</button>
      {check ? <p className="state error" role="alert">{check}</p> : null}
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}

function CreateUser(props: { onDone: (message: string) => void }) {
  const [form, setForm] = useState({ username: '', role: 'viewer', password: '', reason: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [check, setCheck] = useState<string | null>(null);
  return (
    <form className="inline-form" aria-label="create a user" noValidate onSubmit={async (e) => {
      e.preventDefault();
      setError(null);
      const p = problem([
        [!USERNAME.test(form.username), 'The user name needs 2–64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.'],
        [form.password.length < 12, 'The password needs at least 12 characters.'],
        [form.reason.trim().length < 3, 'Say why the account is created (a reason of at least 3 characters).'],
      ]);
      setCheck(p);
      if (p) return;
      try {
        await api.send('POST', '/users', form);
        setForm({ username: '', role: 'viewer', password: '', reason: '' });
        props.onDone(`Created ${form.username} (${form.role}).`);
      } catch (err) { setError(err as ApiError); }
    }}>
      <label>User name<input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} /></label>
      <label>Role<select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>{ROLES.map((r) => <option key={r}>{r}</option>)}</select></label>
      <label>Password (≥ 12 characters)<input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></label>
      <label>Reason<input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} placeholder="why this account is created" /></label>
      <button type="submit" className="primary">Create user</button>
      {check ? <p className="state error" role="alert">{check}</p> : null}
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}
