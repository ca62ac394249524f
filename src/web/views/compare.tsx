import { ChartFrame } from '../components/chart-frame.js';
import { DataTable } from '../components/data-table.js';
import { baseQuery, ParamForm } from '../components/param-form.js';
import { Empty, Load } from '../components/states.js';
import { SvgView } from '../components/svg-view.js';
import type { Route } from '../router.js';
import { useApi } from '../use-api.js';
import { SaveView } from '../components/save-view.js';

/** Compare: box plots per site or factor; ANOVA, Welch, Tukey, Kruskal–Wallis, Levene, TOST equivalence. */
export function Compare(props: { route: Route }) {
  const p = props.route.params;
  const q: Record<string, string | undefined> = { ...baseQuery(p, ['by', 'margin', 'reference']), by: p.get('by') || 'site' };
  const ready = Boolean(q.parameter);
  const r = useApi<any>(ready ? '/compare' : null, q);
  return (
    <div className="page">
      <h1>Compare {ready ? <SaveView view="compare" inputs={q} suggestedName={`${q.parameter} by ${q.by ?? 'site'}`} /> : null}</h1>
      <ParamForm params={p} fields={['by', 'margin', 'reference']} extra={(d, set) => (
        <>
          <label>By<input value={d.by || 'site'} onChange={(e) => set('by', e.target.value)} placeholder="site, supplier, compression.equipment…" /></label>
          <label>Equivalence margin<input inputMode="decimal" value={d.margin} onChange={(e) => set('margin', e.target.value)} size={6} placeholder="e.g. 2" /></label>
          <label>Reference group<input value={d.reference} onChange={(e) => set('reference', e.target.value)} size={8} placeholder="sending site" /></label>
        </>
      )} />
      {!ready ? <Empty title="Choose a parameter and a factor" height={300}>For tech transfer: compare the receiving site with the sending site (reference) and give the equivalence margin that matters in practice.</Empty> : (
        <>
          <ChartFrame title={`${q.parameter} by ${q.by}`} name={`compare-${q.parameter}-${q.by}`}>
            <SvgView path="/compare/svg" query={q} height={400} />
          </ChartFrame>
          <Load value={r} height={200}>
            {(c) => {
              const cmp = c.comparison ?? {};
              const sentences: string[] = cmp.summary ?? [];
              const tukey = cmp.tukey?.status === 'done' ? cmp.tukey.result : [];
              return (
                <div className="grid two">
                  <section className="panel">
                    <h2>Groups</h2>
                    <DataTable name={`groups-${q.parameter}`} rows={(cmp.groups ?? []).map((g: any) => ({ group: g.group, n: g.n, mean: g.mean, sd: g.sd, median: g.median, ppk: g.capability?.status === 'done' ? g.capability.result.indices?.ppk?.value ?? null : null }))}
                      columns={[{ key: 'group' }, { key: 'n', numeric: true }, { key: 'mean', numeric: true }, { key: 'sd', numeric: true }, { key: 'median', numeric: true }, { key: 'ppk', label: 'Ppk', numeric: true }]} />
                    <h2>Tukey HSD pairs</h2>
                    <DataTable name={`tukey-${q.parameter}`} rows={tukey.map((t: any) => ({ pair: `${t.b} − ${t.a}`, difference: t.diff, lower: t.lower, upper: t.upper, p: t.p }))}
                      columns={[{ key: 'pair' }, { key: 'difference', numeric: true }, { key: 'lower', numeric: true }, { key: 'upper', numeric: true }, { key: 'p', numeric: true }]} empty="Needs two or more groups." />
                  </section>
                  <section className="panel">
                    <h2>Tests</h2>
                    {sentences.length ? <ul>{sentences.map((s) => <li key={s} className="sentence">{s}</li>)}</ul> : <p className="muted">No test could be computed for these groups.</p>}
                    {c.notes?.length ? <ul className="muted">{c.notes.map((n: string) => <li key={n}>{n}</li>)}</ul> : null}
                  </section>
                </div>
              );
            }}
          </Load>
        </>
      )}
    </div>
  );
}
