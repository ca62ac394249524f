/**
 * SVG of a lot against a golden envelope: the band, its mean, the lot, points outside in red.
 */
import { esc } from '../../chart/svg.js';
import type { GoldenDeviation } from './golden-types.js';
import { scale, tick } from '../mspc/mspc-svg.js';

/**
 * Draws a {@link GoldenDeviation}: x = time since phase start (minutes), y = the signal.
 *
 * @example writeFileSync('golden.svg', goldenSvg(await goldenDeviation(store, model, 'L042')));
 */
export function goldenSvg(d: GoldenDeviation): string {
  const W = 720, H = 320, L = 56, R = 16, T = 30, B = 34;
  const pts = d.points;
  const ys = pts.flatMap((p) => [p.value, p.low, p.high]).filter((v): v is number => v !== null);
  const lo = Math.min(...ys), hi = Math.max(...ys), pad = (hi - lo) * 0.05 || 1;
  const tmax = Math.max(60, ...pts.map((p) => p.t));
  const x = scale(0, tmax, L, W - R);
  const y = scale(lo - pad, hi + pad, H - B, T);
  const withEnv = pts.filter((p) => p.low !== null && p.high !== null);
  const band = withEnv.length
    ? `<polygon points="${[...withEnv.map((p) => `${x(p.t).toFixed(1)},${y(p.high!).toFixed(1)}`), ...[...withEnv].reverse().map((p) => `${x(p.t).toFixed(1)},${y(p.low!).toFixed(1)}`)].join(' ')}" fill="#d5e8d4" stroke="none"/>`
    : '';
  const line = pts.filter((p) => p.value !== null).map((p) => `${x(p.t).toFixed(1)},${y(p.value!).toFixed(1)}`).join(' ');
  const out = pts.filter((p) => p.outside).map((p) => `<circle cx="${x(p.t).toFixed(1)}" cy="${y(p.value!).toFixed(1)}" r="2.5" fill="#c0392b"/>`).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${L}" y="18" font-size="13" font-weight="bold">${esc(`${d.signal} in ${d.phase}: lot ${d.lot} against the golden envelope`)}</text>`,
    band,
    `<polyline points="${line}" fill="none" stroke="#2c3e50" stroke-width="1.2"/>`,
    out,
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#999"/>`,
    `<text x="${L}" y="${H - 12}" font-size="10">0 min</text>`,
    `<text x="${W - R}" y="${H - 12}" font-size="10" text-anchor="end">${tick(tmax / 60)} min since phase start</text>`,
    `<text x="${L - 4}" y="${y(hi).toFixed(1)}" font-size="10" text-anchor="end">${tick(hi)}</text>`,
    `<text x="${L - 4}" y="${y(lo).toFixed(1)}" font-size="10" text-anchor="end">${tick(lo)}</text>`,
    `</svg>`,
  ].join('\n');
}
