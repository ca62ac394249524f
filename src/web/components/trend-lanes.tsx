import { extent } from 'd3-array';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';
import { useRef, useState } from 'react';
import { formatIn, zoneOffset } from '../time.js';

/** One tag's trace: x epoch ms, y (NaN = gap), its limits. */
export interface Trace { tag: string; unit: string | null; x: Float64Array; y: Float64Array; lsl: number | null; usl: number | null }
/** A marked time span (a phase) or instant (an alarm). */
export interface Mark { from: number; to: number; label: string; kind: 'phase' | 'alarm' }

const PALETTE = ['#1f4e79', '#c0504d', '#2e7d32', '#8e5ea2', '#e08a1e', '#00838f', '#6d4c41', '#ad1457'];
const W = 1200;
const LANE = 170;
const M = { top: 8, right: 150, bottom: 34, left: 64, gap: 14 };

/** Index of the last x ≤ t with a value (binary search; x ascending). */
function at(x: Float64Array, y: Float64Array, t: number): number {
  let lo = 0;
  let hi = x.length - 1;
  if (hi < 0 || t < x[0]!) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  while (lo >= 0 && !Number.isFinite(y[lo]!)) lo--;
  return lo;
}

/**
 * Trends in lanes, one per unit (tags of one unit share a lane and its y axis), on one time
 * axis in the chosen zone; each tag's limits as dashed lines, phases as bands, alarms as red
 * ticks. Moving over the chart shows a cursor that reads every tag's value and the time; a drag
 * across it zooms (calls `onZoom`).
 */
