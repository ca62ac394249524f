import { Option, type Command } from 'commander';
import { AppError } from '../core/errors.js';
import { buildDemo, isDemoSize, type DemoSummary } from '../demo/index.js';
import { action, actorOf, cliLogger, intFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';

interface DemoFlags extends CommonOptions {
  size: string;
  seed: string;
  out: string;
  import: boolean;
}

/** Text rendering of a demo build. */
export function demoText(s: DemoSummary): string {
  const rows = Object.entries(s.rows).map(([file, n]) => ({ file: file === 'continuous' ? `continuous/ (${s.continuousFiles} Parquet files)` : `${file}.csv`, rows: n }));
  const lines = [
    `demo network '${s.size}' (seed ${s.seed}) written to ${s.out} in ${s.seconds.toFixed(1)} s: ${s.finalLots} final lots, ${(s.rows.continuous ?? 0).toLocaleString('en')} samples`,
    table(rows),
    `planted causes and the lots they touch: ${s.out}/truth.json (see docs/demo-network.md)`,
  ];
  if (s.import) {
    const r = s.import;
    lines.push(r.unchanged
      ? `imported in ${s.importSeconds!.toFixed(1)} s: nothing changed, the store already holds this demo network`
      : `imported in ${s.importSeconds!.toFixed(1)} s as ${r.importId}: ${r.total.inserted.toLocaleString('en')} rows inserted`);
  }
  return lines.join('\n');
}

/** `causeway demo`: writes the demo network as a folder and imports it. */
export function register(program: Command): void {
  withCommon(
    program
      .command('demo')
      .description('build the demo network (3 sites, a 6-step tablet process, planted causes) as a folder of the open folder format and import it into the store'),
  )
    .addOption(new Option('--size <size>', '[string] small | default | large (default: default)').default('default'))
    .addOption(new Option('--seed <n>', '[number] seed; the same seed and size give a byte-identical folder (default: 1)').default('1'))
    .addOption(new Option('--out <dir>', '[string] folder to write; an earlier demo folder there is replaced (default: causeway-demo)').default('causeway-demo'))
    .addOption(new Option('--no-import', '[boolean] only write the folder, do not import it (default: import into --db)'))
    .action(
      action(async (flags: DemoFlags) => {
        if (!isDemoSize(flags.size)) throw new AppError('bad_demo_size', `--size '${flags.size}' is not a demo size`, 'use --size small, default or large');
        const seed = intFlag('seed', flags.seed);
        const logger = cliLogger(flags);
        const options = { out: flags.out, size: flags.size, seed, logger, actor: actorOf(flags) };
        const summary = flags.import
          ? await withStore(flags, (store) => buildDemo({ ...options, store }))
          : await buildDemo(options);
        output(flags, summary, () => demoText(summary));
      }),
    );
}
