import { useMemo, useState } from 'react';
import { ChartFrame } from '../components/chart-frame.js';
import { LineChart, type Band, type LineSeries } from '../components/line-chart.js';
import { Empty, Load } from '../components/states.js';
import { setParams, type Route } from '../router.js';
import { useApi } from '../use-api.js';
import { SaveView } from '../components/save-view.js';

interface TrendSeries { tag: string; unit: string | null; mode: 'raw' | 'm4'; bucketSeconds: number | null; samples: number; badSamples: number; time: (number | null)[]; value: (number | null)[] }
interface TrendResult { from: string; to: string; width: number; series: TrendSeries[] }
interface EventRow { type: string; name: string; lot: string | null; start_time: string; end_time: string | null }
interface OverlayResult { hours: (number | null)[]; columns: Record<string, (number | null)[]>; tags: Record<string, string>; missing: string[] }
interface Golden { envelope: { t: number[]; low: (number | null)[]; high: (number | null)[]; mean: (number | null)[] }; signal: string; phase: string }

const nan = (a: (number | null)[]) => Float64Array.from(a, (v) => (v === null ? NaN : v));

/**
 * Trends: several tags over any range, drawn from server-side M4 down-sampling so zoom and pan
 * stay exact and fast at a year of 1-second data; lot and phase bands; overlays of lots aligned
 * on phase start with the golden envelope. Everything is in the URL.
 */
export function Trend(props: { route: Route }) {
  const p = props.route.params;
  const tags = (p.get('tags') ?? '').split(',').filter(Boolean);
  const from = p.get('from') ?? undefined;
  const to = p.get('to') ?? undefined;
  const lot = p.get('lot') ?? undefined;
  const overlayLots = (p.get('lots') ?? '').split(',').filter(Boolean);
  const allTags = useApi<{ tags: { tag: string; equipment: string; site: string; signal: string | null; unit: string | null }[] }>('/tags');
  const ready = tags.length > 0 && ((from && to) || lot);
  const data = useApi<TrendResult>(ready ? '/trend' : null, { tags: tags.join(','), from, to, lot, width: 1200 });
  const range = data.status === 'ready' ? { from: data.data.from, to: data.data.to } : { from, to };
  const events = useApi<{ events: EventRow[] }>(ready && range.from && range.to ? '/events' : null, { tags: tags.join(','), from: range.from, to: range.to, type: 'phase', limit: 400 });
  const [pick, setPick] = useState('');

  const bands: Band[] = useMemo(
    () => (events.status === 'ready' ? events.data.events.map((e) => ({ from: Date.parse(e.start_time), to: Date.parse(e.end_time ?? e.start_time), label: `${e.lot ?? ''} ${e.name}` })) : []),
    [events],
  );
  const series: LineSeries[] = data.status === 'ready' ? data.data.series.map((s) => ({ name: s.tag, unit: s.unit, x: nan(s.time), y: nan(s.value) })) : [];
  const span = range.from && range.to ? [Date.parse(range.from), Date.parse(range.to)] : null;
  const move = (f: (a: number, b: number) => [number, number]) => {
    if (!span) return;
    const [a, b] = f(span[0]!, span[1]!);
    setParams({ from: new Date(a).toISOString(), to: new Date(b).toISOString(), lot: undefined });
  };
  return (
    <div className="page">
      <h1>Trend {ready ? <SaveView view="trend" inputs={{ tags: tags.join(','), from, to, lot, width: '1200' }} suggestedName={`trend of ${tags.join(', ')}`} /> : null}</h1>
      <section className="panel form-row">
        <label>Add a tag
          <input list="tag-list" value={pick} onChange={(e) => setPick(e.target.value)} placeholder="type to search tags…" />
          <datalist id="tag-list">{allTags.status === 'ready' ? allTags.data.tags.map((t) => <option key={t.tag} value={t.tag}>{`${t.signal ?? ''} · ${t.equipment} · ${t.site}`}</option>) : null}</datalist>
        </label>
        <button type="button" onClick={() => { if (pick) setParams({ tags: [...new Set([...tags, pick])].join(',') }); setPick(''); }}>Add</button>
        <label>From<input type="datetime-local" value={from?.slice(0, 16) ?? ''} onChange={(e) => setParams({ from: e.target.value ? new Date(e.target.value + 'Z').toISOString() : undefined, lot: undefined })} /></label>
        <label>To<input type="datetime-local" value={to?.slice(0, 16) ?? ''} onChange={(e) => setParams({ to: e.target.value ? new Date(e.target.value + 'Z').toISOString() : undefined, lot: undefined })} /></label>
        <label>or a lot<input defaultValue={lot ?? ''} onBlur={(e) => setParams({ lot: e.target.value || undefined, from: undefined, to: undefined })} placeholder="lot id" /></label>
      </section>
      {tags.length ? (
        <div className="chips">
          {tags.map((t) => <button type="button" key={t} className="chip" onClick={() => setParams({ tags: tags.filter((x) => x !== t).join(',') })} aria-label={`remove ${t}`}>{t} ✕</button>)}
        </div>
      ) : null}
      {!ready ? (
        <Empty title="Choose tags and a time range (or a lot)" height={300}>Find tags under Navigator → a site → equipment, or type above. Drag across the chart to zoom.</Empty>
      ) : (
        <ChartFrame
          title={`${tags.join(', ')}`}
          name={`trend-${tags.join('-')}`}
          actions={
            <>
              <button type="button" className="small" onClick={() => move((a, b) => [a - (b - a) / 2, b - (b - a) / 2])} aria-label="pan left">◀</button>
              <button type="button" className="small" onClick={() => move((a, b) => [a - (b - a) / 2, b + (b - a) / 2])}>zoom out</button>
              <button type="button" className="small" onClick={() => move((a, b) => [a + (b - a) / 2, b + (b - a) / 2])} aria-label="pan right">▶</button>
            </>
          }
          footer={data.status === 'ready' ? data.data.series.map((s) => `${s.tag}: ${s.samples.toLocaleString('en')} samples (${s.mode === 'm4' ? `M4 → ${s.time.length.toLocaleString('en')} points${s.bucketSeconds ? ` from ${s.bucketSeconds}-s levels` : ''}` : 'raw'}${s.badSamples ? `, ${s.badSamples} bad excluded` : ''})`).join(' · ') : null}
        >
          <Load value={data} height={420}>
            {() => <LineChart series={series} bands={bands} time ariaLabel={`trend of ${tags.join(', ')}`} onZoom={(a, b) => setParams({ from: new Date(a).toISOString(), to: new Date(b).toISOString(), lot: undefined })} />}
          </Load>
        </ChartFrame>
      )}
      <Overlay lots={overlayLots} params={p} />
    </div>
  );
}

