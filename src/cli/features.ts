import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { defineFeature } from '../context/features-define.js';
import type { RefreshResult } from '../context/features.js';
import { featuresRefreshVerb, featuresVerb } from '../context/context-verbs.js';
import type { Json } from '../core/json.js';
import { verbCommand } from './verb-command.js';
import { action, actorOf, fmtNum, numFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

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
  verbCommand({
    verb: featuresVerb, parent: program,
    description: 'features of lots in context (per tag × phase, replicate parameter, event type); --refresh recomputes them',
    options: [new Option('--refresh', '[boolean] recompute the features of the chosen lots first (default: false)')],
    writes: (flags) => Boolean(flags.refresh),
    before: async ({ conn, raw, flags }) => ({
      refreshed: flags.refresh ? await conn.call(featuresRefreshVerb, { ...(raw.material !== undefined ? { material: raw.material } : {}), ...(raw.lot !== undefined ? { lot: raw.lot } : {}) }) : undefined,
    }),
    json: (r, x) => ({ refreshed: x.refreshed, features: r.features }),
    text: (r, x) => {
      const refreshed = x.refreshed as Json<RefreshResult> | undefined;
      const head = refreshed
        ? `refreshed ${refreshed.lots} lots: ${refreshed.continuous} continuous, ${refreshed.replicate} replicate, ${refreshed.event} event features in ${refreshed.seconds.toFixed(1)} s\n`
        : '';
      const rows = r.features;
      const shown = rows.map((f) => ({ lot: f.lot, name: f.name, value: f.value === null ? '(not computable)' : fmtNum(f.value), n: f.n, excluded: f.excluded }));
      return head + table(shown) + `\n${rows.length} feature${rows.length === 1 ? '' : 's'}`;
    },
  });

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
