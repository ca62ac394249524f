import { useState } from 'react';
import { api, ApiError, setCsrf } from '../api.js';
import type { SessionInfo } from '../session.js';

/** The login page. */
export function Login(props: { onLogin: (s: SessionInfo) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="login">
      <form
        className="panel"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const s = await api.send<SessionInfo & { csrf: string }>('POST', '/session', { username, password });
            setCsrf(s.csrf);
            props.onLogin(s);
          } catch (err) {
            setError(err instanceof ApiError ? err : new ApiError(0, 'network', String(err), 'is the server running?'));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h1><span className="logo" aria-hidden="true" /> causeway</h1>
        <p className="muted">Process intelligence for your manufacturing network.</p>
        <label>User name<input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus required /></label>
        <label>Password<input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        {error ? <div className="state error" role="alert"><strong>{error.message}</strong><div className="muted">{error.hint}</div></div> : null}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
      </form>
    </main>
  );
}
