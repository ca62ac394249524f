import type { ReactElement } from 'react';
import { DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { Empty, Load } from '../components/states.js';
import { setParams, type Route } from '../router.js';
import { useApi } from '../use-api.js';

interface Site { site: string; name: string | null; timezone: string }
interface Equipment { equipment: string; site: string; parent: string | null; class: string | null; name: string | null; tags: number }
interface Step { product: string; sequence: number; step: string; name: string | null; material: string }
interface Tag { tag: string; equipment: string; site: string; signal: string | null; unit: string | null; description: string | null; lsl: number | null; usl: number | null }

/**
 * The navigator: site → equipment (hierarchy) → tags, and product → steps → parameters and
 * tags. The selection is in the URL (`site`, `equipment`, `product`, `step`).
 */
export function Navigator(props: { route: Route }) {
  const p = props.route.params;
  const site = p.get('site') ?? undefined;
  const equipment = p.get('equipment') ?? undefined;
  const step = p.get('step') ?? undefined;
  const sites = useApi<{ sites: Site[] }>('/sites');
  const equip = useApi<{ equipment: Equipment[] }>('/equipment', { site });
  const steps = useApi<{ steps: Step[] }>('/steps');
  const tags = useApi<{ tags: Tag[] }>(equipment || site ? '/tags' : null, { equipment, site: equipment ? undefined : site });
  return (
    <div className="page">
      <h1>Navigator</h1>
      <div className="grid nav">
        <section className="panel">
          <h2>Sites and equipment</h2>
          <Load value={sites}>
            {({ sites }) => (
              <ul className="tree" role="tree">
                {sites.map((s) => (
                  <li key={s.site} role="treeitem" aria-expanded={s.site === site} aria-selected={s.site === site && !equipment}>
                    <button type="button" className={'link' + (s.site === site ? ' active' : '')} onClick={() => setParams({ site: s.site, equipment: undefined })}>
                      {s.name ?? s.site} <span className="muted">{s.timezone}</span>
                    </button>
                    {s.site === site ? (
                      <Load value={equip} height={40}>
                        {({ equipment: list }) => <EquipmentTree list={list} selected={equipment} />}
                      </Load>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Load>
        </section>
        <section className="panel">
          <h2>Products and steps</h2>
          <Load value={steps}>
            {({ steps }) =>
              steps.length === 0 ? <Empty title="No products" /> : (
                <ol className="tree">
                  {steps.map((s) => (
                    <li key={s.step}>
                      <button type="button" className={'link' + (s.step === step ? ' active' : '')} onClick={() => setParams({ product: s.product, step: s.step })}>
                        {s.sequence}. {s.name ?? s.step}
                      </button>{' '}
                      <span className="muted">makes {s.material}</span>{' '}
                      <Link to="/lots" params={{ material: s.material }}>lots</Link>
                    </li>
                  ))}
                </ol>
              )
            }
          </Load>
        </section>
      </div>
      {equipment || site ? (
        <section className="panel">
          <h2>Tags {equipment ? `of ${equipment}` : `at ${site}`}</h2>
          {tags.status === 'ready' ? (
            <DataTable
              name={`tags-${equipment ?? site}`}
              rows={tags.data.tags as unknown as Record<string, unknown>[]}
              columns={[
                { key: 'tag', render: (r) => <Link to="/trend" params={{ tags: String(r.tag) }}>{String(r.tag)}</Link> },
                { key: 'equipment' }, { key: 'signal' }, { key: 'unit' }, { key: 'description' },
                { key: 'lsl', numeric: true }, { key: 'usl', numeric: true },
              ]}
              empty="No tags on this equipment."
            />
          ) : (
            <Load value={tags}>{() => null}</Load>
          )}
        </section>
      ) : null}
    </div>
  );
}

function EquipmentTree(props: { list: Equipment[]; selected: string | undefined }) {
  const children = (parent: string | null) => props.list.filter((e) => (e.parent ?? null) === parent || (parent === null && e.parent !== null && !props.list.some((x) => x.equipment === e.parent)));
  const render = (parent: string | null, depth: number): ReactElement | null => {
    const items = children(parent);
    if (items.length === 0 || depth > 8) return null;
    return (
      <ul role="group">
        {items.map((e) => (
          <li key={e.equipment} role="treeitem" aria-selected={e.equipment === props.selected}>
            <button type="button" className={'link' + (e.equipment === props.selected ? ' active' : '')} onClick={() => setParams({ equipment: e.equipment })}>
              {e.name ?? e.equipment}
            </button>{' '}
            <span className="muted">{e.class ?? ''}{e.tags ? ` · ${e.tags} tags` : ''}</span>
            {render(e.equipment, depth + 1)}
          </li>
        ))}
      </ul>
    );
  };
  return render(null, 0);
}
