import { useMemo, useState } from 'react';
import { api, ApiError } from '../api.js';
import { ChartFrame } from '../components/chart-frame.js';
import { SaveView } from '../components/save-view.js';
import { Empty, ErrorBox, Load } from '../components/states.js';
import { TrendLanes, type Mark, type Trace } from '../components/trend-lanes.js';
import { setParams, type Route } from '../router.js';
import { unknownName } from '../suggest.js';
import { browserZone, fromLocalInput, offsetLabel, toLocalInput } from '../time.js';
import { useApi } from '../use-api.js';
import { TrendOverlay } from './trend-overlay.js';

interface TrendSeries { tag: string; unit: string | null; mode: 'raw' | 'm4'; bucketSeconds: number | null; samples: number; badSamples: number; time: (number | null)[]; value: (number | null)[] }
interface TrendResult { from: string; to: string; width: number; series: TrendSeries[] }
interface EventRow { type: string; name: string; lot: string | null; start_time: string; end_time: string | null; text: string | null }
interface Tag { tag: string; equipment: string; site: string; signal: string | null; unit: string | null; lsl: number | null; usl: number | null }

const nan = (a: (number | null)[]) => Float64Array.from(a, (v) => (v === null ? NaN : v));
const DAY = 86_400_000;

/**
 * Trends: tags in lanes by unit over any range, drawn from server-side M4 down-sampling so zoom
 * and pan stay exact and fast at a year of 1-second data; limits, phases and alarms drawn; a
 * cursor that reads every value; From, To and the axis in one stated zone (the site's, the
 * browser's or UTC); lot overlays with the golden envelope below. Everything is in the URL.
 */
export function Trend(props: { route: Route }) {
  const p = props.route.params;
  const tags = (p.get('tags') ?? '').split(',').filter(Boolean);
  const from = p.get('from') ?? undefined;
  const to = p.get('to') ?? undefined;
  const lot = p.get('lot') ?? undefined;
  const tz = p.get('tz') ?? 'site';
  const allTags = useApi<{ tags: Tag[] }>('/tags');
  const sites = useApi<{ sites: { site: string; timezone: string }[] }>('/sites');
  const known = allTags.status === 'ready' ? allTags.data.tags : [];
  const firstSite = known.find((t) => t.tag === tags[0])?.site;
  const siteZone = sites.status === 'ready' ? sites.data.sites.find((s) => s.site === firstSite)?.timezone : undefined;
  const zone = tz === 'UTC' ? 'UTC' : tz === 'browser' || !siteZone ? browserZone() : siteZone;
  const zoneSaid = tz === 'UTC' ? 'UTC' : tz === 'browser' || !siteZone ? `${zone}, your browser` : `${zone}, site ${firstSite}`;

  const ready = tags.length > 0 && ((from && to) || lot);
  const data = useApi<TrendResult>(ready ? '/trend' : null, { tags: tags.join(','), from, to, lot, width: 1200 });
  const range = data.status === 'ready' ? { from: data.data.from, to: data.data.to } : { from, to };
  const events = useApi<{ events: EventRow[] }>(ready && range.from && range.to ? '/events' : null, { tags: tags.join(','), from: range.from, to: range.to, limit: 400 });
  const marks: Mark[] = useMemo(() => (events.status !== 'ready' ? [] : events.data.events.filter((e) => e.type === 'phase' || e.type === 'alarm').map((e) => ({
    from: Date.parse(e.start_time), to: Date.parse(e.end_time ?? e.start_time), kind: e.type as 'phase' | 'alarm', label: e.type === 'alarm' ? `${e.name}: ${e.text ?? ''}` : `${e.lot ?? ''} ${e.name}`,
  }))), [events]);
  const span = range.from && range.to ? [Date.parse(range.from), Date.parse(range.to)] as const : null;
  const move = (f: (a: number, b: number) => [number, number]) => {
    if (!span) return;
    const [a, b] = f(span[0], span[1]);
    setParams({ from: new Date(a).toISOString(), to: new Date(b).toISOString(), lot: undefined });
  };
  const alarms = marks.filter((m) => m.kind === 'alarm').length;
  return (
    <div className="page">
      <h1>Trend {ready ? <SaveView view="trend" inputs={{ tags: tags.join(','), from, to, lot, width: '1200' }} suggestedName={`trend of ${tags.join(', ')}`} /> : null}</h1>
      <TrendForm key={`${from}|${to}|${lot}|${zone}`} tags={tags} known={known} from={from} to={to} lot={lot} tz={tz} zone={zone} />
      <p className="muted zone-note">Times (From, To, the axis and the cursor) in {zoneSaid}{span ? ` (${offsetLabel(span[0], zone)})` : ''}. One lane per unit: tags of one unit share its axis.</p>
      {tags.length ? (
        <div className="chips">
          {tags.map((t) => <button type="button" key={t} className="chip" onClick={() => setParams({ tags: tags.filter((x) => x !== t).join(',') })} aria-label={`remove ${t}`}>{t} ✕</button>)}
        </div>
      ) : null}
      {!ready ? (
        <Empty title="Choose a tag" height={300}>Pick a tag (it opens on the last day of its data), or find tags under Navigator → a site → equipment. Drag across the chart to zoom.</Empty>
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
          footer={data.status === 'ready' ? [...data.data.series.map((s) => `${s.tag}: ${s.samples.toLocaleString('en')} samples (${s.mode === 'm4' ? `M4 → ${s.time.length.toLocaleString('en')} points${s.bucketSeconds ? ` from ${s.bucketSeconds}-s levels` : ''}` : 'raw'}${s.badSamples ? `, ${s.badSamples} bad excluded` : ''})`), alarms ? `${alarms} alarm${alarms > 1 ? 's' : ''} (red ▲)` : ''].filter(Boolean).join(' · ') : null}
        >
          <Load value={data} height={420}>
            {(d) => {
              const traces: Trace[] = d.series.map((s) => { const t = known.find((k) => k.tag === s.tag); return { tag: s.tag, unit: s.unit, x: nan(s.time), y: nan(s.value), lsl: t?.lsl ?? null, usl: t?.usl ?? null }; });
              return <TrendLanes traces={traces} marks={marks} from={Date.parse(d.from)} to={Date.parse(d.to)} zone={zone} ariaLabel={`trend of ${tags.join(', ')}`}
                onZoom={(a, b) => setParams({ from: new Date(a).toISOString(), to: new Date(b).toISOString(), lot: undefined })} />;
            }}
          </Load>
        </ChartFrame>
      )}
      <TrendOverlay params={p} />
    </div>
  );
}

