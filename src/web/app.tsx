import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrf } from './api.js';
import { Link } from './components/link.js';
import { ErrorBox, Loading } from './components/states.js';
import { useRoute } from './router.js';
import { SessionContext, type SessionInfo } from './session.js';
import { Login } from './views/login.js';
import { VIEWS } from './views/index.js';

/** The workbench: logs in, then a sidebar of views; the URL says which view and its state. */
export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    api.get<SessionInfo & { csrf: string }>('/session').then(
      (s) => {
        setCsrf(s.csrf);
        setSession(s);
      },
      (e: ApiError) => (e.status === 401 ? setSession(null) : setError(e)),
    );
  }, []);
  if (error) return <main className="login"><ErrorBox error={error} /></main>;
  if (session === undefined) return <Loading label="Starting…" height={300} />;
  if (session === null) return <Login onLogin={setSession} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell session={session} onLogout={() => setSession(null)} />
    </SessionContext.Provider>
  );
}

function Shell(props: { session: SessionInfo; onLogout: () => void }) {
  const route = useRoute();
  const view = VIEWS.find((v) => v.match(route.path)) ?? VIEWS[0]!;
  const visible = VIEWS.filter((v) => v.menu && (!v.permission || props.session.permissions.includes(v.permission)));
  let content: ReactNode;
  if (view.permission && !props.session.permissions.includes(view.permission))
    content = <ErrorBox error={new ApiError(403, 'forbidden', `Your role (${props.session.user.role}) cannot open ${view.title}.`, 'Ask an administrator for a role that can.')} />;
  else content = view.render(route);
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <nav className="sidebar" aria-label="Views">
        <div className="brand"><span className="logo" aria-hidden="true" /> causeway</div>
        <ul>
          {visible.map((v) => (
            <li key={v.key}>
              <Link to={v.href} className={v === view ? 'active' : undefined}>{v.title}</Link>
            </li>
          ))}
        </ul>
        <div className="who">
          <div>{props.session.user.displayName ?? props.session.user.username}</div>
          <div className="muted">{props.session.user.role}</div>
          <div><Link to="/keys" className={view.key === 'keys' ? 'active' : undefined}>API keys</Link></div>
          <button
            type="button"
            className="small"
            onClick={async () => {
              await api.send('DELETE', '/session').catch(() => undefined);
              props.onLogout();
            }}
          >
            Log out
          </button>
        </div>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}
