import { scaleBand, scaleLinear } from 'd3-scale';
import type { AnalysisColumn } from '../../context/analysis-set-types.js';
import { quantiles } from '../../stats/quantile.js';
import type { Screened } from './explain-types.js';
import { num } from './sentence.js';

const W = 640;
const H = 400;
const M = { top: 48, right: 20, bottom: 56, left: 64 };

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function axisTicks(scale: ReturnType<typeof scaleLinear<number, number>>, orient: 'x' | 'y'): string {
  return scale
    .ticks(6)
    .map((t) =>
      orient === 'x'
        ? `<g transform="translate(${scale(t)},${H - M.bottom})"><line y2="5" stroke="#5d6778"/><text y="18" text-anchor="middle">${num(t)}</text></g>`
        : `<g transform="translate(${M.left},${scale(t)})"><line x2="-5" stroke="#5d6778"/><line x2="${W - M.left - M.right}" stroke="#eef1f5"/><text x="-8" dy="0.32em" text-anchor="end">${num(t)}</text></g>`,
    )
    .join('');
}

function frame(title: string, subtitle: string, xLabel: string, yLabel: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="DejaVu Sans, system-ui, sans-serif" font-size="11" fill="#1d2433">
<rect width="${W}" height="${H}" fill="#fff"/>
<text x="${M.left}" y="20" font-size="14" font-weight="600">${esc(title)}</text>
<text x="${M.left}" y="36" fill="#5d6778">${esc(subtitle)}</text>
${body}
<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#5d6778"/>
<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">${esc(xLabel)}</text>
<text transform="translate(16,${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>
</svg>`;
}

/**
 * The chart that makes a driver visible: a scatter of the target against a numeric driver
 * (with the threshold of the sentence and the two group means), or box plots of the target per
 * level of a factor driver (median, quartiles, whiskers at 1.5 IQR, n under each box).
 */
export function driverPlot(driver: Screened, col: AnalysisColumn, y: Float64Array, target: { name: string; unit: string | null }): string {
  const subtitle = `n = ${driver.n}, ${driver.test} p = ${num(driver.p)}, q = ${num(driver.q)}${driver.missing ? `, ${driver.missing} lots without a value` : ''}`;
  const yLabel = target.name + (target.unit ? ` (${target.unit})` : '');
  if (col.kind === 'factor') return boxes(driver, col.values, y, subtitle, yLabel);
  const xs: number[] = [];
  const ys: number[] = [];
  col.values.forEach((v, i) => {
    if (Number.isFinite(v as number) && Number.isFinite(y[i]!)) {
      xs.push(v as number);
      ys.push(y[i]!);
    }
  });
  const x = scaleLinear().domain(extent(xs)).nice().range([M.left, W - M.right]);
  const sy = scaleLinear().domain(extent(ys)).nice().range([H - M.bottom, M.top]);
  const dots = xs.map((v, i) => `<circle cx="${x(v).toFixed(1)}" cy="${sy(ys[i]!).toFixed(1)}" r="2.6" fill="#1f4e79" fill-opacity="0.55"/>`).join('');
  let marks = '';
  const e = driver.effect;
  if (e.kind === 'threshold') {
    const tx = x(e.threshold);
    marks = `<line x1="${tx}" x2="${tx}" y1="${M.top}" y2="${H - M.bottom}" stroke="#b26a00" stroke-dasharray="4 3"/>
<text x="${tx + 4}" y="${M.top + 10}" fill="#b26a00">threshold ${num(e.threshold)}</text>
<line x1="${M.left}" x2="${tx}" y1="${sy(e.meanBelow)}" y2="${sy(e.meanBelow)}" stroke="#c62828" stroke-width="2"/>
<line x1="${tx}" x2="${W - M.right}" y1="${sy(e.meanAbove)}" y2="${sy(e.meanAbove)}" stroke="#c62828" stroke-width="2"/>
<text x="${W - M.right}" y="${sy(e.meanAbove) - 6}" text-anchor="end" fill="#c62828">mean ${num(e.meanAbove)} (n = ${e.nAbove})</text>
<text x="${M.left + 4}" y="${sy(e.meanBelow) - 6}" fill="#c62828">mean ${num(e.meanBelow)} (n = ${e.nBelow})</text>`;
  }
  const xLabel = driver.name + (driver.unit ? ` (${driver.unit})` : '');
  return frame(`${target.name} against ${driver.name}`, subtitle, xLabel, yLabel, axisTicks(x, 'x') + axisTicks(sy, 'y') + dots + marks);
}

function extent(v: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

function boxes(driver: Screened, levels: (string | null)[], y: Float64Array, subtitle: string, yLabel: string): string {
  const groups = new Map<string, number[]>();
  levels.forEach((l, i) => {
    if (l !== null && Number.isFinite(y[i]!)) (groups.get(l) ?? groups.set(l, []).get(l)!).push(y[i]!);
  });
  const names = [...groups.keys()].sort().slice(0, 24);
  const all = names.flatMap((n) => groups.get(n)!);
  const x = scaleBand().domain(names).range([M.left, W - M.right]).padding(0.35);
  const sy = scaleLinear().domain(extent(all)).nice().range([H - M.bottom, M.top]);
  const body = names
    .map((name) => {
      const g = Float64Array.from(groups.get(name)!);
      const [q1, med, q3] = quantiles(g, [0.25, 0.5, 0.75]) as [number, number, number];
      const iqr = q3 - q1;
      const inside = [...g].filter((v) => v >= q1 - 1.5 * iqr && v <= q3 + 1.5 * iqr);
      const lo = Math.min(...inside);
      const hi = Math.max(...inside);
      const outl = [...g].filter((v) => v < lo || v > hi);
      const bx = x(name)!;
      const bw = x.bandwidth();
      const cx = bx + bw / 2;
      const mean = g.reduce((s, v) => s + v, 0) / g.length;
      return `<line x1="${cx}" x2="${cx}" y1="${sy(lo)}" y2="${sy(hi)}" stroke="#1d2433"/>
<rect x="${bx}" y="${sy(q3)}" width="${bw}" height="${Math.max(1, sy(q1) - sy(q3))}" fill="#e7eef6" stroke="#1f4e79"/>
<line x1="${bx}" x2="${bx + bw}" y1="${sy(med)}" y2="${sy(med)}" stroke="#1f4e79" stroke-width="2"/>
<path d="M${cx - 4},${sy(mean)}l4,-4l4,4l-4,4z" fill="#c62828"/>
${outl.map((v) => `<circle cx="${cx}" cy="${sy(v)}" r="2" fill="none" stroke="#5d6778"/>`).join('')}
<text x="${cx}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(name)}</text>
<text x="${cx}" y="${H - M.bottom + 30}" text-anchor="middle" fill="#5d6778">n = ${g.length}</text>`;
    })
    .join('');
  return frame(`${yLabel} by ${driver.name}`, subtitle + ' · ◆ mean', driver.name, yLabel, axisTicks(sy, 'y') + body);
}
