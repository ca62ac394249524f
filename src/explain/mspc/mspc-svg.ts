/**
 * Small SVG charts for MSPC and golden batch output: T² and SPE against their limits, a
 * contribution bar chart, and (in golden-svg.ts) the envelope. Plain strings, no DOM: the CLI
 * writes them to a file, the server can send them as they are.
 */
import { esc } from '../../chart/svg.js';

const W = 720;
const PAD = { l: 56, r: 16, t: 28, b: 28 };

/**
 * A number as short text for axis labels.
 *
 * @example tick(11.958) // "11.96"
 */
export function tick(v: number): string {
  return Math.abs(v) >= 10000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}

/**
 * A linear scale from [d0, d1] to [r0, r1] (a flat domain maps to the middle).
 *
 * @example scale(0, 10, 50, 150)(5) // 100
 */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  return d1 === d0 ? () => (r0 + r1) / 2 : (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** One panel: points joined by a line, a dashed limit line, points above it in red. */
function panel(y0: number, h: number, title: string, values: Float64Array, limit: number): string {
  const n = values.length;
  const top = Math.max(limit, ...values) * 1.05;
  const x = scale(0, Math.max(1, n - 1), PAD.l, W - PAD.r);
  const y = scale(0, top, y0 + h - PAD.b, y0 + PAD.t);
  const pts = Array.from(values, (v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const marks = Array.from(values, (v, i) => (v > limit ? `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="#c0392b"/>` : '')).join('');
  return [
    `<text x="${PAD.l}" y="${y0 + 18}" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${PAD.l}" y1="${y(0)}" x2="${W - PAD.r}" y2="${y(0)}" stroke="#999"/>`,
    `<line x1="${PAD.l}" y1="${y0 + PAD.t}" x2="${PAD.l}" y2="${y(0)}" stroke="#999"/>`,
    `<text x="${PAD.l - 4}" y="${y(0)}" font-size="10" text-anchor="end">0</text>`,
    `<text x="${PAD.l - 4}" y="${y(top)}" font-size="10" text-anchor="end">${tick(top)}</text>`,
    `<polyline points="${pts}" fill="none" stroke="#2c3e50" stroke-width="1"/>`,
    `<line x1="${PAD.l}" y1="${y(limit).toFixed(1)}" x2="${W - PAD.r}" y2="${y(limit).toFixed(1)}" stroke="#c0392b" stroke-dasharray="5,3"/>`,
    `<text x="${W - PAD.r}" y="${(y(limit) - 3).toFixed(1)}" font-size="10" text-anchor="end" fill="#c0392b">limit ${tick(limit)}</text>`,
    marks,
  ].join('');
}

/**
 * T² and SPE charts, one above the other, each with its limit; points above it in red.
 *
 * @example writeFileSync('scores.svg', scoresSvg('dryer-pca v2', s.t2, s.t2Limit, s.spe, s.speLimit, s.rows));
 */
export function scoresSvg(title: string, t2: Float64Array, t2Limit: number, spe: Float64Array, speLimit: number, rows: string[]): string {
  const h = 220;
  const first = rows[0] ?? '', last = rows[rows.length - 1] ?? '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${2 * h + 20}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(0, h, `${title}: Hotelling T²`, t2, t2Limit),
    panel(h, h, `${title}: SPE (Q)`, spe, speLimit),
    `<text x="${PAD.l}" y="${2 * h + 12}" font-size="10">${esc(first)}</text>`,
    `<text x="${W - PAD.r}" y="${2 * h + 12}" font-size="10" text-anchor="end">${esc(last)}</text>`,
    `</svg>`,
  ].join('\n');
}

/**
 * Horizontal bar chart of signed values, largest magnitude first (contributions).
 *
 * @example barSvg('SPE contributions, lot L042', c.map((x) => ({ label: x.variable, value: x.spe })));
 */
export function barSvg(title: string, items: { label: string; value: number }[], max = 20): string {
  const shown = [...items].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, max);
  // Room for the longest label (about 6.5 px per character at 11 px), within reason.
  const longest = Math.max(0, ...shown.map((i) => i.label.length));
  const row = 18, left = Math.min(380, Math.max(120, 12 + Math.ceil(6.5 * longest))), h = PAD.t + shown.length * row + 10;
  const lo = Math.min(0, ...shown.map((i) => i.value)), hi = Math.max(0, ...shown.map((i) => i.value));
  const x = scale(lo, hi === lo ? lo + 1 : hi, left, W - PAD.r - 50);
  const bars = shown.map((it, k) => {
    const y = PAD.t + k * row;
    const x0 = Math.min(x(0), x(it.value)), w = Math.abs(x(it.value) - x(0));
    return `<text x="${left - 6}" y="${y + 12}" font-size="11" text-anchor="end">${esc(it.label)}</text>` +
      `<rect x="${x0.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${row - 5}" fill="${it.value < 0 ? '#2980b9' : '#c0392b'}"/>` +
      `<text x="${(Math.max(x(0), x(it.value)) + 4).toFixed(1)}" y="${y + 12}" font-size="10">${tick(it.value)}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${PAD.l}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${x(0).toFixed(1)}" y1="${PAD.t}" x2="${x(0).toFixed(1)}" y2="${h - 6}" stroke="#999"/>`,
    ...bars,
    `</svg>`,
  ].join('\n');
}
