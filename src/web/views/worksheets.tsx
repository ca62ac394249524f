import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { SignDialog, type SignatureInfo } from '../components/sign-dialog.js';
import { Empty, ErrorBox, Load } from '../components/states.js';
import type { Route } from '../router.js';
import { useApi } from '../use-api.js';

interface DataState { imports: number; latestImport: string | null; latestImportAt: string | null }
interface Version {
  worksheet: number; version: number; name: string; view: string; inputs: Record<string, unknown>; dataState: DataState; software: string;
  resultSha256: string; savedBy: string; savedAt: string; reason: string;
}
interface Shown extends Version { result: any; record: string; signatures: SignatureInfo[] }
interface Rerun { reproduced: boolean; sameDataState: boolean; verdict: string; now: { resultSha256: string; dataState: DataState; software: string } }

/**
 * Worksheets: saved views as records. The list, and one worksheet at `/worksheets/ID` (a link to
 * share): its inputs, the data it saw, the software, its saved result, its versions and
 * signatures; sign it, run it again to see whether the result reproduces.
 */
export function Worksheets(props: { route: Route }) {
  const id = /^\/worksheets\/(\d+)$/.exec(props.route.path)?.[1];
  return id ? <Worksheet id={Number(id)} version={props.route.params.get('version')} /> : <WorksheetList />;
}

function WorksheetList() {
  const list = useApi<{ worksheets: (Version & { versions: number })[] }>('/worksheets');
  return (
    <div className="page">
      <h1>Worksheets</h1>
      <Load value={list}>
        {({ worksheets }) => worksheets.length === 0
          ? <Empty title="No worksheets yet">Use <strong>Save view</strong> in a trend, control chart, capability, compare, explain or investigation to keep it — with its inputs, the data it saw and its result — as a record.</Empty>
          : <section className="panel"><DataTable name="worksheets" rows={worksheets as unknown as Record<string, unknown>[]} columns={[
              { key: 'worksheet', label: 'id', numeric: true }, { key: 'name', render: (w) => <Link to={`/worksheets/${String(w.worksheet)}`}>{String(w.name)}</Link> },
              { key: 'view' }, { key: 'version', numeric: true }, { key: 'savedBy', label: 'saved by' }, { key: 'savedAt', label: 'saved' }, { key: 'reason' },
            ]} /></section>}
      </Load>
    </div>
  );
}

function Worksheet(props: { id: number; version: string | null }) {
  const [reload, setReload] = useState(0);
  const shown = useApi<Shown>(`/worksheets/${props.id}`, { version: props.version ?? undefined, r: reload });
  const versions = useApi<{ versions: Version[] }>(`/worksheets/${props.id}/versions`, { r: reload });
  return (
    <div className="page">
      <Load value={shown} height={300}>
        {(w) => (
          <>
            <h1>{w.name} <span className="muted">worksheet {w.worksheet}, version {w.version}</span></h1>
            <section className="panel">
              <dl className="kv">
                <dt>View</dt><dd>{w.view} · <Link to={`/${w.view}`} params={stringParams(w.inputs)}>open it live</Link></dd>
                <dt>Inputs</dt><dd><code>{JSON.stringify(w.inputs)}</code></dd>
                <dt>Data state</dt><dd>{w.dataState.imports} imports; latest {w.dataState.latestImport ?? '–'} ({w.dataState.latestImportAt ?? '–'})</dd>
                <dt>Software</dt><dd>{w.software}</dd>
                <dt>Saved</dt><dd>{w.savedAt} by {w.savedBy}: {w.reason}</dd>
                <dt>Record</dt><dd><code>{w.record}</code></dd>
                <dt>Result SHA-256</dt><dd><code>{w.resultSha256}</code></dd>
              </dl>
            </section>
            <section className="panel">
              <h2>Signatures</h2>
              {w.signatures.length === 0 ? <p className="muted">Not signed.</p> : (
                <ul className="signatures">{w.signatures.map((s) => <li key={s.signatureId}><strong>{s.signerName}</strong> ({s.signer}), {s.meaning}, {s.signedAt}{s.reason ? ` — ${s.reason}` : ''}</li>)}</ul>
              )}
              <SignDialog record={w.record} onSigned={() => setReload((r) => r + 1)} />
            </section>
            <RerunPanel id={w.worksheet} version={w.version} />
            <section className="panel">
              <h2>Saved result</h2>
              <ResultSummary view={w.view} result={w.result} />
              <details><summary>The whole result (JSON)</summary><pre className="json">{JSON.stringify(w.result, null, 2)}</pre></details>
            </section>
          </>
        )}
      </Load>
      <Load value={versions}>
        {({ versions }) => (
          <section className="panel">
            <h2>Versions</h2>
            <DataTable name={`worksheet-${props.id}-versions`} rows={versions as unknown as Record<string, unknown>[]} columns={[
              { key: 'version', numeric: true, render: (v) => <Link to={`/worksheets/${props.id}`} params={{ version: Number(v.version) }}>{String(v.version)}</Link> },
              { key: 'name' }, { key: 'savedBy', label: 'saved by' }, { key: 'savedAt', label: 'saved' }, { key: 'reason' },
            ]} />
          </section>
        )}
      </Load>
    </div>
  );
}

