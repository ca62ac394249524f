import { Option, type Command } from 'commander';
import { listParameters } from '../ingest/browse.js';
import { action, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface ParameterFlags extends CommonOptions {
  material?: string;
  role?: string;
}

/** `causeway parameters`: list parameters with their current specification. */
export function register(program: Command): void {
  withCommon(program.command('parameters').description('list parameters with kind, unit, role and the specification valid now (number of versions)'))
    .addOption(new Option('--material <material>', '[string] only parameters of this material (default: all)'))
    .addOption(new Option('--role <role>', '[string] only parameters with this role, e.g. CQA, CPP, IPC (default: all)'))
    .action(
      action(async (flags: ParameterFlags) => {
        const rows = await withStore(flags, (store) => listParameters(store, {
          ...(flags.material ? { material: flags.material } : {}), ...(flags.role ? { role: flags.role } : {}),
        }), true);
        output(flags, rows, () => `${table(rows)}\n${rows.length} parameter${rows.length === 1 ? '' : 's'}`);
      }),
    );
}
