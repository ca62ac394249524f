import type { ChartPanel } from '../spc/control-chart.js';
import type { Series } from '../spc/types.js';
import { axisX, axisY, dots, frame, hrule, legendRow, line, stepLine, type Frame, type PointInfo } from './marks.js';
import { COLORS, esc, fmt, svgDocument, text } from './svg.js';

/** What to draw besides the panel itself. */
export interface ControlChartFigure {
  /** The first line: say what is charted and where (parameter · material · site). */
  title: string;
  subtitle?: string;
  /** Specification limits, drawn on the I chart and, labelled as limits of single values, on the X̄ chart. */
  spec?: { lsl?: number; usl?: number };
  /** Width in px. Default 960. */
  width?: number;
}

const CHART_NAMES: Record<string, string> = {
  imr: 'Individuals and moving range (I-MR)', 'xbar-r': 'X̄ and R', 'xbar-s': 'X̄ and S', p: 'p (fraction nonconforming)',
  np: 'np (number nonconforming)', c: 'c (nonconformities)', u: 'u (nonconformities per unit)', ewma: 'EWMA', cusum: 'Tabular CUSUM',
};

/** The human name of a chart kind. */
export function chartName(kind: string): string {
  return CHART_NAMES[kind] ?? kind;
}

const short = (rule: string) => (rule.startsWith('we') ? `W${rule.slice(2)}` : `N${rule.slice(6)}`);
const constant = (a: Float64Array) => a.every((v) => v === a[0]);

/** Limits as a labelled rule when constant, else as a labelled step line. */
function limitMark(f: Frame, xs: number[], ys: Float64Array, style: { stroke: string; dash?: string; width?: number }, label: string): string {
  if (ys.length === 0) return '';
  if (constant(ys)) return hrule(f, ys[0]!, style, `${label} ${fmt(ys[0]!)}`);
  return stepLine(f, xs, ys, style) + text(f.left + f.width + 4, f.y(ys[ys.length - 1]!) + 4, label, { fill: style.stroke, 'font-size': 10 });
}

/** One plot of a series: zones, limits, centre, data line, points, violation marks. */
function seriesPlot(
  box: { left: number; top: number; width: number; height: number }, n: number, s: Series, hot: Map<number, string>,
  zones: boolean, ylabel: string, spec?: { lsl?: number; usl?: number }, info?: (i: number) => PointInfo | undefined,
): { svg: string; f: Frame } {
  const xs = Array.from(s.values, (_, i) => i + s.start);
  const all = [...s.values, ...s.lcl, ...s.ucl, ...(spec ? [spec.lsl, spec.usl].filter((v): v is number => v !== undefined) : [])];
  const f = frame(box, [-0.5, n - 0.5], [Math.min(...all), Math.max(...all)]);
  let out = axisY(f, ylabel);
  if (zones) {
    for (const k of [-2, -1, 1, 2]) {
      // zones beyond a clipped limit (p, u near 0) mean nothing: keep them inside the limits
      const z = Float64Array.from(s.center, (c, i) => Math.min(s.ucl[i]!, Math.max(s.lcl[i]!, c + k * s.sd[i]!)));
      out += constant(z) ? hrule(f, z[0]!, { stroke: COLORS.zone, dash: '2 3', width: 0.8 }) : stepLine(f, xs, z, { stroke: COLORS.zone, dash: '2 3', width: 0.8 });
    }
  }
  if (spec?.lsl !== undefined) out += hrule(f, spec.lsl, { stroke: COLORS.spec, dash: '9 4', width: 1.6 }, `LSL ${fmt(spec.lsl)}`);
  if (spec?.usl !== undefined) out += hrule(f, spec.usl, { stroke: COLORS.spec, dash: '9 4', width: 1.6 }, `USL ${fmt(spec.usl)}`);
  // A limit that coincides with the centre line (one-sided CUSUM sums) is not drawn twice.
  const same = (a: Float64Array) => a.every((v, i) => v === s.center[i]);
  if (!same(s.ucl)) out += limitMark(f, xs, s.ucl, { stroke: COLORS.control, width: 1.4 }, 'UCL');
  if (!same(s.lcl)) out += limitMark(f, xs, s.lcl, { stroke: COLORS.control, width: 1.4 }, 'LCL');
  out += limitMark(f, xs, s.center, { stroke: COLORS.center, width: 1.4 }, 'CL');
  out += line(f, xs, s.values) + dots(f, xs, s.values, hot, n > 150, info);
  return { svg: out, f };
}

/**
 * Renders a control chart panel as SVG: the primary chart (with 1σ and 2σ zone lines, centre
 * line, solid control limits, stepped where they step, dashed specification limits in another
 * colour, points joined, violations in red with their rule) and the companion chart (MR, R, S,
 * C−) below, x axis by lot or date, title with n.
 *
 * @example writeFileSync('assay.svg', renderControlChart(report.panels[0], { title: 'assay' }))
 */
