import type { Command } from 'commander';
import { storeInfo } from '../ingest/browse.js';
import { action, output, table, withCommon, withStore, type CommonOptions } from './common.js';

const when = (d: Date | null) => (d ? d.toISOString() : '—');

/** `causeway info`: what the store holds. */
export function register(program: Command): void {
  withCommon(program.command('info').description('what the store holds: counts per kind of data, per site and per material, time spans, imports')).action(
    action(async (flags: CommonOptions) => {
      const info = await withStore(flags, (store) => storeInfo(store), true);
      output(flags, info, () =>
        [
          'counts',
          table(Object.entries(info.counts).map(([kind, n]) => ({ kind, rows: n }))),
          '',
          `lots from ${when(info.span.lotsFrom)} to ${when(info.span.lotsTo)}; samples from ${when(info.span.samplesFrom)} to ${when(info.span.samplesTo)}`,
          '',
          'sites',
          table(info.sites),
          '',
          'materials',
          table(info.materials),
          '',
          'imports (newest first)',
          table(info.imports, ['import_id', 'kind', 'source', 'user_name', 'finished_at', 'reason']),
        ].join('\n'),
      );
    }),
  );
}