function Overlay(props: { lots: string[]; params: URLSearchParams }) {
  const p = props.params;
  const signal = p.get('signal') ?? '';
  const phase = p.get('phase') ?? '';
  const golden = p.get('golden') ?? '';
  const [draft, setDraft] = useState({ lots: props.lots.join(','), signal, phase, golden });
  const data = useApi<OverlayResult>(props.lots.length && signal ? '/overlay' : null, { lots: props.lots.join(','), signal, phase: phase || undefined, grid: 300 });
  const env = useApi<Golden>(golden ? `/golden/${encodeURIComponent(golden)}` : null);
  const series: LineSeries[] = data.status === 'ready' ? Object.entries(data.data.columns).map(([l, v]) => ({ name: l, x: nan(data.data.hours), y: nan(v) })) : [];
  return (
    <section className="panel">
      <h2>Lot overlay, aligned on phase start</h2>
      <form className="form-row" onSubmit={(e) => { e.preventDefault(); setParams(draft); }}>
        <label>Lots (comma-separated)<input value={draft.lots} onChange={(e) => setDraft({ ...draft, lots: e.target.value })} /></label>
        <label>Signal<input value={draft.signal} onChange={(e) => setDraft({ ...draft, signal: e.target.value })} placeholder="e.g. product_temp" /></label>
        <label>Phase<input value={draft.phase} onChange={(e) => setDraft({ ...draft, phase: e.target.value })} placeholder="e.g. drying" /></label>
        <label>Golden envelope (model)<input value={draft.golden} onChange={(e) => setDraft({ ...draft, golden: e.target.value })} placeholder="optional" /></label>
        <button type="submit">Overlay</button>
      </form>
      {props.lots.length && signal ? (
        <ChartFrame title={`${signal}${phase ? ' in ' + phase : ''}: ${props.lots.length} lots`} name={`overlay-${signal}`}>
          <Load value={data} height={420}>
            {(o) => (
              <>
                <LineChart series={series} xLabel="hours since phase start" ariaLabel={`overlay of ${signal}`}
                  {...(env.status === 'ready' ? { envelope: { x: env.data.envelope.t.map((s) => s / 3600), low: nan(env.data.envelope.low), high: nan(env.data.envelope.high), label: `golden envelope ${golden}` } } : {})} />
                {o.missing.length ? <p className="muted">No {signal}{phase ? ` in ${phase}` : ''} for: {o.missing.join(', ')}</p> : null}
              </>
            )}
          </Load>
        </ChartFrame>
      ) : (
        <p className="muted">Give lots and a signal to compare their trajectories; add a golden envelope to see where a lot leaves it.</p>
      )}
    </section>
  );
}