/** Tag, range (or lot) and zone; Enter submits; checked before anything is asked of the server. */
function TrendForm(props: { tags: string[]; known: Tag[]; from?: string | undefined; to?: string | undefined; lot?: string | undefined; tz: string; zone: string }) {
  const [d, setD] = useState({ tag: '', from: toLocalInput(props.from, props.zone), to: toLocalInput(props.to, props.zone), lot: props.lot ?? '', tz: props.tz });
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const names = props.known.map((t) => t.tag);
  return (
    <form className="panel form-row" aria-label="trend" noValidate onSubmit={async (e) => {
      e.preventDefault();
      setError(null);
      const tag = d.tag.trim();
      const tags = tag ? [...new Set([...props.tags, tag])] : props.tags;
      const from = d.from ? fromLocalInput(d.from, props.zone) : undefined;
      const to = d.to ? fromLocalInput(d.to, props.zone) : undefined;
      const p = tag && names.length && !names.includes(tag) ? unknownName('tag', tag, names)
        : tags.length === 0 ? 'Pick a tag first.'
          : (d.from && !from) || (d.to && !to) ? 'Give From and To as a date and a time.'
            : from && to && Date.parse(to) <= Date.parse(from) ? '“To” must be after “From”.'
              : !d.lot && Boolean(from) !== Boolean(to) ? 'Give both From and To, or neither (a new tag opens on its last day of data), or a lot.' : null;
      setProblem(p);
      if (p) return;
      let range = { from, to };
      if (!d.lot && !from && !to) {
        // No range: the last day of the newest data among the tags.
        try {
          const { spans } = await api.get<{ spans: { last: string | null }[] }>('/trend/spans', { tags: tags.join(',') });
          const last = Math.max(...spans.map((s) => (s.last ? Date.parse(s.last) : -Infinity)));
          if (!Number.isFinite(last)) { setProblem(`No samples stored for ${tags.join(', ')} yet.`); return; }
          range = { from: new Date(last + 1000 - DAY).toISOString(), to: new Date(last + 1000).toISOString() };
        } catch (err) { setError(err as ApiError); return; }
      }
      setParams({ tags: tags.join(','), from: d.lot ? undefined : range.from, to: d.lot ? undefined : range.to, lot: d.lot || undefined, tz: d.tz === 'site' ? undefined : d.tz });
    }}>
      <label>Tag
        <input list="tag-list" value={d.tag} onChange={(e) => setD({ ...d, tag: e.target.value })} placeholder="type to search tags…" />
      </label>
      <datalist id="tag-list">{props.known.map((t) => <option key={t.tag} value={t.tag}>{`${t.signal ?? ''} · ${t.equipment} · ${t.site}${t.unit ? ' · ' + t.unit : ''}`}</option>)}</datalist>
      <label>From<input type="datetime-local" value={d.from} onChange={(e) => setD({ ...d, from: e.target.value })} /></label>
      <label>To<input type="datetime-local" value={d.to} onChange={(e) => setD({ ...d, to: e.target.value })} /></label>
      <label>or a lot<input value={d.lot} onChange={(e) => setD({ ...d, lot: e.target.value, ...(e.target.value ? { from: '', to: '' } : {}) })} placeholder="lot id" /></label>
      <label>Time zone
        <select value={d.tz} onChange={(e) => setD({ ...d, tz: e.target.value })}>
          <option value="site">the site's</option><option value="browser">my browser's</option><option value="UTC">UTC</option>
        </select>
      </label>
      <button type="submit" className="primary">Show</button>
      {problem ? <p className="form-problem" role="alert">{problem}</p> : null}
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}
