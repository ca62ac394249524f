import { useState } from 'react';
import { DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { Load } from '../components/states.js';
import { navigate, setParams, type Route } from '../router.js';
import { useApi } from '../use-api.js';

/** Lots with search and filters; the filters live in the URL. */
export function Lots(props: { route: Route }) {
  const p = props.route.params;
  const filters = { material: p.get('material') ?? '', site: p.get('site') ?? '', status: p.get('status') ?? '', from: p.get('from') ?? '', to: p.get('to') ?? '', q: p.get('q') ?? '' };
  const [draft, setDraft] = useState(filters);
  const materials = useApi<{ materials: { material: string }[] }>('/materials');
  const sites = useApi<{ sites: { site: string }[] }>('/sites');
  const lots = useApi<{ lots: Record<string, unknown>[] }>('/lots', { ...filters, limit: 5000 });
  return (
    <div className="page">
      <h1>Lots</h1>
      <form className="form-row panel" onSubmit={(e) => { e.preventDefault(); setParams(draft); }}>
        <label>Search lot<input value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} placeholder="lot id contains…" /></label>
        <label>Material
          <select value={draft.material} onChange={(e) => setDraft({ ...draft, material: e.target.value })}>
            <option value="">all</option>
            {materials.status === 'ready' ? materials.data.materials.map((m) => <option key={m.material}>{m.material}</option>) : null}
          </select>
        </label>
        <label>Site
          <select value={draft.site} onChange={(e) => setDraft({ ...draft, site: e.target.value })}>
            <option value="">all</option>
            {sites.status === 'ready' ? sites.data.sites.map((s) => <option key={s.site}>{s.site}</option>) : null}
          </select>
        </label>
        <label>Status<input value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })} placeholder="released, rejected…" /></label>
        <label>From<input type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} /></label>
        <label>To<input type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} /></label>
        <button type="submit" className="primary">Apply</button>
      </form>
      <section className="panel">
        <Load value={lots} height={400}>
          {({ lots }) => (
            <DataTable
              name="lots"
              rows={lots}
              onRowClick={(r) => navigate('/lot', { lot: String(r.lot) })}
              empty="No lots match these filters. Clear a filter or import data."
              columns={[
                { key: 'lot', render: (r) => <Link to="/lot" params={{ lot: String(r.lot) }}>{String(r.lot)}</Link> },
                { key: 'material' }, { key: 'site' }, { key: 'step' }, { key: 'equipment' },
                { key: 'start' }, { key: 'end' },
                { key: 'quantity', numeric: true }, { key: 'unit' }, { key: 'supplier' }, { key: 'status' },
              ]}
            />
          )}
        </Load>
      </section>
    </div>
  );
}
