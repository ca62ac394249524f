import { existsSync, rmSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { storeInfo } from '../ingest/browse.js';
import { buildDemo } from '../demo/index.js';
import { resolveStorePath } from '../store/store.js';
import { action, actorOf, cliLogger, intFlag, output, table, withCommon, withStore, type CommonOptions } from './common.js';
import { demoText } from './demo.js';
import { checkPort, startServer, stopOnSignals } from './serve.js';

/** The folder the default demo network is written to before it is imported (git-ignored). */
const DEMO_FOLDER = 'causeway-demo';

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '—');

/** Commands worth trying on the demo network, each answering a question users ask. */
const TRY_NEXT = [
  ['causeway lots --material CWX-50-FCT --limit 20', 'the first film-coated tablet lots'],
  ['causeway genealogy LJU-T0010', 'which API and excipient lots are in a tablet lot, and how much of each'],
  ['causeway explain dissolution_mean --material CWX-50-FCT', 'why does dissolution vary?'],
  ['causeway explain impurities_total --material CWX-50-FCT', 'why do impurities vary?'],
  ['causeway spc hardness --material CORES --site PAR --chart xbar-s', 'a control chart of core hardness at Parsippany'],
  ['causeway compare dissolution_mean --by site', 'dissolution across the three sites'],
  ['causeway investigate LJU-T0010', 'everything unusual about one lot'],
];

/**
 * `causeway start` (what `npm start` runs): builds the default demo network into the store when
 * the store file does not exist yet, shows what the store holds, then serves the workbench on it
 * (printing the URL and, on first run, the admin login). `--no-serve` stops after the summary.
 */
export function register(program: Command): void {
  withCommon(program.command('start').description('build the demo network into the store if the store does not exist yet, show what it holds, then serve the workbench on it'))
    .addOption(new Option('--port <n>', '[number] TCP port of the workbench (default: 8080)').default('8080'))
    .addOption(new Option('--host <addr>', '[string] address to listen on; 0.0.0.0 for all (default: 127.0.0.1)').default('127.0.0.1'))
    .addOption(new Option('--no-serve', '[boolean] only build and show the summary, do not serve (for CI and scripts)'))
    .action(
    action(async (flags: CommonOptions & { port: string; host: string; serve: boolean }) => {
      // Checked before the (long) build so a bad or taken port fails at once.
      const port = intFlag('port', flags.port);
      if (flags.serve) await checkPort(port, flags.host);
      const db = resolveStorePath(flags.db);
      const logger = cliLogger(flags);
      let built: Awaited<ReturnType<typeof buildDemo>> | undefined;
      if (!existsSync(db)) {
        logger.info(`${db} does not exist yet: building the demo network into it (about a minute)`);
        try {
          built = await withStore(flags, async (store) => {
            // The import computes the features of every lot it brings (tag × phase × lot).
            return buildDemo({ out: DEMO_FOLDER, size: 'default', seed: 1, store, logger, actor: actorOf(flags) });
          });
        } catch (e) {
          // The store did not exist before: remove the half-built one so the next start tries again.
          for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
          throw e;
        }
      }
      const info = await withStore(flags, (store) => storeInfo(store), true);
      output(flags, { store: db, built: built ?? null, info, tryNext: TRY_NEXT.map(([command, what]) => ({ command, what })) }, () =>
        [
          built ? demoText(built) + '\n' : `store ${db} exists; showing what it holds (delete it to rebuild the demo network)\n`,
          `store ${db}`,
          table(Object.entries(info.counts).map(([kind, n]) => ({ kind, rows: n }))),
          `lots from ${when(info.span.lotsFrom)} to ${when(info.span.lotsTo)}`,
          '',
          table(info.sites),
          '',
          'try next:',
          ...TRY_NEXT.map(([command, what]) => `  ${command!.padEnd(66)} ${what}`),
        ].join('\n'),
      );
      if (!flags.serve) return;
      stopOnSignals(await startServer({ db, port, host: flags.host }));
    }),
  );
}
