import type { Command } from 'commander';
import { statsVerb } from '../compare/compare-verbs.js';
import type { Json } from '../core/json.js';
import type { Description } from '../stats/describe.js';
import { table } from './common.js';
import { verbCommand } from './verb-command.js';

function text(parameter: string, material: string, missing: number, d: Json<Description> & { note?: string }): string {
  const ci = d.ci ? `[${d.ci.lower.toPrecision(6)}, ${d.ci.upper.toPrecision(6)}] (${d.ci.level * 100} %)` : '—';
  const rows: Record<string, unknown>[] = [
    { statistic: 'n', value: d.n },
    { statistic: 'mean', value: d.mean },
    { statistic: 'CI of the mean', value: ci },
    { statistic: 'sd', value: d.sd ?? '—' },
    { statistic: 'se of the mean', value: d.se ?? '—' },
    { statistic: 'min', value: d.min },
    ...d.quantiles.map((q) => ({ statistic: `quantile ${q.p}`, value: q.value })),
    { statistic: 'max', value: d.max },
    { statistic: 'MAD', value: d.mad },
    { statistic: 'skewness', value: d.skewness ?? '—' },
    { statistic: 'excess kurtosis', value: d.kurtosis ?? '—' },
    { statistic: 'lag-1 autocorrelation', value: d.lag1Autocorrelation ?? '—' },
  ];
  const head = `${parameter} of ${material}: ${d.n} lots${missing > 0 ? ` (${missing} without a value left out)` : ''}, in start-time order`;
  return [head, '', table(rows), ...(d.note ? [`note: ${d.note}`] : []), ...d.notes.map((n) => `note: ${n}`)].join('\n');
}

/** `causeway stats PARAM`: descriptive statistics of a parameter over lots. */
export function register(program: Command): void {
  verbCommand({ verb: statsVerb, parent: program, text: (s) => text(s.parameter, s.material, s.missing, s) });
}
