import { DataTable } from '../components/data-table.js';
import { GenealogyGraph, type GEdge, type GNode } from '../components/genealogy-graph.js';
import { Link } from '../components/link.js';
import { Empty, Load } from '../components/states.js';
import { navigate, type Route } from '../router.js';
import { useApi } from '../use-api.js';

interface LotDetail {
  lot: Record<string, unknown>;
  attributes: { name: string; value: string }[];
  results: Record<string, unknown>[];
  replicates: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

/** One lot: its record, results, replicates, events and genealogy graph, with links to investigate and trend it. */
export function Lot(props: { route: Route }) {
  const lot = props.route.params.get('lot');
  const detail = useApi<LotDetail>(lot ? `/lots/${encodeURIComponent(lot)}` : null);
  const graph = useApi<{ focus: string; nodes: GNode[]; edges: GEdge[] }>(lot ? `/genealogy/${encodeURIComponent(lot)}` : null);
  if (!lot) return <div className="page"><h1>Lot</h1><Empty title="No lot chosen">Pick one under <Link to="/lots">Lots</Link>.</Empty></div>;
  return (
    <div className="page">
      <h1>Lot {lot}</h1>
      <Load value={detail} height={160}>
        {(d) => (
          <>
            <section className="panel">
              <div className="form-row">
                <dl className="kv">
                  {['material', 'site', 'step', 'equipment', 'start_time', 'end_time', 'quantity', 'unit', 'supplier', 'status', 'source', 'import_id'].map((k) =>
                    d.lot[k] !== null && d.lot[k] !== undefined ? [<dt key={k + 't'}>{k.replace('_time', '')}</dt>, <dd key={k}>{String(d.lot[k])}</dd>] : null,
                  )}
                  {d.attributes.map((a) => [<dt key={a.name + 't'}>{a.name}</dt>, <dd key={a.name}>{a.value}</dd>])}
                </dl>
                <span className="spacer" />
                <Link to="/investigate" params={{ lot }} className="button primary">Investigate this lot</Link>
                <Link to="/trend" params={{ lot }} className="button">Trends of this lot</Link>
              </div>
            </section>
            <div className="grid two">
              <section className="panel">
                <h2>Results</h2>
                <DataTable name={`results-${lot}`} rows={d.results} empty="No results for this lot."
                  columns={[
                    { key: 'parameter', render: (r) => <Link to="/spc" params={{ parameter: String(r.parameter), material: String(d.lot.material) }}>{String(r.parameter)}</Link> },
                    { key: 'value', numeric: true }, { key: 'unit' }, { key: 'role' }, { key: 'source' },
                  ]} />
              </section>
              <section className="panel">
                <h2>Replicates</h2>
                <DataTable name={`replicates-${lot}`} rows={d.replicates} empty="No replicate data."
                  columns={[{ key: 'parameter' }, { key: 'n', numeric: true }, { key: 'mean', numeric: true }, { key: 'sd', numeric: true }, { key: 'min', numeric: true }, { key: 'max', numeric: true }]} />
              </section>
            </div>
            <section className="panel">
              <h2>Events</h2>
              <DataTable name={`events-${lot}`} rows={d.events} empty="No events recorded for this lot."
                columns={[{ key: 'type' }, { key: 'name' }, { key: 'equipment' }, { key: 'start_time', label: 'start' }, { key: 'end_time', label: 'end' }, { key: 'severity' }, { key: 'text' }]} />
            </section>
          </>
        )}
      </Load>
      <section className="panel">
        <h2>Genealogy</h2>
        <Load value={graph} height={200}>
          {(g) => (g.nodes.length <= 1 ? <Empty title="No genealogy recorded for this lot" /> : <GenealogyGraph seed={g.focus} nodes={g.nodes} edges={g.edges} onOpen={(l) => navigate('/lot', { lot: l })} />)}
        </Load>
      </section>
    </div>
  );
}
