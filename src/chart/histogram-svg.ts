import { bin, thresholdScott } from 'd3-array';
import type { CapabilityResult, IndexName } from '../spc/capability.js';
import { reportedPpk } from '../spc/capability-reported.js';
import { density, type FittedDistribution } from '../stats/fit.js';
import { axisX, axisY, frame, legend } from './marks.js';
import { COLORS, el, fmt, px, svgDocument, text } from './svg.js';

/** Titles of the capability figure. */
export interface CapabilityFigure {
  title: string;
  subtitle?: string;
  width?: number;
}

const ORDER: IndexName[] = ['cp', 'cpl', 'cpu', 'cpk', 'cpm', 'pp', 'ppl', 'ppu', 'ppk'];
const NAME: Record<IndexName, string> = { cp: 'Cp', cpl: 'Cpl', cpu: 'Cpu', cpk: 'Cpk', cpm: 'Cpm', pp: 'Pp', ppl: 'Ppl', ppu: 'Ppu', ppk: 'Ppk' };

function curve(f: ReturnType<typeof frame>, xs: number[], fn: (x: number) => number, stroke: string, dash?: string): string {
  const d = xs.map((x, i) => `${i === 0 ? 'M' : 'L'}${px(f.x(x))},${px(f.y(fn(x)))}`).join('');
  return el('path', { d, fill: 'none', stroke, 'stroke-width': 2, 'stroke-dasharray': dash });
}

/**
 * Capability histogram: bars of the values on a density scale (Scott's bin width), specification
 * limits and target as vertical dashed lines, the normal curves for σ within and overall, the
 * fitted non-normal curve when one was used, and the indices with their confidence intervals in a
 * legend beside the plot.
 *
 * @example writeFileSync('cap.svg', renderCapability(values, capability(values, { lsl: 80 }), { title: 'dissolution' }))
 */
export function renderCapability(values: Float64Array, r: CapabilityResult, fig: CapabilityFigure): string {
  const width = fig.width ?? 960;
  const height = 480;
  const left = 60;
  const plotW = width - left - 300;
  const box = { left, top: 78, width: plotW, height: 322 };
  const arr = Array.from(values);
  const bins = bin().thresholds(thresholdScott)(arr);
  const n = arr.length;
  const dens = bins.map((b) => b.length / n / Math.max(b.x1! - b.x0!, Number.MIN_VALUE));
  const specs = [r.spec.lsl, r.spec.usl, r.spec.target].filter((v): v is number => v !== undefined);
  const lo = Math.min(bins[0]!.x0!, ...specs, r.mean - 3.5 * r.sdOverall);
  const hi = Math.max(bins[bins.length - 1]!.x1!, ...specs, r.mean + 3.5 * r.sdOverall);
  const pad = (hi - lo) * 0.04;
  const xs = Array.from({ length: 241 }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * i) / 240);
  const normal = (sd: number): FittedDistribution => ({ kind: 'normal', mean: r.mean, sd });
  const fitted = r.nonNormal?.distribution;
  const peak = Math.max(...dens, ...xs.map((x) => density(normal(r.sigmaWithin), x)), ...(fitted ? xs.map((x) => density(fitted, x)) : [0]));
  const f = frame(box, [lo - pad, hi + pad], [0, peak * 1.08]);
  f.x.nice(8);
  let body = axisY(f, 'density');
  body += bins.map((b, i) => el('rect', { x: f.x(b.x0!) + 0.5, y: f.y(dens[i]!), width: Math.max(0, f.x(b.x1!) - f.x(b.x0!) - 1), height: f.y(0) - f.y(dens[i]!), fill: COLORS.bar })).join('');
  body += curve(f, xs, (x) => density(normal(r.sigmaWithin), x), COLORS.center);
  body += curve(f, xs, (x) => density(normal(r.sdOverall), x), COLORS.data, '6 3');
  if (fitted) body += curve(f, xs, (x) => density(fitted, x), COLORS.fit[0]);
  const vline = (v: number, label: string, dash: string) =>
    el('line', { x1: f.x(v), x2: f.x(v), y1: box.top, y2: box.top + box.height, stroke: COLORS.spec, 'stroke-width': 1.8, 'stroke-dasharray': dash }) +
    text(f.x(v), box.top - 6, `${label} ${fmt(v)}`, { 'text-anchor': 'middle', fill: COLORS.spec, 'font-size': 11, 'font-weight': 'bold' });
  if (r.spec.lsl !== undefined) body += vline(r.spec.lsl, 'LSL', '9 4');
  if (r.spec.usl !== undefined) body += vline(r.spec.usl, 'USL', '9 4');
  if (r.spec.target !== undefined) body += vline(r.spec.target, 'target', '2 3');
  body += axisX(f, f.x.ticks(8).map((t) => ({ at: t, label: fmt(t) })));
  body += text(left, 26, `${fig.title} — process capability (n = ${r.n})`, { 'font-size': 16, 'font-weight': 'bold', fill: COLORS.data });
  if (fig.subtitle) body += text(left, 46, fig.subtitle, { 'font-size': 11, fill: COLORS.axis });
  const said = reportedPpk(r);
  if (said) body += text(left, 62, said.sentence, { 'font-size': 12, 'font-weight': 'bold', fill: COLORS.data });
  const lx = left + plotW + 30;
  const pct = Math.round(r.confidence * 100);
  const rows = ORDER.filter((k) => r.indices[k]).map((k) => {
    const e = r.indices[k]!;
    return `${NAME[k].padEnd(4)} ${e.value.toFixed(3)}${e.lower !== undefined ? `  [${e.lower.toFixed(3)}, ${e.upper!.toFixed(3)}]` : ''}`;
  });
  const facts = [
    `mean ${fmt(r.mean)}`, `σ within ${fmt(r.sigmaWithin)} (${r.sigmaWithinMethod})`, `σ overall ${fmt(r.sdOverall)}`,
    'pValue' in r.normality ? `Anderson–Darling p ${fmt(r.normality.pValue, 3)}` : 'normality not checked',
  ];
  if (r.nonNormal) {
    facts.push(`method: ${r.nonNormal.method} percentiles`);
    if (r.nonNormal.pp !== undefined) facts.push(`Pp ${fmt(r.nonNormal.pp, 3)} (percentile)`);
    facts.push(`Ppk ${fmt(r.nonNormal.ppk, 3)} (percentile)`);
  }
  facts.push(`expected ppm ${fmt(r.ppm.expectedOverall.total, 3)} (${r.ppm.basis})`, `observed ppm ${fmt(r.ppm.observed.total, 3)}`);
  body += text(lx, 84, `indices, ${pct} % confidence`, { 'font-weight': 'bold', fill: COLORS.data });
  body += rows.map((t, i) => text(lx, 104 + i * 16, t, { 'font-family': 'DejaVu Sans Mono, monospace', 'font-size': 11, fill: COLORS.data })).join('');
  const fy = 104 + rows.length * 16 + 14;
  body += facts.map((t, i) => text(lx, fy + i * 16, t, { 'font-size': 11, fill: COLORS.axis })).join('');
  const items = [
    { label: 'normal, σ within', stroke: COLORS.center },
    { label: 'normal, σ overall', stroke: COLORS.data, dash: '6 3' },
    ...(fitted ? [{ label: `fitted ${fitted.kind}`, stroke: COLORS.fit[0] }] : []),
    { label: 'specification limits', stroke: COLORS.spec, dash: '9 4' },
  ];
  body += legend(lx, fy + facts.length * 16 + 14, items);
  return svgDocument(width, height, body);
}
