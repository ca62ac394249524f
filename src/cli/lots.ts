import { Option, type Command } from 'commander';
import { listLots } from '../ingest/browse.js';
import { action, intFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface LotFlags extends CommonOptions {
  material?: string;
  site?: string;
  from?: string;
  to?: string;
  status?: string;
  limit?: string;
}

/** `causeway lots`: list lots with filters. */
export function register(program: Command): void {
  withCommon(program.command('lots').description('list lots (oldest first) with material, site, step, times, status and genealogy links'))
    .addOption(new Option('--material <material>', '[string] only lots of this material (default: all)'))
    .addOption(new Option('--site <site>', '[string] only lots made at this site (default: all)'))
    .addOption(new Option('--from <time>', '[ISO 8601] only lots starting at or after this date or instant (default: no limit)'))
    .addOption(new Option('--to <time>', '[ISO 8601] only lots starting before this date or instant (default: no limit)'))
    .addOption(new Option('--status <status>', '[string] only lots with this status, e.g. released (default: all)'))
    .addOption(new Option('--limit <n>', '[number] at most this many lots (default: 1000)'))
    .action(
      action(async (flags: LotFlags) => {
        const rows = await withStore(flags, (store) => listLots(store, {
          ...(flags.material ? { material: flags.material } : {}), ...(flags.site ? { site: flags.site } : {}),
          ...(flags.from ? { from: flags.from } : {}), ...(flags.to ? { to: flags.to } : {}), ...(flags.status ? { status: flags.status } : {}),
          limit: flags.limit ? intFlag('limit', flags.limit) : 1000,
        }), true);
        output(flags, rows, () => `${table(rows)}\n${rows.length} lot${rows.length === 1 ? '' : 's'}`);
      }),
    );
}
