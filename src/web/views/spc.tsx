import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { ChartFrame } from '../components/chart-frame.js';
import { DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { baseQuery, ParamForm } from '../components/param-form.js';
import { Empty, ErrorBox, Load } from '../components/states.js';
import { SvgView } from '../components/svg-view.js';
import { navigate, type Route } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';
import { fieldInfo } from '../../core/fields.js';
import { chartFields } from '../../spc/spc-request.js';
import { CHART_KINDS } from '../../spc/types.js';
import { SaveView } from '../components/save-view.js';

interface Violation { rule: string; ruleName: string; series: string; index: number; lot: string; time: string | null; sentence: string }
interface Series { name: string; center: number[]; lcl: number[]; ucl: number[] }
interface Report { parameter: string; material: string; chart: string; choice: string; panels: { key: string; violations: Violation[]; points: unknown[]; chart: { primary: Series; center: number; sigma: number; estimator: string } }[]; notes: string[] }

const RULES = [['we', 'Western Electric 1–4'], ['nelson', 'Nelson 1–8'], ['we1', 'beyond 3σ only'], ['none', 'none']];
const DEFAULT_RULES = String(fieldInfo(chartFields, 'rules')!.default);
/** The form's labels are the request schema's. */
const label = (name: string) => fieldInfo(chartFields, name)!.title;
/** Charts that count units inspected per lot (the size field). */
const ATTRIBUTE = ['p', 'np', 'c', 'u'];

/** Control chart: any parameter, chart type, run rules; violations highlighted and listed; limits with their version. */
export function Spc(props: { route: Route }) {
  const p = props.route.params;
  // The query is the request schema's fields by name; absent ones take the schema's defaults on the server.
  // No chart: the server draws the one that fits the data (X̄-R/X̄-S for replicates, else I-MR) and says which.
  const q: Record<string, string | undefined> = { ...baseQuery(p, ['chart', 'rules', 'by', 'stored', 'size']), rules: p.get('rules') || DEFAULT_RULES };
  const ready = Boolean(q.parameter);
  const report = useApi<Report>(ready ? '/spc' : null, q);
  return (
    <div className="page">
      <h1>Control chart {ready ? <SaveView view="spc" inputs={q} suggestedName={`${q.parameter} control chart`} /> : null}</h1>
      <ParamForm params={p} fields={['chart', 'rules', 'stored', 'size']} extra={(d, set) => (
        <>
          <label>{label('chart')}<select value={d.chart || ''} onChange={(e) => set('chart', e.target.value)}><option value="">default for the data</option>{CHART_KINDS.map((c) => <option key={c}>{c}</option>)}</select></label>
          {ATTRIBUTE.includes(d.chart || '') ? (
            <label>{label('size')}<input value={d.size} onChange={(e) => set('size', e.target.value)} placeholder="e.g. 50, or a parameter" size={10} /></label>
          ) : null}
          <label>{label('rules')}<select value={d.rules || DEFAULT_RULES} onChange={(e) => set('rules', e.target.value)}>{RULES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
          <label>{label('stored')}<select value={d.stored || ''} onChange={(e) => set('stored', e.target.value)}><option value="">from the data (phase I = all)</option><option value="true">approved stored limits</option></select></label>
        </>
      )} />
      {!ready ? <Empty title="Choose a parameter" height={300}>Pick a material and a parameter (a lab result, an IPC or a feature such as drying.product_temp.max).</Empty> : (
        <>
          <ChartFrame title={`${q.parameter} · ${report.status === 'ready' ? report.data.material : q.material ?? ''} · ${q.site ?? 'all sites'} · ${report.status === 'ready' ? report.data.chart : q.chart ?? 'chart'}`}
            name={`spc-${q.parameter}-${q.material ?? ''}-${q.site ?? 'all'}-${q.chart ?? 'default'}`}
            footer={<span className="muted">Hover a point for its lot, date, value and rules; click it to open the lot.</span>}>
            <SvgView path="/spc/svg" query={q} height={460} wide onPick={(lot) => navigate('/lot', { lot })} />
          </ChartFrame>
          <Load value={report} height={160}>
            {(r) => (
              <>
                <p className="muted chart-choice">{r.choice}</p>
                <section className="panel">
                  <h2>Violations ({r.panels.reduce((s, x) => s + x.violations.length, 0)})</h2>
                  <DataTable name={`violations-${q.parameter}`} rows={r.panels.flatMap((x) => x.violations.map((v) => ({ panel: x.key, ...v }))) as unknown as Record<string, unknown>[]}
                    empty="No run rule is broken: the process looks in statistical control for these rules."
                    columns={[{ key: 'lot', render: (v) => <Link to="/lot" params={{ lot: String(v.lot) }}>{String(v.lot)}</Link> }, { key: 'time' }, { key: 'ruleName', label: 'rule' }, { key: 'series' }, { key: 'sentence', wrap: true }, { key: 'investigate', label: '', render: (v) => <Link to="/investigate" params={{ lot: String(v.lot) }}>investigate</Link> }]} />
                  {r.notes.length ? <ul className="muted">{r.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
                </section>
                <Limits material={r.material} parameter={q.parameter!} chart={r.chart} request={q} report={r} />
              </>
            )}
          </Load>
        </>
      )}
    </div>
  );
}

function Limits(props: { material: string; parameter: string; chart: string; request: Record<string, string | undefined>; report: Report }) {
  const [version, setVersion] = useState(0);
  const limits = useApi<{ limits: Record<string, unknown>[] }>('/limits', { material: props.material, parameter: props.parameter, chart: props.chart, v: version });
  const canPropose = useCan('limits.propose');
  const canApprove = useCan('limits.approve');
  const [error, setError] = useState<ApiError | null>(null);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  // Limits are proposed from the chart shown: the server computes them from its request (phase I = the chart's baseline).
  const { stored, rules: _rules, by, ...request } = props.request;
  const canProposeShown = !stored && !by && props.report.panels.length === 1;
  return (
    <section className="panel">
      <h2>Stored limits (versions)</h2>
      <Load value={limits}>
        {({ limits }) => (
          <DataTable name={`limits-${props.parameter}`} rows={limits} empty="No stored limits: points are judged against limits from the data shown."
            columns={[{ key: 'version', numeric: true }, { key: 'status' }, { key: 'validFrom', label: 'valid from' }, { key: 'center', numeric: true }, { key: 'lcl', numeric: true }, { key: 'ucl', numeric: true }, { key: 'setBy', label: 'set by' }, { key: 'reason' }, { key: 'approvedBy', label: 'approved by' }]} />
        )}
      </Load>
      {canPropose && canProposeShown ? (
        <form className="inline-form" onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await api.send('POST', '/limits', { ...Object.fromEntries(Object.entries(request).filter(([, v]) => v)), material: props.material, chart: props.chart, reason });
            setReason('');
            setVersion((v) => v + 1);
          } catch (err) { setError(err as ApiError); }
        }}>
          <label>Reason<input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} placeholder="why new limits" /></label>
          <button type="submit">Propose the limits shown as a new version</button>
        </form>
      ) : null}
      {canApprove && limits.status === 'ready' && limits.data.limits.some((l) => l.status === 'proposed') ? (
        <form className="inline-form" onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          const latest = limits.data.limits.filter((l) => l.status === 'proposed').map((l) => Number(l.version)).sort((a, b) => b - a)[0]!;
          try {
            await api.send('POST', '/limits/approve', { material: props.material, parameter: props.parameter, chart: props.chart, version: latest, password, reason });
            setPassword('');
            setReason('');
            setVersion((v) => v + 1);
          } catch (err) { setError(err as ApiError); }
        }}>
          <label>Reason<input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} /></label>
          <label>Re-enter your password<input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
          <button type="submit" className="primary">Approve the latest proposal</button>
          <p className="muted">Approving is your electronic signature, meaning <strong>approved</strong>, bound to this version's numbers; <code>causeway sign verify</code> checks it later.</p>
        </form>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
