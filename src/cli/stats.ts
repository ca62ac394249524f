import { Option, type Command } from 'commander';
import { parameterStatistics } from '../compare/parameter-statistics.js';
import type { Description } from '../stats/describe.js';
import { AppError } from '../core/errors.js';
import { action, cliLogger, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface StatsFlags extends CommonOptions {
  material?: string;
  site?: string;
  from?: string;
  to?: string;
  confidence?: string;
}

function text(parameter: string, material: string, missing: number, d: Description & { note?: string }): string {
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
  withCommon(
    program
      .command('stats')
      .description('descriptive statistics of a parameter or feature over lots: n, mean with confidence interval, sd, quantiles, MAD, skewness, kurtosis, lag-1 autocorrelation')
      .argument('<parameter>', 'parameter or feature name'),
  )
    .addOption(new Option('--material <m>', '[string] material whose lots are used (default: the one that has the parameter)'))
    .addOption(new Option('--site <site>', '[string] only lots made at this site'))
    .addOption(new Option('--from <time>', '[string] only lots started at or after (ISO 8601)'))
    .addOption(new Option('--to <time>', '[string] only lots started before (ISO 8601)'))
    .addOption(new Option('--confidence <c>', '[number] confidence level of the interval of the mean (default: 0.95)'))
    .action(
      action(async (parameter: string, opts: StatsFlags) => {
        const confidence = opts.confidence === undefined ? 0.95 : Number(opts.confidence);
        if (!(confidence > 0 && confidence < 1)) throw new AppError('bad_flag', `--confidence '${opts.confidence}' is not between 0 and 1`, 'give e.g. --confidence 0.95');
        await withStore(opts, async (store) => {
          const q = { parameter, logger: cliLogger(opts), ...(opts.material ? { material: opts.material } : {}), ...(opts.site ? { site: opts.site } : {}), ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) };
          const s = await parameterStatistics(store, q, { confidence });
          output(opts, s, () => text(parameter, s.material, s.missing, s));
        }, true);
      }),
    );
}
