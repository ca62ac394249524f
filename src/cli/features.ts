import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { defineFeature } from '../context/features-define.js';
import { listFeatures, refreshFeatures, type RefreshResult } from '../context/features.js';
import { action, actorOf, cliLogger, fmtNum, intFlag, listFlag, numFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface ListFlags extends CommonOptions {
  material?: string;
  lot?: string;
  refresh?: boolean;
  name?: string;
  limit?: string;
}

interface DefineFlags extends CommonOptions {
  name: string;
  material: string;
  source: string;
  fn: string;
  phase?: string;
  threshold?: string;
  unit?: string;
}

/**
 * `causeway features` (list, optionally refresh first) and `causeway feature define` (declare a
 * feature stored as a parameter of a material). Thin layer over context/features*.ts.
 */
export function register(program: Command): void {
  withCommon(
    program
      .command('features')
      .description('features of lots in context (per tag × phase, replicate parameter, event type); --refresh recomputes them'),
  )
    .addOption(new Option('--material <list>', '[string] only lots of these materials, comma-separated (default: all)'))
    .addOption(new Option('--lot <list>', '[string] only these lots, comma-separated (default: all)'))
    .addOption(new Option('--refresh', '[boolean] recompute the features of the chosen lots first (default: false)'))
    .addOption(new Option('--name <pattern>', "[string] feature names matching a pattern, '*' as wildcard, e.g. 'drying.*.max' (default: all)"))
    .addOption(new Option('--limit <n>', '[number] at most this many rows (default: 10000)'))
    .action(
      action(async (flags: ListFlags) => {
        const lots = listFlag(flags.lot);
        const materials = listFlag(flags.material);
        await withStore(flags, async (store) => {
          let refreshed: RefreshResult | undefined;
          if (flags.refresh) {
            refreshed = await refreshFeatures(store, {
              ...(lots ? { lots } : {}), ...(materials ? { materials } : {}), logger: cliLogger(flags), actor: actorOf(flags),
            });
          }
          const rows = await listFeatures(store, {
            ...(lots ? { lots } : {}), ...(materials ? { materials } : {}), ...(flags.name !== undefined ? { name: flags.name } : {}),
            limit: flags.limit ? intFlag('limit', flags.limit) : 10000,
          });
          output(flags, { refreshed, features: rows }, () => {
            const head = refreshed
              ? `refreshed ${refreshed.lots} lots: ${refreshed.continuous} continuous, ${refreshed.replicate} replicate, ${refreshed.event} event features in ${refreshed.seconds.toFixed(1)} s\n`
              : '';
            const shown = rows.map((r) => ({ lot: r.lot, name: r.name, value: r.value === null ? '(not computable)' : fmtNum(r.value), n: r.n, excluded: r.excluded }));
            return head + table(shown) + `\n${rows.length} feature${rows.length === 1 ? '' : 's'}`;
          });
        }, !flags.refresh);
      }),
    );

  const feature = program.command('feature').description('declared features: a named number stored as a parameter of a material');
  withCommon(
    feature
      .command('define')
      .description('declare a feature (source, function, phase, threshold) and store its value for every lot of the material'),
  )
    .requiredOption('--name <name>', '[string] parameter name to store the values under')
    .requiredOption('--material <material>', '[string] material whose lots get the value')
    .requiredOption('--source <source>', '[string] tag or signal, replicate parameter, or events.<type>')
    .requiredOption('--fn <fn>', '[string] mean, sd, min, max, range, first, last, end, slope, integral, time_above, time_below, duration, alarm_count; rsd, n; count, hours')
    .addOption(new Option('--phase <phase>', '[string] phase (required for tags and signals), e.g. drying'))
    .addOption(new Option('--threshold <x>', '[number] threshold of time_above / time_below'))
    .addOption(new Option('--unit <unit>', '[string] unit of the value'))
    .action(
      action(async (flags: DefineFlags) => {
        if (!flags.reason) throw new AppError('reason_required', 'feature define needs --reason', 'say why the feature is declared, e.g. --reason "degradation above 45 °C"');
        const threshold = flags.threshold === undefined ? undefined : numFlag('threshold', flags.threshold, '45');
        await withStore(flags, async (store) => {
          const r = await defineFeature(store, {
            name: flags.name, material: flags.material, source: flags.source, fn: flags.fn,
            ...(flags.phase !== undefined ? { phase: flags.phase } : {}), ...(threshold !== undefined ? { threshold } : {}),
            ...(flags.unit !== undefined ? { unit: flags.unit } : {}), reason: flags.reason!,
          }, actorOf(flags));
          output(flags, r, () =>
            `${r.replaced ? 'replaced' : 'defined'} ${r.sourceKind} feature '${r.name}': ${r.stored} lot value${r.stored === 1 ? '' : 's'} stored` +
            (r.notComputable.length ? `; not computable for ${r.notComputable.length} lot(s): ${r.notComputable.slice(0, 10).join(', ')}${r.notComputable.length > 10 ? ', …' : ''}` : ''));
        });
      }),
    );
}
