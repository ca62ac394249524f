import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { COLORS, el, esc, px, text } from './svg.js';

/** A plotting frame: pixel box and scales. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
}

/** A frame with nice linear scales over the given domains. */
export function frame(box: { left: number; top: number; width: number; height: number }, xDomain: [number, number], yDomain: [number, number]): Frame {
  const [y0, y1] = yDomain[0] === yDomain[1] ? [yDomain[0] - 1, yDomain[1] + 1] : yDomain;
  return {
    ...box,
    x: scaleLinear().domain(xDomain).range([box.left, box.left + box.width]),
    y: scaleLinear().domain([y0, y1]).nice(6).range([box.top + box.height, box.top]),
  };
}

/** Y axis with horizontal grid lines and tick labels. */
export function axisY(f: Frame, label?: string): string {
  const ticks = f.y.ticks(6);
  // As many decimals as the tick step needs (74.005, not a row of '74' on a narrow range).
  const format = f.y.tickFormat(6, 'f');
  const tick = (t: number) => format(t).replace('−', '-');
  const grid = ticks.map((t) => el('line', { x1: f.left, x2: f.left + f.width, y1: f.y(t), y2: f.y(t), stroke: COLORS.grid })).join('');
  const labels = ticks.map((t) => text(f.left - 6, f.y(t) + 4, tick(t), { 'text-anchor': 'end', fill: COLORS.axis, 'font-size': 11 })).join('');
  const title = label ? text(14, f.top + f.height / 2, label, { transform: `rotate(-90 14 ${px(f.top + f.height / 2)})`, 'text-anchor': 'middle', fill: COLORS.axis }) : '';
  return grid + labels + title + el('line', { x1: f.left, x2: f.left, y1: f.top, y2: f.top + f.height, stroke: COLORS.axis });
}

/** X axis with labels at chosen positions (rotated when many). */
export function axisX(f: Frame, ticks: { at: number; label: string }[], rotate = false): string {
  const base = f.top + f.height;
  const labels = ticks
    .map((t) => {
      const x = f.x(t.at);
      const tick = el('line', { x1: x, x2: x, y1: base, y2: base + 4, stroke: COLORS.axis });
      const lab = rotate
        ? text(x, base + 14, t.label, { transform: `rotate(-40 ${px(x)} ${px(base + 14)})`, 'text-anchor': 'end', fill: COLORS.axis, 'font-size': 10 })
        : text(x, base + 16, t.label, { 'text-anchor': 'middle', fill: COLORS.axis, 'font-size': 10 });
      return tick + lab;
    })
    .join('');
  return el('line', { x1: f.left, x2: f.left + f.width, y1: base, y2: base, stroke: COLORS.axis }) + labels;
}

/** A horizontal rule across the frame with a label at its right end. */
export function hrule(f: Frame, y: number, style: { stroke: string; dash?: string; width?: number }, label?: string): string {
  const line = el('line', { x1: f.left, x2: f.left + f.width, y1: f.y(y), y2: f.y(y), stroke: style.stroke, 'stroke-dasharray': style.dash, 'stroke-width': style.width ?? 1.2 });
  return line + (label ? text(f.left + f.width + 4, f.y(y) + 4, label, { fill: style.stroke, 'font-size': 10 }) : '');
}

/** A step line: each point's value held over its half-spacing on both sides (stepped limits). */
export function stepLine(f: Frame, xs: number[], ys: ArrayLike<number>, style: { stroke: string; dash?: string; width?: number }): string {
  if (xs.length === 0) return '';
  const half = xs.length > 1 ? (xs[1]! - xs[0]!) / 2 : 0.5;
  let d = '';
  xs.forEach((x, i) => {
    const y = px(f.y(ys[i]!));
    d += `${i === 0 ? 'M' : 'L'}${px(f.x(x - half))},${y}L${px(f.x(x + half))},${y}`;
  });
  return el('path', { d, fill: 'none', stroke: style.stroke, 'stroke-dasharray': style.dash, 'stroke-width': style.width ?? 1.2 });
}

