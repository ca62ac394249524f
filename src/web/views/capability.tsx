import { ChartFrame } from '../components/chart-frame.js';
import { DataTable } from '../components/data-table.js';
import { baseQuery, ParamForm } from '../components/param-form.js';
import { Empty, Load } from '../components/states.js';
import { SvgView } from '../components/svg-view.js';
import type { Route } from '../router.js';
import { useApi } from '../use-api.js';
import { fieldInfo } from '../../core/fields.js';
import { reportedPpk } from '../../spc/capability-reported.js';
import { capabilityFields, DISTRIBUTIONS } from '../../spc/spc-request.js';
import { SaveView } from '../components/save-view.js';

/** The form's labels and defaults are the request schema's. */
const field = (name: string) => fieldInfo(capabilityFields, name)!;

interface Estimate { value: number; lower: number | null; upper: number | null }
interface Capability { parameter: string; material: string; specSource: string; n: number; mean: number; sdOverall: number; sigmaWithin: number; sigmaWithinMethod: string; confidence: number; indices: Record<string, Estimate | undefined>; normality: { a2?: number; pValue?: number; skipped?: string }; nonNormal?: { method: string; ppk: number }; ppm: { basis: string; expectedOverall: { below: number; above: number; total: number }; observed: { below: number; above: number; total: number } }; notes: string[] }

const NAMES: Record<string, string> = { cp: 'Cp', cpl: 'Cpl', cpu: 'Cpu', cpk: 'Cpk', cpm: 'Cpm', pp: 'Pp', ppl: 'Ppl', ppu: 'Ppu', ppk: 'Ppk' };

/** Capability: histogram with specification limits and fitted curve; indices with confidence intervals. */
export function Capability(props: { route: Route }) {
  const p = props.route.params;
  const q = baseQuery(p, ['lsl', 'usl', 'target', 'distribution']);
  const ready = Boolean(q.parameter);
  const r = useApi<Capability>(ready ? '/capability' : null, q);
  return (
    <div className="page">
      <h1>Capability {ready ? <SaveView view="capability" inputs={q} suggestedName={`${q.parameter} capability`} /> : null}</h1>
      <ParamForm params={p} fields={['lsl', 'usl', 'target', 'distribution']} extra={(d, set) => (
        <>
          <label>{field('lsl').title}<input inputMode="decimal" value={d.lsl} onChange={(e) => set('lsl', e.target.value)} placeholder="stored spec" size={7} /></label>
          <label>{field('usl').title}<input inputMode="decimal" value={d.usl} onChange={(e) => set('usl', e.target.value)} placeholder="stored spec" size={7} /></label>
          <label>{field('distribution').title}<select value={d.distribution || String(field('distribution').default)} onChange={(e) => set('distribution', e.target.value)}>{DISTRIBUTIONS.map((x) => <option key={x}>{x}</option>)}</select></label>
        </>
      )} />
      {!ready ? <Empty title="Choose a parameter" height={300}>The specification stored for the parameter is used unless you give limits.</Empty> : (
        <>
          <ChartFrame title={`${q.parameter} · ${r.status === 'ready' ? r.data.material : q.material ?? ''} · ${q.site ?? 'all sites'}: capability`} name={`capability-${q.parameter}-${q.material ?? ''}-${q.site ?? 'all'}`}>
            <SvgView path="/capability/svg" query={q} height={480} wide />
          </ChartFrame>
          <section className="panel">
            <h2>Indices</h2>
            <Load value={r} height={300}>
              {(c) => (
                <>
                  {reportedPpk(c) ? <p className="reported" role="note">{reportedPpk(c)!.sentence} Cpk uses σ within (short-term), Ppk σ overall (long-term).</p> : null}
                  <p className="muted">n = {c.n}, mean {c.mean.toPrecision(5)}, σ within {c.sigmaWithin.toPrecision(4)} ({c.sigmaWithinMethod}), σ overall {c.sdOverall.toPrecision(4)}; specification {c.specSource}.</p>
                  <DataTable name={`capability-${q.parameter}`} caption={`${Math.round(c.confidence * 100)} % confidence intervals`}
                    rows={Object.entries(c.indices).filter(([, e]) => e).map(([k, e]) => ({ index: NAMES[k] ?? k, value: e!.value, lower: e!.lower, upper: e!.upper }))}
                    columns={[{ key: 'index' }, { key: 'value', numeric: true }, { key: 'lower', numeric: true }, { key: 'upper', numeric: true }]} />
                  <dl className="kv">
                    <dt>normality</dt><dd>{c.normality.pValue !== undefined ? `Anderson–Darling A² ${c.normality.a2!.toPrecision(3)}, p ${c.normality.pValue.toPrecision(2)}` : c.normality.skipped}</dd>
                    <dt>method</dt><dd>{c.nonNormal ? `${c.nonNormal.method} percentiles (Ppk ${c.nonNormal.ppk.toFixed(3)})` : 'normal'}</dd>
                    <dt>expected ppm</dt><dd>{c.ppm.expectedOverall.total.toPrecision(3)} ({c.ppm.basis})</dd>
                    <dt>observed ppm</dt><dd>{c.ppm.observed.total.toPrecision(3)}</dd>
                  </dl>
                  {c.notes.length ? <ul className="muted">{c.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
                </>
              )}
            </Load>
          </section>
        </>
      )}
    </div>
  );
}
