import { DataTable } from '../components/data-table.js';
import { GenealogyGraph, type GEdge, type GNode } from '../components/genealogy-graph.js';
import { Link } from '../components/link.js';
import { Empty, Load } from '../components/states.js';
import { specText, Verdict } from '../components/verdict.js';
import { navigate, type Route } from '../router.js';
import { browserZone, formatIn } from '../time.js';
import { useApi } from '../use-api.js';

type Verdicted = { lsl: number | null; usl: number | null; verdict: 'pass' | 'fail' | null };
type Result = Verdicted & { parameter: string; value: number; unit: string | null; role: string | null; time: string | null; source: string | null };
type Replicate = Verdicted & { parameter: string; unit: string | null; n: number; mean: number; sd: number | null; min: number; max: number; outside: number | null };
interface Upstream { lot: string; material: string | null; site: string | null; depth: number; contribution: number; estimated: boolean; supplier: string | null; status: string | null; start_time: string | null; attributes: string; results: string; failed: number }
interface LotDetail {
  lot: Record<string, unknown>;
  timezone: string | null;
  attributes: { name: string; value: string }[];
  results: Result[];
  replicates: Replicate[];
  events: Record<string, unknown>[];
  upstream: Upstream[];
}

const RECORD = ['material', 'site', 'step', 'equipment', 'start_time', 'end_time', 'quantity', 'unit', 'supplier', 'status', 'source', 'import_id'];

/**
 * One lot: its record, results judged against the specification, replicates, the lots it was
 * made from with their key attributes, events and genealogy; every time in the site's zone.
 */
export function Lot(props: { route: Route }) {
  const lot = props.route.params.get('lot');
  const detail = useApi<LotDetail>(lot ? `/lots/${encodeURIComponent(lot)}` : null);
  const graph = useApi<{ focus: string; nodes: GNode[]; edges: GEdge[] }>(lot ? `/genealogy/${encodeURIComponent(lot)}` : null);
  if (!lot) return <div className="page"><h1>Lot</h1><Empty title="No lot chosen">Pick one under <Link to="/lots">Lots</Link>.</Empty></div>;
  return (
    <div className="page">
      <h1>Lot {lot}</h1>
      <Load value={detail} height={160}>
        {(d) => {
          const zone = d.timezone ?? browserZone();
          const t = (v: unknown) => formatIn(v as string | null, zone);
          const failed = d.results.filter((r) => r.verdict === 'fail').length + d.replicates.filter((r) => r.verdict === 'fail').length;
          return (
            <>
              <section className="panel">
                <div className="form-row">
                  <dl className="kv">
                    {RECORD.map((k) => (d.lot[k] !== null && d.lot[k] !== undefined ? [<dt key={k + 't'}>{k.replace('_time', '')}</dt>, <dd key={k}>{k.endsWith('_time') ? t(d.lot[k]) : String(d.lot[k])}</dd>] : null))}
                    {d.attributes.map((a) => [<dt key={a.name + 't'}>{a.name}</dt>, <dd key={a.name}>{a.value}</dd>])}
                  </dl>
                  <span className="spacer" />
                  <Link to="/investigate" params={{ lot }} className="button primary">Investigate this lot</Link>
                  <Link to="/trend" params={{ lot }} className="button">Trends of this lot</Link>
                </div>
                <p className="muted zone-note">Times in {zone}{d.timezone ? ` (site ${String(d.lot.site)})` : ' (your browser; the site has no time zone)'}.</p>
              </section>
              <section className="panel">
                <h2>Results {failed ? <span className="verdict fail">{failed} outside specification</span> : null}</h2>
                <DataTable name={`results-${lot}`} rows={d.results.map((r) => ({ ...r, specification: specText(r.lsl, r.usl) }))} empty="No results for this lot."
                  columns={[
                    { key: 'parameter', render: (r) => <Link to="/spc" params={{ parameter: r.parameter, material: String(d.lot.material) }}>{r.parameter}</Link> },
                    { key: 'value', numeric: true }, { key: 'unit' },
                    { key: 'specification' },
                    { key: 'verdict', label: 'pass/fail', render: (r) => <Verdict verdict={r.verdict} /> },
                    { key: 'time', label: 'measured', render: (r) => t(r.time) }, { key: 'role' }, { key: 'source' },
                  ]} />
                {d.replicates.length ? (
                  <>
                    <h3>Replicates</h3>
                    <DataTable name={`replicates-${lot}`} rows={d.replicates.map((r) => ({ ...r, specification: specText(r.lsl, r.usl) }))}
                      columns={[
                        { key: 'parameter', render: (r) => <Link to="/spc" params={{ parameter: r.parameter, material: String(d.lot.material) }}>{r.parameter}</Link> },
                        { key: 'n', numeric: true }, { key: 'mean', numeric: true }, { key: 'sd', numeric: true }, { key: 'min', numeric: true }, { key: 'max', numeric: true }, { key: 'unit' },
                        { key: 'specification', label: 'specification (each value)' },
                        { key: 'outside', label: 'values outside', numeric: true },
                        { key: 'verdict', label: 'pass/fail', render: (r) => <Verdict verdict={r.verdict} /> },
                      ]} />
                  </>
                ) : null}
              </section>
              <section className="panel">
                <h2>Made from ({d.upstream.length} upstream lots)</h2>
                <DataTable name={`upstream-${lot}`} rows={d.upstream as unknown as Record<string, unknown>[]} empty="No upstream lots recorded (no genealogy into this lot)."
                  columns={[
                    { key: 'lot', render: (r) => <Link to="/lot" params={{ lot: String(r.lot) }}>{String(r.lot)}</Link> },
                    { key: 'material' }, { key: 'site' }, { key: 'depth', label: 'levels up', numeric: true },
                    { key: 'contribution', label: 'share of this lot', numeric: true, render: (r) => `${(Number(r.contribution) * 100).toPrecision(3)} %${r.estimated ? ' (est.)' : ''}` },
                    { key: 'supplier' }, { key: 'attributes', wrap: true },
                    { key: 'results', label: 'results (✗ outside spec)', wrap: true, render: (r) => <span className={Number(r.failed) ? 'verdict fail' : undefined}>{String(r.results)}</span> },
                    { key: 'start_time', label: 'start', render: (r) => t(r.start_time) }, { key: 'status' },
                  ]} />
              </section>
              <section className="panel">
                <h2>Events</h2>
                <DataTable name={`events-${lot}`} rows={d.events} empty="No events recorded for this lot."
                  columns={[{ key: 'type' }, { key: 'name' }, { key: 'equipment' }, { key: 'start_time', label: 'start', render: (r) => t(r.start_time) }, { key: 'end_time', label: 'end', render: (r) => t(r.end_time) }, { key: 'severity' }, { key: 'text', wrap: true }]} />
              </section>
            </>
          );
        }}
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
