import { extent } from 'd3-array';
import { scaleLinear, scaleTime } from 'd3-scale';
import { line } from 'd3-shape';
import { useRef, useState } from 'react';

/** One drawn series: x in epoch ms (or hours for overlays), y values (NaN = gap). */
export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  unit?: string | null;
}

/** A shaded band on the x axis (a lot or a phase). */
export interface Band {
  from: number;
  to: number;
  label: string;
  color?: string;
}

/** An envelope (golden batch): low/high per x, drawn as an area. */
export interface EnvelopeArea {
  x: ArrayLike<number>;
  low: ArrayLike<number>;
  high: ArrayLike<number>;
  label: string;
}

const PALETTE = ['#1f4e79', '#c0504d', '#2e7d32', '#8e5ea2', '#e08a1e', '#00838f', '#6d4c41', '#ad1457'];
const W = 1200;
const H = 420;
const M = { top: 16, right: 20, bottom: 36, left: 64 };

/**
 * A line chart in SVG for trends and overlays: time or hours on x, drag across the plot to zoom
 * (calls `onZoom` with the chosen x range; the caller fetches a new M4 window, so zoom stays
 * exact at any scale), bands for lots and phases, an optional envelope.
 */
export function LineChart(props: {
  series: LineSeries[];
  bands?: Band[];
  envelope?: EnvelopeArea;
  time?: boolean;
  xLabel?: string;
  onZoom?: (from: number, to: number) => void;
  ariaLabel: string;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of props.series) {
    for (let i = 0; i < s.x.length; i++) {
      const y = s.y[i]!;
      if (Number.isFinite(y)) {
        xs.push(s.x[i]!);
        ys.push(y);
      }
    }
  }
  if (props.envelope) for (let i = 0; i < props.envelope.x.length; i++) for (const v of [props.envelope.low[i]!, props.envelope.high[i]!]) if (Number.isFinite(v)) ys.push(v);
  const [x0, x1] = extent(xs) as [number | undefined, number | undefined];
  const [y0, y1] = extent(ys) as [number | undefined, number | undefined];
  const xd: [number, number] = x0 === undefined ? [0, 1] : x0 === x1 ? [x0 - 1, x0 + 1] : [x0, x1!];
  const yd: [number, number] = y0 === undefined ? [0, 1] : y0 === y1 ? [y0 - 1, y0 + 1] : [y0, y1!];
  const x = props.time ? scaleTime().domain(xd).range([M.left, W - M.right]) : scaleLinear().domain(xd).range([M.left, W - M.right]);
  const y = scaleLinear().domain(yd).nice().range([H - M.bottom, M.top]);
  const path = (s: LineSeries) => {
    const idx = Array.from({ length: s.x.length }, (_, i) => i);
    return line<number>().defined((i) => Number.isFinite(s.y[i]!)).x((i) => x(s.x[i]!)).y((i) => y(s.y[i]!))(idx) ?? '';
  };
  const envPath = () => {
    const e = props.envelope!;
    const idx = Array.from({ length: e.x.length }, (_, i) => i).filter((i) => Number.isFinite(e.low[i]!) && Number.isFinite(e.high[i]!));
    if (idx.length === 0) return '';
    return 'M' + idx.map((i) => `${x(e.x[i]!)},${y(e.high[i]!)}`).join('L') + 'L' + [...idx].reverse().map((i) => `${x(e.x[i]!)},${y(e.low[i]!)}`).join('L') + 'Z';
  };
  const toSvgX = (clientX: number) => {
    const r = svgRef.current!.getBoundingClientRect();
    return ((clientX - r.left) / r.width) * W;
  };
  const xTicks = (x as ReturnType<typeof scaleLinear<number, number>>).ticks(8);
  const fmtX = props.time ? (x as ReturnType<typeof scaleTime<number, number>>).tickFormat(8) : (v: number) => String(Number(v.toPrecision(3)));
  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={props.ariaLabel}
      className={props.onZoom ? 'zoomable' : undefined}
      onMouseDown={(e) => props.onZoom && setDrag({ x0: toSvgX(e.clientX), x1: toSvgX(e.clientX) })}
      onMouseMove={(e) => drag && setDrag({ ...drag, x1: toSvgX(e.clientX) })}
      onMouseUp={() => {
        if (drag && props.onZoom && Math.abs(drag.x1 - drag.x0) > 5) {
          const a = x.invert(Math.min(drag.x0, drag.x1));
          const b = x.invert(Math.max(drag.x0, drag.x1));
          props.onZoom(+a, +b);
        }
        setDrag(null);
      }}
      onMouseLeave={() => setDrag(null)}
    >
      <rect width={W} height={H} fill="#fff" />
      {(props.bands ?? []).map((b, i) => {
        const a = Math.max(M.left, x(b.from));
        const c = Math.min(W - M.right, x(b.to));
        if (c <= a) return null;
        return (
          <g key={i}>
            <rect x={a} y={M.top} width={c - a} height={H - M.top - M.bottom} fill={b.color ?? (i % 2 ? '#eef3f9' : '#f6f8fb')} />
            {c - a > 40 ? <text x={a + 3} y={M.top + 11} fontSize="10" fill="#5d6778">{b.label}</text> : null}
          </g>
        );
      })}
      {y.ticks(6).map((t) => (
        <g key={t} transform={`translate(0,${y(t)})`}>
          <line x1={M.left} x2={W - M.right} stroke="#eef1f5" />
          <text x={M.left - 6} dy="0.32em" textAnchor="end" fontSize="11" fill="#5d6778">{Number(t.toPrecision(4))}</text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text key={+t} x={x(t)} y={H - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#5d6778">{fmtX(t as never)}</text>
      ))}
      <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="#5d6778" />
      {props.envelope ? <path d={envPath()} fill="#2e7d32" fillOpacity={0.15} stroke="#2e7d32" strokeOpacity={0.4}><title>{props.envelope.label}</title></path> : null}
      {props.series.map((s, i) => (
        <path key={s.name} d={path(s)} fill="none" stroke={s.color ?? PALETTE[i % PALETTE.length]} strokeWidth={1.2}>
          <title>{s.name}</title>
        </path>
      ))}
      {drag ? <rect x={Math.min(drag.x0, drag.x1)} y={M.top} width={Math.abs(drag.x1 - drag.x0)} height={H - M.top - M.bottom} fill="#1f4e79" fillOpacity={0.12} /> : null}
      {props.xLabel ? <text x={(M.left + W - M.right) / 2} y={H - 4} textAnchor="middle" fontSize="11" fill="#5d6778">{props.xLabel}</text> : null}
      <g transform={`translate(${M.left + 8},${M.top + 24})`}>
        {props.series.slice(0, 8).map((s, i) => (
          <g key={s.name} transform={`translate(0,${i * 15})`}>
            <rect width="10" height="3" y="-4" fill={s.color ?? PALETTE[i % PALETTE.length]} />
            <text x="14" fontSize="11" fill="#1d2433">{s.name}{s.unit ? ` (${s.unit})` : ''}</text>
          </g>
        ))}
      </g>
    </svg>
  );
}
