import { renderControlChart } from '../chart/control-chart-svg.js';
import { AppError, field } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { controlChart, type ControlChartReport, type ControlChartRequest } from './control-chart.js';
import { specificationForChart } from './spec-store.js';

/** One drawn panel of a control chart: the value of the `by` factor ('' when not split) and its SVG. */
export interface ChartFigure {
  key: string;
  svg: string;
}

/**
 * The control chart of a request as SVG, one figure per panel, with the specification valid
 * at the last point drawn on I and X̄ charts. What the CLI writes with `--svg` and
 * the HTTP API answers at `/api/spc/svg` (one panel) are the same figures.
 *
 * @example const { figures } = await controlChartFigures(store, { parameter: 'assay', material: 'TAB' });
 */
export async function controlChartFigures(store: Store, request: ControlChartRequest): Promise<{ report: ControlChartReport; figures: ChartFigure[] }> {
  const report = await controlChart(store, request);
  const spec = await specificationForChart(store, report);
  const figures = report.panels.map((p) => ({
    key: p.key,
    svg: renderControlChart(p, { title: chartTitle(report.parameter, report.material, request.by === 'site' ? p.key : request.site, request.by !== undefined && request.by !== 'site' ? p.key : undefined), ...(spec ? { spec } : {}) }),
  }));
  return { report, figures };
}

/** "assay · CWX-50-FCT · LJU" (site, or "all sites"; a panel of another factor after it). */
export function chartTitle(parameter: string, material: string, site: string | undefined, panel?: string): string {
  return [parameter, material, site || 'all sites', panel].filter(Boolean).join(' · ');
}

/**
 * One panel of a control chart as SVG: the panel whose `by` value is `panel`, else the first.
 * @example const svg = await controlChartFigure(store, { parameter: 'assay', by: 'site' }, 'LJU');
 */
export async function controlChartFigure(store: Store, request: ControlChartRequest, panel?: string): Promise<string> {
  const { figures } = await controlChartFigures(store, request);
  const hit = panel === undefined ? figures[0] : figures.find((f) => f.key === panel);
  if (!hit) {
    throw new AppError('not_found', `the chart has no panel '${panel}'`, `name one of ${figures.map((f) => `'${f.key}'`).join(', ')} in ${field('panel')}`);
  }
  return hit.svg;
}