export function renderControlChart(panel: ChartPanel, fig: ControlChartFigure): string {
  const width = fig.width ?? 960;
  const { chart, points } = panel;
  const n = points.length;
  const left = 70;
  const plotW = width - left - 100;
  const hasSecond = chart.secondary !== undefined && chart.kind !== 'ewma';
  const top = 84;
  const h1 = 300;
  const h2 = hasSecond ? 150 : 0;
  const gap = hasSecond ? 36 : 0;
  const bottom = 86;
  const height = top + h1 + gap + h2 + bottom;
  // One short label per signalling point: its first rule, '+k' for more; a run of neighbours
  // with the same label is labelled once, so long runs stay readable.
  const hot = (series: string) => {
    const s = series === chart.primary.name ? chart.primary : chart.secondary!;
    const rules = new Map<number, string[]>();
    for (const v of panel.violations.filter((x) => x.series === series)) {
      const i = v.index - s.start;
      rules.set(i, [...(rules.get(i) ?? []), short(v.rule)]);
    }
    const m = new Map<number, string>();
    let prev = '';
    for (const i of [...rules.keys()].sort((a, b) => a - b)) {
      const r = rules.get(i)!;
      const label = r.length > 1 ? `${r[0]}+${r.length - 1}` : r[0]!;
      m.set(i, rules.has(i - 1) && label === prev ? '' : label);
      prev = label;
    }
    return m;
  };
  const spec = chart.kind === 'imr' || chart.kind === 'xbar-r' || chart.kind === 'xbar-s' ? fig.spec : undefined;
  // Each point's tooltip: its lots, date, value and the rules it breaks; `data-lot` opens the last lot.
  const rulesAt = new Map<string, string[]>();
  for (const v of panel.violations) rulesAt.set(`${v.series}:${v.index}`, [...(rulesAt.get(`${v.series}:${v.index}`) ?? []), v.ruleName]);
  const info = (s: Series) => (i: number): PointInfo | undefined => {
    const p = points[i + s.start];
    if (!p) return undefined;
    const rules = rulesAt.get(`${s.name}:${p.index}`) ?? [];
    const lots = p.lots.length > 3 ? `${p.lots[0]} … ${p.lots[p.lots.length - 1]} (${p.lots.length} lots)` : p.lots.join(', ');
    return { lot: p.lots[p.lots.length - 1]!, tip: [`${p.lots.length > 1 ? 'Lots' : 'Lot'} ${lots}`, p.time ? p.time.slice(0, 10) : null, `${s.name} ${fmt(s.values[i]!)}`, ...rules].filter(Boolean).join(' · ') };
  };
  const p1 = seriesPlot({ left, top, width: plotW, height: h1 }, n, chart.primary, hot(chart.primary.name), chart.zoneRulesApply, chart.primary.name, spec, info(chart.primary));
  let body = p1.svg;
  let lastFrame = p1.f;
  if (hasSecond) {
    const p2 = seriesPlot({ left, top: top + h1 + gap, width: plotW, height: h2 }, n, chart.secondary!, hot(chart.secondary!.name), false, chart.secondary!.name, undefined, info(chart.secondary!));
    body += p2.svg;
    lastFrame = p2.f;
  }
  const every = Math.max(1, Math.ceil(n / 30));
  const byLot = n <= 60;
  const ticks = points.filter((_, i) => i % every === 0).map((p) => ({ at: p.index, label: byLot ? p.lots[0]! : (p.time ?? '').slice(0, 10) }));
  body += axisX(lastFrame, ticks, true);
  const vcount = panel.violations.length;
  body += text(left, 24, `${fig.title} — ${chartName(chart.kind)} (n = ${n})`, { 'font-size': 16, 'font-weight': 'bold', fill: COLORS.data });
  const sub = [fig.subtitle, `σ ${fmt(chart.sigma)} (${chart.estimator})`, panel.limits.source === 'stored' ? `stored limits v${panel.limits.versions.join(', v')}` : `limits from ${panel.limits.points} baseline points`, `${vcount} signal${vcount === 1 ? '' : 's'}`]
    .filter(Boolean)
    .join(' · ');
  body += text(left, 44, sub, { 'font-size': 11, fill: COLORS.axis });
  const items = [
    { label: 'centre line', stroke: COLORS.center },
    { label: chart.kind === 'cusum' ? `decision interval h = ${fmt(chart.nsigmas)}` : `control limits (${fmt(chart.nsigmas)}σ)`, stroke: COLORS.control },
    ...(chart.zoneRulesApply ? [{ label: '1σ and 2σ zones', stroke: COLORS.zone, dash: '2 3' }] : []),
    ...(spec && (spec.lsl !== undefined || spec.usl !== undefined) ? [{ label: chart.kind === 'imr' ? 'specification limits' : 'specification limits (of single values)', stroke: COLORS.spec, dash: '9 4' }] : []),
    ...(vcount ? [{ label: 'signal (first rule, +k more)', fill: COLORS.violation }] : []),
  ];
  body += legendRow(left, 62, items);
  return svgDocument(width, height, body + `<desc>${esc(sub)}</desc>`);
}
