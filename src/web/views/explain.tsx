import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { ChartFrame } from '../components/chart-frame.js';
import { DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { Empty, ErrorBox } from '../components/states.js';
import { SvgView } from '../components/svg-view.js';
import { setParams, type Route } from '../router.js';
import { useApi } from '../use-api.js';
import { SaveView } from '../components/save-view.js';

interface Job { id: string; status: 'running' | 'done' | 'failed' | 'cancelled'; label: string; done: number; total: number | null; result?: any; error?: { message: string; hint: string; code: string } }

/**
 * Explain: choose a target, watch the screening progress (cancel any time), read the ranked
 * drivers with their sentences, open the scatter or box plot of any driver, follow it into trends.
 * The job id is in the URL, so a colleague opening the link sees the same explanation while it
 * is kept (an hour); "Save view" keeps it as a worksheet, which never expires.
 */
export function Explain(props: { route: Route }) {
  const p = props.route.params;
  const [draft, setDraft] = useState({ material: p.get('material') ?? '', target: p.get('target') ?? '', bad: p.get('bad') ?? '', site: p.get('site') ?? '' });
  const jobId = p.get('job');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const materials = useApi<{ materials: { material: string }[] }>('/materials');
  const parameters = useApi<{ parameters: { parameter: string }[] }>('/parameters', { material: draft.material || undefined });
  useEffect(() => {
    if (!jobId) return;
    let stop = false;
    const poll = async () => {
      try {
        const j = await api.get<Job>(`/jobs/${jobId}`);
        if (stop) return;
        setJob(j);
        if (j.status === 'running') setTimeout(poll, 400);
      } catch (e) {
        if (!stop) setError(e as ApiError);
      }
    };
    void poll();
    return () => { stop = true; };
  }, [jobId]);
  const start = async () => {
    setError(null);
    setJob(null);
    try {
      const j = await api.send<Job>('POST', '/explain', { material: draft.material, target: draft.target, ...(draft.bad ? { bad: draft.bad } : {}), ...(draft.site ? { site: draft.site } : {}) });
      setParams({ ...draft, job: j.id, driver: undefined });
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const result = job?.status === 'done' ? job.result : null;
  const driver = p.get('driver');
  return (
    <div className="page">
      <h1>Explain {jobId && job?.status === 'done' ? <SaveView view="explain" job={jobId} suggestedName={`why ${draft.target} varies`} /> : null}</h1>
      <form className="panel form-row" onSubmit={(e) => { e.preventDefault(); void start(); }}>
        <label>Material<select value={draft.material} onChange={(e) => setDraft({ ...draft, material: e.target.value })} required>
          <option value="">(choose)</option>
          {materials.status === 'ready' ? materials.data.materials.map((m) => <option key={m.material}>{m.material}</option>) : null}
        </select></label>
        <label>Target (what varies)<input list="target-list" value={draft.target} onChange={(e) => setDraft({ ...draft, target: e.target.value })} required placeholder="e.g. dissolution" />
          <datalist id="target-list">{parameters.status === 'ready' ? parameters.data.parameters.map((x) => <option key={x.parameter} value={x.parameter} />) : null}</datalist>
        </label>
        <label>Bad lots are (optional)<input value={draft.bad} onChange={(e) => setDraft({ ...draft, bad: e.target.value })} placeholder={`${draft.target || 'target'} < 85`} /></label>
        <label>Site<input value={draft.site} onChange={(e) => setDraft({ ...draft, site: e.target.value })} placeholder="all" size={8} /></label>
        <button type="submit" className="primary">Explain</button>
      </form>
      {error ? <ErrorBox error={error} /> : null}
      {job?.status === 'running' ? (
        <section className="panel" aria-live="polite">
          <div className="form-row"><span>{job.label}{job.total ? ` — ${job.done.toLocaleString('en')} of ${job.total.toLocaleString('en')}` : ''}</span><span className="spacer" />
            <button type="button" onClick={() => void api.send('DELETE', `/jobs/${job.id}`).then(setJob)}>Cancel</button></div>
          <div className="progress"><div style={{ width: `${job.total ? Math.round((100 * job.done) / job.total) : 10}%` }} /></div>
        </section>
      ) : null}
      {job && (job.status === 'failed' || job.status === 'cancelled') ? <ErrorBox error={new ApiError(400, job.error?.code ?? job.status, job.error?.message ?? `explain was ${job.status}`, job.error?.hint ?? '')} /> : null}
      {!jobId && !job ? <Empty title="Ask why a quality attribute varies" height={260}>causeway screens every parameter and feature of the lots and of every upstream lot, every phase of every tag, events and factors, and ranks the drivers together.</Empty> : null}
      {result ? (
        <>
          <section className="panel">
            <h2>Drivers of {result.target.name} ({result.target.material}, n = {result.target.n})</h2>
            <p className="muted">{result.screened.length} candidates tested; joint model R² = {result.model.r2.toFixed(2)} ({result.model.method}).</p>
            {result.drivers.length === 0 ? <Empty title="No driver found">No candidate explains the variation better than chance at this false-discovery rate.</Empty> : null}
            {result.drivers.map((d: any) => (
              <div key={d.name} className="driver">
                <h3><span className="badge">#{d.rank}</span> {d.name} <span className="muted">importance {(100 * d.importance).toFixed(1)} % · q {d.q < 0.001 ? '< 0.001' : d.q.toFixed(3)} · n {d.n}{d.missing ? ` (${d.missing} missing)` : ''}</span></h3>
                <p className="sentence">{d.sentence}</p>
                {d.proxies.length ? <p className="muted">Same information as: {d.proxies.map((x: any) => x.name).join(', ')}</p> : null}
                {d.confounded.map((c: any) => <p key={c.with} className="badge bad">almost the same as {c.with} — the data cannot tell which acts</p>)}
                <div className="form-row">
                  <button type="button" className="small" onClick={() => setParams({ driver: d.name })}>Show the plot</button>
                  <FollowToTrend name={d.name} feature={d.origin.feature} />
                </div>
              </div>
            ))}
          </section>
          {driver ? (
            <ChartFrame title={`${result.target.name} against ${driver}`} name={`driver-${driver}`}>
              <SvgView path={`/explain/${jobId}/plot`} query={{ name: driver }} height={400} />
            </ChartFrame>
          ) : null}
          <section className="panel">
            <h2>Every screened candidate</h2>
            <DataTable name={`screened-${result.target.name}`} rows={result.screened} pageSize={25} onRowClick={(r) => setParams({ driver: String(r.name) })}
              columns={[{ key: 'name' }, { key: 'test' }, { key: 'n', numeric: true }, { key: 'missing', numeric: true }, { key: 'rho', numeric: true }, { key: 'p', numeric: true }, { key: 'q', numeric: true }, { key: 'direction' }]} />
            <ul className="muted">{result.caveats.map((c: string) => <li key={c}>{c}</li>)}</ul>
          </section>
        </>
      ) : null}
    </div>
  );
}

/** For a feature driver, the tag it comes from, opened in the trend view. */
function FollowToTrend(props: { name: string; feature?: string }) {
  const f = useApi<{ features: { tag: string | null; lot: string }[] }>(props.feature ? '/features' : null, { name: props.feature, limit: 1 });
  if (!props.feature || f.status !== 'ready' || !f.data.features[0]?.tag) return null;
  const first = f.data.features[0];
  return <Link to="/trend" params={{ tags: first.tag!, lot: first.lot }} className="button">Open {first.tag} in trend</Link>;
}
