import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { Empty, ErrorBox, Load } from '../components/states.js';
import { useApi } from '../use-api.js';

/** A source's health as GET /api/sources answers it. */
interface Health {
  source: string;
  kind: string;
  schedule: string;
  enabled: boolean;
  status: string;
  lastSuccessAt: string | null;
  lastError: { at: string; code: string; message: string } | null;
  errors: number;
  lagSeconds: number | null;
  rowsPerMinute: number;
  deadLetters: { total: number; lastDay: number };
}

const ago = (iso: string | null) => {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : new Date(iso).toLocaleString();
};

/** Health rows as the tables show them. */
function rows(list: Health[]) {
  return list.map((h) => ({
    source: h.source, kind: h.kind, schedule: h.schedule + (h.enabled ? '' : ' (disabled)'), status: h.status,
    'last success': ago(h.lastSuccessAt), 'lag (s)': h.lagSeconds === null ? '' : h.lagSeconds.toFixed(1),
    'rows/min': Math.round(h.rowsPerMinute), errors: h.lastError ? `${h.errors}: ${h.lastError.message}` : '0',
    'dead letters': h.deadLetters.total ? `${h.deadLetters.total} (${h.deadLetters.lastDay} in 24 h)` : '0',
  }));
}

const COLUMNS = ['source', 'kind', 'schedule', 'status', 'last success', 'lag (s)', 'rows/min', 'errors', 'dead letters'].map((key) => ({ key }));

/** The overview's panel: every live source and how it is doing; nothing when there is none. */
export function SourcesHealth() {
  const sources = useApi<{ sources: Health[] }>('/sources');
  if (sources.status === 'ready' && sources.data.sources.length === 0) return null;
  return (
    <section className="panel">
      <h2>Live sources</h2>
      <Load value={sources} height={80}>
        {({ sources }) => <DataTable name="source-health" rows={rows(sources)} columns={COLUMNS} />}
      </Load>
    </section>
  );
}

const EXAMPLE = JSON.stringify({
  connection: { driver: 'postgres', host: '127.0.0.1', user: 'reader', password: 'env:LIMS_PASSWORD', database: 'lims' },
  tables: [{ name: 'results', table: 'results', id: 'id', watermark: { column: 'updated_at', overlap: '10m' }, discrete: { lot: '{batch}', parameter: '{test}', value: '{value}' } }],
}, null, 2);

/** Admin: add, test, sync and remove sources; their dead letters. Secrets are sent once and never shown back. */
export function SourcesAdmin() {
  const [version, setVersion] = useState(0);
  const sources = useApi<{ sources: Health[] }>('/sources', { v: version });
  const kinds = useApi<{ kinds: { kind: string; title: string; mode: string }[] }>('/source-kinds');
  const [form, setForm] = useState({ name: '', kind: 'sql', schedule: '', config: EXAMPLE, reason: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [letters, setLetters] = useState<string | null>(null);
  const act = async (work: () => Promise<string>) => {
    setError(null);
    setNote(null);
    try {
      setNote(await work());
      setVersion((v) => v + 1);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(400, 'bad_input', (err as Error).message, 'write the configuration as JSON'));
    }
  };
  return (
    <section className="panel">
      <h2>Live sources</h2>
      <Load value={sources}>
        {({ sources }) => sources.length === 0 ? <Empty title="No sources yet">Add one below; docs/connectors.md has a worked example per kind.</Empty> : (
          <>
            <DataTable name="sources" rows={rows(sources)} columns={COLUMNS} />
            <div className="inline-form" role="group" aria-label="Source actions">
              {sources.map((s) => (
                <span key={s.source}>
                  <strong>{s.source}</strong>{' '}
                  <button type="button" onClick={() => act(async () => {
                    const r = await api.send<{ ok: boolean; notes: string[] }>('POST', `/sources/${encodeURIComponent(s.source)}/test`, {});
                    return `${s.source}: ${r.ok ? 'ok' : 'failed'} — ${r.notes.join('; ')}`;
                  })}>Test</button>{' '}
                  {s.kind === 'sql' ? <button type="button" onClick={() => act(async () => {
                    const r = await api.send<{ rows: number; inserted: number; replaced: number; dead: number }>('POST', `/sources/${encodeURIComponent(s.source)}/sync`, {});
                    return `${s.source}: ${r.rows} rows read, ${r.inserted} stored, ${r.replaced} corrected, ${r.dead} dead letters`;
                  })}>Sync now</button> : null}{' '}
                  <button type="button" onClick={() => setLetters(s.source)}>Dead letters</button>{' '}
                  <button type="button" onClick={() => act(async () => {
                    const why = window.prompt(`Why is ${s.source} removed? (audit trail)`);
                    if (!why) return 'not removed';
                    await api.send('DELETE', `/sources/${encodeURIComponent(s.source)}`, { reason: why });
                    return `${s.source} removed; what it stored stays`;
                  })}>Remove</button>
                </span>
              ))}
            </div>
          </>
        )}
      </Load>
      {letters ? <DeadLetters source={letters} version={version} /> : null}
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        void act(async () => {
          const config = JSON.parse(form.config) as unknown;
          await api.send('POST', '/sources', { name: form.name, kind: form.kind, config, ...(form.schedule ? { schedule: form.schedule } : {}), reason: form.reason });
          // The typed configuration (and its secret) leaves the page once stored.
          setForm({ ...form, name: '', reason: '', config: EXAMPLE });
          return `${form.name} added`;
        });
      }}>
        <label>Name<input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" placeholder="lims" /></label>
        <label>Kind<select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
          {kinds.status === 'ready' ? kinds.data.kinds.map((k) => <option key={k.kind} value={k.kind}>{k.title}</option>) : <option value="sql">SQL</option>}
        </select></label>
        <label>Schedule<input value={form.schedule} onChange={(e) => setForm({ ...form, schedule: e.target.value })} placeholder="live · manual · every 5m" /></label>
        <label className="wide">Configuration (JSON; a password as itself, env:NAME or file:PATH — it is sealed and never shown again)
          <textarea rows={10} value={form.config} onChange={(e) => setForm({ ...form, config: e.target.value })} spellCheck={false} />
        </label>
        <label>Reason<input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} required minLength={3} placeholder="why this source is added" /></label>
        <button type="submit" className="primary">Add source</button>
      </form>
      {note ? <p role="status">{note}</p> : null}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}

function DeadLetters(props: { source: string; version: number }) {
  const letters = useApi<{ deadLetters: Record<string, unknown>[] }>(`/sources/${encodeURIComponent(props.source)}/dead-letters`, { limit: 100, v: props.version });
  return (
    <Load value={letters}>
      {({ deadLetters }) => deadLetters.length === 0 ? <Empty title={`No dead letters from ${props.source}`} /> : (
        <DataTable name={`dead-letters-${props.source}`} rows={deadLetters}
          columns={[{ key: 'recordedAt', label: 'when' }, { key: 'kind' }, { key: 'item' }, { key: 'reason' }, { key: 'hint', label: 'how to fix' }]} />
      )}
    </Load>
  );
}
