import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { SignDialog } from '../components/sign-dialog.js';
import { Empty, ErrorBox, Load } from '../components/states.js';
import { navigate, type Route } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';

interface Definition { name: string; version: number; kind: string; product: string; sites: string[]; parameters: string[]; roles: string[]; definedBy: string; definedAt: string; reason: string }
interface Run { runId: string; name: string; version: number; kind: string; period: string | null; lot: string | null; generatedAt: string; user: string; contentSha256: string }
interface Job { id: string; status: 'running' | 'done' | 'failed' | 'cancelled'; label: string; done: number; total: number | null; result?: { run: Run }; error?: { code: string; message: string; hint: string } }

const lastYear = String(new Date().getUTCFullYear() - 1);

/**
 * Reports: the definitions (APR/PQR, CPV, investigation); choose one to run it over a period
 * (or on a lot) with progress, download each run as PDF or HTML, and sign it. The chosen
 * definition is in the URL (`/reports?name=apr-cwx`).
 */
export function Reports(props: { route: Route }) {
  const name = props.route.params.get('name');
  const list = useApi<{ definitions: Definition[] }>('/reports');
  return (
    <div className="page">
      <h1>Reports</h1>
      <Load value={list}>
        {({ definitions }) => definitions.length === 0
          ? <Empty title="No report definitions yet">A quality user defines one with <code>causeway report define NAME --kind apr --product PRODUCT --reason …</code> or <code>POST /api/reports</code>; see docs/reports.md.</Empty>
          : <section className="panel"><DataTable name="report definitions" rows={definitions as unknown as Record<string, unknown>[]} columns={[
              { key: 'name', render: (d) => <a href={`/reports?name=${encodeURIComponent(String(d.name))}`} onClick={(e) => { e.preventDefault(); navigate('/reports', { name: String(d.name) }); }}>{String(d.name)}</a> },
              { key: 'kind' }, { key: 'product' }, { key: 'version', numeric: true },
              { key: 'sites', render: (d) => (d.sites as string[]).join(', ') || 'all' },
              { key: 'parameters', render: (d) => (d.parameters as string[]).join(', ') || `roles ${(d.roles as string[]).join(', ')}` },
              { key: 'definedBy', label: 'defined by' }, { key: 'definedAt', label: 'defined' },
            ]} /></section>}
      </Load>
      {name ? <ReportPanel key={name} name={name} /> : null}
    </div>
  );
}

function ReportPanel(props: { name: string }) {
  const [reload, setReload] = useState(0);
  const shown = useApi<{ definition: Definition; runs: Run[] }>(`/reports/${encodeURIComponent(props.name)}`, { r: reload });
  // The form keeps its job while the runs below reload: it gets the definition once.
  const [definition, setDefinition] = useState<Definition | null>(null);
  useEffect(() => {
    if (shown.status === 'ready' && definition === null) setDefinition(shown.data.definition);
  }, [shown, definition]);
  return (
    <>
      {definition ? <RunForm definition={definition} onDone={() => setReload((r) => r + 1)} /> : null}
      <Load value={shown}>
        {({ definition: d, runs }) => (
          <section className="panel">
            <h2>Runs of {d.name}</h2>
            {runs.length === 0 ? <p className="muted">Not run yet.</p> : <DataTable name="report runs" rows={runs as unknown as Record<string, unknown>[]} columns={[
              { key: 'runId', label: 'run', render: (r) => <code>{String(r.runId)}</code> }, { key: 'version', numeric: true },
              { key: 'period', label: 'period or lot', render: (r) => String(r.period ?? r.lot ?? '') },
              { key: 'generatedAt', label: 'generated', render: (r) => String(r.generatedAt).slice(0, 16).replace('T', ' ') + ' UTC' }, { key: 'user', label: 'by' },
              { key: 'contentSha256', label: 'content SHA-256', render: (r) => <code className="sha" title={String(r.contentSha256)}>{String(r.contentSha256).slice(0, 12)}…</code> },
              { key: 'report', label: 'report', render: (r) => <><a href={`/api/reports/runs/${encodeURIComponent(String(r.runId))}/pdf`}>PDF</a> · <a href={`/api/reports/runs/${encodeURIComponent(String(r.runId))}/html`} target="_blank" rel="noreferrer">HTML</a></> },
              { key: 'sign', label: 'sign', render: (r) => <SignDialog record={`report:${String(r.name)}@${String(r.runId)}`} onSigned={() => setReload((x) => x + 1)} /> },
            ]} />}
          </section>
        )}
      </Load>
    </>
  );
}

/** Runs the definition as a job and follows its progress. */
function RunForm(props: { definition: Definition; onDone: () => void }) {
  const d = props.definition;
  const can = useCan('reports.run');
  const lotKind = d.kind === 'investigation';
  const [value, setValue] = useState(lotKind ? '' : lastYear);
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reported = useRef(new Set<string>());
  const { onDone } = props;
  useEffect(() => {
    if (!job) return;
    if (job.status !== 'running') {
      if (job.status === 'done' && !reported.current.has(job.id)) {
        reported.current.add(job.id);
        onDone();
      }
      return;
    }
    const t = setTimeout(() => void api.get<Job>(`/jobs/${job.id}`).then(setJob, (e: ApiError) => setError(e)), 400);
    return () => clearTimeout(t);
  }, [job, onDone]);
  const running = job?.status === 'running';
  const run = job?.status === 'done' ? job.result?.run : undefined;
  return (
    <section className="panel">
      <h2>Run {d.name} <span className="muted">version {d.version} · {d.kind} · {d.product}</span></h2>
      {!can ? <p className="muted">Your role may read reports but not run them.</p> : (
        <form onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try { setJob(await api.send<Job>('POST', `/reports/${encodeURIComponent(d.name)}/run`, lotKind ? { lot: value } : { period: value })); } catch (x) { setError(x as ApiError); }
        }}>
          <label>{lotKind ? 'Lot' : 'Period'} <input name={lotKind ? 'lot' : 'period'} value={value} onChange={(e) => setValue(e.target.value)} placeholder={lotKind ? 'LJU-T0004' : '2025, 2025-Q2, 2025-03 or 2025-01-01..2025-07-01'} /></label>
          <button type="submit" disabled={running || value.trim() === ''}>{running ? 'Running…' : 'Run report'}</button>
          {running ? <>
            <progress max={job.total ?? undefined} value={job.total ? job.done : undefined} /> <span role="status" className="muted">{job.label}{job.total ? ` ${job.done} of ${job.total}` : ''}</span>
            <button type="button" onClick={() => void api.send<Job>('DELETE', `/jobs/${job.id}`).then(setJob)}>Cancel</button>
          </> : null}
        </form>
      )}
      {run ? <p role="status" className="badge good">Report {run.runId} ready: <a href={`/api/reports/runs/${encodeURIComponent(run.runId)}/pdf`}>download PDF</a> · <a href={`/api/reports/runs/${encodeURIComponent(run.runId)}/html`} target="_blank" rel="noreferrer">open HTML</a></p> : null}
      {job && (job.status === 'failed' || job.status === 'cancelled') ? <ErrorBox error={new ApiError(400, job.error?.code ?? job.status, job.error?.message ?? `the run was ${job.status}`, job.error?.hint ?? '')} /> : null}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
