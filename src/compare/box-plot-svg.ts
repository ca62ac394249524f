import type { SpecLimits } from '../spc/capability.js';

/** One box of a box plot: sorted values and their summary. */
export interface BoxInput {
  group: string;
  n: number;
  mean: number;
  median: number;
  q1: number;
  q3: number;
  /** Sorted values (whisker ends and outliers are found in them). */
  values: Float64Array;
}

/** Options of {@link boxPlotSvg}. */
export interface BoxPlotOptions {
  title?: string;
  /** Axis label (parameter and unit). */
  yLabel?: string;
  spec?: SpecLimits;
  /** Width in px (default: 90 per group + margins, at least 480). */
  width?: number;
  /** Height in px (default 400). */
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fx = (v: number) => String(Math.round(v * 10) / 10);

/**
 * About `count` round tick values (1, 2, 5 × 10ᵏ) inside [lo, hi].
 *
 * @param lo - lower end of the axis
 * @param hi - upper end of the axis
 * @param count - ticks wanted, roughly (default 6)
 * @example niceTicks(0, 10) // [0, 2, 4, 6, 8, 10]
 */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/**
 * Box plots of groups side by side, as a self-contained SVG: box from Q1 to Q3 (type 7), median
 * line, whiskers to the furthest values within 1.5 IQR of the box (Tukey), values beyond as
 * circles, the mean as a diamond, n under each group, specification limits as dashed lines.
 *
 * @param boxes - one per group, in display order
 * @param options - title, yLabel, spec, width, height
 * @returns SVG markup
 * @example boxPlotSvg(comparison.groups, { title: 'assay by site', spec: { lsl: 95, usl: 105 } })
 * @see J. W. Tukey (1977), Exploratory Data Analysis, ch. 2.
 */
export function boxPlotSvg(boxes: readonly BoxInput[], options: BoxPlotOptions = {}): string {
  const width = options.width ?? Math.max(480, 90 * boxes.length + 140);
  const height = options.height ?? 400;
  const m = { left: 70, right: 70, top: 40, bottom: 60 };
  const limits = [options.spec?.lsl, options.spec?.usl].filter((v): v is number => v !== undefined);
  let lo = Math.min(...boxes.map((b) => b.values[0]!), ...limits);
  let hi = Math.max(...boxes.map((b) => b.values[b.values.length - 1]!), ...limits);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.06;
  lo -= pad;
  hi += pad;
  const y = (v: number) => m.top + ((hi - v) / (hi - lo)) * (height - m.top - m.bottom);
  const band = (width - m.left - m.right) / Math.max(1, boxes.length);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  if (options.title) parts.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${esc(options.title)}</text>`);
  // Axis and grid.
  parts.push(`<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" stroke="#333"/>`);
  for (const t of niceTicks(lo, hi)) {
    const ty = fx(y(t));
    parts.push(`<line x1="${m.left}" y1="${ty}" x2="${width - m.right}" y2="${ty}" stroke="#eee"/>`);
    parts.push(`<text x="${m.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${esc(String(t))}</text>`);
  }
  if (options.yLabel) {
    parts.push(`<text transform="translate(16 ${(height - m.bottom + m.top) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  }
  // Specification limits.
  for (const [name, v] of [['LSL', options.spec?.lsl], ['USL', options.spec?.usl]] as const) {
    if (v === undefined) continue;
    parts.push(`<line class="spec" x1="${m.left}" y1="${fx(y(v))}" x2="${width - m.right}" y2="${fx(y(v))}" stroke="#c0392b" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${width - m.right + 4}" y="${fx(y(v))}" dominant-baseline="middle" fill="#c0392b">${name} ${esc(String(v))}</text>`);
  }
  boxes.forEach((b, i) => parts.push(box(b, m.left + band * (i + 0.5), Math.min(48, band * 0.5), y, height - m.bottom)));
  // Legend: how to read a box, in the bottom-left corner.
  const ly = height - 8;
  parts.push(`<g class="legend" font-size="10" fill="#555"><path d="M${m.left} ${ly - 4}l4 4l-4 4l-4 -4Z" transform="translate(4 -4)" fill="#e67e22"/>`
    + `<text x="${m.left + 12}" y="${ly}">mean; box Q1–Q3 with median; whiskers to 1.5 IQR; circles beyond</text></g>`);
  parts.push('</svg>');
  return parts.join('\n');
}

function box(b: BoxInput, cx: number, w: number, y: (v: number) => number, base: number): string {
  const iqr = b.q3 - b.q1;
  const loFence = b.q1 - 1.5 * iqr;
  const hiFence = b.q3 + 1.5 * iqr;
  const inside = Array.from(b.values).filter((v) => v >= loFence && v <= hiFence);
  const wLo = inside[0] ?? b.q1;
  const wHi = inside[inside.length - 1] ?? b.q3;
  const outliers = Array.from(b.values).filter((v) => v < loFence || v > hiFence);
  const x0 = fx(cx - w / 2);
  const s: string[] = [`<g class="box" data-group="${esc(b.group)}">`];
  s.push(`<line x1="${fx(cx)}" y1="${fx(y(wHi))}" x2="${fx(cx)}" y2="${fx(y(b.q3))}" stroke="#333"/>`);
  s.push(`<line x1="${fx(cx)}" y1="${fx(y(b.q1))}" x2="${fx(cx)}" y2="${fx(y(wLo))}" stroke="#333"/>`);
  for (const v of [wLo, wHi]) s.push(`<line x1="${fx(cx - w / 4)}" y1="${fx(y(v))}" x2="${fx(cx + w / 4)}" y2="${fx(y(v))}" stroke="#333"/>`);
  s.push(`<rect x="${x0}" y="${fx(y(b.q3))}" width="${fx(w)}" height="${fx(Math.max(0.5, y(b.q1) - y(b.q3)))}" fill="#d6e4f0" stroke="#2c5d87"/>`);
  s.push(`<line class="median" x1="${x0}" y1="${fx(y(b.median))}" x2="${fx(cx + w / 2)}" y2="${fx(y(b.median))}" stroke="#2c5d87" stroke-width="2"/>`);
  const my = y(b.mean);
  s.push(`<path class="mean" d="M${fx(cx)} ${fx(my - 5)}L${fx(cx + 5)} ${fx(my)}L${fx(cx)} ${fx(my + 5)}L${fx(cx - 5)} ${fx(my)}Z" fill="#e67e22"/>`);
  for (const v of outliers) s.push(`<circle class="outlier" cx="${fx(cx)}" cy="${fx(y(v))}" r="3" fill="none" stroke="#333"/>`);
  s.push(`<text x="${fx(cx)}" y="${base + 18}" text-anchor="middle">${esc(b.group)}</text>`);
  s.push(`<text x="${fx(cx)}" y="${base + 34}" text-anchor="middle" fill="#555">n = ${b.n}</text>`);
  s.push('</g>');
  return s.join('');
}
