import { Link } from '../components/link.js';
import { Empty, Load } from '../components/states.js';
import type { Route } from '../router.js';
import { useApi } from '../use-api.js';
import { AttentionPanel } from './attention-panel.js';
import { NetworkHealth } from './network-panel.js';
import { SourcesHealth } from './sources-panel.js';

interface Step { product: string; sequence: number; step: string; name: string | null; material: string; parameters: number }
interface Site { site: string; name: string | null; timezone: string; equipment: number; lots: number }
interface Material { material: string; type: string; name: string | null; lots: number }

/** The start page: what needs attention, the network at a glance (sites, the product's process, materials) and where to go next. */
export function Overview(_props: { route: Route }) {
  const sites = useApi<{ sites: Site[] }>('/sites');
  const steps = useApi<{ steps: Step[] }>('/steps');
  const materials = useApi<{ materials: Material[] }>('/materials');
  return (
    <div className="page">
      <h1>Overview</h1>
      <AttentionPanel zones={sites.status === 'ready' ? Object.fromEntries(sites.data.sites.map((s) => [s.site, s.timezone])) : {}} />
      <section className="panel">
        <h2>Process</h2>
        <Load value={steps} height={90}>
          {({ steps }) =>
            steps.length === 0 ? (
              <Empty title="No products yet">Import a folder (<code>causeway import DIR</code>) or build the demo network (<code>causeway demo</code>).</Empty>
            ) : (
              <ol className="flow" aria-label="Process steps">
                {steps.map((s) => (
                  <li key={s.product + s.step}>
                    <Link to="/navigator" params={{ product: s.product, step: s.step }}>
                      <strong>{s.name ?? s.step}</strong>
                      <span className="muted">{s.material} · {s.parameters} parameters</span>
                    </Link>
                  </li>
                ))}
              </ol>
            )
          }
        </Load>
      </section>
      <SourcesHealth />
      <NetworkHealth />
      <div className="grid two">
        <section className="panel">
          <h2>Sites</h2>
          <Load value={sites} height={120}>
            {({ sites }) =>
              sites.length === 0 ? <Empty title="No sites" /> : (
                <ul className="cards">
                  {sites.map((s) => (
                    <li key={s.site}>
                      <Link to="/navigator" params={{ site: s.site }}>
                        <strong>{s.name ?? s.site}</strong>
                        <span className="muted">{s.timezone} · {s.equipment} equipment · {s.lots.toLocaleString('en')} lots</span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )
            }
          </Load>
        </section>
        <section className="panel">
          <h2>Materials</h2>
          <Load value={materials} height={120}>
            {({ materials }) =>
              materials.length === 0 ? <Empty title="No materials" /> : (
                <table className="data compact">
                  <thead><tr><th>material</th><th>type</th><th className="num">lots</th></tr></thead>
                  <tbody>
                    {materials.map((m) => (
                      <tr key={m.material}>
                        <td><Link to="/lots" params={{ material: m.material }}>{m.name ?? m.material}</Link></td>
                        <td>{m.type}</td>
                        <td className="num">{m.lots.toLocaleString('en')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )
            }
          </Load>
        </section>
      </div>
    </div>
  );
}
