import { useState } from 'react';
import { DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { Empty, Load } from '../components/states.js';
import { setParams, type Route } from '../router.js';
import { useApi } from '../use-api.js';
import { SaveView } from '../components/save-view.js';

const VIEW: Record<string, string> = { spc: '/spc', trend: '/trend', lot: '/lot', golden: '/trend', events: '/lot' };

/** Investigate: everything unusual about one lot, each finding linked to the chart that shows it. */
export function Investigate(props: { route: Route }) {
  const lot = props.route.params.get('lot') ?? '';
  const [draft, setDraft] = useState(lot);
  const inv = useApi<any>(lot ? `/investigate/${encodeURIComponent(lot)}` : null);
  return (
    <div className="page">
      <h1>Investigate {lot ? <SaveView view="investigate" inputs={{ lot }} suggestedName={`investigation of ${lot}`} /> : null}</h1>
      <form className="panel form-row" onSubmit={(e) => { e.preventDefault(); setParams({ lot: draft }); }}>
        <label>Lot<input value={draft} onChange={(e) => setDraft(e.target.value)} required placeholder="lot id" /></label>
        <button type="submit" className="primary">Investigate</button>
        {lot ? <a className="button" href={`/api/investigate/${encodeURIComponent(lot)}/html`} target="_blank" rel="noreferrer">One-page summary (HTML)</a> : null}
      </form>
      {!lot ? <Empty title="Which lot?" height={260}>Everything unusual about it, most unusual first: results out of specification or out of their history, run rules, golden-envelope excursions, upstream lots, deviations and alarms.</Empty> : (
        <Load value={inv} height={300}>
          {(i) => (
            <>
              <section className="panel">
                <h2><Link to="/lot" params={{ lot: i.lot.lot }}>{i.lot.lot}</Link> <span className="muted">{i.lot.material} · {i.lot.site} · {i.lot.start?.slice(0, 10)} · {i.lot.status}</span></h2>
                {i.findings.length === 0 ? <Empty title="Nothing unusual found">{i.notes.join(' ')}</Empty> : i.findings.map((f: any, k: number) => (
                  <div key={k} className="finding">
                    <span className="badge">{k + 1}</span>
                    <div><strong>{f.title}</strong> <span className={'badge' + (f.kind === 'out_of_spec' || f.kind === 'deviation' ? ' bad' : '')}>{f.kind.replace(/_/g, ' ')}</span><div>{f.sentence}</div></div>
                    {f.link ? <Link to={VIEW[f.link.view] ?? '/'} params={f.link.params} className="button">Show</Link> : <span />}
                  </div>
                ))}
              </section>
              <section className="panel">
                <h2>Most similar past lots</h2>
                <DataTable name={`similar-${i.lot.lot}`} rows={i.similar.map((s: any) => ({ lot: s.lot, distance: s.distance, status: s.status, start: s.start, ...s.outcomes }))}
                  columns={[{ key: 'lot', render: (r) => <Link to="/investigate" params={{ lot: String(r.lot) }}>{String(r.lot)}</Link> }, { key: 'distance', numeric: true }, { key: 'status' }, { key: 'start' },
                    ...Object.keys(i.similar[0]?.outcomes ?? {}).map((k) => ({ key: k, numeric: true }))]} empty="No comparable earlier lots." />
                <p className="muted">Checked: {i.checked.parameters} values, {i.checked.upstreamLots} upstream lots, {i.checked.charts} control charts, {i.checked.goldenModels} golden envelopes, {i.checked.events} events, {i.checked.comparableLots} comparable lots.</p>
              </section>
            </>
          )}
        </Load>
      )}
    </div>
  );
}