/** A polyline joining the points. */
export function line(f: Frame, xs: number[], ys: ArrayLike<number>, stroke: string = COLORS.data): string {
  const d = xs.map((x, i) => `${i === 0 ? 'M' : 'L'}${px(f.x(x))},${px(f.y(ys[i]!))}`).join('');
  return el('path', { d, fill: 'none', stroke, 'stroke-width': 1.2 });
}

/** What a point says on hover and which lot it opens (the workbench reads `data-lot`). */
export interface PointInfo {
  lot: string;
  tip: string;
}

/** Label boxes already placed, to keep rule labels from overlapping. */
type Box = { x0: number; x1: number; y0: number; y1: number };
const overlaps = (a: Box, placed: Box[]) => placed.some((b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1);

/**
 * Dots at the points; `hot` points drawn larger in the violation colour with their rule label
 * above or below, whichever is free; a label that would overlap one already placed is left
 * out (the point stays red, its rules in its tooltip), so 300 points stay readable. With
 * `info`, each dot is a group with a `<title>` tooltip and `data-lot` for click-through.
 */
export function dots(f: Frame, xs: number[], ys: ArrayLike<number>, hot: Map<number, string> = new Map(), small = false, info?: (i: number) => PointInfo | undefined): string {
  const r = small ? 1.6 : 3;
  const placed: Box[] = [];
  return xs
    .map((x, i) => {
      const label = hot.get(i);
      const cx = f.x(x);
      const cy = f.y(ys[i]!);
      let mark: string;
      if (label === undefined) mark = el('circle', { cx, cy, r, fill: COLORS.point });
      else {
        mark = el('circle', { cx, cy, r: r + 1.5, fill: COLORS.violation });
        if (label !== '') {
          const w = label.length * 6.8 + 4;
          const spots = [cy - 8, cy + 18].map((y) => ({ y, box: { x0: cx - w / 2, x1: cx + w / 2, y0: y - 10, y1: y + 2 } }));
          const free = spots.find((s) => s.box.y0 >= f.top - 14 && s.box.y1 <= f.top + f.height + 14 && !overlaps(s.box, placed));
          if (free) {
            placed.push(free.box);
            mark += text(cx, free.y, label, { 'text-anchor': 'middle', fill: COLORS.violation, 'font-size': 10, 'font-weight': 'bold' });
          }
        }
      }
      const p = info?.(i);
      // A transparent halo makes small dots easy to hover and click.
      return p ? `<g class="pt" data-lot="${esc(p.lot)}"><title>${esc(p.tip)}</title>${el('circle', { cx, cy, r: 6, fill: 'transparent' })}${mark}</g>` : mark;
    })
    .join('');
}

/** A legend in one row starting at (x, y); widths estimated from the label length. */
export function legendRow(x: number, y: number, items: { label: string; stroke?: string; dash?: string; fill?: string }[]): string {
  let cx = x;
  return items
    .map((it) => {
      const sw = it.fill
        ? el('rect', { x: cx, y: y - 5, width: 14, height: 10, fill: it.fill })
        : el('line', { x1: cx, x2: cx + 14, y1: y, y2: y, stroke: it.stroke ?? COLORS.data, 'stroke-dasharray': it.dash, 'stroke-width': 2 });
      const out = sw + text(cx + 20, y + 4, it.label, { fill: COLORS.axis, 'font-size': 11 });
      cx += 20 + it.label.length * 6.4 + 18;
      return out;
    })
    .join('');
}

/** A legend: swatches with labels, one per row, inside a box at (x, y). */
export function legend(x: number, y: number, items: { label: string; stroke?: string; dash?: string; fill?: string }[]): string {
  return items
    .map((it, i) => {
      const cy = y + i * 16;
      const sw = it.fill
        ? el('rect', { x, y: cy - 5, width: 14, height: 10, fill: it.fill })
        : el('line', { x1: x, x2: x + 14, y1: cy, y2: cy, stroke: it.stroke ?? COLORS.data, 'stroke-dasharray': it.dash, 'stroke-width': 2 });
      return sw + text(x + 20, cy + 4, it.label, { fill: COLORS.axis, 'font-size': 11 });
    })
    .join('');
}
