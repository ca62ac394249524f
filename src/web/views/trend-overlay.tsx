import { useState } from 'react';
import { ChartFrame } from '../components/chart-frame.js';
import { LineChart, type LineSeries } from '../components/line-chart.js';
import { Load } from '../components/states.js';
import { setParams } from '../router.js';
import { useApi } from '../use-api.js';

interface OverlayResult { hours: (number | null)[]; columns: Record<string, (number | null)[]>; tags: Record<string, string>; missing: string[] }
interface Golden { envelope: { t: number[]; low: (number | null)[]; high: (number | null)[]; mean: (number | null)[] }; signal: string; phase: string; lots: string[] }
interface Options { material: string; lots: { lot: string; site: string | null }[]; phases: string[]; signals: string[]; golden: { name: string; signal: string; phase: string }[] }

const nan = (a: (number | null)[]) => Float64Array.from(a, (v) => (v === null ? NaN : v));
/** Lots chosen when a material is picked: its most recent ones. */
const DEFAULT_LOTS = 8;

/**
 * Lot overlays for any material: pick the material, then from its recent lots, the phases they
 * ran and the signals measured there; a stored golden envelope of the material is drawn behind.
 */
export function TrendOverlay(props: { params: URLSearchParams }) {
  const p = props.params;
  const lots = (p.get('lots') ?? '').split(',').filter(Boolean);
  const signal = p.get('signal') ?? '';
  const phase = p.get('phase') ?? '';
  const golden = p.get('golden') ?? '';
  const [material, setMaterial] = useState(p.get('material') ?? '');
  const materials = useApi<{ materials: { material: string; name: string | null; type: string }[] }>('/materials');
  const options = useApi<Options>(material ? '/overlay/options' : null, { material });
  const data = useApi<OverlayResult>(lots.length && signal ? '/overlay' : null, { lots: lots.join(','), signal, phase: phase || undefined, grid: 300 });
  const env = useApi<Golden>(golden ? `/golden/${encodeURIComponent(golden)}` : null);
  const series: LineSeries[] = data.status === 'ready' ? Object.entries(data.data.columns).map(([l, v]) => ({ name: l, x: nan(data.data.hours), y: nan(v) })) : [];
  return (
    <section className="panel">
      <h2>Lot overlay, aligned on phase start</h2>
      <div className="form-row">
        <label>Material
          <select value={material} onChange={(e) => setMaterial(e.target.value)}>
            <option value="">(choose)</option>
            {materials.status === 'ready' ? materials.data.materials.map((m) => <option key={m.material} value={m.material}>{m.name ? `${m.name} (${m.material})` : m.material}</option>) : null}
          </select>
        </label>
      </div>
      {material ? (
        <Load value={options} height={80}>
          {(o) => (o.lots.length === 0 ? <p className="muted">No lot of {material} ran a recorded phase (a raw material, or no phase events imported), so there is nothing to overlay.</p>
            : <OverlayForm key={material} o={o} lots={lots} signal={signal} phase={phase} golden={golden} />)}
        </Load>
      ) : <p className="muted">Pick a material to compare its lots' trajectories through a phase; a stored golden envelope shows where a lot leaves it.</p>}
      {lots.length && signal ? (
        <ChartFrame title={`${signal}${phase ? ' in ' + phase : ''}: ${lots.length} lots${golden ? ` · golden envelope ${golden}` : ''}`} name={`overlay-${signal}`}>
          <Load value={data} height={420}>
            {(r) => (
              <>
                <LineChart series={series} xLabel={`hours since the start of ${phase || 'the lot'}`} ariaLabel={`overlay of ${signal}`}
                  {...(env.status === 'ready' ? { envelope: { x: env.data.envelope.t.map((s) => s / 3600), low: nan(env.data.envelope.low), high: nan(env.data.envelope.high), label: `golden envelope ${golden}` } } : {})} />
                {env.status === 'ready' ? <p className="muted">Green band: golden envelope {golden} ({env.data.signal} in {env.data.phase}, from {env.data.lots.length} good lots).</p> : null}
                {env.status === 'error' ? <p className="muted">The golden envelope {golden} could not be read: {env.error.message}</p> : null}
                {r.missing.length ? <p className="muted">No {signal}{phase ? ` in ${phase}` : ''} for: {r.missing.join(', ')}</p> : null}
              </>
            )}
          </Load>
        </ChartFrame>
      ) : null}
    </section>
  );
}

function OverlayForm(props: { o: Options; lots: string[]; signal: string; phase: string; golden: string }) {
  const o = props.o;
  const own = props.lots.filter((l) => o.lots.some((x) => x.lot === l));
  const [d, setD] = useState({
    lots: own.length ? own : o.lots.slice(0, DEFAULT_LOTS).map((l) => l.lot),
    signal: o.signals.includes(props.signal) ? props.signal : o.signals[0] ?? '',
    phase: o.phases.includes(props.phase) ? props.phase : o.phases[0] ?? '',
    golden: o.golden.some((g) => g.name === props.golden) ? props.golden : '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const fitting = o.golden.filter((g) => g.signal === d.signal && g.phase === d.phase);
  return (
    <form className="form-row" aria-label="overlay" noValidate onSubmit={(e) => {
      e.preventDefault();
      const p = d.lots.length === 0 ? 'Tick at least one lot.' : !d.signal ? 'Pick a signal.' : null;
      setProblem(p);
      if (!p) setParams({ material: o.material, lots: d.lots.join(','), signal: d.signal, phase: d.phase || undefined, golden: d.golden || undefined });
    }}>
      <label>Lots ({d.lots.length} of the {o.lots.length} most recent)
        <select multiple size={6} value={d.lots} onChange={(e) => setD({ ...d, lots: Array.from(e.target.selectedOptions, (x) => x.value) })}>
          {o.lots.map((l) => <option key={l.lot} value={l.lot}>{l.lot}{l.site ? ` · ${l.site}` : ''}</option>)}
        </select>
      </label>
      <label>Phase<select value={d.phase} onChange={(e) => setD({ ...d, phase: e.target.value, golden: '' })}>{o.phases.map((x) => <option key={x}>{x}</option>)}</select></label>
      <label>Signal<select value={d.signal} onChange={(e) => setD({ ...d, signal: e.target.value, golden: '' })}>{o.signals.map((x) => <option key={x}>{x}</option>)}</select></label>
      <label>Golden envelope
        <select value={d.golden} onChange={(e) => setD({ ...d, golden: e.target.value })}>
          <option value="">{fitting.length ? 'none' : 'none stored for this signal and phase'}</option>
          {fitting.map((g) => <option key={g.name} value={g.name}>{g.name}</option>)}
        </select>
      </label>
      <button type="submit">Overlay</button>
      {problem ? <p className="form-problem" role="alert">{problem}</p> : null}
    </form>
  );
}
