import { AppError } from '../../core/errors.js';
import type { AnalysisSet } from '../../context/analysis-set-types.js';
import { driverPlot } from './driver-plot.js';
import type { Explanation, Screened } from './explain-types.js';

/** The plot of one screened candidate of an explanation, by name. */
export function plotOf(explanation: Explanation, set: AnalysisSet, name: string): string {
  const s: Screened | undefined = explanation.screened.find((x) => x.name === name);
  const col = set.columns.find((c) => c.name === name);
  const target = set.columns.find((c) => c.name === explanation.target.name || c.origin.parameter === explanation.target.name || c.origin.feature === explanation.target.name);
  if (!s || !col || !target || target.kind === 'factor') throw new AppError('not_found', `'${name}' is not a screened candidate of this explanation`, 'use a name from the drivers or the screened list');
  return driverPlot(s, col, target.values, { name: explanation.target.name, unit: explanation.target.unit });
}

/** The top drivers' plots stacked in one SVG document (for `explain --svg`). */
export function topPlots(explanation: Explanation, set: AnalysisSet, top = 3): string {
  const names = explanation.drivers.slice(0, top).map((d) => d.name);
  if (names.length === 0) names.push(...explanation.screened.slice(0, 1).map((s) => s.name));
  const parts = names.map((n, i) => plotOf(explanation, set, n).replace('<svg ', `<svg y="${i * 400}" `));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 ${400 * parts.length}" width="640" height="${400 * parts.length}">${parts.join('')}</svg>`;
}
