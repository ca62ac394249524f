import { DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { Load } from '../components/states.js';
import { specText } from '../components/verdict.js';
import { formatIn } from '../time.js';
import { useApi } from '../use-api.js';

interface Attention {
  from: string; to: string; anchor: 'now' | 'newest data'; days: number;
  outOfSpecification: { lot: string; material: string; site: string | null; parameter: string; value: number; lsl: number | null; usl: number | null; time: string }[];
  ruleViolations: { lot: string; material: string; site: string; parameter: string; chart: string; ruleName: string; time: string | null; sentence: string }[];
  openDeviations: { event: string; type: string; lot: string | null; equipment: string | null; site: string | null; start_time: string; severity: string | null; text: string | null }[];
  olderOpenDeviations: number;
}

/**
 * What needs attention on the start page: out-of-specification results, run-rule signals and
 * open deviations of the last 30 days, each linked to its lot and chart; times in each site's zone.
 */
export function AttentionPanel(props: { zones: Record<string, string> }) {
  const a = useApi<Attention>('/attention', { days: 30 });
  const t = (v: string | null, site: string | null) => formatIn(v, (site && props.zones[site]) || 'UTC') + (site && props.zones[site] ? '' : ' UTC');
  return (
    <section className="panel attention">
      <h2>Needs attention</h2>
      <Load value={a} height={160}>
        {(x) => (
          <>
            <p className="muted">
              The last {x.days} days, {formatIn(x.from, 'UTC')} to {formatIn(x.to, 'UTC')} UTC
              {x.anchor === 'newest data' ? ' — ending at the newest data in the store, which is older than 30 days' : ''}. Times below are in each site's zone.
            </p>
            <h3>Results outside specification ({x.outOfSpecification.length})</h3>
            <DataTable name="out-of-specification" rows={x.outOfSpecification} empty="No result outside its specification."
              columns={[
                { key: 'lot', render: (r) => <Link to="/lot" params={{ lot: r.lot }}>{r.lot}</Link> },
                { key: 'material' }, { key: 'site' },
                { key: 'parameter', render: (r) => <Link to="/spc" params={{ material: r.material, parameter: r.parameter, ...(r.site ? { site: r.site } : {}) }}>{r.parameter}</Link> },
                { key: 'value', numeric: true }, { key: 'specification', render: (r) => specText(r.lsl, r.usl) },
                { key: 'time', render: (r) => t(r.time, r.site) },
              ]} />
            <h3>Run-rule signals on control charts ({x.ruleViolations.length})</h3>
            <DataTable name="rule-signals" rows={x.ruleViolations} empty="No control chart signals."
              columns={[
                { key: 'lot', render: (r) => <Link to="/lot" params={{ lot: r.lot }}>{r.lot}</Link> },
                { key: 'parameter', label: 'chart', render: (r) => <Link to="/spc" params={{ material: r.material, parameter: r.parameter, site: r.site }}>{`${r.parameter} · ${r.material} · ${r.site}`}</Link> },
                { key: 'ruleName', label: 'rule' }, { key: 'sentence', label: 'what', wrap: true }, { key: 'time', render: (r) => t(r.time, r.site) },
              ]} />
            <h3>Open deviations ({x.openDeviations.length})</h3>
            <DataTable name="open-deviations" rows={x.openDeviations} empty="No open deviation."
              columns={[
                { key: 'event' }, { key: 'type' }, { key: 'severity' },
                { key: 'lot', render: (r) => (r.lot ? <Link to="/lot" params={{ lot: r.lot }}>{r.lot}</Link> : '') },
                { key: 'site' }, { key: 'text', wrap: true }, { key: 'start_time', label: 'opened', render: (r) => t(r.start_time, r.site) },
              ]} />
            {x.olderOpenDeviations ? <p className="muted">{x.olderOpenDeviations} more deviations opened before this window are still open.</p> : null}
          </>
        )}
      </Load>
    </section>
  );
}
