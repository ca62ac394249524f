import type { Command } from 'commander';
import { infoVerb } from '../ingest/browse-verbs.js';
import { table } from './common.js';
import { verbCommand } from './verb-command.js';

const when = (d: string | null) => d ?? '—';

/** `causeway info`: what the store holds. */
export function register(program: Command): void {
  verbCommand({
    verb: infoVerb, parent: program,
    text: (info) =>
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
  });
}