const stringParams = (o: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));

/** Runs the version again as a job and says whether its result reproduces. */
function RerunPanel(props: { id: number; version: number }) {
  const [job, setJob] = useState<{ id: string; status: string; label: string; result?: Rerun; error?: { message: string; hint: string; code: string } } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const t = setTimeout(() => void api.get(`/jobs/${job.id}`).then(setJob, (e: ApiError) => setError(e)), 300);
    return () => clearTimeout(t);
  }, [job]);
  const r = job?.status === 'done' ? job.result : undefined;
  return (
    <section className="panel">
      <h2>Reproduce</h2>
      <button type="button" disabled={job?.status === 'running'} onClick={async () => {
        setError(null);
        try { setJob(await api.send('POST', `/worksheets/${props.id}/run`, { version: props.version })); } catch (e) { setError(e as ApiError); }
      }}>{job?.status === 'running' ? `Running… ${job.label}` : 'Run it again on the data as it is now'}</button>
      {r ? <p role="status" className={r.reproduced ? 'badge good' : 'badge bad'}>{r.verdict}</p> : null}
      {job?.status === 'failed' ? <ErrorBox error={new ApiError(400, job.error?.code ?? 'failed', job.error?.message ?? 'the run failed', job.error?.hint ?? '')} /> : null}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}

/** The few numbers a person looks for first in each kind of saved result. */
function ResultSummary(props: { view: string; result: any }) {
  const r = props.result;
  if (props.view === 'spc' && r?.panels) {
    return (
      <ul>
        <li>{r.material} / {r.parameter}, {r.chart} chart: {r.panels.reduce((n: number, p: any) => n + p.points.length, 0)} points</li>
        {r.panels.map((p: any) => <li key={p.key || 'all'}>{p.key ? `${p.key}: ` : ''}centre {fmt(p.chart.center)}, σ {fmt(p.chart.sigma)}; {p.violations.length} rule violation(s){p.violations.slice(0, 5).map((v: any) => <div key={`${v.rule}-${v.index}`} className="muted">{v.sentence}</div>)}</li>)}
      </ul>
    );
  }
  if (props.view === 'capability' && r) return <p>{r.material} / {r.parameter}: Cpk {fmt(r.indices?.cpk?.value)}, Ppk {fmt(r.indices?.ppk?.value)} (n = {r.n})</p>;
  if (props.view === 'explain' && r?.drivers) {
    return r.drivers.length === 0 ? <p>No driver found for {r.target.name}.</p>
      : <ol>{r.drivers.map((d: any) => <li key={d.name}><strong>{d.name}</strong> — {d.sentence}</li>)}</ol>;
  }
  return <p className="muted">See the whole result below.</p>;
}

const fmt = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(5))) : '–');
