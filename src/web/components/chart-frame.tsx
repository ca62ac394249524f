import { useRef, type ReactNode } from 'react';
import { exportPng, exportSvg } from './export.js';

/**
 * A titled panel around one SVG chart with PNG and SVG export. The chart keeps a fixed
 * height while it loads, so nothing below it jumps.
 */
export function ChartFrame(props: { title: ReactNode; name: string; children: ReactNode; actions?: ReactNode; footer?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const svg = () => ref.current?.querySelector('svg') ?? null;
  return (
    <section className="panel chart-frame">
      <header>
        <h2>{props.title}</h2>
        <span className="spacer" />
        {props.actions}
        <button type="button" className="small" onClick={() => { const s = svg(); if (s) exportSvg(props.name, s); }}>SVG</button>
        <button type="button" className="small" onClick={() => { const s = svg(); if (s) void exportPng(props.name, s); }}>PNG</button>
      </header>
      <div ref={ref} className="chart-body">{props.children}</div>
      {props.footer ? <footer>{props.footer}</footer> : null}
    </section>
  );
}
