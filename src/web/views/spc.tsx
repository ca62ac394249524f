import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { ChartFrame } from '../components/chart-frame.js';
import { DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { baseQuery, ParamForm } from '../components/param-form.js';
import { Empty, ErrorBox, Load } from '../components/states.js';
import { SvgView } from '../components/svg-view.js';
import type { Route } from '../router.js';
import { useCan } from '../session.js';
import { useApi } from '../use-api.js';

interface Violation { rule: string; ruleName: string; series: string; index: number; lot: string; time: string | null; sentence: string }
interface Series { name: string; center: number[]; lcl: number[]; ucl: number[] }
interface Report { parameter: string; material: string; chart: string; panels: { key: string; violations: Violation[]; points: unknown[]; chart: { primary: Series; center: number; sigma: number; estimator: string } }[]; notes: string[] }

const CHARTS = ['imr', 'xbar-r', 'xbar-s', 'p', 'np', 'c', 'u', 'ewma', 'cusum'];
const RULES = [['we1,we2,we3,we4', 'Western Electric 1–4'], ['nelson', 'Nelson 1–8'], ['we1', 'beyond 3σ only'], ['none', 'none']];

/** Control chart: any parameter, chart type, run rules; violations highlighted and listed; limits with their version. */
export function Spc(props: { route: Route }) {
  const p = props.route.params;
  const q: Record<string, string | undefined> = { ...baseQuery(p, ['chart', 'rules', 'by', 'stored']), chart: p.get('chart') || 'imr', rules: p.get('rules') || 'we1,we2,we3,we4' };
  const ready = Boolean(q.parameter);
  const report = useApi<Report>(ready ? '/spc' : null, q);
  return (
    <div className="page">
      <h1>Control chart</h1>
      <ParamForm params={p} fields={['chart', 'rules', 'stored']} extra={(d, set) => (
        <>
          <label>Chart<select value={d.chart || 'imr'} onChange={(e) => set('chart', e.target.value)}>{CHARTS.map((c) => <option key={c}>{c}</option>)}</select></label>
          <label>Run rules<select value={d.rules || 'we1,we2,we3,we4'} onChange={(e) => set('rules', e.target.value)}>{RULES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
          <label>Limits<select value={d.stored || ''} onChange={(e) => set('stored', e.target.value)}><option value="">from the data (phase I = all)</option><option value="true">approved stored limits</option></select></label>
        </>
      )} />
      {!ready ? <Empty title="Choose a parameter" height={300}>Pick a material and a parameter (a lab result, an IPC or a feature such as drying.product_temp.max).</Empty> : (
        <>
          <ChartFrame title={`${q.parameter} · ${q.chart}`} name={`spc-${q.parameter}-${q.chart}`}>
            <SvgView path="/spc/svg" query={q} height={460} />
          </ChartFrame>
          <Load value={report} height={160}>
            {(r) => (
              <>
                <section className="panel">
                  <h2>Violations ({r.panels.reduce((s, x) => s + x.violations.length, 0)})</h2>
                  <DataTable name={`violations-${q.parameter}`} rows={r.panels.flatMap((x) => x.violations.map((v) => ({ panel: x.key, ...v }))) as unknown as Record<string, unknown>[]}
                    empty="No run rule is broken: the process looks in statistical control for these rules."
                    columns={[{ key: 'lot', render: (v) => <Link to="/investigate" params={{ lot: String(v.lot) }}>{String(v.lot)}</Link> }, { key: 'time' }, { key: 'ruleName', label: 'rule' }, { key: 'series' }, { key: 'sentence' }]} />
                  {r.notes.length ? <ul className="muted">{r.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
                </section>
                <Limits material={r.material} parameter={q.parameter!} chart={q.chart!} report={r} />
              </>
            )}
          </Load>
        </>
      )}
    </div>
  );
}

function Limits(props: { material: string; parameter: string; chart: string; report: Report }) {
  const [version, setVersion] = useState(0);
  const limits = useApi<{ limits: Record<string, unknown>[] }>('/limits', { material: props.material, parameter: props.parameter, chart: props.chart, v: version });
  const canPropose = useCan('limits.propose');
  const canApprove = useCan('limits.approve');
  const [error, setError] = useState<ApiError | null>(null);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const chart = props.report.panels[0]?.chart;
  const first = chart?.primary;
  const last = (v: number[]) => v[v.length - 1]!;
  return (
    <section className="panel">
      <h2>Stored limits (versions)</h2>
      <Load value={limits}>
        {({ limits }) => (
          <DataTable name={`limits-${props.parameter}`} rows={limits} empty="No stored limits: points are judged against limits from the data shown."
            columns={[{ key: 'version', numeric: true }, { key: 'status' }, { key: 'validFrom', label: 'valid from' }, { key: 'center', numeric: true }, { key: 'lcl', numeric: true }, { key: 'ucl', numeric: true }, { key: 'setBy', label: 'set by' }, { key: 'reason' }, { key: 'approvedBy', label: 'approved by' }]} />
        )}
      </Load>
      {canPropose && first ? (
        <form className="inline-form" onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          try {
            await api.send('POST', '/limits', { material: props.material, parameter: props.parameter, chart: props.chart, validFrom: new Date().toISOString(), center: chart!.center, lcl: last(first.lcl), ucl: last(first.ucl), sigma: chart!.sigma, settings: { estimator: chart!.estimator }, baseline: { from: 'the chart shown' }, reason });
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
        </form>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </section>
  );
}