export function TrendLanes(props: { traces: Trace[]; marks: Mark[]; from: number; to: number; zone: string; onZoom: (from: number, to: number) => void; ariaLabel: string }) {
  const ref = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const units = [...new Set(props.traces.map((t) => t.unit ?? '(no unit)'))];
  const H = M.top + units.length * (LANE + M.gap) + M.bottom;
  const x = scaleLinear().domain([props.from, props.to]).range([M.left, W - M.right]);
  // Ticks at round wall-clock times of the zone: shift into the zone, tick in UTC, shift back.
  const off = zoneOffset(props.from, props.zone);
  const local = scaleUtc().domain([props.from + off, props.to + off]);
  const ticks = local.ticks(8).map((d) => ({ t: +d - off, label: local.tickFormat(8)(d) }));
  const color = (tag: string) => PALETTE[props.traces.findIndex((t) => t.tag === tag) % PALETTE.length]!;
  const lanes = units.map((u, k) => {
    const traces = props.traces.filter((t) => (t.unit ?? '(no unit)') === u);
    const vals: number[] = [];
    for (const t of traces) {
      for (const v of t.y) if (Number.isFinite(v)) vals.push(v);
      for (const l of [t.lsl, t.usl]) if (l !== null) vals.push(l);
    }
    const [lo, hi] = extent(vals) as [number | undefined, number | undefined];
    const top = M.top + k * (LANE + M.gap);
    const y = scaleLinear().domain(lo === undefined ? [0, 1] : lo === hi ? [lo - 1, lo + 1] : [lo, hi!]).nice().range([top + LANE, top]);
    return { unit: u, traces, y, top };
  });
  const svgX = (clientX: number) => {
    const r = ref.current!.getBoundingClientRect();
    return ((clientX - r.left) / r.width) * W;
  };
  const inside = (px: number) => px >= M.left && px <= W - M.right;
  const tCursor = cursor === null ? null : x.invert(cursor);
  return (
    <div className="trend-lanes">
      <svg ref={ref} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.ariaLabel} className="zoomable"
        onMouseDown={(e) => { const p = svgX(e.clientX); if (inside(p)) setDrag({ a: p, b: p }); }}
        onMouseMove={(e) => { const p = svgX(e.clientX); setCursor(inside(p) ? p : null); if (drag) setDrag({ ...drag, b: p }); }}
        onMouseUp={() => { if (drag && Math.abs(drag.b - drag.a) > 5) props.onZoom(x.invert(Math.min(drag.a, drag.b)), x.invert(Math.max(drag.a, drag.b))); setDrag(null); }}
        onMouseLeave={() => { setDrag(null); setCursor(null); }}>
        <rect width={W} height={H} fill="#fff" />
        {lanes.map((l) => (
          <g key={l.unit} className="lane" data-unit={l.unit}>
            {props.marks.filter((m) => m.kind === 'phase').map((m, i) => {
              const a = Math.max(M.left, x(m.from));
              const b = Math.min(W - M.right, x(m.to));
              return b > a ? <g key={i}><rect x={a} y={l.top} width={b - a} height={LANE} fill={i % 2 ? '#eef3f9' : '#f6f8fb'} />{b - a > 50 ? <text x={a + 3} y={l.top + 11} fontSize="10" fill="#5d6778">{m.label}</text> : null}</g> : null;
            })}
            {l.y.ticks(5).map((t) => (
              <g key={t}><line x1={M.left} x2={W - M.right} y1={l.y(t)} y2={l.y(t)} stroke="#eef1f5" /><text x={M.left - 6} y={l.y(t)} dy="0.32em" textAnchor="end" fontSize="11" fill="#5d6778">{Number(t.toPrecision(4))}</text></g>
            ))}
            <text x={14} y={l.top + LANE / 2} fontSize="11" fill="#5d6778" textAnchor="middle" transform={`rotate(-90 14 ${l.top + LANE / 2})`}>{l.unit}</text>
            <line x1={M.left} x2={M.left} y1={l.top} y2={l.top + LANE} stroke="#5d6778" />
            {l.traces.flatMap((t) => [['low', t.lsl], ['high', t.usl]].filter(([, v]) => v !== null).map(([k, v]) => (
              <g key={t.tag + k} className="limit"><line x1={M.left} x2={W - M.right} y1={l.y(v as number)} y2={l.y(v as number)} stroke={color(t.tag)} strokeDasharray="8 4" strokeWidth={1.3} />
                <text x={W - M.right + 4} y={l.y(v as number)} dy="0.32em" fontSize="10" fill={color(t.tag)}>{`${k} limit ${v}${l.unit === '(no unit)' ? '' : ' ' + l.unit}`}</text></g>
            )))}
            {l.traces.map((t) => {
              const idx = Array.from({ length: t.x.length }, (_, i) => i);
              const d = line<number>().defined((i) => Number.isFinite(t.y[i]!)).x((i) => x(t.x[i]!)).y((i) => l.y(t.y[i]!))(idx) ?? '';
              return <path key={t.tag} d={d} fill="none" stroke={color(t.tag)} strokeWidth={1.2}><title>{t.tag}</title></path>;
            })}
            {l.traces.map((t, i) => (
              <g key={t.tag + 'legend'} transform={`translate(${M.left + 8},${l.top + 24 + i * 14})`}><rect width="10" height="3" y="-4" fill={color(t.tag)} /><text x="14" fontSize="11" fill="#1d2433">{t.tag}</text></g>
            ))}
          </g>
        ))}
        {props.marks.filter((m) => m.kind === 'alarm').map((m, i) => (
          <g key={'alarm' + i} className="alarm"><line x1={x(m.from)} x2={x(m.from)} y1={M.top} y2={H - M.bottom} stroke="#c62828" strokeWidth={1} strokeDasharray="2 2" /><path d={`M${x(m.from) - 5},${H - M.bottom} l5,-8 l5,8 z`} fill="#c62828"><title>{m.label}</title></path></g>
        ))}
        {ticks.map((t) => <text key={t.t} x={x(t.t)} y={H - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#5d6778">{t.label}</text>)}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#5d6778" />
        {drag ? <rect x={Math.min(drag.a, drag.b)} y={M.top} width={Math.abs(drag.b - drag.a)} height={H - M.top - M.bottom} fill="#1f4e79" fillOpacity={0.12} /> : null}
        {cursor !== null && tCursor !== null ? (
          <g className="cursor">
            <line x1={cursor} x2={cursor} y1={M.top} y2={H - M.bottom} stroke="#1d2433" strokeWidth={0.8} />
            {lanes.flatMap((l) => l.traces.map((t) => { const i = at(t.x, t.y, tCursor); return i < 0 ? null : <circle key={t.tag} cx={x(t.x[i]!)} cy={l.y(t.y[i]!)} r={3.5} fill={color(t.tag)} />; }))}
          </g>
        ) : null}
      </svg>
      {tCursor !== null ? (
        <div className="cursor-readout" role="status" aria-label="cursor readout" style={{ left: `${(Math.min(cursor!, W - 330) / W) * 100}%` }}>
          <strong>{formatIn(tCursor, props.zone, true)}</strong>
          {props.traces.map((t) => { const i = at(t.x, t.y, tCursor); return <div key={t.tag}><span className="swatch" style={{ background: color(t.tag) }} />{t.tag}: {i < 0 ? '—' : `${Number(t.y[i]!.toPrecision(5))}${t.unit ? ' ' + t.unit : ''}`}</div>; })}
        </div>
      ) : null}
    </div>
  );
}
